"""Related cases, scored from what two cases share, each with the reason shown to readers.

Candidates come from an inverted index (cases sharing a narrative, keyword or outlet), never
from an all-pairs loop. A very common term (carried by more than `CANDIDATE_CAP` cases) only
contributes the cases nearest in time, so the work per case stays bounded at 20,000 cases.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from debunk.build import workers
from debunk.build.previous import Memo
from debunk.model import Case

CANDIDATE_CAP = 100
NEAREST_FROM_COMMON = 12
NARRATIVE_WEIGHT = 3.0
COUNTRY_WEIGHT = 0.5
OUTLET_WEIGHT = 1.0
TIME_WEIGHT = 1.0
TIME_SCALE_DAYS = 365.0
HAND_PICKED_SCORE = 1000.0


@dataclass(frozen=True)
class Related:
    """A related case and why."""

    case: Case
    score: float
    reasons: tuple[str, ...]
    """Readable reasons, e.g. `same narrative: NATO is provoking Russia`."""

    @property
    def reason(self) -> str:
        """All reasons in one line: `same narrative; shared keywords: Kosovo, NATO`."""
        return "; ".join(self.reasons)


@dataclass
class _Index:
    cases: Sequence[Case]
    postings: dict[tuple[str, str], list[int]]
    """(field, term) -> indexes of cases, sorted by (date, id)."""
    positions: dict[str, int]
    """Case id -> its index."""


def _build_index(cases: Sequence[Case]) -> _Index:
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, case in enumerate(cases):
        for field, values in (("n", case.narratives), ("k", case.keywords), ("o", case.outlets)):
            for value in values:
                postings[(field, value)].append(index)
    return _Index(cases, postings, {case.id: index for index, case in enumerate(cases)})


def _posting_slice(posting: list[int], position: int) -> list[int]:
    """The whole posting, or for a very common term the cases nearest in time."""
    if len(posting) <= CANDIDATE_CAP:
        return posting
    # The cases are sorted by date, so the posting is too: take the nearest in time.
    where = bisect.bisect_left(posting, position)
    return posting[max(0, where - NEAREST_FROM_COMMON) : where + NEAREST_FROM_COMMON + 1]


def _term_scores(
    index: _Index, case: Case, position: int, keyword_weight: dict[str, float]
) -> dict[int, float]:
    """Candidate -> the part of its score that comes from shared narratives, keywords, outlets.

    Accumulated over the postings, so that only the few best candidates need the full scoring.
    """
    keys = [(("n", v), NARRATIVE_WEIGHT) for v in case.narratives]
    keys += [(("k", v), keyword_weight[v]) for v in case.keywords]
    keys += [(("o", v), OUTLET_WEIGHT) for v in case.outlets]
    scores: dict[int, float] = defaultdict(float)
    for key, weight in keys:
        for other in _posting_slice(index.postings[key], position):
            scores[other] += weight
    scores.pop(position, None)
    return scores


def _finalists(scores: dict[int, float], top: int, bonus: float) -> list[int]:
    """Candidates that can still reach the top after countries and time add at most `bonus`."""
    if len(scores) <= top:
        return sorted(scores)
    kth = sorted(scores.values(), reverse=True)[top - 1]
    return sorted(other for other, score in scores.items() if score >= kth - bonus - 1e-9)


def score_pair(
    case: Case, other: Case, keyword_weight: dict[str, float], narrative_titles: dict[str, str]
) -> tuple[float, tuple[str, ...]]:
    """How related two cases are, and the reasons, strongest first."""
    score = 0.0
    reasons: list[str] = []
    narratives = [n for n in case.narratives if n in other.narratives]
    if narratives:
        score += NARRATIVE_WEIGHT * len(narratives)
        reasons.append("same narrative: " + ", ".join(narrative_titles.get(n, n) for n in narratives))
    keywords = sorted(
        (k for k in case.keywords if k in other.keywords), key=lambda k: (-keyword_weight[k], k)
    )
    if keywords:
        score += sum(keyword_weight[k] for k in keywords)
        reasons.append("shared keywords: " + ", ".join(keywords))
    outlets = [o for o in case.outlets if o in other.outlets]
    if outlets:
        score += OUTLET_WEIGHT * len(outlets)
        reasons.append("same outlet: " + ", ".join(outlets))
    countries = [c for c in case.countries if c in other.countries]
    if countries:
        score += COUNTRY_WEIGHT * len(countries)
        reasons.append("same countries: " + ", ".join(countries))
    if score == 0.0:
        return 0.0, ()
    days = abs((case.date - other.date).days)
    closeness = max(0.0, 1.0 - days / TIME_SCALE_DAYS)
    if closeness > 0:
        score += TIME_WEIGHT * closeness
        if days <= 31:
            reasons.append("published within a month" if days > 7 else "published within a week")
    return score, tuple(reasons)


def _hand_picked(cases: Sequence[Case]) -> dict[str, set[str]]:
    """Hand-picked links in both directions, for cases that exist."""
    ids = {case.id for case in cases}
    picked: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        for other in case.related:
            if other in ids and other != case.id:
                picked[case.id].add(other)
                picked[other].add(case.id)
    return picked


def _ranked(cases: Sequence[Case], position: int, scores: dict[int, float], top: int) -> list[int]:
    """The best `top` candidates by full score (terms, countries, time), ties by newer date, id."""
    case = cases[position]
    countries = set(case.countries)
    ordinal = case.date.toordinal()
    bonus = COUNTRY_WEIGHT * len(countries) + TIME_WEIGHT
    full = []
    for other in _finalists(scores, top, bonus):
        candidate = cases[other]
        days = abs(candidate.date.toordinal() - ordinal)
        score = scores[other] + COUNTRY_WEIGHT * len(countries.intersection(candidate.countries))
        score += TIME_WEIGHT * max(0.0, 1.0 - days / TIME_SCALE_DAYS)
        full.append((-score, -candidate.date.toordinal(), candidate.id, other))
    return [item[3] for item in sorted(full)[:top]]


_Inputs = tuple[tuple[tuple[object, ...], ...], tuple[tuple[str, str], ...], int]
_Ranking = dict[str, tuple[tuple[str, float, tuple[str, ...]], ...]]


def _inputs(cases: Sequence[Case], titles: dict[str, str], top: int) -> _Inputs:
    """Everything the ranking reads, in order; it holds the cases' own tuples, not copies."""
    fields = tuple((c.id, c.date, c.narratives, c.keywords, c.outlets, c.countries, c.related) for c in cases)
    return fields, tuple(sorted(titles.items())), top


