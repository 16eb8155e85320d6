"""The values a page gives the reads of a template's shared part (`frame_reads`), to compare
pages by: pages share a frame only when these are equal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import jinja2

from debunk_mkdocs.frame_reads import FIRST, ITEM, Read

_MISSING = object()


def read_values(
    env: jinja2.Environment, reads: Sequence[Read], context: Mapping[str, object]
) -> tuple[object, ...]:
    """What each read gives for `context`, in a form to compare pages by (`_comparable`)."""
    return tuple(_value(env, read, context) for read in reads)


@dataclass
class Reader:
    """`read_values` of a family's reads, page after page, without evaluating again the reads of
    a variable that holds the very object it held on the last page (the configuration, the
    navigation): nothing changes those while the theme pages render, and looking up the
    theme's settings on every page was most of the cost (0.9 ms a page)."""

    env: jinja2.Environment
    reads: tuple[Read, ...]
    _roots: dict[str, list[int]] = field(default_factory=dict)
    _last: dict[str, tuple[object, tuple[object, ...]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for index, read in enumerate(self.reads):
            self._roots.setdefault(str(read.path[0]), []).append(index)

    def values(self, context: Mapping[str, object]) -> tuple[object, ...]:
        out: list[object] = [None] * len(self.reads)
        for root, indices in self._roots.items():
            held = context.get(root, _MISSING)
            last = self._last.get(root)
            if last is not None and last[0] is held:
                found = last[1]
            else:
                found = tuple(_value(self.env, self.reads[index], context) for index in indices)
                self._last[root] = (held, found)
            for index, value in zip(indices, found, strict=True):
                out[index] = value
        return tuple(out)


def _value(env: jinja2.Environment, read: Read, context: Mapping[str, object]) -> object:
    value = context.get(str(read.path[0]), _MISSING)
    try:
        for step, kind in zip(read.path[1:], read.kinds, strict=True):
            if value is _MISSING or isinstance(value, jinja2.Undefined):
                break
            if kind == FIRST:  # Jinja's `first` filter
                value = next(iter(value), _MISSING)  # type: ignore[call-overload]
            else:
                value = env.getitem(value, step) if kind == ITEM else env.getattr(value, str(step))
    except Exception as error:
        return ("error", type(error).__name__)
    missing = value is _MISSING or isinstance(value, jinja2.Undefined)
    if read.use == "truth":
        return not missing and bool(value)
    if read.use == "defined":
        return not missing
    return _comparable(None if missing else value)


def _comparable(value: object) -> object:
    """Plain data as itself (lists and dicts as tuples); any other object by identity, as pages
    share the same navigation and configuration objects but never the same page."""
    if value is None or isinstance(value, str | int | float | bool):
        return (type(value).__name__, value)
    if isinstance(value, list | tuple):
        return ("list", tuple(_comparable(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(key), _comparable(item)) for key, item in value.items())))
    return ("object", id(value))
