"""The project's own BPMN, DMN and form files: they deploy on the engine, bind their forms, and
their diagrams are complete and free of overlapping shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from engine.server import deploy_directory, open_engine

BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "zeebe": "http://camunda.org/schema/zeebe/1.0",
}
BPMN_FILES = sorted(BPMN_DIR.glob("*.bpmn"))


def _tree(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))


def test_everything_in_bpmn_dir_deploys(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'engine.db'}")
    try:
        deployment = deploy_directory(engine, BPMN_DIR)
    finally:
        engine.close()
    assert deployment is not None
    assert {p.bpmn_process_id for p in deployment.processes} == {
        "deadline-escalation",
        "joint-meeting",
        "loan-default-compensation",
        "loan-interest-watch",
        "loan-maturity-reminder",
        "onsite-inspection",
        "risk-signal",
    }
    assert [d.decision_id for d in deployment.decisions] == ["risk-signal-grading"]
    assert len(deployment.forms) == len(list((BPMN_DIR / "forms").glob("*.form")))


def test_every_user_task_binds_a_form_that_exists() -> None:
    form_ids = {json.loads(p.read_text(encoding="utf-8"))["id"] for p in (BPMN_DIR / "forms").glob("*.form")}
    used = {
        el.get("formId") for path in BPMN_FILES for el in _tree(path).iter(f"{{{NS['zeebe']}}}formDefinition")
    }
    tasks = [t for path in BPMN_FILES for t in _tree(path).iter(f"{{{NS['bpmn']}}}userTask")]
    assert tasks and all(t.find(".//zeebe:formDefinition", NS) is not None for t in tasks)
    assert used == form_ids


@pytest.mark.parametrize("path", BPMN_FILES, ids=lambda p: p.name)
def test_diagram_is_complete_and_shapes_do_not_overlap(path: Path) -> None:
    root = _tree(path).getroot()
    attached = {e.get("id"): e.get("attachedToRef") for e in root.iter(f"{{{NS['bpmn']}}}boundaryEvent")}
    flow_nodes = {
        e.get("id")
        for proc in root.iter(f"{{{NS['bpmn']}}}process")
        for e in proc.iter()
        if isinstance(e.tag, str)
        and (e.find("bpmn:incoming", NS) is not None or e.find("bpmn:outgoing", NS) is not None)
    }
    shapes = {}
    for shape in root.iter(f"{{{NS['bpmndi']}}}BPMNShape"):
        b = shape.find("dc:Bounds", NS)
        assert b is not None
        shapes[shape.get("bpmnElement")] = tuple(float(b.get(k)) for k in ("x", "y", "width", "height"))
    assert flow_nodes <= set(shapes), f"nodes without a shape: {flow_nodes - set(shapes)}"
    flows = {f.get("id") for f in root.iter(f"{{{NS['bpmn']}}}sequenceFlow")}
    edges = {e.get("bpmnElement") for e in root.iter(f"{{{NS['bpmndi']}}}BPMNEdge")}
    assert flows == edges
    items = sorted(shapes.items())
    for i, (a, (ax, ay, aw, ah)) in enumerate(items):
        for b, (bx, by, bw, bh) in items[i + 1 :]:
            if attached.get(a) == b or attached.get(b) == a:
                continue
            overlap = ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah
            assert not overlap, f"{path.name}: shapes {a} and {b} overlap"
    header = path.read_text(encoding="utf-8")[:1200]
    assert 'modeler:executionPlatform="Camunda Cloud"' in header
    assert 'modeler:executionPlatformVersion="8.6.0"' in header
