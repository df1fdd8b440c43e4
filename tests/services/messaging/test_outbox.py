"""The outbox: record → commit → publish → mark; failures keep the event; retries go in order."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from engine.server import ServerHandle
from services import audit, loans, messaging
from services.errors import NotFound
from services.loans.event_log import mark_published, unpublished_events
from tests.services.loans.conftest import ACTOR, Registry
from tests.services.messaging.conftest import (
    CASE_NO,
    RecordingPublisher,
    completed,
    eventually,
    judgment,
    record,
    start_waiting,
    unavailable,
)


def _deliver(reg: Registry, recorded: loans.RecordedEvent, publisher: Any) -> messaging.Delivery:
    return messaging.deliver(recorded, db=reg.db, publisher=publisher, clock=reg.clock, actor=ACTOR)


def _pending(reg: Registry) -> list[str]:
    with reg.session() as s:
        return [event.message_id for _, event in unpublished_events(session=s)]


def test_a_published_event_leaves_the_outbox(reg: Registry, loan_no: str) -> None:
    publisher = RecordingPublisher()
    recorded = record(reg, judgment(idempotency_key="j-1"))
    assert _pending(reg) == ["j-1"]

    delivery = _deliver(reg, recorded, publisher)

    assert delivery.published and delivery.published_at == reg.clock.now()
    (sent,) = publisher.sent
    assert (sent.name, sent.correlation_key, sent.message_id) == ("judgment-effective", loan_no, "j-1")
    assert sent.variables["judgmentCaseNo"] == CASE_NO and sent.ttl == timedelta(days=30)
    assert _pending(reg) == []
    with reg.session() as s:
        actions = [e.action for e in audit.entries_for(s, object_type="loan", object_id=loan_no)]
    assert actions[-2:] == ["event.judgment-effective", "event.published"]


def test_a_failed_publish_keeps_the_event_with_its_error(reg: Registry, loan_no: str) -> None:
    publisher = RecordingPublisher(failures=[unavailable()])
    recorded = record(reg, judgment(idempotency_key="j-2"))

    delivery = _deliver(reg, recorded, publisher)

    assert not delivery.published and delivery.retryable
    assert delivery.error is not None and "UNAVAILABLE" in delivery.error
    assert _pending(reg) == ["j-2"]
    replay = record(reg, judgment(idempotency_key="j-2"))
    assert replay.replayed and replay.published_at is None
    assert replay.publish_error is not None and "gateway down" in replay.publish_error


def test_a_replay_of_a_published_event_is_not_sent_again(reg: Registry, loan_no: str) -> None:
    publisher = RecordingPublisher()
    _deliver(reg, record(reg, judgment(idempotency_key="j-3")), publisher)
    replay = record(reg, judgment(idempotency_key="j-3"))

    again = _deliver(reg, replay, publisher)

    assert replay.replayed and again.published and again.published_at == replay.published_at
    assert publisher.calls == 1


def test_a_replay_of_an_unpublished_event_is_sent(reg: Registry, loan_no: str) -> None:
    publisher = RecordingPublisher(failures=[unavailable()])
    _deliver(reg, record(reg, judgment(idempotency_key="j-4")), publisher)

    again = _deliver(reg, record(reg, judgment(idempotency_key="j-4")), publisher)

    assert again.published and [m.message_id for m in publisher.sent] == ["j-4"]


def _three_events(reg: Registry) -> None:
    record(reg, judgment(idempotency_key="e-1"))
    record(reg, judgment(idempotency_key="e-2", case_no="（2026）赣0781民初124号"))
    record(
        reg,
        loans.EventCreate(loan_no="MSG-1", event_date=judgment().event_date, reason="外出务工失联"),
        loans.EventKind.REPAYMENT_CAPACITY_LOST,
    )


def test_publish_pending_sends_everything_oldest_first(reg: Registry, loan_no: str) -> None:
    _three_events(reg)
    publisher = RecordingPublisher()

    report = messaging.publish_pending(db=reg.db, publisher=publisher, clock=reg.clock, actor=ACTOR)

    assert [m.message_id for m in publisher.sent][:2] == ["e-1", "e-2"]
    assert publisher.sent[2].name == "repayment-capacity-lost"
    assert len(report.published) == 3 and not report.failed and not report.stopped_early
    assert _pending(reg) == []
    again = messaging.publish_pending(db=reg.db, publisher=publisher, clock=reg.clock, actor=ACTOR)
    assert again.deliveries == [] and publisher.calls == 3


def test_publish_pending_stops_at_a_passing_failure(reg: Registry, loan_no: str) -> None:
    _three_events(reg)
    publisher = RecordingPublisher(failures=[unavailable()])

    report = messaging.publish_pending(db=reg.db, publisher=publisher, clock=reg.clock, actor=ACTOR)

    assert report.stopped_early and len(report.failed) == 1 and publisher.calls == 1
    assert len(_pending(reg)) == 3  # nothing overtook the first event


def test_a_refused_message_does_not_hold_back_the_others(reg: Registry, loan_no: str) -> None:
    _three_events(reg)
    publisher = RecordingPublisher(failures=[unavailable(retryable=False, status="INVALID_ARGUMENT")])

    report = messaging.publish_pending(db=reg.db, publisher=publisher, clock=reg.clock, actor=ACTOR)

    assert [d.published for d in report.deliveries] == [False, True, True] and not report.stopped_early
    assert _pending(reg) == ["e-1"]


def test_marking_an_unknown_event_is_refused(reg: Registry) -> None:
    with reg.session() as s, pytest.raises(NotFound, match="no recorded event with id 999"):
        mark_published(999, session=s, clock=reg.clock, actor=ACTOR)


def test_outbox_retry_reaches_the_real_engine(
    reg: Registry, loan_no: str, engine: Any, served: ServerHandle
) -> None:
    """The engine is unreachable first (a publisher that raises), then the real one delivers."""
    instance = start_waiting(engine)
    recorded = record(reg, judgment(idempotency_key="j-real"))
    assert not _deliver(reg, recorded, RecordingPublisher(failures=[unavailable()])).published
    assert not completed(engine, instance)

    real = messaging.GrpcPublisher.at(served.address)
    try:
        report = messaging.publish_pending(db=reg.db, publisher=real, clock=reg.clock, actor=ACTOR)
    finally:
        real.close()

    assert [d.message_id for d in report.published] == ["j-real"]
    eventually(lambda: completed(engine, instance))
    result = engine.instance_result(instance)
    assert result.variables["judgmentCaseNo"] == CASE_NO
