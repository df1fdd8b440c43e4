"""Messaging fixtures: a loan to record events about, publishers that fail on purpose, and the
real engine served over gRPC on a free port with a diagram that waits for ``judgment-effective``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest

from engine.rest.clock_control import PinnableClock
from engine.server import ServerHandle, open_engine, run_in_thread
from services import loans
from services.messaging import PublishFailed
from tests.services.loans.conftest import ACTOR, Registry, reg  # noqa: F401  (fixture)

BPMN = Path(__file__).parent / "bpmn"
LOAN_NO = "MSG-1"
CASE_NO = "（2026）赣0781民初123号"
T = TypeVar("T")


@dataclass
class Published:
    name: str
    correlation_key: str
    variables: dict[str, Any]
    message_id: str
    ttl: timedelta


@dataclass
class RecordingPublisher:
    """Keeps what it was asked to publish; raises ``failures`` first, one per call."""

    failures: list[PublishFailed] = field(default_factory=list)
    sent: list[Published] = field(default_factory=list)
    calls: int = 0

    def publish(
        self, name: str, correlation_key: str, variables: Mapping[str, Any], message_id: str, ttl: timedelta
    ) -> None:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(Published(name, correlation_key, dict(variables), message_id, ttl))


def unavailable(retryable: bool = True, status: str = "UNAVAILABLE") -> PublishFailed:
    return PublishFailed(
        message_name="judgment-effective",
        message_id="x",
        status=status,
        detail="gateway down for the test",
        retryable=retryable,
    )


@pytest.fixture
def loan_no(reg: Registry) -> str:  # noqa: F811
    with reg.session() as s:
        borrower = reg.household(s).id_number or ""
        return reg.loan(s, borrower, loan_no=LOAN_NO, principal_fen=1_000_000).loan_no


def judgment(loan: str = LOAN_NO, **over: Any) -> loans.EventCreate:
    values: dict[str, Any] = {"loan_no": loan, "event_date": date(2026, 9, 20), "case_no": CASE_NO}
    return loans.EventCreate(**{**values, **over})


def record(
    registry: Registry, data: loans.EventCreate, kind: loans.EventKind = loans.EventKind.JUDGMENT_EFFECTIVE
) -> loans.RecordedEvent:
    with registry.session() as s:
        return loans.record_event(kind, data, session=s, clock=registry.clock, actor=ACTOR)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Any]:
    """The real engine on its own SQLite file, with the waiting diagram deployed."""
    eng = open_engine(f"sqlite:///{tmp_path / 'engine.db'}", clock=PinnableClock())
    eng.deploy([(p.name, p.read_bytes()) for p in sorted(BPMN.glob("*.bpmn"))])
    try:
        yield eng
    finally:
        eng.close()


@pytest.fixture
def served(engine: Any) -> Iterator[ServerHandle]:
    handle = run_in_thread(engine, port=0)
    try:
        yield handle
    finally:
        handle.stop()


def start_waiting(engine: Any, loan: str = LOAN_NO) -> int:
    created = engine.create_instance(bpmn_process_id="await-judgment", variables={"loanNo": loan})
    return int(created.process_instance_key)


def eventually(check: Callable[[], T], *, timeout_s: float = 15.0) -> T:
    """Poll ``check`` until it returns something truthy; fail after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout_s}s")
        time.sleep(0.02)


def completed(engine: Any, instance_key: int) -> bool:
    return engine.instance_result(instance_key) is not None
