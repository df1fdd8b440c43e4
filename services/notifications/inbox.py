"""Sending notifications to a group's inbox, listing them and marking them read.

Sending is idempotent on the caller's key: a job retried after a crash finds the notification
it already sent and sends nothing new, while each firing of a reminder timer comes with a key of
its own and so is a new notification.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock
from services.errors import Conflict, NotFound, ValidationFailed
from services.loans.uniqueness import flush_unique
from services.notifications.catalogue import render
from services.notifications.tables import NotificationRecord

MAX_KEY_CHARS = 128
MAX_LIST = 500


class Notification(BaseModel):
    """A notification in a group's inbox."""

    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    template: str
    group: str
    loan_no: str | None
    subject: str
    body: str
    variables: dict[str, Any]
    created_at: datetime
    read_at: datetime | None

    @field_validator("created_at", "read_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        # SQLite hands back the stored UTC instants without their zone.
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def send_notification(
    template: str,
    variables: Mapping[str, Any],
    idempotency_key: str,
    *,
    session: Session,
    clock: Clock,
    actor: str,
) -> Notification:
    """Render ``template`` for ``variables`` and put it in the recipient group's inbox, once per key.

    A repeated key returns the notification first sent under it, even if the variables have
    changed since (a retried job must not fail because a parallel branch set a variable).

    Raises:
        ValidationFailed: unknown template, missing or malformed variables, or a bad key.
        Conflict: the key was used for another template.
    """
    key = idempotency_key.strip()
    if not key or len(key) > MAX_KEY_CHARS:
        raise ValidationFailed(
            f"idempotency_key must be 1 to {MAX_KEY_CHARS} characters", field="idempotency_key"
        )
    rendered = render(template, variables)
    existing = session.scalar(select(NotificationRecord).where(NotificationRecord.idempotency_key == key))
    if existing is not None:
        if existing.template != template:
            raise Conflict(
                f"idempotency key {key!r} was already used for a {existing.template!r} notification",
                idempotency_key=key,
            )
        return Notification.model_validate(existing)
    row = NotificationRecord(
        template=rendered.template,
        group=rendered.group,
        loan_no=rendered.loan_no,
        subject=rendered.subject,
        body=rendered.body,
        variables=rendered.variables,
        created_at=clock.now().astimezone(UTC),
        idempotency_key=key,
        read_at=None,
    )
    session.add(row)
    flush_unique(session, what=f"notification {key!r}")
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="notification.sent",
        object_type="notification",
        object_id=row.id,
        detail={"template": template, "group": row.group, "loan_no": row.loan_no, "idempotency_key": key},
    )
    return Notification.model_validate(row)


def list_notifications(
    group: str | Collection[str],
    *,
    session: Session,
    unread_only: bool = False,
    limit: int = MAX_LIST,
) -> list[Notification]:
    """The inbox of ``group`` (or of several groups together), newest first."""
    groups = [group] if isinstance(group, str) else list(group)
    stmt = select(NotificationRecord).where(NotificationRecord.group.in_(groups))
    if unread_only:
        stmt = stmt.where(NotificationRecord.read_at.is_(None))
    stmt = stmt.order_by(NotificationRecord.id.desc()).limit(max(1, min(limit, MAX_LIST)))
    return [Notification.model_validate(row) for row in session.scalars(stmt)]


def get_notification(notification_id: int, *, session: Session) -> Notification:
    """One notification.

    Raises:
        NotFound: no notification has this id.
    """
    return Notification.model_validate(_row(session, notification_id))


def mark_read(notification_id: int, *, session: Session, clock: Clock, actor: str) -> Notification:
    """Mark a notification read; marking it again keeps the first instant.

    Raises:
        NotFound: no notification has this id.
    """
    row = _row(session, notification_id)
    if row.read_at is None:
        row.read_at = clock.now().astimezone(UTC)
        audit.record(
            session,
            clock=clock,
            actor=actor,
            action="notification.read",
            object_type="notification",
            object_id=row.id,
            detail={"group": row.group},
        )
    return Notification.model_validate(row)


def _row(session: Session, notification_id: int) -> NotificationRecord:
    row = session.get(NotificationRecord, notification_id)
    if row is None:
        raise NotFound(f"no notification with id {notification_id}", notification_id=notification_id)
    return row
