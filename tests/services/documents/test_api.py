"""The documents routes of the services API."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from services.api.app import create_app
from services.clock import FixedClock
from services.db import Database
from services.settings import Settings
from tests.services.documents.conftest import load_fixture


@pytest.fixture
def client(db: Database, clock: FixedClock) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db_url=db.url), db=db, clock=clock)) as c:
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
