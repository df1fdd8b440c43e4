"""All-or-nothing import of loans from a bank's CSV or XLSX export (``xdt loans import FILE``).

Every row is checked before anything is written; one bad row refuses the whole file with a
report naming each bad row, column and reason. A good file registers its borrowers (once each)
and loans through the same service functions as the API, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from services import audit
from services.clock import Clock, business_today
from services.errors import ValidationFailed
from services.loans.borrowers import register_borrower
from services.loans.import_check import ImportProblem, LoanDraft, check_row, load_lookups, missing_columns
from services.loans.import_source import Source, read_source
from services.loans.models import Borrower
from services.loans.registry import register_loan

Progress = Callable[[str, int, int], None]
"""Called as ``progress(phase, done, total)`` with phase ``"check"`` then ``"write"``."""


@dataclass
class ImportReport:
    """What an import found and did."""

    file: str
    rows: int
    problems: list[ImportProblem] = field(default_factory=list)
    loans_created: int = 0
    borrowers_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})

    def render(self) -> str:
        """A human-readable report, one line per problem."""
        if self.ok:
            return (
                f"{self.file}: {self.rows} rows, {self.loans_created} loans and "
                f"{self.borrowers_created} new borrowers registered"
            )
        head = (
            f"{self.file}: refused, nothing written — {len(self.problems)} problem(s) in "
            f"{len(self.bad_rows)} row(s) of {self.rows}"
        )
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class ImportRejected(ValidationFailed):
    """The file has at least one bad row; ``report`` lists them. Nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.render(), problems=[str(p) for p in report.problems])
        self.report = report


def import_loans(
    path: Path,
    *,
    session: Session,
    clock: Clock,
    actor: str,
    progress: Progress | None = None,
    bank_scope: str | None = None,
) -> ImportReport:
    """Check every row of ``path`` and, only if all are good, register them.

    Args:
        progress: called as rows are checked and written (for a progress bar).
        bank_scope: when set, every row must belong to this bank (an import by bank staff).

    Raises:
        ImportRejected: with the report, when any row or the header is bad.
        ValidationFailed: the file cannot be read at all.
    """
    source = read_source(path)
    report = ImportReport(file=path.name, rows=len(source.rows))
    drafts = _check_all(source, report, session, clock, progress, bank_scope)
    if not report.ok:
        raise ImportRejected(report)
    _write_all(drafts, report, session=session, clock=clock, actor=actor, progress=progress)
    audit.record(
        session,
        clock=clock,
        actor=actor,
        action="loan.import",
        object_type="import",
        object_id=path.name,
        detail={"rows": report.rows, "loans": [d.loan.loan_no for d in drafts]},
    )
    return report


def _check_all(
    source: Source,
    report: ImportReport,
    session: Session,
    clock: Clock,
    progress: Progress | None,
    bank_scope: str | None,
) -> list[LoanDraft]:
    report.problems.extend(missing_columns(source))
    if not report.ok:
        return []
    lookups = load_lookups(session, source, business_today(clock), bank_scope)
    drafts: list[LoanDraft] = []
    for done, row in enumerate(source.rows, start=1):
        draft, problems = check_row(row, lookups, session)
        report.problems.extend(problems)
        if draft is not None:
            drafts.append(draft)
        if progress:
            progress("check", done, len(source.rows))
    if not source.rows:
        report.problems.append(ImportProblem(2, "-", "the file has a header but no data rows"))
    return drafts


def _write_all(
    drafts: list[LoanDraft],
    report: ImportReport,
    *,
    session: Session,
    clock: Clock,
    actor: str,
    progress: Progress | None,
) -> None:
    for done, draft in enumerate(drafts, start=1):
        identifier = draft.loan.borrower
        if session.scalar(select(Borrower.id).where(Borrower.identifier == identifier)) is None:
            register_borrower(draft.borrower, session=session, clock=clock, actor=actor)
            report.borrowers_created += 1
        register_loan(draft.loan, session=session, clock=clock, actor=actor)
        report.loans_created += 1
        if progress:
            progress("write", done, len(drafts))
