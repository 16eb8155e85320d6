"""The repository loaded once: every content file read into the model, with every problem found.

`load_content` reads the vocabularies, the case files (in parallel and cached, `debunk.content.batch`),
the narratives and the last link check, then applies the rules across files
(`debunk.rules.validate.check_content`) and the date rules. `Content` is what every later
step reads: the site, the checks, the exports and the commands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from debunk.build.previous import Previous
from debunk.build.progress import Report
from debunk.content.batch import load_cases
from debunk.content.dates import check_dates, today_in
from debunk.content.files import content_files, relative
from debunk.content.linkstatus import REPORT_FILE, LinkReport, load_link_report
from debunk.content.load import CASES_DIR, NARRATIVES_DIR, load_narrative
from debunk.content.vocab import VOCABULARY_DIR, Vocabularies, load_vocabularies
from debunk.model import Case, Narrative, Problem, Severity
from debunk.rules.validate import check_content
from debunk.settings import load_settings


@dataclass
class Content:
    """Everything in a repository, loaded once, with every problem found."""

    root: Path
    vocabularies: Vocabularies
    cases: tuple[Case, ...] = ()
    """Cases without errors, sorted by (date, id)."""
    narratives: dict[str, Narrative] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Every file read, relative to the root."""
    links: LinkReport = field(default_factory=LinkReport)
    """The last link check (`links/report.json`): which sources were found gone, and when."""
    held: tuple[Case, ...] = ()
    """Valid cases kept off the published site (`debunk.content.held.publishable`), sorted by (date, id)."""

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity is Severity.ERROR]

    _by_id: dict[str, Case] = field(default_factory=dict, repr=False, compare=False)
    _by_id_of: tuple[Case, ...] | None = field(default=None, repr=False, compare=False)

    def case(self, case_id: str) -> Case | None:
        """The case with that id, if it loaded."""
        if self._by_id_of is not self.cases:  # built once per set of cases, not once per call
            self._by_id = {case.id: case for case in self.cases}
            self._by_id_of = self.cases
        return self._by_id.get(case_id)


def load_content(
    root: Path,
    cache_dir: str | None = None,
    report: Report | None = None,
    today: dt.date | None = None,
    *,
    archive_required_from: dt.date | None = None,
    previous: Previous | None = None,
) -> Content:
    """Load and check the whole repository under `root`.

    `cache_dir` (relative to `root`, as `Settings.cache_dir`) keeps what each case file loaded
    to across runs (`debunk.content.batch.DiskCache`); None or '' reads every file. `report` takes the
    progress lines of a long load (`debunk.build.progress`; None: a bar on a terminal). `today` is the
    day no date may be after (default: today in the repository's `extra.debunk.timezone`). From
    `archive_required_from` (the setting), a case without an archived copy has an error.
    What the last build in this process found is reused from `previous` where its inputs are
    equal, and this load's results are kept there (None: a clean load).
    """
    previous = previous or Previous()
    root = root.resolve()
    vocabularies = load_vocabularies(root)
    content = Content(root, vocabularies, problems=list(vocabularies.problems))
    cases: list[Case] = []
    content.files.extend(
        f"{VOCABULARY_DIR}/{path.name}" for path in sorted((root / VOCABULARY_DIR).glob("*.yml"))
    )
    case_files = []
    for path in content_files(root, CASES_DIR):
        content.files.append(relative(path, root))
        if path.suffix != ".md" and not path.is_symlink():
            content.problems.append(
                Problem(relative(path, root), 0, "file", "is not a case file: case files end in .md")
            )
            continue
        case_files.append(path)
    cache_file = root / cache_dir / "cases.pickle" if cache_dir else None
    loaded = load_cases(
        case_files,
        root,
        vocabularies,
        cache_file=cache_file,
        report=report,
        archive_required_from=archive_required_from,
        previous=previous,
    )
    for case, problems in loaded:
        content.problems.extend(problems)
        if case is not None:
            cases.append(case)
    for path in content_files(root, NARRATIVES_DIR):
        content.files.append(relative(path, root))
        narrative, problems = load_narrative(path, root)
        content.problems.extend(problems)
        if narrative is not None:
            content.narratives[narrative.id] = narrative
    content.links = load_link_report(root, previous)
    content.problems.extend(content.links.problems)
    if (root / REPORT_FILE).is_file():
        content.files.append(REPORT_FILE)
    content.cases = tuple(sorted(cases, key=lambda case: (case.date, case.id)))
    content.problems.extend(check_content(content, previous))
    content.problems.extend(check_dates(content.cases, today or _today(root)))
    content.problems.sort(key=lambda p: (p.path, p.line, p.field, p.message))
    return content


def _today(root: Path) -> dt.date:
    """The build's day (`debunk.content.held.build_day`: `DEBUNK_TODAY`, else today in the repository's
    time zone; UTC when its settings cannot be read), so that a date is judged "in the future"
    against the same day that decides which cases are published."""
    from debunk.content.held import build_day  # noqa: PLC0415 - debunk.content.held reads this module's Content

    try:
        timezone = load_settings(root).timezone
    except (ValueError, OSError, yaml.YAMLError):
        timezone = "UTC"  # the settings' own problems are reported by `mkdocs build`
    try:
        return build_day(timezone)
    except ValueError:  # a malformed DEBUNK_TODAY or zone: reported where the build reads it
        return today_in(timezone)
