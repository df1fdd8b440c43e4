"""Fixtures of the documents tests: the sample inputs and a PDF-to-text helper."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"


def load_fixture(code: str) -> dict[str, Any]:
    """The sample input of one document type, a fresh copy each call."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{code.lower()}.json").read_text(encoding="utf-8"))
    return data


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """Text extracted back from a PDF by pdftotext, all whitespace removed (lines wrap anywhere)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    return "".join(out.stdout.decode("utf-8").split())


@pytest.fixture
def extract_text(tmp_path: Path) -> Callable[[bytes], str]:
    return lambda pdf: pdf_text(pdf, tmp_path)
