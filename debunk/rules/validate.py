"""Every rule across files: ids, references, one source per URL, near-duplicate titles.

The repository is loaded once (`debunk.content.repository.load_content`), then checked here as a whole."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from debunk.build.previous import Previous
from debunk.build.workers import alongside, worker_count
from debunk.content.vocab import did_you_mean, fold
from debunk.model import Case, Problem, Severity
from debunk.rules.urls import url_key

if TYPE_CHECKING:
    from debunk.content.repository import Content  # which loads the files, then applies these rules

NEAR_DUPLICATE_SCORE = 90.0
_WORD = re.compile(r"\w+")


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
