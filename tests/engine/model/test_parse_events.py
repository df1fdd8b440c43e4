"""Events, gateways and event sub-processes read from Modeler-style fixtures."""

from __future__ import annotations

from engine.model import (
    ElementType,
    ErrorDef,
    EscalationDef,
    EventType,
    MessageDef,
    SignalDef,
    TimerDef,
    TimerKind,
)
from tests.engine.model.support import load


def test_exclusive_gateway_condition_and_default_flow() -> None:
    process = load("exclusive-gateway")
    gateway = process.element("amount_check")
    assert gateway.type is ElementType.EXCLUSIVE_GATEWAY
    assert gateway.default_flow == "Flow_small"
    assert gateway.outgoing == ("Flow_large", "Flow_small")
    assert process.flows["Flow_large"].condition == "=amount > 10000"
    assert process.flows["Flow_large"].name == "> 10000"
    assert process.flows["Flow_small"].condition is None
    assert process.element("merge").incoming == ("Flow_large_done", "Flow_small_done")


def test_parallel_and_inclusive_gateways() -> None:
    assert load("parallel-gateway").element("join").type is ElementType.PARALLEL_GATEWAY
    process = load("inclusive-gateway")
    fork = process.element("notify")
    assert fork.type is ElementType.INCLUSIVE_GATEWAY
    assert fork.default_flow == "Flow_default"
    assert process.flows["Flow_bank"].condition == "=notifyBank = true"
    assert len(process.element("join").incoming) == 3


def test_event_based_gateway_leads_to_message_and_timer() -> None:
    process = load("event-based-gateway")
    assert process.element("wait").type is ElementType.EVENT_BASED_GATEWAY
    payment = process.element("payment_received")
    assert payment.event is not None
    assert payment.event.message == MessageDef("Message_payment", "payment-received", "=loanId")
    overdue = process.element("overdue")
    assert overdue.event is not None and overdue.event.timer == TimerDef(TimerKind.DURATION, "P10D")


def test_timer_boundary_interrupting_and_cycle() -> None:
    process = load("timer-boundary")
    deadline = process.element("deadline")
    assert deadline.type is ElementType.BOUNDARY_EVENT
    assert deadline.attached_to == "collect"
    assert deadline.cancel_activity is True
    assert deadline.event_type is EventType.TIMER
    assert process.element("collect").boundary_ids == ("deadline",)
    assert process.boundary_events("collect") == (deadline,)
    reminder = load("timer-boundary-non-interrupting").element("reminder")
    assert reminder.cancel_activity is False
    assert reminder.event is not None and reminder.event.timer == TimerDef(TimerKind.CYCLE, "R3/PT1H")


def test_timer_start_and_intermediate_definitions() -> None:
    def timer(name: str, element_id: str) -> TimerDef | None:
        event = load(name).element(element_id).event
        return event.timer if event else None

    assert timer("timer-start-cycle", "every_day") == TimerDef(TimerKind.CYCLE, "R/PT24H")
    assert timer("timer-start-cron", "weekday_morning") == TimerDef(TimerKind.CYCLE, "0 0 9 * * MON-FRI")
    assert timer("timer-start-date", "at_date") == TimerDef(TimerKind.DATE, "2027-01-01T09:00:00+08:00")
    assert timer("timer-intermediate", "wait") == TimerDef(TimerKind.DATE, "=dueAt")


def test_message_events() -> None:
    start = load("message-start").element("loan_registered")
    assert start.event is not None
    assert start.event.message == MessageDef("Message_loan_registered", "loan-registered", None)
    catch = load("message-catch").element("wait_documents")
    assert catch.event is not None and catch.event.message is not None
    assert catch.event.message.correlation_key == "=applicationId"
    assert [m.target for m in catch.io.outputs] == ["receivedDocuments"]
    process = load("message-boundary")
    assert process.element("collect").boundary_ids == ("repaid", "note_added")
    assert process.element("note_added").cancel_activity is False


def test_message_throw_events_are_jobs() -> None:
    process = load("message-throw")
    throw = process.element("send_notice")
    assert throw.type is ElementType.INTERMEDIATE_THROW_EVENT
    assert throw.event_type is EventType.MESSAGE
    assert throw.task_definition is not None and throw.task_definition.type == "send-notice"
    assert throw.task_headers == (("template", "overdue-notice"),)
    end = process.element("report_done")
    assert end.task_definition is not None and end.task_definition.type == "report-done"


def test_event_sub_process_starts() -> None:
    timer = load("event-subprocess-timer")
    handler = timer.element("handler")
    assert handler.type is ElementType.EVENT_SUB_PROCESS
    assert handler.interrupting is False
    assert timer.element("handler_start").interrupting is False
    assert timer.event_subprocesses("event-subprocess-timer") == (handler,)
    assert timer.element("handle").parent_id == "handler"

    message = load("event-subprocess-message")
    assert message.element("handler").interrupting is True
    assert message.element("handler_start").event_type is EventType.MESSAGE

    error = load("event-subprocess-error").element("handler_start")
    assert error.event is not None and error.event.error == ErrorDef("Error_docs", "DOCS_INVALID")
    signal = load("event-subprocess-signal").element("handler_start")
    assert signal.event is not None and signal.event.signal == SignalDef("Signal_audit", "audit-requested")
    escalation = load("event-subprocess-escalation")
    assert escalation.element("handler_start").event is not None
    assert escalation.element("raise_late").parent_id == "work"


def test_error_boundary_catch_by_code_and_catch_all() -> None:
    boundary = load("error-boundary").element("documents_invalid")
    assert boundary.event is not None
    assert boundary.event.error == ErrorDef("Error_docs", "DOCS_INVALID")
    assert [m.target for m in boundary.io.outputs] == ["rejectionReason"]
    process = load("error-end-event")
    thrower = process.element("no_capacity")
    assert thrower.event is not None and thrower.event.error == ErrorDef("Error_no_capacity", "NO_CAPACITY")
    assert thrower.parent_id == "assess"
    catch_all = process.element("caught_any")
    assert catch_all.event is not None and catch_all.event.error == ErrorDef(None, None)
    assert process.element("assess").boundary_ids == ("caught", "caught_any")


def test_escalation_throw_end_and_boundaries() -> None:
    process = load("escalation-boundary")
    throw = process.element("raise_overdue")
    assert throw.event is not None
    assert throw.event.escalation == EscalationDef("Escalation_overdue", "OVERDUE")
    assert process.element("fatal").event_type is EventType.ESCALATION
    assert process.element("on_overdue").cancel_activity is False
    assert process.element("on_fatal").cancel_activity is True


def test_signal_start_catch_boundary_throw_and_end() -> None:
    start = load("signal-start").element("season_started")
    assert start.event is not None and start.event.signal == SignalDef(
        "Signal_inspection", "inspection-season"
    )
    catch = load("signal-catch")
    assert catch.element("wait_stop").event_type is EventType.SIGNAL
    assert catch.element("stopped").attached_to == "work"
    throw = load("signal-throw")
    assert throw.element("broadcast_stop").type is ElementType.INTERMEDIATE_THROW_EVENT
    end = throw.element("broadcast_done")
    assert end.event is not None and end.event.signal == SignalDef("Signal_done", '="done-" + batch')


def test_link_and_terminate_events() -> None:
    process = load("link-events")
    assert process.element("go_to_page_2").event is not None
    assert process.element("go_to_page_2").event.link_name == "page-2"  # type: ignore[union-attr]
    assert process.element("page_2").event_type is EventType.LINK
    assert process.element("page_2").incoming == ()
    assert load("terminate-end").element("terminate").event_type is EventType.TERMINATE
