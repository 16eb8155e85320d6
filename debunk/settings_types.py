"""The declared types of the settings: each value checked, each wrong one explained with what to write."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

SECTION = "extra.debunk"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_value(kind: str, default: object, rules: Mapping[str, Any], value: object) -> tuple[Any, str]:
    """`value` as a setting of type `kind` (a dataclass annotation), or None and why it is wrong."""
    if value is None and "empty" in rules:
        return rules["empty"], ""
    if kind == "bool":
        if isinstance(value, bool):
            return value, ""
        return None, f"{value!r} is not true or false; write true or false"
    if kind == "int":
        return _whole(value, default, rules.get("minimum"))
    if kind == "str":
        if not isinstance(value, str):
            return None, f"{value!r} is not text; write text, such as {default!r}"
        if rules.get("zone") and not _is_zone(value):
            return (
                None,
                f"{value!r} is not a time zone; write an IANA name such as 'Europe/Brussels' or 'UTC'",
            )
        return value, ""
    assert kind == "dt.date | None", kind
    return _day(value)


def _is_zone(name: str) -> bool:
    """Whether `name` is a time zone of the IANA database (`Europe/Brussels`), as `zoneinfo` finds it."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _whole(value: object, default: object, minimum: int | None) -> tuple[Any, str]:
    """A whole number (YAML's `20`, not `"20"`, `20.0` or `true`) of at least `minimum`."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None, f"{value!r} is not a whole number; write a number such as {default}"
    if minimum is not None and value < minimum:
        return None, f"{value!r} is too small; write a whole number of at least {minimum}, such as {default}"
    return value, ""


def _day(value: object) -> tuple[dt.date | None, str]:
    """A date: YAML's own date (`2027-01-01` unquoted), a `YYYY-MM-DD` string, or empty."""
    if value is None or value == "":
        return None, ""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value, ""
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()), ""
        except ValueError:
            pass
    return None, (
        f"{value!r} is not a date; write the first day whose cases need an archived copy as "
        "YYYY-MM-DD, e.g. 2027-01-01 (or leave it out)"
    )


def key_lines(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    """The 1-based line of each key of a composed YAML mapping, dotted (`extra.debunk.page_size`)."""
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            name = f"{prefix}{key.value}"
            lines[name] = key.start_mark.line + 1
            lines.update(key_lines(value, f"{name}."))
    return lines
