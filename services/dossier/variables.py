"""Strict reading of process variables for one document: every miss names the variable and the
document type, so an incident tells ops what the process had not set yet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from services.dossier.dates import parse_business_date
from services.dossier.errors import VariableInvalid, VariablesMissing


def _absent(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class ProcessVariables:
    """The variables of a job, read on behalf of one document type."""

    def __init__(self, doc_type: str, values: Mapping[str, Any]) -> None:
        self.doc_type = doc_type
        self._values = dict(values)

    def require(self, names: Iterable[str]) -> None:
        """Check that all ``names`` are set and not empty.

        Raises:
            VariablesMissing: naming every missing variable at once.
        """
        missing = [name for name in names if _absent(self._values.get(name))]
        if missing:
            raise VariablesMissing(doc_type=self.doc_type, names=missing)

    def has(self, name: str) -> bool:
        """True when ``name`` is set and not empty."""
        return not _absent(self._values.get(name))

    def raw(self, name: str) -> Any:
        """The value as the process holds it (``None`` when unset)."""
        return self._values.get(name)

    def invalid(self, name: str, problem: str) -> VariableInvalid:
        """The error for a variable that is set but unusable."""
        return VariableInvalid(doc_type=self.doc_type, name=name, problem=problem)

    def _present(self, name: str) -> Any:
        value = self._values.get(name)
        if _absent(value):
            raise VariablesMissing(doc_type=self.doc_type, names=[name])
        return value

    def text(self, name: str) -> str:
        """A non-empty string, stripped."""
        value = self._present(name)
        if not isinstance(value, str):
            raise self.invalid(name, f"expected text, got {type(value).__name__}")
        return value.strip()

    def optional_text(self, name: str) -> str | None:
        """A stripped string, or ``None`` when unset or empty."""
        return self.text(name) if self.has(name) else None

    def fen(self, name: str) -> int:
        """A non-negative amount in integer fen (never a float, never a boolean)."""
        value = self._present(name)
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # JSON numbers may arrive as 5000000.0 from FEEL arithmetic
            else:
                raise self.invalid(name, f"expected an amount in integer fen, got {value!r}")
        if value < 0:
            raise self.invalid(name, f"amount {value} is negative")
        return value

    def day(self, name: str) -> date:
        """A business date (``YYYY-MM-DD`` or an ISO date-time read in Asia/Shanghai)."""
        value = self._present(name)
        try:
            return parse_business_date(value)
        except ValueError as exc:
            raise self.invalid(name, str(exc)) from exc

    def flag(self, name: str) -> bool:
        """A boolean; an unset checkbox counts as false."""
        value = self._values.get(name)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.invalid(name, f"expected true or false, got {value!r}")
        return value

    def count(self, name: str) -> int:
        """A whole number of at least zero (e.g. days overdue)."""
        value = self._present(name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.invalid(name, f"expected a whole number of at least 0, got {value!r}")
        return value
