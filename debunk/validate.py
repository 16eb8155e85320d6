"""Every rule across files: the repository is loaded once, then checked as a whole."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from debunk.batch import load_cases
from debunk.config import load_settings
from debunk.dates import check_dates, today_in
from debunk.files import content_files, relative
from debunk.linkstatus import REPORT_FILE, LinkReport, load_link_report
from debunk.load import CASES_DIR, NARRATIVES_DIR, load_narrative
from debunk.model import Case, Narrative, Problem, Severity
from debunk.previous import Previous
from debunk.progress import Report
from debunk.urls import url_key
from debunk.vocab import VOCABULARY_DIR, Vocabularies, did_you_mean, fold, load_vocabularies
from debunk.workers import alongside, worker_count

NEAR_DUPLICATE_SCORE = 90.0
_WORD = re.compile(r"\w+")


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
    """Valid cases kept off the published site (`debunk.held.publishable`), sorted by (date, id)."""

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
    to across runs (`debunk.batch.DiskCache`); None or '' reads every file. `report` takes the
    progress lines of a long load (`debunk.progress`; None: a bar on a terminal). `today` is the
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
    """The build's day (`debunk.held.build_day`: `DEBUNK_TODAY`, else today in the repository's
    time zone; UTC when its settings cannot be read), so that a date is judged "in the future"
    against the same day that decides which cases are published."""
    from debunk.held import build_day  # noqa: PLC0415 - debunk.held reads this module's Content

    try:
        timezone = load_settings(root).timezone
    except (ValueError, OSError, yaml.YAMLError):
        timezone = "UTC"  # the settings' own problems are reported by `mkdocs build`
    try:
        return build_day(timezone)
    except ValueError:  # a malformed DEBUNK_TODAY or zone: reported where the build reads it
        return today_in(timezone)


def check_content(content: Content, previous: Previous | None = None) -> list[Problem]:
    """The rules that need more than one file.

    With many cases the near-duplicate titles, the slowest rule (about 1 s at 20,000 cases),
    are found in a forked process while this one runs the others; `previous` holds the last
    result, reused when no path, title or its line changed.
    """
    cases = content.cases
    near_duplicates = _near_duplicates(cases, previous or Previous())
    problems = [*check_unique_ids(cases), *check_references(content), *check_source_urls(cases)]
    problems.extend(near_duplicates())
    return problems


_TitleInputs = tuple[tuple[str, str, int], ...]


def _near_duplicates(cases: tuple[Case, ...], previous: Previous) -> Callable[[], list[Problem]]:
    """`check_near_duplicates` alongside the other rules, or the last result when it read the same."""
    inputs: _TitleInputs = tuple((case.path, case.title, case.line_of("title")) for case in cases)
    found = previous.near_duplicates.recall(inputs)
    if found is not None:
        kept = found
        return lambda: list(kept)
    run = alongside(lambda: check_near_duplicates(cases), worker_count(len(cases), "rules") > 1)

    def result() -> list[Problem]:
        return list(previous.near_duplicates.keep(inputs, run()))

    return result


def check_unique_ids(cases: Iterable[Case]) -> Iterable[Problem]:
    """No two cases share an id, also ignoring case (some file systems ignore it)."""
    seen: dict[str, Case] = {}
    for case in sorted(cases, key=lambda c: c.path):
        other = seen.setdefault(case.id.casefold(), case)
        if other is not case:
            yield Problem(case.path, 0, "file", f"id {case.id!r} is already used by {other.path}")


def check_references(content: Content) -> Iterable[Problem]:
    """Narratives and related cases named in a case exist."""
    ids = {case.id for case in content.cases}
    for case in content.cases:
        for index, narrative in enumerate(case.narratives):
            if narrative not in content.narratives:
                name = f"narratives[{index}]"
                hint = did_you_mean(narrative, content.narratives)
                yield Problem(case.path, case.line_of(name), name, f"unknown narrative {narrative!r}{hint}")
        for index, other in enumerate(case.related):
            name = f"related[{index}]"
            if other == case.id:
                yield Problem(case.path, case.line_of(name), name, f"{other!r} is this case itself")
            elif other not in ids:
                hint = did_you_mean(other, ids)
                yield Problem(case.path, case.line_of(name), name, f"unknown case {other!r}{hint}")


def check_source_urls(cases: Iterable[Case]) -> Iterable[Problem]:
    """A case lists a page once; a page shared by two cases is a warning.

    One article or broadcast often carries several claims, each its own case (the real
    EUvsDisinfo data has hundreds), so sharing is allowed but shown, as it can also mean
    the same case was added twice. URLs that differ only in letter case are a warning too:
    the path of a URL is case-sensitive, but such a pair is far more often one page.
    """
    exact: dict[str, Case] = {}
    folded: dict[str, tuple[Case, str, str]] = {}
    for case in cases:
        keys = [url_key(source.url) for source in case.sources]
        for index, (source, key) in enumerate(zip(case.sources, keys, strict=True)):
            name = f"sources[{index}].url"
            other = exact.setdefault(key, case)
            if other is case and key in keys[:index]:
                message = f"{source.url!r} is listed twice in this case"
                yield Problem(case.path, case.line_of(name), name, message)
                continue
            if other is not case:
                yield Problem(
                    case.path,
                    case.line_of(name),
                    name,
                    f"{source.url!r} is also a source of {other.path}; check that it is not the same case",
                    Severity.WARNING,
                )
                continue
            first, url, first_key = folded.setdefault(key.casefold(), (case, source.url, key))
            if first_key != key:
                where = "this case" if first is case else first.path
                yield Problem(
                    case.path,
                    case.line_of(name),
                    name,
                    f"{source.url!r} differs only in letter case from {url!r} in {where}; "
                    "check that it is not the same page",
                    Severity.WARNING,
                )


def _tokens(title: str) -> list[str]:
    return _WORD.findall(fold(title))


def check_near_duplicates(cases: Iterable[Case], limit: int = 500) -> Iterable[Problem]:
    """Warn when a title is nearly the same as an earlier case's.

    No all-pairs loop: a title is compared only with titles sharing one of its three rarest
    words (words in more than `limit` titles are not used), close to linear in practice. The
    comparisons of one title run in rapidfuzz's own loop (`process.extract`): 540,000 pairs at
    20,000 cases took 0.62 s one `fuzz.ratio` call at a time, 0.23 s so.
    """
    ordered = list(cases)
    folded = [fold(case.title) for case in ordered]
    postings: dict[str, list[int]] = defaultdict(list)
    words = [sorted(set(_WORD.findall(title))) for title in folded]
    for index, title_words in enumerate(words):
        for word in title_words:
            postings[word].append(index)  # in increasing order
    for index, title_words in enumerate(words):
        rare = sorted(title_words, key=lambda w: (len(postings[w]), w))[:3]
        candidates: set[int] = set()
        for word in rare:
            posting = postings[word]
            if len(posting) <= limit:
                candidates.update(posting[: bisect_left(posting, index)])  # the earlier titles
        if not candidates:
            continue
        earlier = sorted(candidates)
        matches = process.extract(
            folded[index],
            [folded[other] for other in earlier],
            scorer=fuzz.ratio,
            score_cutoff=NEAR_DUPLICATE_SCORE,
            limit=None,
        )
        for _title, score, position in sorted(matches, key=lambda match: match[2]):
            case, other = ordered[index], ordered[earlier[position]]
            yield Problem(
                case.path,
                case.line_of("title"),
                "title",
                f"{case.title!r} is {score:.0f}% similar to {other.path} ({other.title!r}); "
                "check that it is not the same case",
                Severity.WARNING,
            )
