"""All-or-nothing import of CSV and XLSX exports, with a report naming each bad row and column."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from services import audit, loans
from services.errors import ValidationFailed
from tests.services.loans.conftest import ACTOR, FIXTURES, Registry

CITY = loans.Principal("u", loans.Role.CITY)


def _import(reg: Registry, path: Path, **kw: object) -> loans.ImportReport:
    with reg.session() as s:
        return loans.import_loans(path, session=s, clock=reg.clock, actor=ACTOR, **kw)  # type: ignore[arg-type]


def _loan_nos(reg: Registry) -> list[str]:
    with reg.session() as s:
        return [loan.loan_no for loan in loans.visible_loans(s, CITY)]


def _to_xlsx(csv_path: Path, out: Path, *, typed: bool = False) -> Path:
    """Write the CSV's rows to a workbook; ``typed`` stores dates as dates and amounts as numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    with csv_path.open(encoding="utf-8") as f:
        for i, row in enumerate(csv.reader(f)):
            cells: list[object] = list(row)
            if typed and i > 0:
                cells[12] = datetime.fromisoformat(row[12].replace("/", "-")) if "-" in row[12] else row[12]
                cells[10] = float(row[10].replace(",", ""))
            sheet.append(cells)
    book.save(out)
    return out


def test_good_csv_registers_every_row(reg: Registry) -> None:
    report = _import(reg, FIXTURES / "good_loans.csv")
    assert report.ok and (report.rows, report.loans_created, report.borrowers_created) == (4, 4, 3)
    with reg.session() as s:
        second = loans.get_loan("T-GOOD-002", session=s)
        coop = loans.get_loan("T-GOOD-003", session=s)
        small = loans.get_loan("T-GOOD-004", session=s)
        entries = audit.entries_for(s, object_type="import", object_id="good_loans.csv")
    assert (second.principal_fen, second.disbursed_on, second.bank_code) == (
        3_000_000,
        date(2025, 4, 1),
        "ABC",
    )
    assert [(p.role, p.name) for p in coop.borrower.parties] == [
        ("LEGAL_REPRESENTATIVE", "陈国华"),
        ("SHAREHOLDER", "陈国华"),
        ("SHAREHOLDER", "刘玉梅"),
    ]
    assert (coop.annual_rate_bp, coop.village_code) == (450, "YEPING-YEPING")
    assert small.principal_fen == 1_000_050
    assert entries[0].detail["loans"] == ["T-GOOD-001", "T-GOOD-002", "T-GOOD-003", "T-GOOD-004"]


def _seed_for_bad_file(reg: Registry) -> None:
    """T-DB-DUP exists; the enterprise behind it is blacklisted together with its shareholder."""
    with reg.session() as s:
        firm = reg.enterprise(
            s,
            rep="36078119700707066X",
            holders=["360781196008080777"],
            name="瑞金市某农业有限公司",
            credit_code="91360781MA3T0002YN",
        )
        reg.loan(s, firm.credit_code or "", loan_no="T-DB-DUP")
        loans.blacklist_party(
            firm.credit_code or "",
            reason="恶意逃避债务",
            reference="T-DB-DUP",
            idempotency_key="bl-1",
            session=s,
            clock=reg.clock,
            actor="city:RJ/wang",
        )


EXPECTED_BAD = {
    (3, "borrower_id"): "checksum fails",
    (4, "bank"): "unknown bank 'ICBC'",
    (5, "matures_on"): "maturity 2025-02-28 is not after disbursement 2025-03-01",
    (6, "loan_no"): "duplicate loan number T-BAD-001: already on row 2",
    (7, "loan_no"): "duplicate loan number T-DB-DUP: already registered in the database",
    (8, "principal_yuan"): "'50000.001' is not an amount in yuan with at most 2 decimals",
    (9, "village"): "unknown village '不存在村' in 叶坪乡",
    (10, "borrower_id"): "孙德明 (360781196008080777), borrower, is blacklisted: listed on 2026-09-25 by "
    "city:RJ/wang as shareholder of 瑞金市某农业有限公司",
    (11, "township"): "unknown township '火星乡'",
    (12, "annual_rate_percent"): "'abc' is not an annual rate",
    (12, "disbursed_on"): "'2025-13-01' is not a date",
    (13, "legal_rep_name"): "required for a 农业企业",
}


def _assert_bad_report(report: loans.ImportReport) -> None:
    found = {(p.row, p.column): p.message for p in report.problems}
    assert set(found) == set(EXPECTED_BAD)
    for where, fragment in EXPECTED_BAD.items():
        assert fragment in found[where], (where, found[where])
    assert report.bad_rows == list(range(3, 14))
    assert "row 10, column borrower_id" in report.render()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_bad_file_is_refused_whole_with_every_problem_named(reg: Registry, tmp_path: Path, fmt: str) -> None:
    _seed_for_bad_file(reg)
    path = FIXTURES / "bad_loans.csv"
    if fmt == "xlsx":
        path = _to_xlsx(path, tmp_path / "bad_loans.xlsx")
    with pytest.raises(loans.ImportRejected) as err:
        _import(reg, path)
    _assert_bad_report(err.value.report)
    assert _loan_nos(reg) == ["T-DB-DUP"]  # the good row 2 was not written either


