"""The organisations file is checked against its schema when it is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from services.dossier import (
    DEFAULT_DIRECTORY_FILE,
    DirectoryEntryMissing,
    DirectoryInvalid,
    load_directory,
    parse_directory,
)
from services.loans.demo import DEMO_DIR


def test_the_project_file_covers_every_demo_bank_and_office() -> None:
    directory = load_directory()
    demo = yaml.safe_load((DEMO_DIR / "reference.yaml").read_text(encoding="utf-8"))
    for bank in demo["banks"]:
        entry = directory.bank(bank["code"])
        assert entry.fund_account.number != entry.transition_account.number
    assert {"finance", "poverty-office", "financial-bureau"} == set(directory.offices)


def test_a_missing_bank_names_the_code_and_the_file() -> None:
    with pytest.raises(DirectoryEntryMissing) as caught:
        load_directory().bank("CCB")
    assert "'CCB'" in caught.value.message and str(DEFAULT_DIRECTORY_FILE) in caught.value.message


def _text(**override: object) -> str:
    raw = yaml.safe_load(DEFAULT_DIRECTORY_FILE.read_text(encoding="utf-8"))
    raw.update(override)
    return yaml.safe_dump(raw, allow_unicode=True)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("banks: [\n", "not valid YAML"),
        ("- just a list\n", "expected a mapping"),
        (
            _text(offices={"finance": {"contact": {"name": "甲", "phone": "call me"}}}),
            "offices.finance.contact.phone",
        ),
        (
            _text(offices={"finance": {"contact": {"name": "甲", "phone": "0797-2524567"}}}),
            "offices.poverty-office",
        ),
        (_text(offices={"tax": {"contact": {"name": "甲", "phone": "0797-2524567"}}}), "offices.tax"),
        (
            _text(banks={"ABC": {"contact": {"name": "甲", "phone": "0797-2524567"}}}),
            "banks.ABC.fund_account",
        ),
        (_text(extra=1), "extra"),
    ],
)
def test_schema_faults_are_named(text: str, named: str, tmp_path: Path) -> None:
    with pytest.raises(DirectoryInvalid) as caught:
        parse_directory(text, path=tmp_path / "organisations.yaml")
    assert named in caught.value.message
    assert "organisations.yaml" in caught.value.message


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(DirectoryInvalid, match="nowhere.yaml"):
        load_directory(tmp_path / "nowhere.yaml")


def test_the_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "organisations.yaml"
    path.write_text(_text(), encoding="utf-8")
    assert load_directory(path).bank("ABC").contact.name == "黄志刚"
    changed = yaml.safe_load(_text())
    changed["banks"]["ABC"]["contact"]["name"] = "黄新"
    path.write_text(yaml.safe_dump(changed, allow_unicode=True) + "\n# edited\n", encoding="utf-8")
    assert load_directory(path).bank("ABC").contact.name == "黄新"
