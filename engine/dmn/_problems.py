"""Collects every load-time problem of one DMN resource and syntax-checks its FEEL.

Loading goes on after a problem so a deployment reports all of them at once; each problem is
located at the nearest element carrying an id, with its source line.
"""

from __future__ import annotations

from engine import feel
from engine.dmn import _xml
from engine.dmn.errors import DmnProblem

FEEL_LANGUAGES = frozenset(
    {
        "feel",
        "http://www.omg.org/spec/feel/20140401",
        "https://www.omg.org/spec/feel/20140401",
        "http://www.omg.org/spec/dmn/20180521/feel/",
        "https://www.omg.org/spec/dmn/20191111/feel/",
        "https://www.omg.org/spec/dmn/20211108/feel/",
        "https://www.omg.org/spec/dmn/20230324/feel/",
    }
)


class Problems:
    """The problems found so far while loading ``resource_name``."""

    def __init__(self, resource_name: str, dmn_namespace: str = "") -> None:
        self.resource_name = resource_name
        self.ns = dmn_namespace
        self.found: list[DmnProblem] = []

    def add(self, element: _xml.Element | None, message: str) -> None:
        """Record ``message`` against ``element`` (its id, or its nearest ancestor's)."""
        owner = _identified(element)
        self.found.append(
            DmnProblem(
                resource_name=self.resource_name,
                element_id=owner.get("id") if owner is not None else None,
                message=message,
                line=_xml.line(element) if element is not None else None,
            )
        )

    def add_at(self, element_id: str, line: int | None, message: str) -> None:
        """Record ``message`` against an element known by id and line only."""
        self.found.append(DmnProblem(self.resource_name, element_id, message, line))

    def expression(self, element: _xml.Element, what: str) -> str:
        """The FEEL expression in ``element``'s ``<text>``, checked for emptiness and syntax."""
        text = _xml.text_of(element, self.ns)
        if text is None or not text.strip():
            self.add(element, f"{what} must not be empty")
            return ""
        if self._language_ok(element):
            try:
                feel.parse(text)
            except feel.FeelSyntaxError as exc:
                self.add(element, f"{what} is not a valid FEEL expression: {exc}")
        return text

    def unary_tests(self, element: _xml.Element, what: str) -> str:
        """The unary tests in ``element``'s ``<text>``; empty text (match anything) is allowed."""
        text = _xml.text_of(element, self.ns) or ""
        if text.strip() and self._language_ok(element):
            try:
                feel.parse_unary_tests(text)
            except feel.FeelSyntaxError as exc:
                self.add(element, f"{what} is not valid FEEL unary tests: {exc}")
        return text

    def _language_ok(self, element: _xml.Element) -> bool:
        language = element.get("expressionLanguage")
        if language is None or language.strip().lower() in FEEL_LANGUAGES:
            return True
        self.add(element, f"expression language '{language}' is not supported (only FEEL)")
        return False


def _identified(element: _xml.Element | None) -> _xml.Element | None:
    while element is not None and not element.get("id"):
        element = element.getparent()
    return element
