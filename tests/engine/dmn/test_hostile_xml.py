"""Hostile XML never expands entities, never reads files or the network, and is rejected."""

from __future__ import annotations

import pytest

from engine.dmn import DmnInvalid, parse_dmn

from .conftest import fixture_bytes


@pytest.mark.parametrize("name", ["billion-laughs.dmn", "external-entity.dmn"])
def test_doctype_with_entities_is_rejected(name: str) -> None:
    with pytest.raises(DmnInvalid) as info:
        parse_dmn(fixture_bytes(name), name)

    assert "DOCTYPE" in info.value.problems[0]


def test_plain_doctype_is_rejected_too() -> None:
    xml = b'<?xml version="1.0"?><!DOCTYPE definitions><definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d"/>'

    with pytest.raises(DmnInvalid, match="DOCTYPE"):
        parse_dmn(xml, "plain.dmn")


def test_undeclared_entity_reference_is_malformed() -> None:
    xml = b'<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d">&secret;</definitions>'

    with pytest.raises(DmnInvalid, match="malformed XML"):
        parse_dmn(xml, "entity.dmn")


def test_oversized_document_is_rejected_before_parsing() -> None:
    xml = b"<definitions>" + b" " * (5 * 1024 * 1024) + b"</definitions>"

    with pytest.raises(DmnInvalid, match="larger than"):
        parse_dmn(xml, "huge.dmn")


def test_not_xml_at_all() -> None:
    with pytest.raises(DmnInvalid, match="malformed XML"):
        parse_dmn(b"\x00\x01 definitely not xml", "binary.dmn")
