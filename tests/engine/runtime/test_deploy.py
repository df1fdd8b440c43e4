"""Deployment: versions, lookup by version and key, refusals that name the element."""

from __future__ import annotations

import pytest

from engine.errors import DeploymentInvalid, InvalidArgument, NotFound
from tests.engine.runtime.harness import FIXTURES, Harness


def test_create_by_version_and_by_key(h: Harness) -> None:
    v1 = h.deploy_fixtures("chain").processes[0]
    v2 = h.deploy(
        [("chain.bpmn", (FIXTURES / "chain.bpmn").read_bytes().replace(b'type="a"', b'type="a2"'))]
    ).processes[0]
    assert (v1.version, v2.version) == (1, 2)
    old = h.create_instance(bpmn_process_id="chain", version=1)
    latest = h.create_instance(bpmn_process_id="chain")
    by_key = h.create_instance(process_definition_key=v1.process_definition_key)
    assert (old.version, latest.version, by_key.version) == (1, 2, 1)
    assert len(h.activate_jobs(job_type="a", worker="w", timeout_ms=1000, max_jobs=5)) == 2
    with pytest.raises(NotFound):
        h.create_instance(bpmn_process_id="chain", version=7)
    with pytest.raises(InvalidArgument):
        h.create_instance()


def test_unsupported_compensation_is_refused_with_the_element_id(h: Harness) -> None:
    xml = (
        (FIXTURES / "chain.bpmn")
        .read_bytes()
        .replace(
            b'<bpmn:endEvent id="end" />',
            b'<bpmn:endEvent id="end"><bpmn:compensateEventDefinition /></bpmn:endEvent>',
        )
    )
    with pytest.raises(DeploymentInvalid) as caught:
        h.deploy([("chain.bpmn", xml)])
    assert "end" in str(caught.value)
    assert h.engine.process_definitions().total == 0


def test_all_or_nothing_and_every_problem_listed(h: Harness) -> None:
    with pytest.raises(DeploymentInvalid) as caught:
        h.deploy(
            [
                ("chain.bpmn", (FIXTURES / "chain.bpmn").read_bytes()),
                ("broken.bpmn", b"<not xml"),
                ("x.txt", b""),
            ]
        )
    assert len(caught.value.problems) >= 2
    assert h.engine.process_definitions().total == 0
    with pytest.raises(InvalidArgument):
        h.deploy([])


def test_forms_and_decisions_are_versioned(h: Harness) -> None:
    form = b'{"id": "f", "type": "default", "components": []}'
    first = h.deploy([("f.form", form)]).forms[0]
    same = h.deploy([("f.form", form)]).forms[0]
    changed = h.deploy(
        [("f.form", b'{"id": "f", "type": "default", "components": [{"type": "text", "text": "hi"}]}')]
    ).forms[0]
    assert (first.version, same.version, changed.version) == (1, 1, 2)
    dmn = (FIXTURES / "grading.dmn").read_bytes()
    d1 = h.deploy([("grading.dmn", dmn)])
    d2 = h.deploy([("grading.dmn", dmn)])
    assert d1.decisions[0].decision_key == d2.decisions[0].decision_key
    assert d1.decision_requirements[0].decision_requirements_id == "grading-drg"