def test_missing_required_column_is_reported_on_the_header(reg: Registry) -> None:
    with pytest.raises(loans.ImportRejected) as err:
        _import(reg, FIXTURES / "missing_column.csv")
    assert [(p.row, p.column) for p in err.value.report.problems] == [(1, "principal_yuan")]
    assert "贷款金额(元)" in err.value.report.problems[0].message


def test_xlsx_with_typed_cells_imports(reg: Registry, tmp_path: Path) -> None:
    report = _import(reg, _to_xlsx(FIXTURES / "good_loans.csv", tmp_path / "good.xlsx", typed=True))
    assert report.loans_created == 4
    with reg.session() as s:
        assert loans.get_loan("T-GOOD-002", session=s).principal_fen == 3_000_000


def test_id_number_stored_as_a_spreadsheet_number_is_explained(reg: Registry, tmp_path: Path) -> None:
    path = _to_xlsx(FIXTURES / "good_loans.csv", tmp_path / "numeric-id.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet["D2"] = 360781198001010118
    book.save(path)
    with pytest.raises(loans.ImportRejected) as err:
        _import(reg, path)
    [problem] = err.value.report.problems
    assert (problem.row, problem.column) == (
        2,
        "borrower_id",
    ) and "format the column as text" in problem.message


def test_chinese_headers_in_gb18030_are_understood(reg: Registry, tmp_path: Path) -> None:
    captions = [
        "贷款编号",
        "借款人类型",
        "借款人名称",
        "证件号码",
        "法定代表人",
        "法定代表人身份证号",
        "股东",
        "合作银行",
        "乡镇",
        "村",
        "贷款金额(元)",
        "年利率(%)",
        "放款日期",
        "到期日期",
        "贷款用途",
    ]
    lines = (FIXTURES / "good_loans.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "导出.csv"
    path.write_bytes("\n".join([",".join(captions), *lines[1:]]).encode("gb18030"))
    assert _import(reg, path).loans_created == 4


def test_bank_staff_may_import_only_their_own_loans(reg: Registry) -> None:
    with pytest.raises(loans.ImportRejected) as err:
        _import(reg, FIXTURES / "good_loans.csv", bank_scope="GZRCB")
    assert [(p.row, p.column) for p in err.value.report.problems] == [(3, "bank")]


def test_progress_is_reported_per_row(reg: Registry) -> None:
    calls: list[tuple[str, int, int]] = []
    _import(reg, FIXTURES / "good_loans.csv", progress=lambda *a: calls.append(a))
    assert calls == [("check", i, 4) for i in range(1, 5)] + [("write", i, 4) for i in range(1, 5)]


def test_unreadable_files_are_refused(reg: Registry, tmp_path: Path) -> None:
    fake = tmp_path / "x.xlsx"
    fake.write_text("not a workbook")
    for path in (fake, tmp_path / "x.txt"):
        path.touch()
        with pytest.raises(ValidationFailed):
            _import(reg, path)
    oversized = tmp_path / "oversized.csv"
    oversized.write_text("loan_no,bank\n" + "x" * 200_000 + ",GZRCB\n", encoding="utf-8")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes([0x81, 0x30, 0xFF, 0xFF]))
    for path, fragment in ((oversized, "not a readable CSV"), (binary, "neither UTF-8 nor GB 18030")):
        with pytest.raises(ValidationFailed, match=fragment):
            _import(reg, path)
    header_only = tmp_path / "empty.csv"
    header_only.write_text((FIXTURES / "good_loans.csv").read_text(encoding="utf-8").splitlines()[0])
    with pytest.raises(loans.ImportRejected, match="no data rows"):
        _import(reg, header_only)


def test_shareholder_listed_twice_is_a_row_problem(reg: Registry, tmp_path: Path) -> None:
    lines = (FIXTURES / "good_loans.csv").read_text(encoding="utf-8").splitlines()
    doubled = lines[3].replace(
        "刘玉梅:360781198505050447", "刘玉梅:360781198505050447;刘玉梅:360781198505050447"
    )
    path = tmp_path / "doubled.csv"
    path.write_text("\n".join([lines[0], doubled]), encoding="utf-8")
    with pytest.raises(loans.ImportRejected) as err:
        _import(reg, path)
    [problem] = err.value.report.problems
    assert (problem.row, problem.column) == (2, "shareholders") and "listed twice" in problem.message


def test_values_beyond_the_stored_limits_are_row_problems(reg: Registry, tmp_path: Path) -> None:
    lines = (FIXTURES / "good_loans.csv").read_text(encoding="utf-8").splitlines()
    huge = lines[1].replace("50000.00", "99999999999999999")
    long_name = lines[2].replace("李春生", "李" * 200)
    path = tmp_path / "limits.csv"
    path.write_text("\n".join([lines[0], huge, long_name]), encoding="utf-8")
    with pytest.raises(loans.ImportRejected) as err:
        _import(reg, path)
    assert [(p.row, p.column) for p in err.value.report.problems] == [
        (2, "principal_yuan"),
        (3, "borrower_name"),
    ]
