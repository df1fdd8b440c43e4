"""XML namespaces of Camunda 8 BPMN files and small helpers to read tags and attributes."""

from __future__ import annotations

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE = "http://camunda.org/schema/zeebe/1.0"
MODELER = "http://camunda.org/schema/modeler/1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def local_name(el: etree._Element) -> str:
    """The tag without namespace (``serviceTask``); comments and PIs give an empty string."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return str(etree.QName(tag).localname)


def namespace(el: etree._Element) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None
    ns = etree.QName(tag).namespace
    return None if ns is None else str(ns)


def is_bpmn(el: etree._Element, name: str | None = None) -> bool:
    """True for an element in the BPMN model namespace (with the given local name, if any)."""
    return namespace(el) == BPMN and (name is None or local_name(el) == name)


def bpmn_children(el: etree._Element, name: str | None = None) -> list[etree._Element]:
    return [c for c in el if is_bpmn(c, name)]


def first_bpmn_child(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if is_bpmn(c, name)), None)


def zeebe_extensions(el: etree._Element) -> list[etree._Element]:
    """``zeebe:*`` children of the element's ``bpmn:extensionElements`` (document order)."""
    ext = first_bpmn_child(el, "extensionElements")
    if ext is None:
        return []
    return [c for c in ext if namespace(c) == ZEEBE]


def zeebe_extension(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in zeebe_extensions(el) if local_name(c) == name), None)


def attr(el: etree._Element, name: str) -> str | None:
    """An unqualified attribute, ``None`` when absent."""
    value = el.get(name)
    return None if value is None else str(value)


def text_of(el: etree._Element | None) -> str | None:
    """Stripped text content, ``None`` when the element is absent or blank."""
    if el is None:
        return None
    text = "".join(el.itertext()).strip()
    return text or None


def line_of(el: etree._Element) -> int | None:
    line = el.sourceline
    return int(line) if line is not None else None
