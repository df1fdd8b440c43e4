"""Row-by-row checks of an import, done entirely before anything is written.

Each problem names the row (as numbered in the file, header = row 1), the column and why. The
database is read once up front (banks, places, existing loan numbers and borrowers, blacklisted
identifiers) so checking a large file does not cost a query per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import pydantic
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.loans.amounts import AmountError, percent_to_bp, yuan_to_fen
from services.loans.blacklist import Party, blacklist_problem
from services.loans.enums import BorrowerKind
from services.loans.identity import normalise, resident_id_problem, uscc_problem
from services.loans.import_source import COLUMNS, Cell, Source, SourceRow
from services.loans.models import Bank, BlacklistEntry, Borrower, Loan, Township, Village
from services.loans.schemas import BorrowerCreate, LoanCreate, PartyIn

_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$", re.ASCII)
_LOAN_NO = re.compile(r"^[A-Za-z0-9_\-./]{1,64}$")


@dataclass(frozen=True)
class ImportProblem:
    """Why one cell (or the header, row 1) is refused."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass(frozen=True)
class LoanDraft:
    """A checked row, ready to register."""

    row: int
    borrower: BorrowerCreate
    loan: LoanCreate


@dataclass
class Lookups:
    """What the checks need from the database, read once."""

    banks: dict[str, str]
    townships: dict[str, Township]
    villages: dict[tuple[int, str], str]
    taken_loan_nos: set[str]
    borrowers: dict[str, tuple[BorrowerKind, str]]
    listed: set[str]
    today: date
    bank_scope: str | None = None
    seen_loans: dict[str, int] = field(default_factory=dict)
    seen_borrowers: dict[str, tuple[int, BorrowerKind, str]] = field(default_factory=dict)


def load_lookups(session: Session, source: Source, today: date, bank_scope: str | None = None) -> Lookups:
    """Read reference data and the existing rows the file could clash with."""
    loan_nos = {_text(r.cells.get("loan_no")) for r in source.rows}
    ids = {normalise(_text(r.cells.get("borrower_id"))) for r in source.rows}
    banks = {key: b.code for b in session.scalars(select(Bank)) for key in (b.code, b.name)}
    townships = {key: t for t in session.scalars(select(Township)) for key in (t.code, t.name)}
    villages = {
        (v.township_id, key): v.code for v in session.scalars(select(Village)) for key in (v.code, v.name)
    }
    taken = set(session.scalars(select(Loan.loan_no).where(Loan.loan_no.in_(loan_nos))))
    borrowers = {
        b.identifier: (b.kind, b.name)
        for b in session.scalars(select(Borrower).where(Borrower.identifier.in_(ids)))
    }
    listed = set(session.scalars(select(BlacklistEntry.identifier).distinct()))
    return Lookups(banks, townships, villages, taken, borrowers, listed, today, bank_scope)


def missing_columns(source: Source) -> list[ImportProblem]:
    """A header problem for each required column the file lacks."""
    return [
        ImportProblem(
            1, col.name, f"missing required column (accepted headers: {', '.join((col.name, *col.aliases))})"
        )
        for col in COLUMNS
        if col.required and col.name not in source.columns
    ]


_FIELD_COLUMNS = {
    "borrower": "borrower_id",
    "credit_code": "borrower_id",
    "id_number": "borrower_id",
    "name": "borrower_name",
    "legal_representative": "legal_rep_name",
    "principal_fen": "principal_yuan",
    "annual_rate_bp": "annual_rate_percent",
}


def check_row(
    row: SourceRow, lookups: Lookups, session: Session
) -> tuple[LoanDraft | None, list[ImportProblem]]:
    """Check one row; a draft is returned only when the row has no problem."""
    check = _RowCheck(row)
    try:
        return _check_row(check, lookups, session)
    except pydantic.ValidationError as exc:
        # Limits the shapes enforce (lengths, the largest amount) reported like any other problem.
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "-"
            check.add(_FIELD_COLUMNS.get(field, field), error["msg"])
        return None, check.problems


