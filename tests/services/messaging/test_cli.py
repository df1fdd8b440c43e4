"""``xdt events record`` publishes after recording (exit 3 when it cannot), ``--no-publish`` only
records, and ``xdt events publish-pending`` sends what is left, in order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from engine.server import ServerHandle
from services.cli import app
from services.loans.event_log import unpublished_events
from services.settings import get_settings
from tests.services.loans.conftest import Registry
from tests.services.messaging.conftest import CASE_NO, completed, eventually, start_waiting

RECORD = ["events", "record", "judgment-effective", "--loan", "MSG-1", "--date", "2026-09-20"]


@pytest.fixture
def runner(reg: Registry, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("XDT_DB_URL", reg.db.url)
    monkeypatch.setenv("XDT_GATEWAY_ADDRESS", "127.0.0.1:1")  # nothing listens there
    monkeypatch.setenv("XDT_ZEEBE_REQUEST_TIMEOUT_S", "5")
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _gateway(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    monkeypatch.setenv("XDT_GATEWAY_ADDRESS", address)
    get_settings.cache_clear()


def _pending(reg: Registry) -> list[str]:
    with reg.session() as s:
        return [e.message_id for _, e in unpublished_events(session=s)]


def test_record_exits_3_when_the_engine_is_unreachable_and_publish_pending_sends_later(
    runner: CliRunner,
    reg: Registry,
    loan_no: str,
    engine: Any,
    served: ServerHandle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    instance = start_waiting(engine)

    down = runner.invoke(app, [*RECORD, "--case-no", CASE_NO, "--key", "cli-1"])

    assert down.exit_code == 3, down.output
    assert "recorded but not published" in down.output and "UNAVAILABLE" in down.output
    assert _pending(reg) == ["cli-1"]
    still_down = runner.invoke(app, ["events", "publish-pending"])
    assert still_down.exit_code == 3 and "0 published, 1 failed" in still_down.output

    _gateway(monkeypatch, served.address)
    up = runner.invoke(app, ["events", "publish-pending"])

    assert up.exit_code == 0, up.output
    assert "published  event" in up.output and "1 published, 0 failed" in up.output
    assert _pending(reg) == []
    eventually(lambda: completed(engine, instance))


def test_record_publishes_and_a_replay_reports_it(
    runner: CliRunner,
    reg: Registry,
    loan_no: str,
    engine: Any,
    served: ServerHandle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _gateway(monkeypatch, served.address)
    instance = start_waiting(engine)

    first = runner.invoke(app, [*RECORD, "--case-no", CASE_NO])

    assert first.exit_code == 0, first.output
    message = json.loads(first.output)
    assert message["published"] is True and message["replayed"] is False
    eventually(lambda: completed(engine, instance))
    again = json.loads(runner.invoke(app, [*RECORD, "--case-no", CASE_NO]).output)
    assert again["replayed"] is True and again["published"] is True


def test_no_publish_only_records(runner: CliRunner, reg: Registry, loan_no: str) -> None:
    result = runner.invoke(app, [*RECORD, "--case-no", CASE_NO, "--key", "cli-2", "--no-publish"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["published"] is False
    assert _pending(reg) == ["cli-2"]


def test_a_refused_event_exits_2_and_is_not_kept(runner: CliRunner, reg: Registry, loan_no: str) -> None:
    result = runner.invoke(app, [*RECORD, "--case-no", "not a case number"])

    assert result.exit_code == 2 and "case_no" in result.output
    assert _pending(reg) == []
