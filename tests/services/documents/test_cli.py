"""``xdt docs`` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from services.cli import app
from services.documents import CATALOG
from tests.services.documents.conftest import FIXTURES, load_fixture

runner = CliRunner()


def test_types_lists_every_code_and_prefix() -> None:
    result = runner.invoke(app, ["docs", "types"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [[s.code.value, s.prefix] for s in CATALOG.values()]


def test_render_writes_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "out" / "order.pdf"
    result = runner.invoke(
        app,
        [
            "docs",
            "render",
            "PAYMENT_ORDER",
            "--json",
            str(FIXTURES / "payment_order.json"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")


def test_render_html(tmp_path: Path) -> None:
    out = tmp_path / "reminder.html"
    result = runner.invoke(
        app,
        [
            "docs",
            "render",
            "repayment_reminder",
            "--json",
            str(FIXTURES / "repayment_reminder.json"),
            "--out",
            str(out),
            "--html",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "瑞信还〔2026〕37号" in out.read_text(encoding="utf-8")


def test_render_names_each_bad_field(tmp_path: Path) -> None:
    data = load_fixture("PAYMENT_ORDER")
    del data["recipient"]
    data["amount_fen"] = -1
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "x.pdf"
    result = runner.invoke(app, ["docs", "render", "PAYMENT_ORDER", "--json", str(src), "--out", str(out)])
    assert result.exit_code == 2
    assert "recipient: Field required" in result.stderr
    assert "amount_fen: Input should be greater than or equal to 0" in result.stderr
    assert not out.exists()


def test_render_refuses_unreadable_json(tmp_path: Path) -> None:
    src = tmp_path / "broken.json"
    src.write_text("{not json", encoding="utf-8")
    result = runner.invoke(
        app, ["docs", "render", "PAYMENT_ORDER", "--json", str(src), "--out", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 2
    assert "not valid UTF-8 JSON" in result.stderr
    missing = runner.invoke(
        app,
        [
            "docs",
            "render",
            "PAYMENT_ORDER",
            "--json",
            str(tmp_path / "nope.json"),
            "--out",
            str(tmp_path / "x.pdf"),
        ],
    )
    assert missing.exit_code == 2 and "cannot read" in missing.stderr


def test_unknown_type(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "docs",
            "render",
            "LOVE_LETTER",
            "--json",
            str(FIXTURES / "payment_order.json"),
            "--out",
            str(tmp_path / "x.pdf"),
        ],
    )
    assert result.exit_code == 2
    assert "unknown document type 'LOVE_LETTER'" in result.stderr


def test_schema_prints_json_schema() -> None:
    result = runner.invoke(app, ["docs", "schema", "PAYMENT_ORDER"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "amount_fen" in schema["required"] and schema["additionalProperties"] is False