def _check_row(
    check: _RowCheck, lookups: Lookups, session: Session
) -> tuple[LoanDraft | None, list[ImportProblem]]:
    row = check.row
    loan_no = _check_loan_no(check, lookups)
    borrower = _check_borrower(check, lookups)
    places = _check_places(check, lookups)
    terms = _check_terms(check, lookups.today)
    if borrower is not None and _any_listed(borrower, lookups):
        problem = blacklist_problem(session, _parties(borrower))
        if problem:
            check.add("borrower_id", problem)
    if check.problems or borrower is None or places is None or terms is None:
        return None, check.problems
    loan = LoanCreate.model_validate(
        {"loan_no": loan_no, "borrower": _identifier(borrower), **places, **terms}
    )
    return LoanDraft(row.number, borrower, loan), []


class _RowCheck:
    def __init__(self, row: SourceRow) -> None:
        self.row = row
        self.problems: list[ImportProblem] = []

    def add(self, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.row.number, column, message))

    def text(self, column: str, *, required: bool = True) -> str:
        value = _text(self.row.cells.get(column))
        if required and not value:
            self.add(column, "is empty")
        return value

    def id_text(self, column: str, *, required: bool = True) -> str:
        raw = self.row.cells.get(column)
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            # 18 digits do not survive as a spreadsheet number (15 significant digits).
            self.add(column, "the ID is stored as a number and has lost digits; format the column as text")
            return ""
        return normalise(self.text(column, required=required))


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _check_loan_no(check: _RowCheck, lookups: Lookups) -> str:
    loan_no = check.text("loan_no")
    if not loan_no:
        return loan_no
    if not _LOAN_NO.match(loan_no):
        check.add("loan_no", f"{loan_no!r} may only contain letters, digits and - _ . /")
    elif loan_no in lookups.seen_loans:
        check.add("loan_no", f"duplicate loan number {loan_no}: already on row {lookups.seen_loans[loan_no]}")
    elif loan_no in lookups.taken_loan_nos:
        check.add("loan_no", f"duplicate loan number {loan_no}: already registered in the database")
    lookups.seen_loans.setdefault(loan_no, check.row.number)
    return loan_no


def _check_borrower(check: _RowCheck, lookups: Lookups) -> BorrowerCreate | None:
    kind_text, name = check.text("borrower_kind"), check.text("borrower_name")
    identifier = check.id_text("borrower_id")
    kind: BorrowerKind | None = None
    if kind_text:
        try:
            kind = BorrowerKind.parse(kind_text)
        except ValueError as exc:
            check.add("borrower_kind", str(exc))
    if kind is None or not identifier or not name:
        return None
    problem = uscc_problem(identifier) if kind.is_organisation else resident_id_problem(identifier)
    if problem:
        check.add("borrower_id", f"{identifier}: {problem}")
        return None
    _check_same_borrower(check, lookups, identifier, kind, name)
    if not kind.is_organisation:
        return BorrowerCreate(kind=kind, name=name, id_number=identifier)
    return _organisation(check, kind, name, identifier)


def _check_same_borrower(
    check: _RowCheck, lookups: Lookups, identifier: str, kind: BorrowerKind, name: str
) -> None:
    known = lookups.borrowers.get(identifier)
    if known is not None and known != (kind, name):
        check.add(
            "borrower_name",
            f"{identifier} is registered as {known[1]} ({known[0].label}), not {name} ({kind.label})",
        )
    earlier = lookups.seen_borrowers.setdefault(identifier, (check.row.number, kind, name))
    if known is None and earlier[1:] != (kind, name):
        check.add("borrower_name", f"{identifier} is {earlier[2]} ({earlier[1].label}) on row {earlier[0]}")


def _organisation(check: _RowCheck, kind: BorrowerKind, name: str, identifier: str) -> BorrowerCreate | None:
    rep_name = check.text("legal_rep_name", required=False)
    rep_id = check.id_text("legal_rep_id", required=False)
    if not rep_name or not rep_id:
        check.add("legal_rep_id" if rep_name else "legal_rep_name", f"required for a {kind.label}")
        return None
    if problem := resident_id_problem(rep_id):
        check.add("legal_rep_id", f"{rep_id}: {problem}")
        return None
    holders = _shareholders(check, check.text("shareholders", required=False))
    if holders is None:
        return None
    return BorrowerCreate(
        kind=kind,
        name=name,
        credit_code=identifier,
        legal_representative=PartyIn(name=rep_name, id_number=rep_id),
        shareholders=holders,
    )


