"""Load untrusted XML without entity expansion, DTDs or network access.

Deployed files come from users, so a document type declaration is refused outright (it is the
carrier of entity-expansion bombs and external entities, and Camunda Modeler never writes one).
The bytes are checked before parsing, and libxml2 is configured so it could not expand entities
or fetch anything even if the check were bypassed.
"""

from __future__ import annotations

from lxml import etree

from engine.model.problems import Problems

MAX_XML_BYTES = 4 * 1024 * 1024
"""Largest accepted resource (Zeebe's default maximum message size is 4 MB)."""

_DECLARATIONS = ("<!DOCTYPE", "<!ENTITY")
_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


def _declares_dtd(data: bytes) -> bool:
    upper = data.upper()
    return any(marker.encode(enc) in upper for marker in _DECLARATIONS for enc in _ENCODINGS)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def load_xml(data: bytes, problems: Problems, *, max_bytes: int = MAX_XML_BYTES) -> etree._Element | None:
    """Parse ``data`` into an element tree, or record why not and return ``None``.

    Args:
        data: the raw resource bytes.
        problems: where a refusal is recorded (size, DTD, syntax).
        max_bytes: size limit.
    """
    if len(data) > max_bytes:
        problems.add(
            None,
            "document",
            None,
            f"resource is {len(data)} bytes, larger than the {max_bytes} bytes allowed",
        )
        return None
    if _declares_dtd(data):
        problems.add(
            1, "document", None, "DOCTYPE and ENTITY declarations are not allowed (refused for safety)"
        )
        return None
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        problems.add(line, "document", None, f"not well-formed XML: {exc.msg}")
        return None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        problems.add(
            1, "document", None, "DOCTYPE and ENTITY declarations are not allowed (refused for safety)"
        )
        return None
    return root
