"""Identity numbers: the 18-digit resident ID (GB 11643-1999) and the unified social credit
code of organisations (GB 32100-2015).

Both end in a check character computed from the first 17. A resident ID weights digit ``i``
(0-based) by ``2**(17-i) mod 11`` and maps ``sum mod 11`` through ``10X98765432``. A credit code
weights character ``i`` by ``3**i mod 31`` over the 31-character alphabet without I, O, Z, S, V,
and its check value is ``31 - sum mod 31`` (31 becoming 0).
"""

from __future__ import annotations

import re
from datetime import date

from services.errors import ValidationFailed

_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$", re.ASCII)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_USCC_SHAPE = re.compile(rf"^[{USCC_ALPHABET}]{{2}}\d{{6}}[{USCC_ALPHABET}]{{10}}$", re.ASCII)


def resident_id_check_char(first17: str) -> str:
    """The check character for the first 17 digits of a resident ID."""
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def uscc_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a unified social credit code."""
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def resident_id_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 18-digit resident ID, or ``None`` when it is."""
    if not _ID_SHAPE.match(value):
        return "an ID number has 17 digits followed by a digit or X"
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return f"birth date {value[6:14]} in the ID number is not a calendar date"
    if born.year < 1900:
        return f"birth year {born.year} in the ID number is implausible"
    expected = resident_id_check_char(value[:17])
    if value[17] != expected:
        return f"checksum fails: last character is {value[17]}, GB 11643 gives {expected}"
    return None


def uscc_problem(value: str) -> str | None:
    """Why ``value`` is not a valid unified social credit code, or ``None`` when it is."""
    if len(value) != 18 or not _USCC_SHAPE.match(value):
        return (
            "a unified social credit code has 18 characters from 0-9 and A-Y without I, O, Z, S, V, "
            "with digits in positions 3-8"
        )
    expected = uscc_check_char(value[:17])
    if value[17] != expected:
        return f"checksum fails: last character is {value[17]}, GB 32100 gives {expected}"
    return None


def normalise(value: str) -> str:
    """Strip blanks and upper-case, as both numbers are written with capital letters."""
    return value.strip().replace(" ", "").upper()


def check_resident_id(value: str, *, field: str = "id_number") -> str:
    """Return the normalised ID number.

    Raises:
        ValidationFailed: naming ``field`` and why the number is invalid.
    """
    norm = normalise(value)
    problem = resident_id_problem(norm)
    if problem:
        raise ValidationFailed(f"{field} {value!r}: {problem}", field=field, value=value)
    return norm


def check_uscc(value: str, *, field: str = "credit_code") -> str:
    """Return the normalised unified social credit code.

    Raises:
        ValidationFailed: naming ``field`` and why the code is invalid.
    """
    norm = normalise(value)
    problem = uscc_problem(norm)
    if problem:
        raise ValidationFailed(f"{field} {value!r}: {problem}", field=field, value=value)
    return norm
