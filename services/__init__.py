"""Domain services of the post-loan orchestrator: calendar, loans, fund ledger, documents, audit."""
