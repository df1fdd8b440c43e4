"""Zeebe-style int64 keys: ``(partition << 51) + counter``, one counter shared by every entity.

The engine is a single partition (1), so the first key is 2251799813685249. The counter is part of
the persisted state: :class:`KeyGenerator` is restored from the store and never reuses a key.
"""

from __future__ import annotations

PARTITION_BITS = 51
PARTITION_ID = 1
LOCAL_MASK = (1 << PARTITION_BITS) - 1


def encode(partition_id: int, local: int) -> int:
    """The key for ``local`` on ``partition_id``."""
    return (partition_id << PARTITION_BITS) + local


def partition_of(key: int) -> int:
    return key >> PARTITION_BITS


def local_part(key: int) -> int:
    return key & LOCAL_MASK


class KeyGenerator:
    """Hands out increasing keys of one partition.

    Args:
        last_key: the last key handed out before (0 for a fresh engine).
        partition_id: the partition encoded in the keys.
    """

    def __init__(self, last_key: int = 0, partition_id: int = PARTITION_ID) -> None:
        self._partition = partition_id
        self._local = local_part(last_key) if last_key else 0

    def next(self) -> int:
        self._local += 1
        return encode(self._partition, self._local)

    @property
    def last(self) -> int:
        """The last key handed out (0 if none)."""
        return encode(self._partition, self._local) if self._local else 0
