"""Every job type the diagrams use has a worker, and every worker serves a job type a diagram uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli import app
from services.clock import FixedClock
from services.db import Database
from services.settings import PROJECT_ROOT, get_settings
from workers.app import FAMILIES, task_types
from workers.context import WorkerContext

TASK_TYPE = re.compile(r'<zeebe:taskDefinition type="([^"]+)"')


def _diagram_types() -> set[str]:
    found: set[str] = set()
    for path in (PROJECT_ROOT / "bpmn").glob("*.bpmn"):
        found |= set(TASK_TYPE.findall(path.read_text(encoding="utf-8")))
    return found


def test_workers_serve_exactly_the_job_types_of_the_diagrams(db: Database, clock: FixedClock) -> None:
    served = task_types(WorkerContext(db=db, clock=clock))
    assert list(served) == list(FAMILIES)
    all_served = [t for types in served.values() for t in types]
    assert len(all_served) == len(set(all_served)), "a job type is served by two families"
    assert set(all_served) == _diagram_types()


def test_cli_lists_the_families_and_refuses_bad_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    runner = CliRunner()
    env = {"XDT_DB_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    monkeypatch.setenv("XDT_DB_URL", env["XDT_DB_URL"])
    get_settings.cache_clear()
    request.addfinalizer(get_settings.cache_clear)
    monkeypatch.setattr("services.cli.workers.get_settings", get_settings)
    listed = runner.invoke(app, ["workers", "--list", "--family", "fund"], env=env)
    assert listed.exit_code == 0, listed.output
    assert "fund: xdt.fund.compensate, xdt.fund.record-recovery" in listed.output
    assert "calendar" not in listed.output
    bad_family = runner.invoke(app, ["workers", "--family", "payroll"], env=env)
    assert bad_family.exit_code == 2 and "payroll" in bad_family.output
    bad_address = runner.invoke(app, ["workers", "--gateway", "nonsense"], env=env)
    assert bad_address.exit_code == 2 and "HOST:PORT" in bad_address.output
    half_oauth = runner.invoke(app, ["workers", "--client-id", "xdt"], env=env)
    assert half_oauth.exit_code == 2 and "client secret" in half_oauth.output
