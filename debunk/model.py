"""The in-memory form of the content: frozen dataclasses built only by `debunk.content.load`."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


class Severity(enum.Enum):
    """How bad a problem is: errors fail validation, warnings only with `--strict`."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, printed as `path:line: field: message`."""

    path: str
    """Path relative to the repository root, with forward slashes."""
    line: int
    """1-based line number in the file; 0 when the problem concerns the whole file."""
    field: str
    """The front-matter field (dotted for nested values, e.g. `sources[1].url`) or a section."""
    message: str
    """What is wrong, quoting the bad value and naming what is allowed."""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        tag = "" if self.severity is Severity.ERROR else "warning: "
        return f"{self.path}:{self.line}: {self.field}: {tag}{self.message}"


@dataclass(frozen=True)
class Source:
    """Where the disinformation was published, with an archived copy."""

    url: str
    """The original publication."""
    archive: str | None
    """An archived copy of `url` (Wayback Machine, archive.today, ...), if one exists."""
    outlet: str | None
    """The outlet that published it, from the outlet vocabulary."""


@dataclass(frozen=True)
class Update:
    """One entry of a case's `updates:` log: a correction made in the open."""

    date: dt.date
    kind: str
    """`correction`, `clarification` or `update` (`debunk.content.schema.UPDATE_KINDS`)."""
    note: str
    """What changed and why: one short paragraph of Markdown."""
    html: str = field(default="", compare=False, repr=False)
    """The note rendered from the tokens it was checked on, without its `<p>` (`debunk.render.commonmark`);
    links are relative to the case page."""


@dataclass(frozen=True)
class Case:
    """One debunked claim: `cases/<year>/<yyyy-mm-dd>-<slug>.md`."""

    id: str
    """The file stem, `<yyyy-mm-dd>-<slug>`: the case's identity, inferred from its location."""
    path: str
    """Path of the source file relative to the repository root."""
    title: str
    """The claim, as plain text."""
    date: dt.date
    """When the disinformation was published."""
    verdict: str
    """A verdict id from `vocabularies/verdicts.yml`."""
    narratives: tuple[str, ...]
    """Ids of files in `narratives/`."""
    keywords: tuple[str, ...]
    """Canonical keywords from `vocabularies/keywords.yml`."""
    countries: tuple[str, ...]
    """Canonical country or region names."""
    languages: tuple[str, ...]
    """ISO 639-1 codes."""
    outlets: tuple[str, ...]
    """Canonical outlet names from `vocabularies/outlets.yml`."""
    sources: tuple[Source, ...]
    """Original publications with archived copies."""
    reported_in: int | None
    """The weekly review issue that reported the case, if any."""
    related: tuple[str, ...]
    """Hand-picked related case ids."""
    summary: str
    """Markdown of the `## Summary` section: what was claimed."""
    response: str
    """Markdown of the `## Response` section: the debunk."""
    published: dt.date | None = None
    """When the debunk was published, if the file says (`debunk.content.dates` knows the default)."""
    updates: tuple[Update, ...] = ()
    """Corrections, clarifications and updates since, oldest first."""
    status: str = "published"
    """`draft`: validated, never published (`debunk.content.held`)."""
    publish_on: dt.date | None = None
    """Held until this day in the configured time zone (`debunk.content.held`)."""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False, hash=False)
    """Line of each front-matter value in the file (`sources[0].url`), for problems found after loading."""
    html: str = field(default="", compare=False, repr=False)
    """The body (Summary and Response) rendered from the tokens it was checked on
    (`debunk.render.commonmark`)."""

    @property
    def year(self) -> int:
        """The year folder the case lives in."""
        return self.date.year

    @property
    def slug(self) -> str:
        """The id without its date prefix."""
        return self.id[11:]

    def line_of(self, name: str) -> int:
        """The line of a front-matter field, or 1 when it is absent."""
        return self.lines.get(name, 1)


@dataclass(frozen=True)
class Narrative:
    """A recurring storyline that many cases repeat: `narratives/<id>.md`."""

    id: str
    """The file stem."""
    path: str
    """Path of the source file relative to the repository root."""
    title: str
    """The narrative, as plain text."""
    summary: str
    """One plain-text sentence for lists and social previews."""
    description: str
    """Markdown body of the file."""
    html: str = field(default="", compare=False, repr=False)
    """The description rendered from the tokens it was checked on (`debunk.render.commonmark`)."""
