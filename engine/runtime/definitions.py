"""Deployed resources in memory: process definitions (with their parsed model), decisions, forms.

Definitions are immutable once deployed; only the ``deleted`` flag changes. The registry answers
"latest version of X" and "definition by key", and is rebuilt from the stored resources on start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.model.elements import Process


@dataclass(slots=True)
class Resource:
    """One deployed artifact: ``kind`` is process, drg, decision or form."""

    key: int
    kind: str
    resource_id: str
    version: int
    name: str | None
    resource_name: str
    checksum: str
    content: bytes
    deployment_key: int
    parent_key: int
    deployed_ms: int
    version_tag: str | None = None
    deleted: bool = False
    model: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def process(self) -> Process:
        assert isinstance(self.model, Process)
        return self.model


class Registry:
    """All deployed resources, by key and by (kind, id) in version order."""

    def __init__(self) -> None:
        self.by_key: dict[int, Resource] = {}  # every version, deleted ones included
        self.versions: dict[tuple[str, str], list[Resource]] = {}
        self.max_version: dict[tuple[str, str], int] = {}

    def add(self, res: Resource) -> None:
        self.by_key[res.key] = res
        self.versions.setdefault((res.kind, res.resource_id), []).append(res)
        kid = (res.kind, res.resource_id)
        self.max_version[kid] = max(self.max_version.get(kid, 0), res.version)

    def latest(self, kind: str, resource_id: str) -> Resource | None:
        for res in reversed(self.versions.get((kind, resource_id), [])):
            if not res.deleted:
                return res
        return None

    def version(self, kind: str, resource_id: str, version: int) -> Resource | None:
        for res in self.versions.get((kind, resource_id), []):
            if res.version == version and not res.deleted:
                return res
        return None

    def get(self, key: int, kind: str | None = None) -> Resource | None:
        res = self.by_key.get(key)
        if res is None or res.deleted or (kind is not None and res.kind != kind):
            return None
        return res

    def next_version(self, kind: str, resource_id: str) -> int:
        return self.max_version.get((kind, resource_id), 0) + 1

    def latest_processes(self) -> list[Resource]:
        found = (self.latest(kind, rid) for (kind, rid) in self.versions if kind == "process")
        return [res for res in found if res is not None]
