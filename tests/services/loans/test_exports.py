"""The public names of ``services.loans`` are deliberate."""

from __future__ import annotations

import services.loans


def test_exported_names_exist_and_are_listed() -> None:
    assert all(hasattr(services.loans, name) for name in services.loans.__all__)
    for name in (
        "register_loan",
        "blacklist_party",
        "visible_loans",
        "validate_event",
        "record_event",
        "import_loans",
        "DefaultTrigger",
        "EventKind",
        "ValidatedEvent",
    ):
        assert name in services.loans.__all__
