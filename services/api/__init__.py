"""The services HTTP API (FastAPI)."""
