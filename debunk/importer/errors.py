"""The error of a mapping that cannot be used (its own module: the mapping's parts all raise it)."""

from __future__ import annotations


class MappingError(Exception):
    """The mapping cannot be used; the message says why."""
