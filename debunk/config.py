"""Site settings: read from `mkdocs.yml` (`site_url`, `site_name`, `extra.debunk`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from debunk.model import Problem

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class SettingsError(ValueError):
    """A setting with a wrong type or value: `field: message`, the field under `extra.debunk`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Settings:
    """What the core needs to know about the publication."""

    site_name: str = "Debunk"
    site_url: str = "https://example.org/"
    """The published address, with a trailing slash; canonical links and feeds use it."""
    organisation: str = "Debunk"
    """The publishing organisation: the author of every ClaimReview."""
    organisation_url: str = "https://example.org/"
    license: str = "CC-BY-4.0"
    """The license of the published data (an SPDX id)."""
    page_size: int = 50
    """Cases per term and narrative page."""
    cases_page_size: int = 100
    """Cases per page of the list of all cases (`/cases/`)."""
    related_count: int = 5
    """Related cases shown on a case page."""
    timezone: str = "UTC"
    """The time zone of review weeks."""
    fail_on_warnings: bool = False
    """Report content warnings as build warnings (so `mkdocs build --strict` fails on them)."""
    cache_dir: str = ".cache/debunk"
    """Where loaded cases and rendered pages are kept across runs, relative to the repository;
    '' turns it off."""
    archive_required_from: dt.date | None = None
    """Cases dated from this day need an archived copy of every source (an error, not a warning)."""

    @classmethod
    def from_mapping(cls, site_name: str | None, site_url: str | None, extra: Mapping[str, Any]) -> Settings:
        """Settings from MkDocs' `site_name`, `site_url` and the `extra.debunk` mapping."""
        options = dict(extra.get("debunk") or {})
        organisation = options.pop("organisation", {}) or {}
        url = (site_url or cls.site_url).rstrip("/") + "/"
        known = {name for name in cls.__dataclass_fields__ if name not in {"site_name", "site_url"}}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(f"extra.debunk: unknown setting(s) {', '.join(map(repr, unknown))}")
        if "archive_required_from" in options:
            options["archive_required_from"] = _day(options["archive_required_from"])
        return cls(
            site_name=site_name or cls.site_name,
            site_url=url,
            organisation=str(organisation.get("name", site_name or cls.organisation)),
            organisation_url=str(organisation.get("url", url)),
            **options,
        )


def _day(value: object) -> dt.date | None:
    """A date setting: YAML's own date (`2027-01-01` unquoted), a `YYYY-MM-DD` string, or empty."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise SettingsError(
        "extra.debunk.archive_required_from",
        f"{value!r} is not a date; write the first day whose cases need an archived copy as "
        "YYYY-MM-DD, e.g. 2027-01-01 (or leave it out)",
    )


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring MkDocs' own tags (`!ENV`, `!!python/name:`)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def load_settings(root: Path) -> Settings:
    """The settings of the repository at `root` (defaults when it has no mkdocs.yml)."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return Settings()
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}  # noqa: S506
    return Settings.from_mapping(data.get("site_name"), data.get("site_url"), data.get("extra") or {})


def checked_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """The settings, or the defaults and the problem with them (`mkdocs.yml:LINE: field: message`)."""
    try:
        return load_settings(root), []
    except SettingsError as exc:
        line = _line_of(root / "mkdocs.yml", exc.field.rsplit(".", 1)[-1])
        return Settings(), [Problem("mkdocs.yml", line, exc.field, exc.message)]
    except (ValueError, TypeError, yaml.YAMLError) as exc:
        return Settings(), [Problem("mkdocs.yml", 0, "extra.debunk", str(exc).removeprefix("extra.debunk: "))]


def _line_of(path: Path, key: str) -> int:
    found = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*:", path.read_text(encoding="utf-8"), re.MULTILINE)
    return 0 if found is None else found.string.count("\n", 0, found.start()) + 1
