"""Turning a lost race on a unique column into a clear :class:`~services.errors.Conflict`.

Every insert first checks for an existing row, but two transactions can pass that check at the
same time; the database's unique constraint then decides, and the loser gets a Conflict it can
retry (a retried idempotent call then finds the winner's row and returns it).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.errors import Conflict


def flush_unique(session: Session, *, what: str) -> None:
    """Flush pending inserts; a unique-constraint violation becomes a Conflict naming ``what``.

    Raises:
        Conflict: another transaction inserted the same key first; nothing of this one is kept.
    """
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(
            f"{what} was recorded at the same moment by another request; retry", what=what
        ) from exc
