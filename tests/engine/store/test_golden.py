"""The stored format is pinned: rows written for a small scenario must match the golden file.

A change here means stored data changed shape: bump ``SCHEMA_VERSION``, add a migration step,
then regenerate with ``XDT_REGENERATE_GOLDEN=1``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import text

from tests.engine.runtime.harness import Harness

GOLDEN = Path(__file__).parent / "golden" / "chain-rows.json"
TABLES = ("element_instance", "variable", "job", "timer", "subscription", "message", "incident", "user_task")


def _dump(url: str) -> dict[str, list[object]]:
    from engine.store.store import make_engine, stored_records

    db = make_engine(url)
    with db.connect() as conn:
        rows: dict[str, list[object]] = {
            t: [json.loads(r[0]) for r in conn.execute(text(f"SELECT data FROM engine_{t} ORDER BY key"))]
            for t in TABLES
        }
        rows["record"] = [[r[0], r[1], r[3], r[4], r[7]] for r in stored_records(conn)]
    db.dispose()
    return rows


def test_stored_rows_match_the_golden_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'golden.db'}"
    h = Harness(url, reopen=False)
    h.deploy_fixtures("chain")
    h.start("chain", amount=100)
    h.work("a", {"checked": True})
    h.engine.close()
    rows = _dump(url)
    if os.environ.get("XDT_REGENERATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert rows == json.loads(GOLDEN.read_text(encoding="utf-8"))
