"""``/api/notifications``: each principal reads and marks only its own groups' inboxes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from services.api.app import create_app
from services.clock import FixedClock
from services.db import Database
from services.notifications import send_notification
from services.settings import Settings
from tests.services.messaging.conftest import RecordingPublisher

GZRCB = {"X-User": "li", "X-Role": "BANK", "X-Org": "GZRCB"}
ABC = {"X-User": "zhao", "X-Role": "BANK", "X-Org": "ABC"}
CITY = {"X-User": "wang", "X-Role": "CITY"}
PREFECTURE = {"X-User": "gz", "X-Role": "PREFECTURE"}


@pytest.fixture
def client(db: Database, clock: FixedClock) -> Iterator[TestClient]:
    app = create_app(Settings(db_url=db.url), db=db, clock=clock, publisher=RecordingPublisher())
    with TestClient(app) as c:
        yield c


@pytest.fixture
def sent(db: Database, clock: FixedClock) -> dict[str, int]:
    case = {"loanNo": "L-1", "bankCode": "GZRCB"}
    ids: dict[str, int] = {}
    with db.session() as s:
        for key, template, variables in [
            ("bank", "judgment-pending", case),
            ("finance", "prefecture-pending", case),
            ("meeting", "meeting-minutes", {"meetingDate": "2026-06-20"}),
        ]:
            ids[key] = send_notification(template, variables, key, session=s, clock=clock, actor="test").id
    return ids


def _ids(answer: object) -> list[int]:
    return [n["id"] for n in answer.json()]  # type: ignore[attr-defined]


def test_each_principal_lists_its_own_groups(client: TestClient, sent: dict[str, int]) -> None:
    assert _ids(client.get("/api/notifications", headers=GZRCB)) == [sent["meeting"], sent["bank"]]
    assert _ids(client.get("/api/notifications", headers=ABC)) == [sent["meeting"]]
    assert _ids(client.get("/api/notifications", headers=CITY)) == [sent["meeting"], sent["finance"]]
    assert _ids(client.get("/api/notifications?group=finance", headers=CITY)) == [sent["finance"]]
    assert client.get("/api/notifications", headers=PREFECTURE).json() == []
    body = client.get("/api/notifications?group=bank:GZRCB", headers=GZRCB).json()[0]
    assert body["subject"] == "判决生效跟进提醒：贷款L-1" and body["read_at"] is None


def test_another_groups_inbox_is_forbidden(client: TestClient, sent: dict[str, int]) -> None:
    assert client.get("/api/notifications?group=bank:GZRCB", headers=ABC).status_code == 403
    assert client.get("/api/notifications?group=finance", headers=GZRCB).status_code == 403
    assert client.get("/api/notifications").status_code == 401


def test_marking_read(client: TestClient, sent: dict[str, int]) -> None:
    bank = sent["bank"]
    assert client.post(f"/api/notifications/{bank}/read", headers=ABC).status_code == 404
    marked = client.post(f"/api/notifications/{bank}/read", headers=GZRCB)
    assert marked.status_code == 200 and marked.json()["read_at"] is not None
    again = client.post(f"/api/notifications/{bank}/read", headers=GZRCB)
    assert again.json()["read_at"] == marked.json()["read_at"]
    unread = client.get("/api/notifications?unread_only=true", headers=GZRCB)
    assert _ids(unread) == [sent["meeting"]]
    assert client.get(f"/api/notifications/{bank}", headers=GZRCB).json()["read_at"] is not None
    assert client.post("/api/notifications/999999/read", headers=GZRCB).status_code == 404
    assert client.post("/api/notifications/abc/read", headers=GZRCB).status_code == 422
