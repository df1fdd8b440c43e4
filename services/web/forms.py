"""Camunda Forms (form-js JSON) as server-rendered HTML fields.

The forms in bpmn/forms are drawn in Camunda Modeler and deployed with the processes; the engine
hands their schema back unchanged (``EngineQuery.form``). This module reads a schema into a flat
tuple of :class:`Component` view models that the templates render and
:mod:`services.web.validation` checks. It is pure: no engine, no HTTP.

Supported: ``text`` (a little Markdown, ``{{variable}}`` placeholders), ``textfield``,
``textarea``, ``number``, ``datetime`` with subtype ``date``, ``radio``, ``select``,
``checkbox``, ``checklist``, ``taglist`` (shown as a checklist), ``group`` (its ``path``
nests the values), ``spacer`` and ``separator``. Any other input is shown as not supported here;
if such a field is required the form cannot be completed in this web app (see
:attr:`ParsedForm.blocking`), which is said on the page rather than silently skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

INPUT_KINDS = frozenset(
    {"textfield", "textarea", "number", "date", "radio", "select", "checkbox", "checklist"}
)
LAYOUT_KINDS = frozenset({"text", "spacer", "separator"})
IGNORED_TYPES = frozenset({"button", "default"})
"""form-js submit/reset buttons: the page has its own submit button."""


@dataclass(frozen=True, slots=True)
class Option:
    """One allowed value of a radio, select or checklist: its text form, label and JSON value."""

    value: str
    label: str
    raw: Any


@dataclass(frozen=True, slots=True)
class Component:
    """One renderable element of a form.

    ``kind`` is one of :data:`INPUT_KINDS`, :data:`LAYOUT_KINDS` or ``unsupported``. ``name`` is
    the dotted value path (group paths and the key, e.g. ``onsiteConfirmedOn``) and also the HTML
    field name. ``text`` is the raw Markdown of a text component.
    """

    id: str
    kind: str
    name: str = ""
    label: str = ""
    description: str = ""
    text: str = ""
    required: bool = False
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    options: tuple[Option, ...] = ()
    options_key: str | None = None
    disabled: bool = False
    default: Any = None
    source_type: str = ""

    @property
    def is_input(self) -> bool:
        return self.kind in INPUT_KINDS

    @property
    def html_id(self) -> str:
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "_", self.id or self.name)


@dataclass(frozen=True, slots=True)
class ParsedForm:
    """A form's id and components in page order (groups flattened)."""

    form_id: str
    components: tuple[Component, ...]

    @property
    def inputs(self) -> tuple[Component, ...]:
        return tuple(c for c in self.components if c.is_input)

    @property
    def blocking(self) -> tuple[Component, ...]:
        """Required fields of a kind this web app cannot render: the form cannot be completed here."""
        return tuple(c for c in self.components if c.kind == "unsupported" and c.required)


def parse_form(schema: Mapping[str, Any]) -> ParsedForm:
    """Read a form-js schema (as deployed) into components."""
    components: list[Component] = []
    _collect(schema.get("components") or [], (), components)
    return ParsedForm(form_id=str(schema.get("id", "")), components=tuple(components))


def _collect(raw: list[Any], path: tuple[str, ...], out: list[Component]) -> None:
    for item in raw:
        if not isinstance(item, Mapping):
            continue
        kind = str(item.get("type", ""))
        if kind == "group":
            sub = str(item.get("path") or "").strip()
            if item.get("label"):
                out.append(Component(id=str(item.get("id", "")), kind="text", text=f"### {item['label']}"))
            _collect(item.get("components") or [], path + tuple(p for p in sub.split(".") if p), out)
        elif kind not in IGNORED_TYPES:
            out.append(_component(item, kind, path))


def _component(item: Mapping[str, Any], kind: str, path: tuple[str, ...]) -> Component:
    raw_validate = item.get("validate")
    validate: Mapping[str, Any] = raw_validate if isinstance(raw_validate, Mapping) else {}
    key = str(item.get("key") or "")
    common: dict[str, Any] = {
        "id": str(item.get("id", "")),
        "name": ".".join(path + tuple(p for p in key.split(".") if p)),
        "label": str(item.get("label") or item.get("dateLabel") or ""),
        "description": str(item.get("description") or ""),
        "required": bool(validate.get("required", False)),
        "disabled": bool(item.get("disabled") or item.get("readonly")),
        "default": item.get("defaultValue"),
        "source_type": kind,
    }
    if kind in LAYOUT_KINDS:
        return Component(id=common["id"], kind=kind, text=str(item.get("text") or ""), source_type=kind)
    resolved = _input_kind(kind, item)
    if resolved is None or not key:
        return Component(**common, kind="unsupported")
    return Component(
        **common,
        kind=resolved,
        pattern=_text(validate.get("pattern")),
        min_length=_int(validate.get("minLength")),
        max_length=_int(validate.get("maxLength")),
        minimum=_int(validate.get("min")),
        maximum=_int(validate.get("max")),
        options=_options(item.get("values")),
        options_key=_text(item.get("valuesKey")),
    )


def _input_kind(kind: str, item: Mapping[str, Any]) -> str | None:
    if kind == "datetime":
        return "date" if item.get("subtype", "date") == "date" else None
    if kind == "taglist":
        return "checklist"
    return kind if kind in INPUT_KINDS else None


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, str) and value else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


def _options(values: Any) -> tuple[Option, ...]:
    if not isinstance(values, list):
        return ()
    found: list[Option] = []
    for entry in values:
        if isinstance(entry, Mapping) and "value" in entry:
            raw = entry["value"]
            found.append(Option(value=option_text(raw), label=str(entry.get("label", raw)), raw=raw))
    return tuple(found)


def option_text(value: Any) -> str:
    """A JSON value as the text an HTML option carries (booleans as form-js writes them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def options_for(component: Component, variables: Mapping[str, Any]) -> tuple[Option, ...]:
    """The allowed values: static ones, or a ``valuesKey`` list taken from the process variables."""
    if component.options or not component.options_key:
        return component.options
    return _options(variables.get(component.options_key))


# -- text components --------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def lookup(variables: Mapping[str, Any], path: str) -> Any:
    """``a.b`` in nested variables, or None."""
    value: Any = variables
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def render_text(markdown: str, variables: Mapping[str, Any]) -> Markup:
    """A text component as safe HTML: placeholders filled, then headings, bold, italics, lists.

    Everything from the form and the variables is escaped before any tag is added, so neither
    can inject markup. A missing variable renders as an empty string, as form-js does.
    """

    def fill(match: re.Match[str]) -> str:
        value = lookup(variables, match.group(1))
        return "" if value is None else option_text(value)

    blocks: list[str] = []
    items: list[str] = []
    for line in _PLACEHOLDER.sub(fill, markdown).splitlines():
        stripped = line.strip()
        if stripped.startswith(("- ", "* ")):
            items.append(f"<li>{_inline(stripped[2:])}</li>")
            continue
        if items:
            blocks.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if stripped:
            blocks.append(_block(stripped))
    if items:
        blocks.append("<ul>" + "".join(items) + "</ul>")
    return Markup("".join(blocks))


def _block(line: str) -> str:
    heading = re.match(r"^(#{1,6})\s+(.*)$", line)
    if heading:
        # Page headings are h1/h2; a form's own headings start at h3.
        level = min(len(heading.group(1)) + 1, 6)
        return f"<h{level}>{_inline(heading.group(2))}</h{level}>"
    return f"<p>{_inline(line)}</p>"


def _inline(text: str) -> str:
    html = escape(text, quote=False)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _ITALIC.sub(r"<em>\1</em>", html)
