"""Camunda Forms (``.form``) resources: form-js JSON schemas deployed next to the processes.

Zeebe reads only the top-level ``id`` (the ``formId`` user tasks link to) and the optional
``versionTag``; the rest of the schema is kept as is for the tasklist to render. We also check
the shape form-js needs (``type: "default"``, a ``components`` list of typed objects), so a broken
form is refused at deployment rather than found by a user.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from engine.errors import DeploymentInvalid

MAX_FORM_BYTES = 1024 * 1024
"""Largest accepted form resource."""


class FormInvalid(DeploymentInvalid):
    """A form resource failed validation; ``problems`` lists every problem found."""


@dataclass(frozen=True, slots=True)
class FormResource:
    """A parsed form: its id, the whole schema, and the optional version tag."""

    form_id: str
    schema: dict[str, Any]
    version_tag: str | None = None


def parse_form(data: bytes, resource_name: str) -> FormResource:
    """Parse and validate a Camunda Forms JSON resource.

    Args:
        data: the file content (UTF-8 JSON, at most :data:`MAX_FORM_BYTES`).
        resource_name: the deployed file name, used in problem texts.

    Returns:
        The form with its id, schema and version tag.

    Raises:
        FormInvalid: listing every problem, each as ``"<resource>: <where>: <message>"``.
    """
    schema = _load(data, resource_name)
    problems = [f"{resource_name}: {p}" for p in _schema_problems(schema)]
    if problems:
        raise FormInvalid(problems=problems)
    version_tag = schema.get("versionTag")
    return FormResource(form_id=schema["id"].strip(), schema=schema, version_tag=version_tag)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _load(data: bytes, resource_name: str) -> dict[str, Any]:
    if len(data) > MAX_FORM_BYTES:
        raise FormInvalid(
            problems=[
                f"{resource_name}: form is {len(data)} bytes, larger than the {MAX_FORM_BYTES} bytes allowed"
            ]
        )
    try:
        text = data.decode("utf-8-sig")
        value = json.loads(text, parse_constant=_refuse_constant)
    except UnicodeDecodeError as exc:
        raise FormInvalid(problems=[f"{resource_name}: form is not UTF-8 text ({exc.reason})"]) from exc
    except json.JSONDecodeError as exc:
        problem = f"{resource_name}: line {exc.lineno} column {exc.colno}: not valid JSON: {exc.msg}"
        raise FormInvalid(problems=[problem]) from exc
    except (ValueError, RecursionError) as exc:
        raise FormInvalid(problems=[f"{resource_name}: not valid JSON: {exc}"]) from exc
    if not isinstance(value, dict):
        raise FormInvalid(
            problems=[f"{resource_name}: a form must be a JSON object, not {type(value).__name__}"]
        )
    return value


def _schema_problems(schema: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    form_id = schema.get("id")
    if not isinstance(form_id, str) or not form_id.strip():
        problems.append("$.id: a form needs a non-blank string 'id' (its formId)")
    if schema.get("type") != "default":
        problems.append(f'$.type: must be "default", found {json.dumps(schema.get("type"))}')
    tag = schema.get("versionTag")
    if tag is not None and not isinstance(tag, str):
        problems.append("$.versionTag: must be a string")
    components = schema.get("components")
    if not isinstance(components, list):
        problems.append("$.components: must be a list of form fields")
    else:
        problems.extend(_component_problems(components, "$.components"))
    return problems


def _component_problems(components: list[Any], path: str) -> list[str]:
    problems: list[str] = []
    for index, component in enumerate(components):
        where = f"{path}[{index}]"
        if not isinstance(component, dict):
            problems.append(f"{where}: a component must be an object")
            continue
        if not isinstance(component.get("type"), str) or not component["type"]:
            problems.append(f"{where}.type: a component needs a string 'type'")
        if "key" in component and not isinstance(component["key"], str):
            problems.append(f"{where}.key: must be a string (the variable name)")
        nested = component.get("components")
        if nested is not None:
            if isinstance(nested, list):
                problems.extend(_component_problems(nested, f"{where}.components"))
            else:
                problems.append(f"{where}.components: must be a list")
    return problems
