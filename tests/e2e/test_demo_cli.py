"""``xdt demo`` walks its case to the end and prints the timeline, documents and postings."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from services.cli import app


def test_demo_reaches_paid_compensation(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "case closed" in result.output
    assert re.search(r"瑞扶代〔\d{4}〕\d+号\s+PAYMENT_ORDER", result.output)
    assert re.search(r"COMPENSATION\s+-\d+\.\d\d 元\s+XDT-GZRCB-2025-0002", result.output)
    assert "按期)" in result.output and "逾期)" not in result.output  # every deadline met
    assert (tmp_path / "documents").is_dir()
