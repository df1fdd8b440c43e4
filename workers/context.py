"""What every task function needs from outside: the services database, the clock and where
documents are stored. One context is built per worker process and handed to each family's
router factory, so tests can run the real workers against a pinned clock and a scratch database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from services.clock import Clock
from services.db import Database
from services.documents.storage import DEFAULT_STORAGE_DIR


@dataclass(frozen=True)
class WorkerContext:
    """Shared, read-only dependencies of the task functions."""

    db: Database
    clock: Clock
    documents_dir: Path = DEFAULT_STORAGE_DIR
    actor: str = "system:workers"
    """Who the audit log names for effects of jobs (the job key is added per entry)."""

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction per job: its effects commit together or not at all."""
        with self.db.session() as session:
            yield session
