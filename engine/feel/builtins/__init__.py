"""FEEL built-in functions, one module per group; importing this package registers them all."""

from engine.feel.builtins import (  # noqa: F401  (imported for their registrations)
    boolean,
    context,
    conversion,
    lists,
    numeric,
    range,
    strings,
    temporal,
)
from engine.feel.builtins.registry import builtin_names, lookup_builtin

__all__ = ["builtin_names", "lookup_builtin"]
