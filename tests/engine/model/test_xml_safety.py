"""Hostile or malformed XML is refused before anything is expanded or fetched."""

from __future__ import annotations

import pytest

from engine.model import BpmnInvalid, ElementType, parse_bpmn
from engine.model.safe_xml import MAX_XML_BYTES

MINIMAL_BODY = b"""
  <process id="p" isExecutable="true">
    <startEvent id="start"/>
    <endEvent id="end"/>
    <sequenceFlow id="f" sourceRef="start" targetRef="end"/>
  </process>
"""


def definitions(body: bytes, prolog: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + prolog
        + b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        b'xmlns:z="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">'
        + body
        + b"</definitions>"
    )


def refused(data: bytes) -> list[str]:
    with pytest.raises(BpmnInvalid) as caught:
        parse_bpmn(data, "hostile.bpmn")
    return caught.value.problems


BILLION_LAUGHS = b"""<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
"""
EXTERNAL_FILE = b'<!DOCTYPE d [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>\n'
EXTERNAL_DTD = b'<!DOCTYPE definitions SYSTEM "http://127.0.0.1:9/evil.dtd">\n'


@pytest.mark.parametrize(
    ("prolog", "body"),
    [
        (BILLION_LAUGHS, b'<process id="p" name="&lol4;" isExecutable="true"/>'),
        (EXTERNAL_FILE, b'<process id="p" name="&secret;" isExecutable="true"/>'),
        (EXTERNAL_DTD, MINIMAL_BODY),
    ],
    ids=["billion-laughs", "external-entity-file", "external-dtd-http"],
)
def test_document_type_declarations_are_refused(prolog: bytes, body: bytes) -> None:
    (problem,) = refused(definitions(body, prolog))
    assert (
        problem
        == "hostile.bpmn: line 1: document: DOCTYPE and ENTITY declarations are not allowed (refused for safety)"
    )


def test_doctype_in_utf16_is_refused_too() -> None:
    data = definitions(MINIMAL_BODY, EXTERNAL_FILE).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    (problem,) = refused(data.encode("utf-16"))
    assert "DOCTYPE" in problem


def test_oversized_resource_is_refused() -> None:
    data = definitions(MINIMAL_BODY + b"<!--" + b"x" * MAX_XML_BYTES + b"-->")
    (problem,) = refused(data)
    assert f"larger than the {MAX_XML_BYTES} bytes allowed" in problem


def test_malformed_xml_names_the_line() -> None:
    (problem,) = refused(
        definitions(b'\n<process id="p" isExecutable="true">\n<startEvent id="s">\n</process>')
    )
    assert problem.startswith("hostile.bpmn: line 5: document: not well-formed XML")


def test_non_bpmn_document_is_refused() -> None:
    (problem,) = refused(b"<html><body/></html>")
    assert "not a BPMN 2.0 definitions document" in problem


def test_default_namespace_and_other_prefixes_are_understood() -> None:
    body = b"""
  <process id="p" isExecutable="true">
    <startEvent id="start"/>
    <serviceTask id="work"><extensionElements><z:taskDefinition type="work"/></extensionElements></serviceTask>
    <endEvent id="end"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
    <sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
  </process>"""
    (process,) = parse_bpmn(definitions(body), "plain.bpmn")
    work = process.element("work")
    assert work.type is ElementType.SERVICE_TASK
    assert work.task_definition is not None and work.task_definition.type == "work"
    assert work.source.line == 5


def test_unknown_foreign_extensions_are_ignored() -> None:
    body = b"""
  <process id="p" isExecutable="true">
    <extensionElements><acme:note xmlns:acme="urn:acme">hi</acme:note></extensionElements>
    <startEvent id="start"><extensionElements><acme:x xmlns:acme="urn:acme"/></extensionElements></startEvent>
  </process>"""
    (process,) = parse_bpmn(definitions(body), "foreign.bpmn")
    assert process.root.children == ("start",)
