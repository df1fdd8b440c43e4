"""Deploy-time problems in a BPMN resource and the error that lists them all.

Validation never stops at the first problem: the parser and the validator append to one
:class:`Problems` collector, and the deployment is refused once with every problem listed, each in
the form ``"<resource>: line <n>: <tag> '<id>': <message>"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.errors import DeploymentInvalid


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a resource, located at an XML element."""

    resource: str
    line: int | None
    tag: str
    element_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "line ?"
        what = f"{self.tag} '{self.element_id}'" if self.element_id is not None else self.tag
        return f"{self.resource}: {where}: {what}: {self.message}"


@dataclass(slots=True)
class Problems:
    """Collects problems for one resource, in the order they are found."""

    resource: str
    items: list[Problem] = field(default_factory=list)

    def add(self, line: int | None, tag: str, element_id: str | None, message: str) -> None:
        self.items.append(Problem(self.resource, line, tag, element_id, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted_texts(self) -> list[str]:
        """Problem texts ordered by line (document order for equal lines)."""
        ordered = sorted(enumerate(self.items), key=lambda p: (p[1].line or 0, p[0]))
        return [str(p) for _, p in ordered]

    def raise_if_any(self) -> None:
        """Raise :class:`BpmnInvalid` listing every problem, if there is one."""
        if self.items:
            raise BpmnInvalid(problems=self.sorted_texts())


class BpmnInvalid(DeploymentInvalid):
    """A BPMN resource failed to parse or validate; ``problems`` lists every problem found."""
