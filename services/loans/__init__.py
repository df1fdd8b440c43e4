"""Loan registry of the programme: reference data, borrowers, loans, repayments, the blacklist
(第十五条), external events and who may see which loan.

Service functions take keyword-only ``session``, ``clock`` and ``actor`` and write an audit entry
in the caller's transaction.
"""

from services.loans.blacklist import blacklist_party, ensure_not_blacklisted, listings_of
from services.loans.borrowers import register_borrower
from services.loans.enums import BorrowerKind, InterestEventKind, ListedAs, LoanStatus, PartyRole
from services.loans.event_log import RecordedEvent, events_of, record_event, validate_event
from services.loans.events import EventCreate, EventKind, ValidatedEvent
from services.loans.importer import ImportRejected, ImportReport, import_loans
from services.loans.reference import (
    list_banks,
    list_townships,
    register_bank,
    register_township,
    register_village,
)
from services.loans.registry import get_loan, register_loan, set_loan_status
from services.loans.repayments import (
    interest_events_of,
    record_interest_event,
    record_repayment,
    repayments_of,
)
from services.loans.schemas import (
    BankCreate,
    BorrowerCreate,
    InterestEventCreate,
    LoanCreate,
    LoanPublic,
    PartyIn,
    RepaymentCreate,
    TownshipCreate,
    VillageCreate,
)
from services.loans.scoping import Principal, Role, visible_loan, visible_loans
from services.loans.triggers import DefaultTrigger
from services.loans.variables import loan_variables

__all__ = [
    "BankCreate",
    "BorrowerCreate",
    "BorrowerKind",
    "DefaultTrigger",
    "EventCreate",
    "EventKind",
    "ImportRejected",
    "ImportReport",
    "InterestEventCreate",
    "InterestEventKind",
    "ListedAs",
    "LoanCreate",
    "LoanPublic",
    "LoanStatus",
    "PartyIn",
    "PartyRole",
    "Principal",
    "RecordedEvent",
    "RepaymentCreate",
    "Role",
    "TownshipCreate",
    "ValidatedEvent",
    "VillageCreate",
    "blacklist_party",
    "ensure_not_blacklisted",
    "events_of",
    "get_loan",
    "import_loans",
    "interest_events_of",
    "list_banks",
    "list_townships",
    "listings_of",
    "loan_variables",
    "record_event",
    "record_interest_event",
    "record_repayment",
    "register_bank",
    "register_borrower",
    "register_loan",
    "register_township",
    "register_village",
    "repayments_of",
    "set_loan_status",
    "validate_event",
    "visible_loan",
    "visible_loans",
]
