"""A subset of the Camunda 8.8 Orchestration Cluster REST API (v2) over the embedded engine.

``create_rest_app`` builds a FastAPI app; ``create_rest_router`` gives the bare router (mounted
under ``/v2``) for embedding in another app. Extensions Camunda lacks live under ``/v2/x-…``.
"""

from engine.rest.app import create_rest_app, create_rest_router
from engine.rest.clock_control import ClockControl, PinnableClock

__all__ = ["ClockControl", "PinnableClock", "create_rest_app", "create_rest_router"]
