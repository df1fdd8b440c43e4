"""Camunda Forms resources: accepted shape, refusals listing every problem."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.errors import DeploymentInvalid
from engine.forms import MAX_FORM_BYTES, FormInvalid, FormResource, parse_form
from tests.engine.model.support import FIXTURES


def form(**overrides: Any) -> bytes:
    schema: dict[str, Any] = {
        "components": [{"label": "Approved", "type": "checkbox", "id": "Field_1", "key": "approved"}],
        "type": "default",
        "id": "review-form",
    }
    schema.update(overrides)
    return json.dumps({k: v for k, v in schema.items() if v is not ...}).encode()


def refused(data: bytes) -> list[str]:
    with pytest.raises(FormInvalid) as caught:
        parse_form(data, "review.form")
    assert isinstance(caught.value, DeploymentInvalid)
    return caught.value.problems


def test_modeler_form_fixture_parses() -> None:
    parsed = parse_form((FIXTURES / "loan-review-form.form").read_bytes(), "loan-review-form.form")
    assert parsed.form_id == "loan-review-form"
    assert parsed.version_tag == "v1"
    assert [c["key"] for c in parsed.schema["components"]] == ["approved", "comment"]


def test_minimal_form_and_utf8_bom() -> None:
    assert parse_form(b"\xef\xbb\xbf" + form(), "review.form") == FormResource(
        "review-form", json.loads(form()), None
    )


def test_nested_components_are_checked() -> None:
    group = {"type": "group", "id": "g", "components": [{"id": "bad"}]}
    (problem,) = refused(form(components=[group]))
    assert problem == "review.form: $.components[0].components[0].type: a component needs a string 'type'"


def test_every_problem_is_listed() -> None:
    found = refused(form(id="  ", type="wizard", components={"a": 1}, versionTag=3))
    assert found == [
        "review.form: $.id: a form needs a non-blank string 'id' (its formId)",
        'review.form: $.type: must be "default", found "wizard"',
        "review.form: $.versionTag: must be a string",
        "review.form: $.components: must be a list of form fields",
    ]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b'{"id": "x",', "line 1 column 12: not valid JSON"),
        (b"[1, 2]", "must be a JSON object, not list"),
        (b'{"id": NaN}', "NaN is not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (form(id=...), "needs a non-blank string 'id'"),
        (form(type=...), 'must be "default", found null'),
        (form(components=[1]), "$.components[0]: a component must be an object"),
        (form(components=[{"type": "textfield", "key": 5}]), "$.components[0].key: must be a string"),
    ],
)
def test_invalid_forms(data: bytes, fragment: str) -> None:
    found = refused(data)
    assert any(fragment in p for p in found), found


def test_oversized_form_is_refused() -> None:
    (problem,) = refused(b" " * (MAX_FORM_BYTES + 1))
    assert "larger than" in problem
