"""Resident ID (GB 11643) and credit code (GB 32100) checks against published examples."""

from __future__ import annotations

import pytest

from services.errors import ValidationFailed
from services.loans.identity import (
    USCC_ALPHABET,
    check_resident_id,
    check_uscc,
    resident_id_check_char,
    resident_id_problem,
    uscc_problem,
)

# The worked example printed in GB 11643-1999, and two credit codes published by registries.
VALID_IDS = ["11010519491231002X"]
VALID_USCC = ["91350100M000100Y43", "91110000600037341L"]


@pytest.mark.parametrize("value", VALID_IDS)
def test_published_resident_ids_are_valid(value: str) -> None:
    assert resident_id_problem(value) is None


@pytest.mark.parametrize("value", VALID_USCC)
def test_published_credit_codes_are_valid(value: str) -> None:
    assert uscc_problem(value) is None


@pytest.mark.parametrize("value", VALID_IDS)
def test_any_single_digit_change_breaks_the_id_checksum(value: str) -> None:
    for pos in range(6, 17):
        for digit in "0123456789":
            if digit == value[pos]:
                continue
            mutated = value[:pos] + digit + value[pos + 1 :]
            problem = resident_id_problem(mutated)
            assert problem is not None, mutated


@pytest.mark.parametrize("value", VALID_USCC)
def test_any_single_character_change_breaks_the_credit_code_checksum(value: str) -> None:
    for pos in range(17):
        for ch in USCC_ALPHABET:
            mutated = value[:pos] + ch + value[pos + 1 :]
            if ch == value[pos] or (2 <= pos < 8 and not ch.isdigit()):
                continue
            assert uscc_problem(mutated) is not None, mutated


def test_wrong_check_character_is_named_in_the_message() -> None:
    with pytest.raises(ValidationFailed) as err:
        check_resident_id("110105194912310021", field="borrower_id")
    assert "checksum" in err.value.message and "X" in err.value.message
    assert err.value.fields["field"] == "borrower_id"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("1101051949123100", "17 digits"),
        ("11010519491331002X", "birth date"),
        ("11010518001231002X", "implausible"),
        ("11010519491231002A", "17 digits"),
    ],
)
def test_malformed_ids_say_why(value: str, fragment: str) -> None:
    problem = resident_id_problem(value)
    assert problem is not None and fragment in problem


def test_checksum_is_right_but_an_1880_birth_is_refused() -> None:
    # A textbook example whose check digit is correct; nobody born in 1880 takes a loan.
    assert resident_id_check_char("44052418800101001") == "4"
    problem = resident_id_problem("440524188001010014")
    assert problem is not None and "implausible" in problem


def test_lower_case_x_and_blanks_are_normalised() -> None:
    assert check_resident_id(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize("value", ["91350100M000100Y4", "91350100M000100Y4I", "9135010AM000100Y43"])
def test_malformed_credit_codes_are_refused(value: str) -> None:
    with pytest.raises(ValidationFailed):
        check_uscc(value)


def test_credit_code_with_wrong_check_character() -> None:
    problem = uscc_problem("91350100M000100Y44")
    assert problem is not None and "GB 32100 gives 3" in problem
