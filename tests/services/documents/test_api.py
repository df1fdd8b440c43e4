"""The documents routes of the services API."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.api.app import create_app
from services.clock import FixedClock
from services.db import Database
from services.settings import Settings
from tests.services.documents.conftest import load_fixture
from tests.services.messaging.conftest import RecordingPublisher


@pytest.fixture
def client(db: Database, clock: FixedClock) -> Iterator[TestClient]:
    with TestClient(
        create_app(Settings(db_url=db.url), db=db, clock=clock, publisher=RecordingPublisher())
    ) as c:
        yield c


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_list_types(client: TestClient) -> None:
    body = client.get("/api/documents/types").json()
    assert len(body) == 11
    assert {
        "code": "PAYMENT_ORDER",
        "title": "风险缓释金代偿支付令",
        "prefix": "瑞扶代",
        "article": "第二十条、第二十一条",
    } in body


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_render_pdf(client: TestClient, extract_text: Callable[[bytes], str]) -> None:
    response = client.post("/api/documents/PAYMENT_ORDER/render", json=load_fixture("PAYMENT_ORDER"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "瑞扶代〔2026〕12号" in extract_text(response.content)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_render_html(client: TestClient) -> None:
    response = client.post(
        "/api/documents/blacklist_report/render?format=html", json=load_fixture("BLACKLIST_REPORT")
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "瑞扶征〔2026〕1号" in response.text


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_invalid_input_is_a_problem_naming_the_field(client: TestClient) -> None:
    data = load_fixture("PAYMENT_ORDER")
    del data["loan"]["loan_number"]
    response = client.post("/api/documents/PAYMENT_ORDER/render", json=data)
    assert response.status_code == 422
    body = response.json()
    assert body["title"] == "document_input_invalid"
    assert {"field": "loan.loan_number", "problem": "Field required"} in body["fields"]["problems"]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_unknown_type_is_404(client: TestClient) -> None:
    assert client.post("/api/documents/NOPE/render", json={}).status_code == 404
    assert client.get("/api/documents/types/NOPE/schema").status_code == 404
    assert client.get("/api/documents/types/RISK_WARNING/schema").json()["title"] == "RiskWarningInput"


@pytest.fixture
def issuing_client(db: Database, clock: FixedClock, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(db_url=db.url), db=db, clock=clock, publisher=RecordingPublisher())
    app.state.documents_dir = tmp_path / "documents"
    with TestClient(app) as c:
        yield c


def test_issue_then_fetch_the_stored_pdf(
    issuing_client: TestClient, extract_text: Callable[[bytes], str]
) -> None:
    data = load_fixture("PAYMENT_ORDER")
    del data["doc_number"]
    headers = {"Idempotency-Key": "case-9:payment-order", "X-User": "finance/wang"}
    first = issuing_client.post("/api/documents/PAYMENT_ORDER/issue", json=data, headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["number"] == "瑞扶代〔2026〕1号" and first.json()["replayed"] is False
    again = issuing_client.post("/api/documents/PAYMENT_ORDER/issue", json=data, headers=headers)
    assert again.json() == {**first.json(), "replayed": True}
    pdf = issuing_client.get("/api/documents/issued/瑞扶代〔2026〕1号")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == first.json()["sha256"]
    assert "瑞扶代〔2026〕1号" in extract_text(pdf.content)


def test_issue_needs_an_idempotency_key(issuing_client: TestClient) -> None:
    response = issuing_client.post("/api/documents/PAYMENT_ORDER/issue", json={})
    assert response.status_code == 422


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_an_altered_stored_pdf_is_refused(issuing_client: TestClient, tmp_path: Path) -> None:
    data = load_fixture("RISK_WARNING")
    del data["doc_number"]
    issued = issuing_client.post(
        "/api/documents/RISK_WARNING/issue", json=data, headers={"Idempotency-Key": "k"}
    )
    assert issued.status_code == 201
    (tmp_path / "documents" / "RISK_WARNING" / "2026" / "1.pdf").write_bytes(b"%PDF- forged")
    assert issuing_client.get("/api/documents/issued/瑞信警〔2026〕1号").status_code == 409
    assert issuing_client.get("/api/documents/issued/瑞信警〔2026〕2号").status_code == 404
