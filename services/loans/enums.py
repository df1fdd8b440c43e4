"""Closed vocabularies of the loan registry; values are stable English names, labels Chinese."""

from __future__ import annotations

from enum import StrEnum


class BorrowerKind(StrEnum):
    """The four kinds of borrower of 第二条."""

    POOR_HOUSEHOLD = "POOR_HOUSEHOLD"
    AGRI_ENTERPRISE = "AGRI_ENTERPRISE"
    FAMILY_FARM = "FAMILY_FARM"
    COOPERATIVE = "COOPERATIVE"

    @property
    def label(self) -> str:
        return _BORROWER_LABELS[self]

    @property
    def is_organisation(self) -> bool:
        """Organisations carry a credit code, a legal representative and shareholders."""
        return self is not BorrowerKind.POOR_HOUSEHOLD

    @classmethod
    def parse(cls, text: str) -> BorrowerKind:
        """Accept the English name (any case) or the Chinese label.

        Raises:
            ValueError: naming the accepted spellings.
        """
        raw = text.strip()
        for kind in cls:
            if raw.upper() == kind.value or raw == kind.label:
                return kind
        accepted = ", ".join(f"{k.value}/{k.label}" for k in cls)
        raise ValueError(f"unknown borrower kind {text!r}; use one of {accepted}")


_BORROWER_LABELS = {
    BorrowerKind.POOR_HOUSEHOLD: "贫困户",
    BorrowerKind.AGRI_ENTERPRISE: "农业企业",
    BorrowerKind.FAMILY_FARM: "家庭农场",
    BorrowerKind.COOPERATIVE: "农民专业合作社",
}


class PartyRole(StrEnum):
    """How a person stands to an organisation borrower."""

    LEGAL_REPRESENTATIVE = "LEGAL_REPRESENTATIVE"
    SHAREHOLDER = "SHAREHOLDER"


class ListedAs(StrEnum):
    """Why a party appears in a blacklist listing (第十五条: the borrower and its shareholders)."""

    BORROWER = "BORROWER"
    LEGAL_REPRESENTATIVE = "LEGAL_REPRESENTATIVE"
    SHAREHOLDER = "SHAREHOLDER"


class LoanStatus(StrEnum):
    """Lifecycle of a loan.

    ``ACTIVE -> REPAID`` on full repayment; ``ACTIVE -> DEFAULTED`` on a 第十七条 trigger;
    ``DEFAULTED -> REPAID`` when collection succeeds; ``DEFAULTED -> COMPENSATED`` when the risk
    fund pays (第二十条); ``COMPENSATED -> CLOSED`` when recovery ends. Other moves are refused.
    """

    ACTIVE = "ACTIVE"
    DEFAULTED = "DEFAULTED"
    REPAID = "REPAID"
    COMPENSATED = "COMPENSATED"
    CLOSED = "CLOSED"


ALLOWED_STATUS_CHANGES: dict[LoanStatus, frozenset[LoanStatus]] = {
    LoanStatus.ACTIVE: frozenset({LoanStatus.REPAID, LoanStatus.DEFAULTED}),
    LoanStatus.DEFAULTED: frozenset({LoanStatus.REPAID, LoanStatus.COMPENSATED}),
    LoanStatus.COMPENSATED: frozenset({LoanStatus.CLOSED}),
    LoanStatus.REPAID: frozenset(),
    LoanStatus.CLOSED: frozenset(),
}


class InterestEventKind(StrEnum):
    """An interest instalment falling due, being paid, or being missed."""

    DUE = "DUE"
    PAID = "PAID"
    MISSED = "MISSED"
