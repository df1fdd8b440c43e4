from services import audit
from services.clock import FixedClock
from services.db import Database


def test_audit_entries_are_kept_in_order(db: Database, clock: FixedClock) -> None:
    with db.session() as s:
        audit.record(
            s,
            clock=clock,
            actor="bank:GZRCB/li",
            action="loan.register",
            object_type="loan",
            object_id="L1",
            detail={"principal_fen": 5_000_000},
        )
        audit.record(
            s, clock=clock, actor="finance/wang", action="loan.update", object_type="loan", object_id="L1"
        )
    with db.session() as s:
        rows = audit.entries_for(s, object_type="loan", object_id="L1")
    assert [r.action for r in rows] == ["loan.register", "loan.update"]
    assert rows[0].detail == {"principal_fen": 5_000_000}


def test_audit_rejects_anonymous_actions(db: Database, clock: FixedClock) -> None:
    import pytest

    with pytest.raises(ValueError), db.session() as s:
        audit.record(s, clock=clock, actor="", action="x", object_type="loan", object_id="L1")
