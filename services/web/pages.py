"""The page renderer: one strict, escaping Jinja2 environment over templates/web.

Rendering is a pure function of the template name and its context; routes decide what to show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services.web import display
from services.web.forms import options_for, render_text


class Pages:
    """Renders ``templates/web/<name>`` with the display filters."""

    def __init__(self, directory: Path) -> None:
        self.env = Environment(
            loader=FileSystemLoader(directory),
            autoescape=select_autoescape(("html",), default_for_string=True, default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            when=display.when,
            deadline=display.deadline,
            yuan=display.yuan,
            state=display.state,
            markdown=render_text,
        )
        self.env.globals["options_for"] = options_for

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)
