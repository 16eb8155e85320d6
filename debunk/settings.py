"""Site settings: read from `mkdocs.yml` (`site_name`, `site_url`, `extra.debunk`), every one type-checked.

Each setting declares its type (and, for numbers, a minimum) on the dataclass field; a wrong
value is a `Problem` naming the key, the value and what to write instead, and every problem is
reported at once, as mkdocs-material's `Config` classes do (without importing MkDocs here).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from debunk.model import Problem, Severity
from debunk.settings_types import SECTION, check_value, key_lines

CONFIG_FILE = "mkdocs.yml"


def _at_least(minimum: int) -> dict[str, int]:
    return {"minimum": minimum}


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
    page_size: int = field(default=50, metadata=_at_least(1))
    """Cases per term and narrative page."""
    cases_page_size: int = field(default=100, metadata=_at_least(1))
    """Cases per page of the list of all cases (`/cases/`)."""
    related_count: int = field(default=5, metadata=_at_least(0))
    """Related cases shown on a case page."""
    timezone: str = field(default="UTC", metadata={"zone": True})
    """The time zone of review weeks."""
    fail_on_warnings: bool = False
    """Report content warnings as build warnings (so `mkdocs build --strict` fails on them)."""
    cache_dir: str = field(default=".cache/debunk", metadata={"empty": ""})
    """Where loaded cases and rendered pages are kept across runs, relative to the repository;
    '' (or nothing) turns it off."""
    archive_required_from: dt.date | None = None
    """Cases dated from this day need an archived copy of every source (an error, not a warning)."""

    @classmethod
    def from_mapping(cls, site_name: object, site_url: object, extra: Mapping[str, Any]) -> Settings:
        """Settings from MkDocs' `site_name`, `site_url` and `extra`; SettingsError lists every wrong one."""
        settings, problems = check_settings(site_name, site_url, extra)
        if any(problem.severity is Severity.ERROR for problem in problems):
            raise SettingsError(problems)
        return settings


