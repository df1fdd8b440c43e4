"""The loans and events API through FastAPI's TestClient, with identity headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.api.app import create_app
from services.clock import FixedClock
from services.db import Database
from services.settings import Settings
from tests.services.loans.conftest import FIXTURES, credit_code, person_id
from tests.services.messaging.conftest import RecordingPublisher

CITY = {"X-User": "wang", "X-Role": "CITY"}
GZRCB = {"X-User": "li", "X-Role": "BANK", "X-Org": "GZRCB"}
ABC = {"X-User": "zhao", "X-Role": "BANK", "X-Org": "ABC"}
YEPING = {"X-User": "chen", "X-Role": "TOWNSHIP", "X-Org": "YEPING"}
PREFECTURE = {"X-User": "gz", "X-Role": "PREFECTURE"}


@pytest.fixture
def client(db: Database, clock: FixedClock) -> Iterator[TestClient]:
    app = create_app(Settings(db_url=db.url), db=db, clock=clock, publisher=RecordingPublisher())
    with TestClient(app) as c:
        for path, body in [
            ("/api/loans/banks", {"code": "GZRCB", "name": "赣州农商行瑞金支行"}),
            ("/api/loans/banks", {"code": "ABC", "name": "中国农业银行瑞金市支行"}),
            ("/api/loans/townships", {"code": "YEPING", "name": "叶坪乡"}),
            ("/api/loans/townships", {"code": "SHAZHOUBA", "name": "沙洲坝镇"}),
            ("/api/loans/villages", {"code": "YEPING-HUAWU", "name": "华屋村", "township_code": "YEPING"}),
            ("/api/loans/villages", {"code": "YEPING-YEPING", "name": "叶坪村", "township_code": "YEPING"}),
            (
                "/api/loans/villages",
                {"code": "SHAZHOUBA-SHAZHOUBA", "name": "沙洲坝村", "township_code": "SHAZHOUBA"},
            ),
        ]:
            assert c.post(path, json=body, headers=CITY).status_code == 201, path
        yield c


def _loan(loan_no: str, borrower: str, bank: str = "GZRCB", **over: object) -> dict[str, object]:
    return {
        "loan_no": loan_no,
        "borrower": borrower,
        "bank_code": bank,
        "township_code": "YEPING",
        "village_code": "YEPING-HUAWU",
        "principal_fen": 5_000_000,
        "annual_rate_bp": 435,
        "disbursed_on": "2025-10-01",
        "matures_on": "2026-10-01",
        "purpose": "脐橙种植",
        **over,
    }


def _household(client: TestClient, n: int) -> str:
    body = {"kind": "POOR_HOUSEHOLD", "name": f"农户{n}", "id_number": person_id(n)}
    assert client.post("/api/loans/borrowers", json=body, headers=GZRCB).status_code == 201
    return person_id(n)


def test_register_and_read_a_loan(client: TestClient) -> None:
    borrower = _household(client, 1)
    created = client.post("/api/loans", json=_loan("API-1", borrower), headers=GZRCB)
    assert created.status_code == 201
    got = client.get("/api/loans/API-1", headers=GZRCB).json()
    assert got == created.json()
    assert (got["principal_fen"], got["borrower"]["identifier"], got["status"]) == (
        5_000_000,
        borrower,
        "ACTIVE",
    )
    history = client.get("/api/audit/loan/API-1").json()
    assert [(h["actor"], h["action"]) for h in history] == [("bank:GZRCB/li", "loan.register")]


def test_reference_data_lists(client: TestClient) -> None:
    banks = client.get("/api/loans/banks", headers=YEPING).json()
    townships = client.get("/api/loans/townships", headers=GZRCB).json()
    assert [b["code"] for b in banks] == ["ABC", "GZRCB"]
    assert [(t["code"], [v["name"] for v in t["villages"]]) for t in townships] == [
        ("SHAZHOUBA", ["沙洲坝村"]),
        ("YEPING", ["华屋村", "叶坪村"]),
    ]


def test_identity_headers_are_required(client: TestClient) -> None:
    assert client.get("/api/loans").status_code == 401
    response = client.get("/api/loans", headers={"X-User": "li", "X-Role": "BANK"})
    assert response.status_code == 401 and "X-Org" in response.json()["detail"]


def test_permissions_for_writes(client: TestClient) -> None:
    borrower = _household(client, 2)
    assert (
        client.post("/api/loans/banks", json={"code": "PSBC", "name": "邮储"}, headers=GZRCB).status_code
        == 403
    )
    refused = client.post("/api/loans", json=_loan("API-2", borrower, bank="ABC"), headers=GZRCB)
    assert refused.status_code == 403 and "bank:GZRCB/li" in refused.json()["detail"]
    assert client.post("/api/loans", json=_loan("API-2", borrower), headers=YEPING).status_code == 403
    assert (
        client.post("/api/loans", json=_loan("API-2", borrower, bank="ABC"), headers=CITY).status_code == 201
    )


def test_scoped_lists_and_reads(client: TestClient) -> None:
    borrower = _household(client, 3)
    client.post("/api/loans", json=_loan("S-GZ", borrower), headers=GZRCB)
    client.post(
        "/api/loans",
        json=_loan(
            "S-ABC", borrower, bank="ABC", township_code="SHAZHOUBA", village_code="SHAZHOUBA-SHAZHOUBA"
        ),
        headers=ABC,
    )

    def seen(headers: dict[str, str]) -> list[str]:
        return [loan["loan_no"] for loan in client.get("/api/loans", headers=headers).json()]

    assert (seen(GZRCB), seen(ABC), seen(YEPING), seen(PREFECTURE)) == (
        ["S-GZ"],
        ["S-ABC"],
        ["S-GZ"],
        ["S-ABC", "S-GZ"],
    )
    assert client.get("/api/loans/S-ABC", headers=GZRCB).status_code == 404
    assert client.get("/api/loans/S-ABC/repayments", headers=YEPING).status_code == 404


def test_domain_errors_map_to_problem_responses(client: TestClient) -> None:
    borrower = _household(client, 4)
    bad_id = {"kind": "POOR_HOUSEHOLD", "name": "x", "id_number": person_id(5)[:-1] + "0"}
    response = client.post("/api/loans/borrowers", json=bad_id, headers=CITY)
    assert response.status_code == 422 and "checksum" in response.json()["detail"]
    late = client.post("/api/loans", json=_loan("E-1", borrower, matures_on="2025-09-01"), headers=GZRCB)
    assert late.status_code == 422 and "maturity" in late.json()["detail"]
    float_money = client.post("/api/loans", json=_loan("E-2", borrower, principal_fen=100.5), headers=GZRCB)
    assert float_money.status_code == 422
    huge = client.post("/api/loans", json=_loan("E-2", borrower, principal_fen=10**30), headers=GZRCB)
    assert huge.status_code == 422
    event = {"loan_no": "E-2", "event_date": "2026-09-01", "amount_fen": 10**30}
    assert client.post("/api/events/recovery-received", json=event, headers=GZRCB).status_code == 422
    client.post("/api/loans", json=_loan("E-3", borrower), headers=GZRCB)
    assert client.post("/api/loans", json=_loan("E-3", borrower), headers=GZRCB).status_code == 409


def test_blacklisted_shareholder_blocks_a_new_loan(client: TestClient) -> None:
    holder = person_id(6)
    firm = {
        "kind": "COOPERATIVE",
        "name": "某合作社",
        "credit_code": credit_code(6, "93"),
        "legal_representative": {"name": "甲", "id_number": person_id(7)},
        "shareholders": [{"name": "乙", "id_number": holder}],
    }
    assert client.post("/api/loans/borrowers", json=firm, headers=GZRCB).status_code == 201
    listing = {
        "borrower": credit_code(6, "93"),
        "reason": "恶意逃避债务",
        "reference": "API-BL",
        "idempotency_key": "bl-api",
    }
    assert client.post("/api/loans/blacklist", json=listing, headers=GZRCB).status_code == 403
    first = client.post("/api/loans/blacklist", json=listing, headers=CITY).json()
    assert client.post("/api/loans/blacklist", json=listing, headers=CITY).json() == first
    client.post(
        "/api/loans/borrowers",
        json={"kind": "POOR_HOUSEHOLD", "name": "乙", "id_number": holder},
        headers=GZRCB,
    )
    refused = client.post("/api/loans", json=_loan("BL-1", holder), headers=GZRCB)
    assert refused.status_code == 409
    assert "乙" in refused.json()["detail"] and "恶意逃避债务" in refused.json()["detail"]
    assert [x["listing_id"] for x in client.get(f"/api/loans/blacklist/{holder}", headers=GZRCB).json()] == [
        first["listing_id"]
    ]


def test_repayments_through_the_api(client: TestClient) -> None:
    borrower = _household(client, 8)
    client.post("/api/loans", json=_loan("R-1", borrower, principal_fen=100_000), headers=GZRCB)
    body = {"paid_on": "2026-09-01", "principal_fen": 100_000, "interest_fen": 350}
    assert client.post("/api/loans/R-1/repayments", json=body, headers=ABC).status_code == 404
    assert client.post("/api/loans/R-1/repayments", json=body, headers=YEPING).status_code == 403
    assert client.post("/api/loans/R-1/repayments", json=body, headers=GZRCB).status_code == 201
    assert client.get("/api/loans/R-1", headers=YEPING).json()["status"] == "REPAID"
    assert [r["interest_fen"] for r in client.get("/api/loans/R-1/repayments", headers=CITY).json()] == [350]


def test_import_upload_good_and_bad(client: TestClient) -> None:
    with (FIXTURES / "good_loans.csv").open("rb") as f:
        ok = client.post("/api/loans/import", files={"file": ("good_loans.csv", f, "text/csv")}, headers=CITY)
    assert ok.status_code == 200 and ok.json()["loans_created"] == 4
    with (FIXTURES / "good_loans.csv").open("rb") as f:
        again = client.post(
            "/api/loans/import", files={"file": ("good_loans.csv", f, "text/csv")}, headers=CITY
        )
    assert again.status_code == 422
    problems = again.json()["fields"]["problems"]
    assert len(problems) == 4 and problems[0].startswith(
        "row 2, column loan_no: duplicate loan number T-GOOD-001"
    )


def test_events_endpoint(client: TestClient) -> None:
    borrower = _household(client, 9)
    client.post("/api/loans", json=_loan("EV-API", borrower, principal_fen=100_000), headers=GZRCB)
    body = {"loan_no": "EV-API", "event_date": "2026-09-20", "amount_fen": 100_000}
    first = client.post(
        "/api/events/repayment-recorded", json=body, headers={**GZRCB, "Idempotency-Key": "tx-1"}
    )
    assert first.status_code == 201
    message = first.json()
    assert (message["messageName"], message["correlationKey"], message["messageId"]) == (
        "repayment-recorded",
        "EV-API",
        "tx-1",
    )
    assert message["variables"]["loanSettled"] is True
    replay = client.post(
        "/api/events/repayment-recorded", json=body, headers={**GZRCB, "Idempotency-Key": "tx-1"}
    )
    assert replay.status_code == 200 and replay.json()["replayed"] is True
    assert client.post("/api/events/repayment-recorded", json=body, headers=ABC).status_code == 404
    future = client.post(
        "/api/events/recovery-received", json={**body, "event_date": "2026-09-26"}, headers=GZRCB
    )
    assert future.status_code == 422 and "event_date" in future.json()["fields"]["errors"]
    review = {"loan_no": "EV-API", "event_date": "2026-09-21", "approved": True, "amount_fen": 90_000}
    assert client.post("/api/events/prefecture-review-result", json=review, headers=GZRCB).status_code == 403
    assert (
        client.post("/api/events/prefecture-review-result", json=review, headers=PREFECTURE).status_code
        == 201
    )
    assert client.post("/api/events/no-such-kind", json=body, headers=GZRCB).status_code == 422
    names = [e["messageName"] for e in client.get("/api/loans/EV-API/events", headers=YEPING).json()]
    assert names == ["repayment-recorded", "prefecture-review-result"]


def test_interest_events_through_the_api(client: TestClient) -> None:
    borrower = _household(client, 10)
    client.post("/api/loans", json=_loan("I-1", borrower), headers=GZRCB)
    missed = {"kind": "MISSED", "due_on": "2026-06-20", "occurred_on": "2026-06-21", "amount_fen": 54_375}
    assert client.post("/api/loans/I-1/interest-events", json=missed, headers=YEPING).status_code == 403
    assert client.post("/api/loans/I-1/interest-events", json=missed, headers=GZRCB).status_code == 201
    listed = client.get("/api/loans/I-1/interest-events", headers=YEPING).json()
    assert [(e["kind"], e["amount_fen"]) for e in listed] == [("MISSED", 54_375)]
