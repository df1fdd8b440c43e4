"""Safe XML loading and namespace-tolerant element access for DMN files.

The parser never expands entities, never loads a DTD and never touches the network; any
document carrying a DOCTYPE is refused before its content is read, so entity bombs and external
entities are rejected rather than defused. Elements keep their source line for error messages.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TypeAlias

from lxml import etree

Element: TypeAlias = etree._Element

DMN_NAMESPACES = frozenset(
    {
        "http://www.omg.org/spec/DMN/20180521/MODEL/",  # DMN 1.2
        "https://www.omg.org/spec/DMN/20191111/MODEL/",  # DMN 1.3
        "https://www.omg.org/spec/DMN/20211108/MODEL/",  # DMN 1.4
        "https://www.omg.org/spec/DMN/20230324/MODEL/",  # DMN 1.5
    }
)
ZEEBE_NAMESPACE = "http://camunda.org/schema/zeebe/1.0"
MAX_DOCUMENT_BYTES = 4 * 1024 * 1024  # Zeebe's default maximum message size


class XmlRejected(Exception):
    """The bytes are not a safe, well-formed XML document."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(message)


def load(xml: bytes) -> Element:
    """Parse ``xml`` into an element tree, refusing DOCTYPEs, entities and oversized input.

    Raises:
        XmlRejected: on malformed or hostile input.
    """
    if len(xml) > MAX_DOCUMENT_BYTES:
        raise XmlRejected(f"document is larger than {MAX_DOCUMENT_BYTES} bytes")
    events = etree.iterparse(
        io.BytesIO(xml),
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        for index, (_, element) in enumerate(events):
            if index == 0:
                _refuse_doctype(element)
        root: Element = events.root
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(f"malformed XML: {exc.msg}", exc.lineno) from exc
    return root


def _refuse_doctype(element: Element) -> None:
    info = element.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise XmlRejected("DOCTYPE declarations (and so entities) are not allowed", 1)


def namespace(element: Element) -> str:
    return etree.QName(element).namespace or ""


def local_name(element: Element) -> str:
    return str(etree.QName(element).localname)


def children(element: Element, ns: str) -> Iterator[Element]:
    """Child elements in namespace ``ns`` (comments and other namespaces skipped)."""
    for child in element:
        if isinstance(child.tag, str) and namespace(child) == ns:
            yield child


def child(element: Element, ns: str, name: str) -> Element | None:
    for candidate in children(element, ns):
        if local_name(candidate) == name:
            return candidate
    return None


def text_of(element: Element | None, ns: str) -> str | None:
    """The content of ``element``'s ``<text>`` child, or None when there is none."""
    if element is None:
        return None
    text = child(element, ns, "text")
    if text is None:
        return None
    return text.text or ""


def line(element: Element) -> int | None:
    value = element.sourceline
    return int(value) if value is not None else None