def _shareholders(check: _RowCheck, text: str) -> list[PartyIn] | None:
    holders: list[PartyIn] = []
    for part in filter(None, (p.strip() for p in re.split(r"[;；]", text))):
        match = re.match(r"^(.+?)[:：](.+)$", part)
        number = normalise(match.group(2)) if match else ""
        problem = (
            resident_id_problem(number)
            if match
            else "write each shareholder as 姓名:身份证号, separated by ;"
        )
        if problem or match is None:
            check.add("shareholders", f"{part}: {problem}")
            return None
        name = match.group(1)
        if any(h.id_number == number for h in holders):
            check.add("shareholders", f"{part}: this shareholder is listed twice")
            return None
        holders.append(PartyIn(name=name.strip(), id_number=number))
    return holders


def _check_places(check: _RowCheck, lookups: Lookups) -> dict[str, str | None] | None:
    bank_key, township_key = check.text("bank"), check.text("township")
    village_key = check.text("village", required=False)
    bank = lookups.banks.get(bank_key)
    if bank_key and bank is None:
        check.add("bank", f"unknown bank {bank_key!r}")
    elif bank and lookups.bank_scope and bank != lookups.bank_scope:
        check.add("bank", f"loans of {bank} cannot be imported by staff of {lookups.bank_scope}")
    township = lookups.townships.get(township_key)
    if township_key and township is None:
        check.add("township", f"unknown township {township_key!r}")
    village = lookups.villages.get((township.id, village_key)) if township and village_key else None
    if township and village_key and village is None:
        check.add("village", f"unknown village {village_key!r} in {township.name}")
    if bank is None or township is None or (village_key and village is None):
        return None
    return {"bank_code": bank, "township_code": township.code, "village_code": village}


def _check_terms(check: _RowCheck, today: date) -> dict[str, object] | None:
    terms: dict[str, object] = {"purpose": check.text("purpose")}
    for column, key, parse in (
        ("principal_yuan", "principal_fen", yuan_to_fen),
        ("annual_rate_percent", "annual_rate_bp", percent_to_bp),
    ):
        text = check.text(column)
        try:
            terms[key] = parse(text) if text else None
        except AmountError as exc:
            check.add(column, str(exc))
    disbursed, matures = _date(check, "disbursed_on"), _date(check, "matures_on")
    if disbursed and matures and matures <= disbursed:
        check.add("matures_on", f"maturity {matures} is not after disbursement {disbursed}")
    if disbursed and disbursed > today:
        check.add("disbursed_on", f"{disbursed} is in the future (today is {today})")
    if check.problems:
        return None
    return {**terms, "disbursed_on": disbursed, "matures_on": matures}


def _date(check: _RowCheck, column: str) -> date | None:
    raw = check.row.cells.get(column)
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = check.text(column)
    match = _DATE.match(text)
    if text and match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    if text:
        check.add(column, f"{text!r} is not a date (use YYYY-MM-DD)")
    return None


def _identifier(borrower: BorrowerCreate) -> str:
    return borrower.credit_code or borrower.id_number or ""


def _parties(borrower: BorrowerCreate) -> list[Party]:
    parties: list[Party] = [(_identifier(borrower), borrower.name, "borrower")]
    if borrower.legal_representative:
        rep = borrower.legal_representative
        parties.append((rep.id_number, rep.name, f"legal representative of {borrower.name}"))
    parties += [(h.id_number, h.name, f"shareholder of {borrower.name}") for h in borrower.shareholders]
    return parties


def _any_listed(borrower: BorrowerCreate, lookups: Lookups) -> bool:
    return any(identifier in lookups.listed for identifier, _, _ in _parties(borrower))