def related_cases(
    cases: Sequence[Case],
    narrative_titles: dict[str, str] | None = None,
    top: int = 5,
    last: Memo[Any, Any] | None = None,
) -> dict[str, tuple[Related, ...]]:
    """{case id: its top related cases}; hand-picked ones first, and made two-way.

    `cases` must be sorted by (date, id), as `Content.cases` is. Ties break by newer date,
    then id, so the result never depends on input or hash order. The ranking kept in `last`
    (`debunk.build.previous.Previous.related`) is reused when everything it reads is equal: a
    `mkdocs serve` rebuild after an edit that changed no case's id, date, terms or hand-picked
    links (most edits) gets it without computing it again. The `Related` entries always hold
    the cases given in this call.
    """
    last = last if last is not None else Memo()
    titles = narrative_titles or {}
    inputs = _inputs(cases, titles, top)
    kept: _Ranking | None = last.recall(inputs)
    if kept is not None:
        by_id = {case.id: case for case in cases}
        return {
            case_id: tuple(Related(by_id[other], score, reasons) for other, score, reasons in items)
            for case_id, items in kept.items()
        }
    result = _rank(cases, titles, top)
    ranking = {
        case_id: tuple((item.case.id, item.score, item.reasons) for item in items)
        for case_id, items in result.items()
    }
    last.keep(inputs, ranking)
    return result


_Found = list[tuple[str, tuple[tuple[str, float, tuple[str, ...]], ...]]]


@dataclass(frozen=True)
class _Job:
    """What ranking a case reads, shared with the forked workers (`debunk.build.workers`)."""

    cases: Sequence[Case]
    titles: dict[str, str]
    top: int
    index: _Index
    keyword_weight: dict[str, float]
    picked: dict[str, set[str]]
    by_id: dict[str, Case]


def _rank(cases: Sequence[Case], titles: dict[str, str], top: int) -> dict[str, tuple[Related, ...]]:
    """The ranking itself, computed (see `related_cases`), in shares of the cases on every core."""
    index = _build_index(cases)
    keyword_weight = {
        key[1]: 1.0 + math.log(len(cases) / len(posting))
        for key, posting in index.postings.items()
        if key[0] == "k"
    }
    by_id = {case.id: case for case in cases}
    job = _Job(cases, titles, top, index, keyword_weight, _hand_picked(cases), by_id)
    count = workers.worker_count(len(cases), "related")
    with workers.sharing(job):
        shares = workers.run(_rank_share, [range(start, len(cases), count) for start in range(count)])
    found = {case_id: items for share in shares for case_id, items in share}
    return {
        case.id: tuple(Related(by_id[other], score, reasons) for other, score, reasons in found[case.id])
        for case in cases
    }


def _rank_share(positions: range) -> _Found:
    """The related cases of the cases at `positions`, by id (picklable, for `_rank`)."""
    job = workers.shared()
    assert isinstance(job, _Job)
    found = []
    for position in positions:
        case = job.cases[position]
        chosen = []
        for other_id in sorted(job.picked[case.id], key=lambda i: (-job.by_id[i].date.toordinal(), i)):
            _score, reasons = score_pair(case, job.by_id[other_id], job.keyword_weight, job.titles)
            chosen.append((other_id, HAND_PICKED_SCORE, ("chosen by the editors", *reasons)))
        scores = _term_scores(job.index, case, position, job.keyword_weight)
        for other_id in job.picked[case.id]:
            scores.pop(job.index.positions[other_id], None)
        for other in _ranked(job.cases, position, scores, max(0, job.top - len(chosen))):
            score, reasons = score_pair(case, job.cases[other], job.keyword_weight, job.titles)
            chosen.append((job.cases[other].id, score, reasons))
        found.append((case.id, tuple(chosen)))
    return found
