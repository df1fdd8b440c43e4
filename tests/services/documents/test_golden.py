"""Golden files: the HTML of every sample paper is pinned, so a template change shows up in review.

After an intended change, regenerate with ``XDT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/services/documents/test_golden.py``
and read the diff.
"""

from __future__ import annotations

import os

import pytest

from services.documents import DocType, render_html, render_pdf
from tests.services.documents.conftest import FIXTURES, load_fixture

GOLDEN = FIXTURES / "golden"


@pytest.mark.parametrize("doc_type", list(DocType))
def test_html_matches_the_golden_file(doc_type: DocType) -> None:
    html = render_html(doc_type, load_fixture(doc_type))
    path = GOLDEN / f"{doc_type.value.lower()}.html"
    if os.environ.get("XDT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(html, encoding="utf-8")
    assert html == path.read_text(encoding="utf-8"), f"{doc_type} HTML differs from {path}"


def test_the_same_inputs_give_the_same_pdf_bytes() -> None:
    data = load_fixture("INITIAL_REVIEW")
    assert render_pdf("INITIAL_REVIEW", data) == render_pdf("INITIAL_REVIEW", load_fixture("INITIAL_REVIEW"))
