"""Reading the pages in tests: what a person would see, found by the page's own structure."""

from __future__ import annotations

from typing import Any

import lxml.html


def doc(response: Any) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.text)


def field_errors(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Field name → the error shown next to it."""
    return {
        div.get("data-field"): div.xpath("string(.//p[@class='field-error'])").strip()
        for div in tree.xpath("//div[contains(@class, 'has-error')]")
    }


def task_keys(tree: lxml.html.HtmlElement) -> list[int]:
    return [int(k) for k in tree.xpath("//tr/@data-task")]


def value_of(tree: lxml.html.HtmlElement, name: str) -> Any:
    """What the field ``name`` holds on the page: text, a ticked flag, or the ticked values."""
    nodes = tree.xpath(f"//*[@name='{name}']")
    kinds = {n.get("type") for n in nodes}
    if nodes and nodes[0].tag == "textarea":
        return nodes[0].text or ""
    if kinds == {"checkbox"} and len(nodes) == 1 and nodes[0].get("value") == "true":
        return nodes[0].get("checked") is not None
    if kinds <= {"checkbox", "radio"}:
        return [n.get("value") for n in nodes if n.get("checked") is not None]
    return nodes[0].get("value")


def text(tree: lxml.html.HtmlElement) -> str:
    return " ".join(tree.text_content().split())
