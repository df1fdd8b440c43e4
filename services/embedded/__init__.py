"""The whole embedded stack in one process: engine + gRPC gateway, the workers over real gRPC,
the services database, all on one injected clock; and a driver that acts as staff and as the
outside world (completing user tasks, reporting events, moving the clock). Used by ``xdt demo``
and the end-to-end scenario tests."""

from services.embedded.stack import EmbeddedStack, Stuck

__all__ = ["EmbeddedStack", "Stuck"]
