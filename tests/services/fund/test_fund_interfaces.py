"""``xdt fund`` and the /api/fund routes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from services import fund
from services.api.app import create_app
from services.cli import app as cli_app
from services.clock import FixedClock
from services.db import Database
from services.settings import get_settings
from tests.services.messaging.conftest import RecordingPublisher


@pytest.fixture
def cli_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("XDT_DB_URL", db.url)
    get_settings.cache_clear()
    yield db
    get_settings.cache_clear()


def _xdt(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli_app, ["fund", *args])
    return result.exit_code, result.output.splitlines()


def test_cli_balance_and_reconcile(cli_db: Database, clock: FixedClock) -> None:
    assert _xdt("open", "GZRCB", "--actor", "ops/zhao")[0] == 0
    code, lines = _xdt("contribute", "GZRCB", "123456", "--key", "seed-1", "--actor", "ops/zhao")
    assert code == 0 and lines[0].endswith("balance 123456")
    assert _xdt("contribute", "GZRCB", "123456", "--key", "seed-1")[1][0].endswith("(replayed)")
    code, lines = _xdt("balance", "GZRCB")
    assert (code, lines[0], lines[1]) == (0, "123456", "balance: 1,234.56 yuan")
    assert _xdt("reconcile") == (0, ["ledger reconciles"])


def test_cli_reconcile_fails_on_a_difference(cli_db: Database, clock: FixedClock) -> None:
    with cli_db.session() as s:
        fund.open_account("GZRCB", session=s, clock=clock, actor="ops")
        fund.contribute("GZRCB", 1_000, "k", session=s, clock=clock, actor="ops")
        s.execute(text("UPDATE fund_accounts SET balance_fen = 990"))
    code, lines = _xdt("reconcile")
    assert code == 1
    assert "GZRCB: balance is 990 fen, recomputed 1000 fen (difference -10)" in lines


def test_cli_unknown_bank_is_an_error(cli_db: Database) -> None:
    code, lines = _xdt("balance", "NOPE")
    assert code == 2 and "NOPE" in "\n".join(lines)


@pytest.fixture
def client(db: Database, clock: FixedClock) -> Iterator[TestClient]:
    with TestClient(
        create_app(db=db, clock=clock, publisher=RecordingPublisher()), headers={"X-User": "bank:GZRCB/li"}
    ) as c:
        yield c


def test_api_compensation_flow(client: TestClient) -> None:
    assert client.post("/api/fund/accounts", json={"bank_code": "GZRCB"}).status_code == 200
    r = client.post(
        "/api/fund/accounts/GZRCB/contributions", json={"amount_fen": 1_001, "idempotency_key": "c1"}
    )
    assert (r.status_code, r.json()["ruijin_fen"]) == (200, 501)
    claim = {"loan_no": "L-1", "principal_loss_fen": 1_500, "interest_loss_fen": 0, "idempotency_key": "p1"}
    first = client.post("/api/fund/accounts/GZRCB/compensations", json=claim).json()
    assert (first["paid_fen"], first["uncovered_fen"], first["capped"]) == (1_001, 499, True)
    again = client.post("/api/fund/accounts/GZRCB/compensations", json=claim).json()
    assert again == {**first, "replayed": True}
    r = client.post(
        "/api/fund/accounts/GZRCB/recoveries",
        json={"loan_no": "L-1", "amount_fen": 11, "idempotency_key": "r1"},
    )
    assert r.json()["balance_after_fen"] == 11
    body = client.get("/api/fund/accounts/GZRCB").json()
    assert (body["balance_fen"], body["uncovered_loss_fen"], body["postings"]) == (11, 499, 3)
    assert [p["kind"] for p in client.get("/api/fund/accounts/GZRCB/postings").json()] == [
        "CONTRIBUTION",
        "COMPENSATION",
        "RECOVERY",
    ]
    assert client.get("/api/fund/reconcile").json() == {"reconciles": True, "discrepancies": []}
    history = client.get("/api/audit/fund_account/GZRCB").json()
    assert {e["actor"] for e in history} == {"bank:GZRCB/li"}


@pytest.mark.parametrize("amount", [10.5, "10", -1, 0, None])
def test_api_refuses_bad_amounts(client: TestClient, amount: object) -> None:
    client.post("/api/fund/accounts", json={"bank_code": "GZRCB"})
    r = client.post(
        "/api/fund/accounts/GZRCB/contributions", json={"amount_fen": amount, "idempotency_key": "x"}
    )
    assert r.status_code == 422
    assert client.get("/api/fund/accounts/GZRCB").json()["postings"] == 0


def test_api_conflict_and_not_found(client: TestClient) -> None:
    client.post("/api/fund/accounts", json={"bank_code": "GZRCB"})
    client.post("/api/fund/accounts/GZRCB/contributions", json={"amount_fen": 5, "idempotency_key": "k"})
    r = client.post("/api/fund/accounts/GZRCB/contributions", json={"amount_fen": 6, "idempotency_key": "k"})
    assert r.status_code == 409 and "'k'" in r.json()["detail"]
    assert client.get("/api/fund/accounts/NOPE").status_code == 404
    assert client.get("/api/fund/accounts/GZRCB").json()["balance_fen"] == 5
