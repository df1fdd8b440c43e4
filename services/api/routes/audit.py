"""Read access to the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services import audit
from services.api.deps import SessionDep

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get("/{object_type}/{object_id}")
def history(object_type: str, object_id: str, session: SessionDep) -> list[dict[str, Any]]:
    """Audit history of one object, oldest first."""
    return [
        {"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "detail": e.detail}
        for e in audit.entries_for(session, object_type=object_type, object_id=object_id)
    ]
