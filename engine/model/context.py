"""State shared while one BPMN resource is parsed: problems, expressions seen, root elements."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from engine.model.elements import SourceRef
from engine.model.namespaces import attr, line_of, local_name
from engine.model.problems import Problems


@dataclass(frozen=True, slots=True)
class ExpressionRef:
    """An ``=…`` FEEL expression found in the file, with the element that owns it."""

    owner_tag: str
    owner_id: str | None
    line: int | None
    attribute: str
    text: str


@dataclass(slots=True)
class ParseContext:
    """Collects what the parser finds; the validator reads it afterwards.

    ``roots`` holds the ``bpmn:message``/``error``/``escalation``/``signal`` root elements by
    local name and id, so event definitions can resolve their references; ``flow_scopes`` maps
    each sequence flow id to the scope it is declared in; ``bad_references`` holds the ids of
    elements whose reference could not be resolved (already reported, so not reported again).
    """

    resource: str
    problems: Problems
    expressions: list[ExpressionRef] = field(default_factory=list)
    roots: dict[str, dict[str, etree._Element]] = field(default_factory=dict)
    flow_scopes: dict[str, str] = field(default_factory=dict)
    bad_references: set[str] = field(default_factory=set)

    def source(self, el: etree._Element) -> SourceRef:
        return SourceRef(self.resource, line_of(el), local_name(el))

    def problem(self, el: etree._Element, message: str, *, owner: etree._Element | None = None) -> None:
        """Record a problem at ``el``'s line, named after ``owner`` (default: ``el`` itself)."""
        named = owner if owner is not None else el
        self.problems.add(line_of(el), local_name(named), attr(named, "id"), message)

    def expression(
        self, el: etree._Element, attribute: str, text: str | None, *, owner: etree._Element
    ) -> None:
        """Remember ``text`` for the FEEL check if it is an expression (starts with ``=``)."""
        if text is not None and text.lstrip().startswith("="):
            ref = ExpressionRef(local_name(owner), attr(owner, "id"), line_of(el), attribute, text)
            if ref not in self.expressions:
                self.expressions.append(ref)

    def root(self, kind: str, ref: str | None) -> etree._Element | None:
        if ref is None:
            return None
        return self.roots.get(kind, {}).get(ref)
