"""Document numbers: GB/T 9704 form, gap-free per (type, year), idempotent, safe under concurrency."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from services import audit
from services.clock import FixedClock
from services.db import Database
from services.documents import (
    DocType,
    IdempotencyKeyReused,
    IssuedNumber,
    UnknownDocumentType,
    format_number,
    issue_number,
)


def _issue(
    db: Database, clock: FixedClock, key: str, doc_type: str = "PAYMENT_ORDER", year: int = 2026
) -> IssuedNumber:
    with db.session() as s:
        return issue_number(
            session=s, clock=clock, actor="finance/wang", doc_type=doc_type, year=year, idempotency_key=key
        )


@pytest.mark.parametrize(
    ("prefix", "year", "seq", "expected"),
    [
        ("瑞扶代", 2026, 12, "瑞扶代〔2026〕12号"),
        ("瑞信还", 2027, 1, "瑞信还〔2027〕1号"),
        ("瑞财审", 2026, 105, "瑞财审〔2026〕105号"),
    ],
)
def test_number_form(prefix: str, year: int, seq: int, expected: str) -> None:
    assert format_number(prefix, year, seq) == expected


@pytest.mark.parametrize(("year", "seq"), [(2026, 0), (2026, -3), (26, 1)])
def test_number_form_refuses_bad_parts(year: int, seq: int) -> None:
    with pytest.raises(ValueError):
        format_number("瑞扶代", year, seq)


def test_numbers_count_from_one_per_type_and_year(db: Database, clock: FixedClock) -> None:
    first = _issue(db, clock, "case-1:order")
    second = _issue(db, clock, "case-2:order")
    other_type = _issue(db, clock, "case-1:reminder", doc_type="REPAYMENT_REMINDER")
    next_year = _issue(db, clock, "case-3:order", year=2027)
    assert (first.number_text, first.seq, first.replayed) == ("瑞扶代〔2026〕1号", 1, False)
    assert second.number_text == "瑞扶代〔2026〕2号"
    assert other_type.number_text == "瑞信还〔2026〕1号"
    assert next_year.number_text == "瑞扶代〔2027〕1号"


def test_a_replayed_key_returns_the_same_number(db: Database, clock: FixedClock) -> None:
    first = _issue(db, clock, "proc-42:payment-order")
    again = _issue(db, clock, "proc-42:payment-order")
    after = _issue(db, clock, "proc-43:payment-order")
    assert again == IssuedNumber(DocType.PAYMENT_ORDER, 2026, 1, first.number_text, replayed=True)
    assert after.seq == 2


def test_a_key_cannot_take_a_number_of_another_type(db: Database, clock: FixedClock) -> None:
    _issue(db, clock, "proc-42:doc")
    with pytest.raises(IdempotencyKeyReused, match="瑞扶代〔2026〕1号"):
        _issue(db, clock, "proc-42:doc", doc_type="OVERDUE_NOTICE")


def test_a_rolled_back_issue_leaves_no_gap(db: Database, clock: FixedClock) -> None:
    _issue(db, clock, "k1")
    with pytest.raises(RuntimeError), db.session() as s:
        taken = issue_number(
            session=s, clock=clock, actor="a", doc_type="PAYMENT_ORDER", year=2026, idempotency_key="k2"
        )
        assert taken.seq == 2
        raise RuntimeError("the job failed after taking the number")
    assert _issue(db, clock, "k3").seq == 2
    assert _issue(db, clock, "k2").seq == 3  # the key was never recorded, so it takes a fresh number


def test_issuing_is_audited(db: Database, clock: FixedClock) -> None:
    _issue(db, clock, "k1")
    _issue(db, clock, "k1")
    with db.session() as s:
        entries = audit.entries_for(s, object_type="document_number", object_id="瑞扶代〔2026〕1号")
    assert [(e.actor, e.action) for e in entries] == [("finance/wang", "document.number_issued")]
    assert entries[0].detail["idempotency_key"] == "k1"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"doc_type": "NOPE"}, UnknownDocumentType),
        ({"idempotency_key": ""}, ValueError),
        ({"actor": ""}, ValueError),
        ({"year": 99}, ValueError),
    ],
)
def test_bad_arguments_are_refused(
    db: Database, clock: FixedClock, kwargs: dict[str, object], error: type
) -> None:
    args: dict[str, object] = {
        "actor": "a",
        "doc_type": "PAYMENT_ORDER",
        "year": 2026,
        "idempotency_key": "k",
    }
    with pytest.raises(error), db.session() as s:
        issue_number(session=s, clock=clock, **{**args, **kwargs})  # type: ignore[arg-type]


THREADS = 8
PER_THREAD = 6


def test_concurrent_issuance_is_gap_free(db: Database, clock: FixedClock) -> None:
    start = threading.Barrier(THREADS)

    def worker(t: int) -> list[int]:
        start.wait()
        return [_issue(db, clock, f"t{t}-n{n}").seq for n in range(PER_THREAD)]

    with ThreadPoolExecutor(THREADS) as pool:
        seqs = [seq for batch in pool.map(worker, range(THREADS)) for seq in batch]
    assert sorted(seqs) == list(range(1, THREADS * PER_THREAD + 1))


def test_concurrent_replays_of_one_key_take_one_number(db: Database, clock: FixedClock) -> None:
    start = threading.Barrier(THREADS)

    def worker(_: int) -> IssuedNumber:
        start.wait()
        return _issue(db, clock, "the-same-job")

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(worker, range(THREADS)))
    assert {r.number_text for r in results} == {"瑞扶代〔2026〕1号"}
    assert sum(not r.replayed for r in results) == 1
    assert _issue(db, clock, "next").seq == 2
