"""The registry's process starts: queued with the write that calls for them, made on the real
engine over gRPC after commit, retried after a failure, and never made twice."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import inspect
from typer.testing import CliRunner

from engine.rest.clock_control import PinnableClock
from engine.server import ServerHandle, deploy_directory, open_engine
from services import loans, messaging
from services.api.app import create_app
from services.audit import AuditEntry
from services.cli import app as cli
from services.clock import FixedClock
from services.db import Base, Database, alembic_config, migrate
from services.embedded.seed import EngineInstanceLookup, deliver_starts, seed_demo
from services.loans.registry import loan_by_no
from services.loans.variables import loan_variables
from services.messaging.start_log import ProcessStartPublic, claim, starts_of, unstarted
from services.messaging.start_outbox import CLAIM_LEASE
from services.settings import PROJECT_ROOT, Settings, get_settings
from tests.services.loans.conftest import ACTOR, FIXTURES, Registry, person_id
from tests.services.messaging.conftest import RecordingPublisher

BPMN_DIR = PROJECT_ROOT / "bpmn"
REMINDER = "loan-maturity-reminder"
WATCH = "loan-interest-watch"


@dataclass
class FakeStarter:
    """Hands out instance keys; raises ``failures`` first, one per call."""

    failures: list[messaging.StartFailed] = field(default_factory=list)
    started: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)

    def start(self, bpmn_process_id: str, variables: Mapping[str, Any], *, business_key: str) -> int:
        if self.failures:
            raise self.failures.pop(0)
        self.started.append((bpmn_process_id, dict(variables), business_key))
        return 1000 + len(self.started)


@dataclass
class AnswerLost:
    """Creates the instance, then reports a deadline as if the answer never came back."""

    real: messaging.ProcessStarter

    def start(self, bpmn_process_id: str, variables: Mapping[str, Any], *, business_key: str) -> int:
        self.real.start(bpmn_process_id, variables, business_key=business_key)
        raise refused(status="DEADLINE_EXCEEDED")


def refused(*, retryable: bool = True, status: str = "UNAVAILABLE") -> messaging.StartFailed:
    return messaging.StartFailed(
        bpmn_process_id=REMINDER, business_key="x", status=status, detail="for the test", retryable=retryable
    )


def _loan(reg: Registry, loan_no: str = "PS-1", **over: Any) -> loans.LoanPublic:
    with reg.session() as s:
        borrower = reg.household(s).id_number or ""
        return reg.loan(s, borrower, loan_no=loan_no, **over)


def _starts(reg: Registry, loan_no: str) -> list[ProcessStartPublic]:
    with reg.session() as s:
        return starts_of(loan_by_no(s, loan_no).id, session=s)


def _pending_ids(reg: Registry) -> list[int]:
    with reg.session() as s:
        return unstarted(session=s)


def _run(reg: Registry, starter: messaging.ProcessStarter, **kw: Any) -> messaging.StartReport:
    return messaging.start_pending(db=reg.db, starter=starter, clock=reg.clock, actor=ACTOR, **kw)


# -- queued with the registry write ------------------------------------------------------------


def test_registering_a_loan_queues_its_maturity_reminder_with_the_loan_variables(reg: Registry) -> None:
    loan = _loan(reg)

    [start] = _starts(reg, "PS-1")

    assert (start.bpmn_process_id, start.started, start.attempts) == (REMINDER, False, 0)
    starter = FakeStarter()
    _run(reg, starter)
    [(process, variables, key)] = starter.started
    assert process == REMINDER and key == "loan-maturity-reminder:PS-1"
    assert variables == {**loan_variables(loan), "startKey": key}


def test_a_refused_registration_queues_nothing(reg: Registry) -> None:
    _loan(reg)
    with pytest.raises(loans.ImportRejected), reg.session() as s:
        loans.import_loans(FIXTURES / "bad_loans.csv", session=s, clock=reg.clock, actor=ACTOR)
    with reg.session() as s, pytest.raises(Exception, match="already registered"):
        borrower = reg.household(s).id_number or ""
        reg.loan(s, borrower, loan_no="PS-1")
    assert len(_pending_ids(reg)) == 1


def test_an_import_queues_one_reminder_per_loan(reg: Registry) -> None:
    with reg.session() as s:
        report = loans.import_loans(FIXTURES / "good_loans.csv", session=s, clock=reg.clock, actor=ACTOR)

    starter = FakeStarter()
    _run(reg, starter)
    assert report.loans_created == 4
    assert [key for _, _, key in starter.started] == [
        f"loan-maturity-reminder:T-GOOD-00{i}" for i in range(1, 5)
    ]


def test_a_missed_instalment_queues_one_interest_watch_per_due_date(reg: Registry) -> None:
    loan = _loan(reg)
    due = date(2026, 6, 20)
    with reg.session() as s:
        for kind, occurred in (
            (loans.InterestEventKind.DUE, due),
            (loans.InterestEventKind.MISSED, date(2026, 6, 21)),
            (loans.InterestEventKind.MISSED, date(2026, 6, 22)),  # the same instalment, reported again
        ):
            event = loans.InterestEventCreate(kind=kind, due_on=due, occurred_on=occurred, amount_fen=54_375)
            loans.record_interest_event("PS-1", event, session=s, clock=reg.clock, actor=ACTOR)

    starter = FakeStarter()
    _run(reg, starter)

    assert [p for p, _, _ in starter.started] == [REMINDER, WATCH]
    _, watch, key = starter.started[1]
    assert key == "loan-interest-watch:PS-1:2026-06-20"
    assert watch == {**loan_variables(loan), "interestDueDate": "2026-06-20", "startKey": key}


# -- delivery: retries, order, never twice -------------------------------------------------------


def test_a_passing_failure_stops_the_run_and_a_later_run_starts_everything_once(reg: Registry) -> None:
    _loan(reg, "PS-1")
    _loan(reg, "PS-2")
    starter = FakeStarter(failures=[refused()])

    down = _run(reg, starter)

    assert (len(down.deliveries), down.untried, down.pending, down.stopped_early) == (1, 1, 2, True)
    assert "UNAVAILABLE" in (_starts(reg, "PS-1")[0].start_error or "")
    up = _run(reg, starter)
    assert [d.business_key for d in up.started] == [
        "loan-maturity-reminder:PS-1",
        "loan-maturity-reminder:PS-2",
    ]
    again = _run(reg, starter)
    assert again.deliveries == [] and len(starter.started) == 2
    first = _starts(reg, "PS-1")[0]
    assert (first.started, first.attempts, first.start_error, first.process_instance_key) == (
        True,
        2,
        None,
        1001,
    )
    with reg.session() as s:
        actions = [a for (a,) in s.query(AuditEntry.action).filter(AuditEntry.object_id == "PS-1")]
    assert actions[-2:] == ["process.start-failed", "process.started"]


def test_a_refusal_that_would_repeat_does_not_hold_back_the_others(reg: Registry) -> None:
    _loan(reg, "PS-1")
    _loan(reg, "PS-2")
    starter = FakeStarter(failures=[refused(retryable=False, status="NOT_FOUND")])

    report = _run(reg, starter)

    assert [(d.business_key, d.started) for d in report.deliveries] == [
        ("loan-maturity-reminder:PS-1", False),
        ("loan-maturity-reminder:PS-2", True),
    ]
    assert report.pending == 1 and not report.stopped_early


def test_a_start_claimed_by_another_delivery_is_left_alone_until_its_lease_ends(reg: Registry) -> None:
    _loan(reg)
    [start_id] = _pending_ids(reg)
    with reg.session() as s:
        assert claim(start_id, session=s, clock=reg.clock, lease=CLAIM_LEASE) is not None
    starter = FakeStarter()

    assert _run(reg, starter).deliveries == [] and starter.started == []
    later = FixedClock(reg.clock.now() + CLAIM_LEASE)
    report = messaging.start_pending(db=reg.db, starter=starter, clock=later, actor=ACTOR)
    assert [d.started for d in report.deliveries] == [True] and len(starter.started) == 1


# -- the real engine ----------------------------------------------------------------------------


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Any]:
    """The real engine with every diagram of bpmn/ deployed (``served`` from conftest serves it)."""
    eng = open_engine(f"sqlite:///{tmp_path / 'engine.db'}", clock=PinnableClock())
    deploy_directory(eng, BPMN_DIR)
    try:
        yield eng
    finally:
        eng.close()


def _instances(engine: Any, process: str, loan_no: str) -> list[int]:
    page = engine.process_instances(bpmn_process_id=process, variable=("loanNo", loan_no), limit=10)
    return [int(p.key) for p in page.items]


def _variables(engine: Any, key: int) -> dict[str, Any]:
    return {v.name: v.value for v in engine.variables(scope_key=key).items}


def test_delivery_creates_the_maturity_reminder_on_the_engine(
    reg: Registry, engine: Any, served: ServerHandle
) -> None:
    loan = _loan(reg)
    starter = messaging.GrpcProcessStarter.at(served.address)
    try:
        report = _run(reg, starter)
    finally:
        starter.close()

    [delivery] = report.started
    assert _instances(engine, REMINDER, "PS-1") == [delivery.process_instance_key]
    variables = _variables(engine, delivery.process_instance_key or 0)
    assert {k: variables[k] for k in loan_variables(loan)} == loan_variables(loan)
    assert variables["startKey"] == "loan-maturity-reminder:PS-1"


def test_an_unknown_process_is_a_refusal_kept_on_the_row(reg: Registry, served: ServerHandle) -> None:
    starter = messaging.GrpcProcessStarter.at(served.address)
    try:
        with pytest.raises(messaging.StartFailed) as refusal:
            starter.start("no-such-process", {"loanNo": "X"}, business_key="k")
    finally:
        starter.close()
    assert refusal.value.status == "NOT_FOUND" and not refusal.value.retryable


def test_a_start_whose_answer_was_lost_is_found_and_not_made_again(
    reg: Registry, engine: Any, served: ServerHandle
) -> None:
    _loan(reg)
    real = messaging.GrpcProcessStarter.at(served.address)
    try:
        lost = _run(reg, AnswerLost(real))
        retried = _run(reg, real, lookup=EngineInstanceLookup(engine))
    finally:
        real.close()

    assert lost.pending == 1
    [found] = retried.started
    assert found.found and _instances(engine, REMINDER, "PS-1") == [found.process_instance_key]


def test_import_with_the_engine_down_leaves_the_starts_queued_for_start_pending(
    reg: Registry, engine: Any, served: ServerHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDT_DB_URL", reg.db.url)
    monkeypatch.setenv("XDT_GATEWAY_ADDRESS", "127.0.0.1:1")  # nothing listens there
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        down = runner.invoke(cli, ["loans", "import", str(FIXTURES / "good_loans.csv")])
        assert down.exit_code == 3, down.output
        assert (
            "4 loans and 3 new borrowers registered" in down.output
            and "0 processes started, 4 queued" in down.output
        )
        still_down = runner.invoke(cli, ["loans", "start-pending"])
        assert still_down.exit_code == 3 and "UNAVAILABLE" in still_down.output

        monkeypatch.setenv("XDT_GATEWAY_ADDRESS", served.address)
        get_settings.cache_clear()
        up = runner.invoke(cli, ["loans", "start-pending"])
        assert up.exit_code == 0, up.output
        assert "4 started, 0 still queued" in up.output
        assert runner.invoke(cli, ["loans", "start-pending"]).output.strip() == "0 started, 0 still queued"
    finally:
        get_settings.cache_clear()
    assert [len(_instances(engine, REMINDER, f"T-GOOD-00{i}")) for i in range(1, 5)] == [1, 1, 1, 1]


def test_the_api_answers_whether_the_reminder_started(
    reg: Registry, engine: Any, served: ServerHandle
) -> None:
    app = create_app(Settings(), db=reg.db, clock=reg.clock, publisher=RecordingPublisher())
    bank = {"X-User": "li", "X-Role": "BANK", "X-Org": "GZRCB"}
    body = {
        "kind": "POOR_HOUSEHOLD",
        "name": "农户",
        "id_number": person_id(900),
    }
    loan = {
        "loan_no": "API-S1",
        "borrower": person_id(900),
        "bank_code": "GZRCB",
        "township_code": "YEPING",
        "principal_fen": 5_000_000,
        "annual_rate_bp": 435,
        "disbursed_on": "2025-10-01",
        "matures_on": "2026-10-01",
        "purpose": "脐橙种植",
    }
    with TestClient(app) as client:
        assert client.post("/api/loans/borrowers", json=body, headers=bank).status_code == 201
        queued = client.post("/api/loans", json=loan, headers=bank).json()["process_starts"]
        assert [(s["bpmn_process_id"], s["started"]) for s in queued] == [(REMINDER, False)]

        app.state.starter = messaging.GrpcProcessStarter.at(served.address)
        created = client.post("/api/loans", json={**loan, "loan_no": "API-S2"}, headers=bank)
        [start] = created.json()["process_starts"]
        missed = {"kind": "MISSED", "due_on": "2026-06-20", "occurred_on": "2026-06-21", "amount_fen": 1}
        watch = client.post("/api/loans/API-S2/interest-events", json=missed, headers=bank).json()
        app.state.starter.close()

    assert created.status_code == 201 and start["started"] is True
    assert _instances(engine, REMINDER, "API-S2") == [start["process_instance_key"]]
    assert watch["process_start"]["started"] is True
    assert _instances(engine, WATCH, "API-S2") == [watch["process_start"]["process_instance_key"]]
    assert _instances(engine, REMINDER, "API-S1") == []


def test_seeding_only_queues_and_deliver_starts_makes_each_reminder_once(
    db: Database, engine: Any, served: ServerHandle
) -> None:
    clock = FixedClock(datetime.fromisoformat("2026-09-25T02:00:00+00:00"))
    with db.session() as s:
        seeded = seed_demo(session=s, clock=clock)
    assert seeded.pending_starts == seeded.loans > 0
    assert not engine.process_instances(bpmn_process_id=REMINDER, limit=100).items

    first = deliver_starts(db, served.address, clock=clock, engine=engine)
    second = deliver_starts(db, served.address, clock=clock, engine=engine)

    assert len(first.started) == seeded.loans and second.deliveries == []
    assert len(engine.process_instances(bpmn_process_id=REMINDER, limit=100).items) == seeded.loans


# -- the migration --------------------------------------------------------------------------------


def test_the_start_outbox_table_matches_its_model_and_can_be_undone(reg: Registry) -> None:
    with reg.db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diffs if "loan_process_starts" in repr(d)] == []

    command.downgrade(alembic_config(reg.db.url), "0003_loan_event_publications")
    reg.db.engine.dispose()
    assert "loan_process_starts" not in inspect(reg.db.engine).get_table_names()
    migrate(reg.db.url)
    reg.db.engine.dispose()
    assert "loan_process_starts" in inspect(reg.db.engine).get_table_names()
