"""Checking a submitted form against its schema and turning the text into typed variables.

What the browser posts is text; what the process gets must be typed as the diagrams expect
(docs/processes.md): dates as ``YYYY-MM-DD`` strings, a checkbox as a boolean, a checklist as a
list of the allowed values, a number as an integer, a radio or select as one allowed value.
Every field is checked (required, pattern, length, range, allowed values), and every problem is
reported on its own field in Chinese, with what was entered kept so the page can show it again.

Pure: the caller passes the parsed form, the posted fields and the process variables (for
``valuesKey`` options).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from services.web.forms import Component, Option, ParsedForm, lookup, option_text, options_for

logger = logging.getLogger(__name__)

Entry = str | list[str]
"""What one field holds on the page: text, or the ticked values of a checklist."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_INTEGER = re.compile(r"^[+-]?\d+$", re.ASCII)
_MAX_INTEGER = 2**53 - 1  # what a JSON number survives everywhere (FEEL, Zeebe, browsers)
_CHECKED = "true"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of checking a submission.

    ``values`` holds the typed variables (nested by group path) when there are no ``errors``;
    ``errors`` maps a field name to its message; ``entered`` is what was posted, to show again.
    """

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    entered: dict[str, Entry] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Invalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def validate_submission(
    form: ParsedForm, submitted: Mapping[str, Sequence[str]], variables: Mapping[str, Any]
) -> Outcome:
    """Check every input of ``form`` against ``submitted`` (field name → posted values).

    Disabled and read-only fields are neither checked nor submitted: the process keeps its value.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    entered: dict[str, Entry] = {}
    for component in form.inputs:
        if component.disabled:
            continue
        posted = list(submitted.get(component.name, ()))
        entry: Entry = posted if component.kind == "checklist" else _first(posted)
        entered[component.name] = entry
        try:
            value = _typed(component, entry, options_for(component, variables))
        except _Invalid as problem:
            errors[component.name] = problem.message
            continue
        _put(values, component.name.split("."), value)
    return Outcome(values={} if errors else values, errors=errors, entered=entered)


def initial_entries(form: ParsedForm, variables: Mapping[str, Any]) -> dict[str, Entry]:
    """What each field shows before anything is entered: the process variable of the same
    name (as Camunda Tasklist pre-fills), else the field's default value."""
    entries: dict[str, Entry] = {}
    for component in form.inputs:
        value = lookup(variables, component.name)
        if value is None:
            value = component.default
        entries[component.name] = _as_entry(component, value)
    return entries


def _as_entry(component: Component, value: Any) -> Entry:
    if component.kind == "checklist":
        return [option_text(v) for v in value] if isinstance(value, list) else []
    if component.kind == "checkbox":
        return _CHECKED if value is True else ""
    if value is None or isinstance(value, dict | list):
        return ""
    return option_text(value)


def _first(posted: list[str]) -> str:
    # Browsers send textarea line breaks as CRLF; the process keeps plain LF.
    return posted[0].replace("\r\n", "\n") if posted else ""


def _put(target: dict[str, Any], path: list[str], value: Any) -> None:
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


def _typed(component: Component, entry: Entry, options: tuple[Option, ...]) -> Any:
    kind = component.kind
    if kind == "checklist":
        return _checklist(component, entry if isinstance(entry, list) else [entry], options)
    text = entry if isinstance(entry, str) else (entry[0] if entry else "")
    if kind == "checkbox":
        checked = text == _CHECKED
        if component.required and not checked:
            raise _Invalid("请勾选此项")
        return checked
    if kind in ("radio", "select"):
        return _choice(component, text, options)
    if not text.strip():
        if component.required:
            raise _Invalid("请选择日期" if kind == "date" else "请填写此项")
        return "" if kind in ("textfield", "textarea") else None
    if kind == "number":
        return _number(component, text)
    if kind == "date":
        return _date(text)
    return _string(component, text)


def _string(component: Component, text: str) -> str:
    if component.min_length is not None and len(text) < component.min_length:
        raise _Invalid(f"至少需要 {component.min_length} 个字")
    if component.max_length is not None and len(text) > component.max_length:
        raise _Invalid(f"不能超过 {component.max_length} 个字（现为 {len(text)} 个）")
    if component.pattern is not None:
        compiled = _compile(component.pattern)
        if compiled is not None and not compiled.search(text):
            raise _Invalid("格式不正确")
    return text


def _number(component: Component, text: str) -> int:
    raw = text.strip()
    if not _INTEGER.match(raw):
        raise _Invalid("请输入整数")
    number = int(raw)
    if abs(number) > _MAX_INTEGER:
        raise _Invalid("数值过大")
    if component.minimum is not None and number < component.minimum:
        raise _Invalid(f"不能小于 {component.minimum}")
    if component.maximum is not None and number > component.maximum:
        raise _Invalid(f"不能大于 {component.maximum}")
    return number


def _date(text: str) -> str:
    raw = text.strip()
    try:
        if not _DATE.match(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise _Invalid("请输入有效日期，格式为 YYYY-MM-DD") from None


def _choice(component: Component, text: str, options: tuple[Option, ...]) -> Any:
    if not text:
        if component.required:
            raise _Invalid("请选择此项")
        return None
    for option in options:
        if option.value == text:
            return option.raw
    raise _Invalid("请从列出的选项中选择")


def _checklist(component: Component, ticked: list[str], options: tuple[Option, ...]) -> list[Any]:
    by_text = {o.value: o.raw for o in options}
    unknown = [t for t in ticked if t not in by_text]
    if unknown:
        raise _Invalid("请从列出的选项中选择")
    if component.required and not ticked:
        raise _Invalid("请至少选择一项")
    chosen = set(ticked)
    # In the form's order, each once, whatever order the browser posted them in.
    return [o.raw for o in options if o.value in chosen]


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str] | None:
    """A form-js pattern (a JavaScript RegExp, tested anywhere in the value) in Python's dialect."""
    try:
        return re.compile(pattern, re.ASCII)  # JavaScript's \d and \w are ASCII only
    except re.error as exc:
        # The form was accepted at deployment; a pattern Python cannot read must not block staff.
        logger.warning("form pattern %r is not a valid regular expression here: %s", pattern, exc)
        return None
