"""``xdt loans`` and ``xdt events`` against a real database chosen by ``XDT_DB_URL``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli import app
from services.cli.loans import PROGRESS_FROM_ROWS
from services.db import Database
from services.settings import get_settings
from tests.services.loans.conftest import FIXTURES, Registry, person_id


@pytest.fixture
def runner(reg: Registry, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("XDT_DB_URL", reg.db.url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _loan_count(db: Database) -> int:
    from services import loans

    with db.session() as s:
        return len(loans.visible_loans(s, loans.Principal("t", loans.Role.CITY)))


def test_import_good_file(runner: CliRunner, reg: Registry) -> None:
    result = runner.invoke(
        app, ["loans", "import", str(FIXTURES / "good_loans.csv"), "--actor", "ops/x", "--no-start"]
    )
    assert result.exit_code == 0, result.output
    assert "4 loans and 3 new borrowers registered" in result.output
    assert _loan_count(reg.db) == 4
    shown = runner.invoke(app, ["loans", "show", "T-GOOD-003"])
    assert json.loads(shown.output)["borrower"]["kind"] == "COOPERATIVE"


def test_import_bad_file_exits_non_zero_and_writes_nothing(runner: CliRunner, reg: Registry) -> None:
    result = runner.invoke(app, ["loans", "import", str(FIXTURES / "bad_loans.csv")])
    assert result.exit_code == 1
    assert "refused, nothing written" in result.output
    assert "row 4, column bank: unknown bank 'ICBC'" in result.output
    assert _loan_count(reg.db) == 0


def test_record_event_and_its_errors(runner: CliRunner, reg: Registry) -> None:
    runner.invoke(app, ["loans", "import", str(FIXTURES / "good_loans.csv"), "--no-start"])
    args = [
        "events",
        "record",
        "recovery-received",
        "--loan",
        "T-GOOD-001",
        "--date",
        "2026-01-05",
        "--no-publish",
    ]
    ok = runner.invoke(app, [*args, "--amount-fen", "2500"])
    assert ok.exit_code == 0, ok.output
    message = json.loads(ok.output)
    assert (message["messageName"], message["correlationKey"], message["variables"]["recoveredFen"]) == (
        "recovery-received",
        "T-GOOD-001",
        2500,
    )
    assert json.loads(runner.invoke(app, [*args, "--amount-fen", "2500"]).output)["replayed"] is True
    bad = runner.invoke(app, [*args, "--amount-fen", "-1"])
    assert bad.exit_code == 2 and "amount_fen" in bad.output
    unknown = runner.invoke(
        app,
        [
            "events",
            "record",
            "recovery-received",
            "--loan",
            "NOPE",
            "--date",
            "2026-01-05",
            "--amount-fen",
            "1",
        ],
    )
    assert unknown.exit_code == 2 and "unknown loan 'NOPE'" in unknown.output


def test_blacklist_command_is_idempotent(runner: CliRunner, reg: Registry) -> None:
    runner.invoke(app, ["loans", "import", str(FIXTURES / "good_loans.csv"), "--no-start"])
    args = ["loans", "blacklist", "93360781MA3T0001XC", "--reason", "恶意逃避债务", "--ref", "T-GOOD-003"]
    first = json.loads(runner.invoke(app, args).output)
    second = json.loads(runner.invoke(app, args).output)
    assert first == second and len(first["entries"]) == 3


def test_long_import_runs_with_a_progress_bar(runner: CliRunner, reg: Registry, tmp_path: Path) -> None:
    header = (FIXTURES / "good_loans.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = [
        f"LONG-{i:04d},贫困户,农户{i},{person_id(i)},,,,GZRCB,叶坪乡,华屋村,1000,4.35,2025-03-01,2026-03-01,种植"
        for i in range(PROGRESS_FROM_ROWS + 10)
    ]
    path = tmp_path / "long.csv"
    path.write_text("\n".join([header, *rows]), encoding="utf-8")
    result = runner.invoke(app, ["loans", "import", str(path), "--no-start"])
    assert result.exit_code == 0, result.output
    assert _loan_count(reg.db) == PROGRESS_FROM_ROWS + 10


def test_malformed_event_input_is_a_clear_error(runner: CliRunner, reg: Registry) -> None:
    result = runner.invoke(
        app,
        [
            "events",
            "record",
            "risk-signal-reported",
            "--loan",
            "X",
            "--date",
            "2026-01-05",
            "--category",
            "bad one",
        ],
    )
    assert result.exit_code == 2 and "category" in result.output
