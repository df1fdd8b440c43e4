"""Reading bank exports (CSV or XLSX) into rows keyed by canonical column names.

Headers may be the English column names or the Chinese captions banks print (see
:data:`COLUMNS`). CSV is read as UTF-8 (with or without BOM) and falls back to GB 18030, the
encoding Excel on a Chinese Windows saves. XLSX cells keep their types (numbers, dates) so the
checks can tell an ID number typed as a number from one typed as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from services.errors import ValidationFailed

Cell = str | int | float | date | datetime | None


@dataclass(frozen=True)
class Column:
    """A column of the import format."""

    name: str
    aliases: tuple[str, ...]
    required: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("loan_no", ("贷款编号", "借据号")),
    Column("borrower_kind", ("借款人类型", "借款对象类型")),
    Column("borrower_name", ("借款人名称", "借款人")),
    Column("borrower_id", ("证件号码", "身份证号/统一社会信用代码")),
    Column("legal_rep_name", ("法定代表人",), required=False),
    Column("legal_rep_id", ("法定代表人身份证号",), required=False),
    Column("shareholders", ("股东",), required=False),
    Column("bank", ("银行", "合作银行", "银行代码")),
    Column("township", ("乡镇",)),
    Column("village", ("村", "行政村"), required=False),
    Column("principal_yuan", ("贷款金额(元)", "贷款金额（元）", "贷款金额")),
    Column("annual_rate_percent", ("年利率(%)", "年利率（%）", "年利率")),
    Column("disbursed_on", ("放款日期", "发放日期")),
    Column("matures_on", ("到期日期",)),
    Column("purpose", ("贷款用途", "用途")),
)
_BY_CAPTION = {caption: col.name for col in COLUMNS for caption in (col.name, *col.aliases)}


@dataclass(frozen=True)
class SourceRow:
    """One data row: its row number as the user sees it (header is row 1) and its cells."""

    number: int
    cells: dict[str, Cell]


@dataclass(frozen=True)
class Source:
    """A file read into memory: canonical columns present, and the data rows."""

    columns: frozenset[str]
    rows: list[SourceRow]


def read_source(path: Path) -> Source:
    """Read a CSV or XLSX export.

    Raises:
        ValidationFailed: unknown extension, unreadable file, or an empty sheet.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table: list[list[Cell]] = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        table = list(_xlsx_rows(path))
    else:
        raise ValidationFailed(f"{path.name}: expected a .csv or .xlsx file", file=str(path))
    if not table:
        raise ValidationFailed(f"{path.name}: the file has no header row", file=str(path))
    return _keyed(table)


def _csv_rows(path: Path) -> list[list[Cell]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ValidationFailed(f"{path.name}: neither UTF-8 nor GB 18030 text", file=str(path)) from exc
    try:
        return [list[Cell](row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise ValidationFailed(f"{path.name}: not a readable CSV file ({exc})", file=str(path)) from exc


def _xlsx_rows(path: Path) -> Iterator[list[Cell]]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ValidationFailed(f"{path.name}: not a readable XLSX workbook ({exc})", file=str(path)) from exc
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [v if isinstance(v, str | int | float | date) or v is None else str(v) for v in values]
    finally:
        book.close()


def _keyed(table: list[list[Cell]]) -> Source:
    header = [str(h).strip() if h is not None else "" for h in table[0]]
    names = [_BY_CAPTION.get(h) for h in header]
    rows: list[SourceRow] = []
    for index, values in enumerate(table[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue  # blank lines at the end of an export are not rows
        cells = {
            name: values[i] if i < len(values) else None for i, name in enumerate(names) if name is not None
        }
        rows.append(SourceRow(number=index, cells=cells))
    return Source(columns=frozenset(n for n in names if n), rows=rows)
