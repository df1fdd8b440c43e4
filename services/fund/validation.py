"""Input checks shared by the ledger functions. A failed check changes nothing."""

from __future__ import annotations

import hashlib
import json

from services.errors import ValidationFailed

# 10^15 fen (10 trillion yuan) keeps every sum far inside a signed 64-bit column.
MAX_FEN = 10**15


def require_fen(field: str, value: object, *, allow_zero: bool = False) -> int:
    """``value`` as a whole number of fen: an ``int`` (not bool, not float), positive unless allowed 0.

    Raises:
        ValidationFailed: Naming ``field`` and what is wrong.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(
            f"{field} must be a whole number of fen (int), got {value!r} ({type(value).__name__})",
            field=field,
        )
    if value < 0 or (value == 0 and not allow_zero):
        wanted = "zero or more" if allow_zero else "more than zero"
        raise ValidationFailed(f"{field} must be {wanted} fen, got {value}", field=field)
    if value > MAX_FEN:
        raise ValidationFailed(
            f"{field} {value} fen is beyond the ledger's limit of {MAX_FEN} fen", field=field
        )
    return value


def require_text(field: str, value: object, *, max_length: int) -> str:
    """A non-empty string without surrounding blanks, at most ``max_length`` characters.

    Raises:
        ValidationFailed: Naming ``field`` and what is wrong.
    """
    if not isinstance(value, str) or not value or value != value.strip() or len(value) > max_length:
        raise ValidationFailed(
            f"{field} must be a non-empty string of at most {max_length} characters without surrounding "
            f"blanks, got {value!r}",
            field=field,
        )
    return value


def fingerprint(operation: str, **fields: object) -> str:
    """A stable digest of a request, to tell a genuine replay from a reused idempotency key."""
    canonical = json.dumps({"operation": operation, **fields}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
