"""The stable CLI output and the HTTP routes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from services.api.app import create_app
from services.cli import app as cli_app
from services.db import Database
from tests.services.messaging.conftest import RecordingPublisher


def _run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli_app, ["calendar", *args])
    return result.exit_code, result.stdout.splitlines()


def test_cli_working_days_first_line_is_the_due_date() -> None:
    code, lines = _run("deadline", "2026-09-25", "--working-days", "30")
    assert (code, lines[0]) == (0, "2026-11-12")
    assert any(line.startswith("due_at: 2026-11-13T00:00:00+08:00") for line in lines[1:])


def test_cli_natural_days_first_line_is_the_due_date() -> None:
    code, lines = _run("deadline", "2026-09-25", "--natural-days", "7")
    assert (code, lines[0]) == (0, "2026-10-08")


def test_cli_flags_a_provisional_date() -> None:
    code, lines = _run("deadline", "2040-06-01", "--natural-days", "3")
    assert (code, lines[0]) == (0, "2040-06-04 provisional")


@pytest.mark.parametrize(
    "args",
    [
        ["2026-09-25"],
        ["2026-09-25", "--working-days", "3", "--natural-days", "3"],
        ["2026-13-01", "--working-days", "3"],
        ["2026-09-25", "--working-days", "0"],
    ],
)
def test_cli_refuses_bad_arguments(args: list[str]) -> None:
    code, _ = _run("deadline", *args)
    assert code != 0


def test_cli_years_lists_each_year_with_its_source() -> None:
    code, lines = _run("years")
    assert code == 0
    rows = dict(line.split(" ", 1) for line in lines)
    assert rows["2026"].startswith("package") or rows["2026"].startswith("file")
    assert "2040" not in rows


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    db = Database(f"sqlite:///{tmp_path / 'api.db'}")
    with TestClient(create_app(db=db, publisher=RecordingPublisher())) as c:
        yield c
    db.dispose()


def test_api_deadline(client: TestClient) -> None:
    body = client.get("/api/calendar/deadline", params={"from": "2026-09-25", "working_days": 30}).json()
    assert (body["due_date"], body["due_at"], body["provisional"]) == (
        "2026-11-12",
        "2026-11-13T00:00:00+08:00",
        False,
    )
    body = client.get("/api/calendar/deadline", params={"from": "2026-09-25", "natural_days": 7}).json()
    assert (body["due_date"], body["rolled_from"]) == ("2026-10-08", "2026-10-02")


def test_api_deadline_provisional(client: TestClient) -> None:
    body = client.get("/api/calendar/deadline", params={"from": "2040-06-01", "natural_days": 3}).json()
    assert (body["provisional"], body["uncovered_years"]) == (True, [2040])


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-09-25"},
        {"from": "2026-09-25", "working_days": 3, "natural_days": 3},
        {"from": "nope", "working_days": 3},
        {"from": "2026-09-25", "working_days": 0},
    ],
)
def test_api_deadline_refuses_bad_queries(client: TestClient, params: dict[str, object]) -> None:
    assert client.get("/api/calendar/deadline", params=params).status_code == 422


def test_api_years(client: TestClient) -> None:
    rows = client.get("/api/calendar/years").json()
    assert {"year": 2026, "source": "package", "file": None} in rows or any(
        r["year"] == 2026 and r["source"].startswith("file") for r in rows
    )
