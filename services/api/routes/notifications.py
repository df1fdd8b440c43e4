"""Inbox API under ``/api/notifications``: list a group's notifications and mark them read.

A principal reads only the groups its role stands for (:func:`services.notifications.readable_groups`);
a notification of another group is reported as not found, so its existence does not leak.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services import notifications
from services.api.deps import ClockDep, SessionDep
from services.api.routes.loans import PrincipalDep, require
from services.errors import NotFound
from services.loans import Principal
from services.notifications import Notification
from services.notifications.inbox import MAX_LIST

router = APIRouter(prefix="/api/notifications", tags=["notifications"])


@router.get("")
def list_inbox(
    session: SessionDep,
    principal: PrincipalDep,
    group: Annotated[
        str | None, Query(max_length=64, description="One group; default: all readable.")
    ] = None,
    unread_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 100,
) -> list[Notification]:
    """Notifications of ``group`` (or of every group the caller reads), newest first."""
    readable = notifications.readable_groups(principal)
    if group is not None:
        require(group in readable, principal, f"read the inbox of {group!r}")
    chosen = [group] if group is not None else sorted(readable)
    return notifications.list_notifications(chosen, session=session, unread_only=unread_only, limit=limit)


@router.get("/{notification_id}")
def show(notification_id: int, session: SessionDep, principal: PrincipalDep) -> Notification:
    """One notification of a readable group."""
    return _readable(notification_id, session=session, principal=principal)


@router.post("/{notification_id}/read")
def mark_read(
    notification_id: int, session: SessionDep, clock: ClockDep, principal: PrincipalDep
) -> Notification:
    """Mark a notification read (again: no change)."""
    _readable(notification_id, session=session, principal=principal)
    return notifications.mark_read(notification_id, session=session, clock=clock, actor=principal.actor)


def _readable(notification_id: int, *, session: SessionDep, principal: Principal) -> Notification:
    found = notifications.get_notification(notification_id, session=session)
    if found.group not in notifications.readable_groups(principal):
        raise NotFound(f"no notification with id {notification_id}", notification_id=notification_id)
    return found
