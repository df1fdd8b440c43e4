"""Load-time errors of DMN resources."""

from __future__ import annotations

from dataclasses import dataclass

from engine.errors import DeploymentInvalid


@dataclass(frozen=True, slots=True)
class DmnProblem:
    """One thing wrong with a DMN resource, located by element id and source line."""

    resource_name: str
    element_id: str | None
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"'{self.resource_name}'"
        if self.line is not None:
            where += f" line {self.line}"
        if self.element_id:
            where += f", element '{self.element_id}'"
        return f"{where}: {self.message}"


class DmnInvalid(DeploymentInvalid):
    """A DMN resource that cannot be deployed; ``problems`` lists every problem found.

    It is a :class:`engine.errors.DeploymentInvalid`, so a deployment command can let it
    propagate and the gateway answers INVALID_ARGUMENT with Zeebe's message shape.
    """

    def __init__(self, *, problems: list[DmnProblem]) -> None:
        self.details = tuple(problems)
        super().__init__(problems=[str(p) for p in problems])
