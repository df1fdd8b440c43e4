"""The inbox: sending once per key, listing per group, marking read, the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services import audit
from services.clock import FixedClock
from services.db import Database
from services.errors import Conflict, NotFound, ValidationFailed
from services.notifications import list_notifications, mark_read, send_notification

ACTOR = "system:workers"
CASE = {"loanNo": "L-1", "bankCode": "GZRCB", "borrowerName": "刘某"}


def _send(db: Database, clock: FixedClock, key: str, template: str = "judgment-pending", **variables: str):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return send_notification(template, {**CASE, **variables}, key, session=s, clock=clock, actor=ACTOR)


def test_a_notification_lands_in_its_group_inbox(db: Database, clock: FixedClock) -> None:
    sent = _send(db, clock, "k-1")

    assert (sent.group, sent.loan_no, sent.read_at, sent.created_at) == (
        "bank:GZRCB",
        "L-1",
        None,
        clock.now(),
    )
    with db.session() as s:
        assert [n.id for n in list_notifications("bank:GZRCB", session=s)] == [sent.id]
        assert list_notifications("bank:ABC", session=s) == []
        entries = audit.entries_for(s, object_type="notification", object_id=sent.id)
    assert [e.action for e in entries] == ["notification.sent"]


def test_the_same_key_sends_once(db: Database, clock: FixedClock) -> None:
    first = _send(db, clock, "k-2")
    clock.advance(timedelta(minutes=5))
    again = _send(db, clock, "k-2", courtName="瑞金市人民法院")

    assert again == first
    with db.session() as s:
        assert len(list_notifications("bank:GZRCB", session=s)) == 1


def test_a_key_reused_for_another_template_is_a_conflict(db: Database, clock: FixedClock) -> None:
    _send(db, clock, "k-3")
    with pytest.raises(Conflict, match="already used for a 'judgment-pending' notification"):
        _send(db, clock, "k-3", template="city-declined")


@pytest.mark.parametrize("key", ["", "   ", "k" * 129])
def test_a_bad_key_is_refused(db: Database, clock: FixedClock, key: str) -> None:
    with pytest.raises(ValidationFailed, match="idempotency_key"):
        _send(db, clock, key)


def test_marking_read_once_and_listing_unread(db: Database, clock: FixedClock) -> None:
    older, newer = _send(db, clock, "k-4"), _send(db, clock, "k-5")
    clock.advance(timedelta(hours=1))
    with db.session() as s:
        read = mark_read(older.id, session=s, clock=clock, actor="bank:GZRCB/li")
    clock.advance(timedelta(hours=1))
    with db.session() as s:
        again = mark_read(older.id, session=s, clock=clock, actor="bank:GZRCB/li")
        unread = list_notifications("bank:GZRCB", session=s, unread_only=True)
        everything = list_notifications("bank:GZRCB", session=s)
        reads = [e for e in audit.entries_for(s, object_type="notification", object_id=older.id)]

    assert read.read_at == again.read_at == clock.now() - timedelta(hours=1)
    assert [n.id for n in unread] == [newer.id]
    assert [n.id for n in everything] == [newer.id, older.id]
    assert [e.action for e in reads] == ["notification.sent", "notification.read"]


def test_marking_an_unknown_notification_is_refused(db: Database, clock: FixedClock) -> None:
    with db.session() as s, pytest.raises(NotFound, match="no notification with id 404"):
        mark_read(404, session=s, clock=clock, actor=ACTOR)
