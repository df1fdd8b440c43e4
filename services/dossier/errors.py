"""Errors of document assembly, under the services root so the API and workers treat them alike."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.errors import NotFound, ValidationFailed


class VariablesMissing(ValidationFailed):
    """The process has not (yet) set variables a document needs; nothing was issued."""

    code = "document_variables_missing"

    def __init__(self, *, doc_type: str, names: Sequence[str]) -> None:
        listed = ", ".join(names)
        super().__init__(
            f"{doc_type} cannot be issued: process variable(s) missing or empty: {listed}",
            doc_type=doc_type,
            variables=list(names),
        )
        self.names = list(names)


class VariableInvalid(ValidationFailed):
    """A process variable is there but cannot be read as what the document needs."""

    code = "document_variable_invalid"

    def __init__(self, *, doc_type: str, name: str, problem: str) -> None:
        super().__init__(
            f"{doc_type} cannot be issued: process variable {name}: {problem}",
            doc_type=doc_type,
            variable=name,
            problem=problem,
        )


class DirectoryInvalid(ValidationFailed):
    """The organisations file breaks its schema or cannot be read."""

    code = "organisations_file_invalid"

    def __init__(self, *, path: Path, problems: Sequence[str]) -> None:
        super().__init__(
            f"{path} is not a valid organisations file: {'; '.join(problems)}",
            path=str(path),
            problems=list(problems),
        )


class DirectoryEntryMissing(NotFound):
    """A bank or office has no entry in the organisations file."""

    code = "organisation_entry_missing"

    def __init__(self, *, section: str, key: str, path: Path) -> None:
        what = "bank code" if section == "banks" else "office"
        super().__init__(
            f"{what} {key!r} has no entry under {section!r} in {path}; add its contact"
            + (" and accounts" if section == "banks" else ""),
            section=section,
            key=key,
            path=str(path),
        )