class SettingsError(ValueError):
    """Wrong settings: every problem (unknown keys too), one `path:line: field: message` line each."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(map(str, self.problems)))


# The settings under `extra.debunk` a user writes; `organisation` is the mapping of two of them.
_OWN = ("site_name", "site_url", "organisation", "organisation_url")
_ORGANISATION = {"name": "organisation", "url": "organisation_url"}


def check_settings(
    site_name: object,
    site_url: object,
    extra: object,
    *,
    path: str = CONFIG_FILE,
    lines: Mapping[str, int] | None = None,
) -> tuple[Settings, list[Problem]]:
    """The settings and every problem with them; the defaults when any is an error.

    `lines` maps a dotted key (`extra.debunk.page_size`) to its line in `path`; 0 when unknown.
    Unknown keys are warnings naming the nearest known one.
    """
    found = _Found(path, lines or {})
    values: dict[str, Any] = {}
    for name, value in (("site_name", site_name), ("site_url", site_url)):
        if value is not None:
            values[name] = found.typed(name, name, value)
    options = extra.get("debunk") if isinstance(extra, Mapping) else None
    if options is not None and not isinstance(options, Mapping):
        found.error(SECTION, f"{options!r} is not a mapping; write 'key: value' lines under it")
        options = None
    for key, value in (options or {}).items():
        if key == "organisation":
            values.update(_organisation(found, value))
        elif key in _FIELDS and key not in _OWN:
            values[key] = found.typed(key, f"{SECTION}.{key}", value)
        else:
            found.unknown(f"{SECTION}.{key}", key, [n for n in _FIELDS if n not in _OWN] + ["organisation"])
    if found.failed:
        return Settings(), found.problems
    values = {name: value for name, value in values.items() if value is not None or name in _NULLABLE}
    url = str(values.get("site_url", Settings.site_url)).rstrip("/") + "/"
    name = values.get("site_name") or Settings.site_name
    values.update(site_url=url, site_name=name)
    values.setdefault("organisation", name)
    values.setdefault("organisation_url", url)
    return Settings(**values), found.problems


_FIELDS = {item.name: item for item in dataclasses.fields(Settings)}
_NULLABLE = {"archive_required_from"}


def _organisation(found: _Found, value: object) -> dict[str, Any]:
    """`organisation: {name: ..., url: ...}` as the two settings it fills."""
    where = f"{SECTION}.organisation"
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        found.error(where, f"{value!r} is not a mapping; write 'name:' and 'url:' lines under it")
        return {}
    values = {}
    for key, item in value.items():
        if key in _ORGANISATION:
            values[_ORGANISATION[key]] = found.typed(_ORGANISATION[key], f"{where}.{key}", item)
        else:
            found.unknown(f"{where}.{key}", key, list(_ORGANISATION))
    return values


@dataclass
class _Found:
    """The problems found so far, each at the line of its key."""

    path: str
    lines: Mapping[str, int]
    problems: list[Problem] = field(default_factory=list)
    failed: bool = False

    def error(self, where: str, message: str) -> None:
        self.failed = True
        self.problems.append(Problem(self.path, self.lines.get(where, 0), where, message))

    def unknown(self, where: str, key: object, known: list[str]) -> None:
        near = difflib.get_close_matches(str(key), known, n=1)
        hint = f"did you mean {near[0]!r}?" if near else f"the known ones are {', '.join(sorted(known))}"
        message = f"unknown setting {key!r} is ignored; {hint}"
        self.problems.append(Problem(self.path, self.lines.get(where, 0), where, message, Severity.WARNING))

    def typed(self, name: str, where: str, value: object) -> Any:
        """`value` as the declared type of the setting `name`, or None and an error."""
        setting = _FIELDS[name]
        checked, wrong = check_value(str(setting.type), setting.default, setting.metadata, value)
        if wrong:
            self.error(where, wrong)
        return checked


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring MkDocs' own tags (`!ENV`, `!!python/name:`)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def settings_lines(path: Path) -> dict[str, int]:
    """The 1-based line of each key of the MkDocs config file at `path` (`extra.debunk.page_size`)."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return key_lines(node)


def read_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """The settings of the repository at `root` and every problem with them (defaults without mkdocs.yml)."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Settings(), []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 0
        return Settings(), [Problem(CONFIG_FILE, line, "mkdocs.yml", f"invalid YAML: {exc}")]
    if not isinstance(data, dict):
        return Settings(), [Problem(CONFIG_FILE, 1, "mkdocs.yml", "is not a mapping of 'key: value' lines")]
    lines = settings_lines(path)
    return check_settings(data.get("site_name"), data.get("site_url"), data.get("extra") or {}, lines=lines)


def load_settings(root: Path) -> Settings:
    """The settings of the repository at `root`; SettingsError lists every wrong one."""
    settings, problems = read_settings(root)
    if any(problem.severity is Severity.ERROR for problem in problems):
        raise SettingsError(problems)
    return settings


def checked_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """The settings, or the defaults, and every problem with them (`mkdocs.yml:LINE: field: message`)."""
    return read_settings(root)


def settings_from_config(
    config_file: str | Path | None,
    site_name: object,
    site_url: object,
    extra: Mapping[str, Any],
    warn: Callable[[str], object],
) -> Settings:
    """The settings of a loaded MkDocs config, wrong ones at their line in `config_file`; SettingsError
    lists every wrong one, and `warn` is given each unknown key."""
    file = Path(config_file) if config_file else None
    lines = settings_lines(file) if file is not None else {}
    settings, problems = check_settings(
        site_name, site_url, extra, path=file.name if file else CONFIG_FILE, lines=lines
    )
    if any(problem.severity is Severity.ERROR for problem in problems):
        raise SettingsError(problems)
    for problem in problems:
        warn(str(problem))
    return settings
