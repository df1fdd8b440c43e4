"""SQLite's write-ahead log is copied back into the database file by a background thread while
the engine runs, long before a committing command would have to do it itself."""

from __future__ import annotations

import time
from pathlib import Path

from engine.store.store import WAL_BACKSTOP_PAGES, WAL_CHECKPOINT_EVERY
from tests.engine.runtime.harness import Harness


def test_wal_is_checkpointed_in_the_background(tmp_path: Path) -> None:
    db = tmp_path / "engine.db"
    h = Harness(f"sqlite:///{db}", reopen=False)
    h.deploy_fixtures("chain")
    empty = db.stat().st_size
    for _ in range(WAL_CHECKPOINT_EVERY * 4):
        h.engine.create_instance(bpmn_process_id="chain", variables={"note": "x" * 200})
    time.sleep(0.5)  # let the last requested checkpoint finish
    wal = Path(f"{db}-wal").stat().st_size
    assert wal < WAL_BACKSTOP_PAGES * 4096, "the WAL reached the backstop: a command checkpointed it"
    assert db.stat().st_size > empty + 500_000, "the commands' pages never reached the database file"
    h.engine.close()
