"""``POST /api/events/{kind}`` publishes after recording: against the real engine over gRPC, and
with an engine that cannot be reached (202, kept, sent later by ``publish-pending``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from engine.server import ServerHandle
from services import messaging
from services.api.app import create_app
from services.messaging import MessagePublisher
from services.settings import Settings
from tests.services.loans.conftest import Registry
from tests.services.messaging.conftest import (
    CASE_NO,
    RecordingPublisher,
    completed,
    eventually,
    start_waiting,
    unavailable,
)

GZRCB = {"X-User": "li", "X-Role": "BANK", "X-Org": "GZRCB"}
CITY = {"X-User": "wang", "X-Role": "CITY"}
BODY = {"loan_no": "MSG-1", "event_date": "2026-09-20", "case_no": CASE_NO}


@pytest.fixture
def make_client(reg: Registry) -> Iterator[Any]:
    clients: list[TestClient] = []

    def make(publisher: MessagePublisher) -> TestClient:
        app = create_app(Settings(db_url=reg.db.url), db=reg.db, clock=reg.clock, publisher=publisher)
        client = TestClient(app)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def test_an_event_completes_the_waiting_instance(
    make_client: Any, loan_no: str, engine: Any, served: ServerHandle
) -> None:
    instance = start_waiting(engine)
    publisher = messaging.GrpcPublisher.at(served.address)
    client = make_client(publisher)

    answer = client.post(
        "/api/events/judgment-effective", json=BODY, headers={**GZRCB, "Idempotency-Key": "judg-1"}
    )

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["published"] is True and body["publishError"] is None and body["messageId"] == "judg-1"
    eventually(lambda: completed(engine, instance))
    replay = client.post(
        "/api/events/judgment-effective", json=BODY, headers={**GZRCB, "Idempotency-Key": "judg-1"}
    )
    assert replay.status_code == 200 and replay.json()["replayed"] is True
    assert replay.json()["published"] is True
    publisher.close()


def test_an_unreachable_engine_gives_202_and_publish_pending_sends_it_later(
    make_client: Any, loan_no: str, engine: Any, served: ServerHandle
) -> None:
    instance = start_waiting(engine)
    down = make_client(RecordingPublisher(failures=[unavailable()]))

    answer = down.post("/api/events/judgment-effective", json=BODY, headers=GZRCB)

    assert answer.status_code == 202, answer.text
    assert answer.json()["published"] is False and "UNAVAILABLE" in answer.json()["publishError"]
    assert not completed(engine, instance)

    publisher = messaging.GrpcPublisher.at(served.address)
    up = make_client(publisher)
    assert up.post("/api/events/publish-pending", headers=GZRCB).status_code == 403
    run = up.post("/api/events/publish-pending", headers=CITY)
    assert run.status_code == 200
    assert (run.json()["published"], run.json()["failed"]) == (1, 0)
    eventually(lambda: completed(engine, instance))
    publisher.close()


def test_a_closed_port_is_a_clear_202(make_client: Any, loan_no: str) -> None:
    client = make_client(messaging.GrpcPublisher(messaging.GatewayConnection("127.0.0.1:1", timeout_s=5)))

    answer = client.post("/api/events/judgment-effective", json=BODY, headers=GZRCB)

    assert answer.status_code == 202
    assert "UNAVAILABLE" in answer.json()["publishError"] and "127.0.0.1:1" in answer.json()["publishError"]


def test_bad_input_is_refused_before_anything_is_published(make_client: Any, loan_no: str) -> None:
    publisher = RecordingPublisher()
    client = make_client(publisher)

    bad_case = client.post("/api/events/judgment-effective", json={**BODY, "case_no": "123"}, headers=GZRCB)
    unknown = client.post("/api/events/judgment-effective", json={**BODY, "loan_no": "NOPE"}, headers=GZRCB)
    no_kind = client.post("/api/events/no-such-kind", json=BODY, headers=GZRCB)

    assert bad_case.status_code == 422 and "case_no" in bad_case.json()["fields"]["errors"]
    assert (unknown.status_code, no_kind.status_code) == (404, 422)
    assert publisher.calls == 0
