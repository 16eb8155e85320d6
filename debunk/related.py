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

from debunk.model import Case

CANDIDATE_CAP = 200
NEAREST_FROM_COMMON = 30
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


def _build_index(cases: Sequence[Case]) -> _Index:
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, case in enumerate(cases):
        for field, values in (("n", case.narratives), ("k", case.keywords), ("o", case.outlets)):
            for value in values:
                postings[(field, value)].append(index)
    return _Index(cases, postings)


def _candidates(index: _Index, position: int) -> set[int]:
    case = index.cases[position]
    found: set[int] = set()
    keys = [("n", v) for v in case.narratives] + [("k", v) for v in case.keywords]
    keys += [("o", v) for v in case.outlets]
    for key in keys:
        posting = index.postings[key]
        if len(posting) <= CANDIDATE_CAP:
            found.update(posting)
            continue
        # The cases are sorted by date, so the posting is too: take the nearest in time.
        where = bisect.bisect_left(posting, position)
        found.update(posting[max(0, where - NEAREST_FROM_COMMON) : where + NEAREST_FROM_COMMON + 1])
    found.discard(position)
    return found


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


def related_cases(
    cases: Sequence[Case], narrative_titles: dict[str, str] | None = None, top: int = 5
) -> dict[str, tuple[Related, ...]]:
    """{case id: its top related cases}; hand-picked ones first, and made two-way.

    `cases` must be sorted by (date, id), as `Content.cases` is. Ties break by newer date,
    then id, so the result never depends on input or hash order.
    """
    titles = narrative_titles or {}
    index = _build_index(cases)
    total = len(cases)
    keyword_weight = {
        key[1]: 1.0 + math.log(total / len(posting))
        for key, posting in index.postings.items()
        if key[0] == "k"
    }
    by_id = {case.id: case for case in cases}
    picked: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        for other in case.related:
            if other in by_id and other != case.id:
                picked[case.id].add(other)
                picked[other].add(case.id)
    result: dict[str, tuple[Related, ...]] = {}
    for position, case in enumerate(cases):
        scored: list[Related] = []
        for other_id in sorted(picked[case.id]):
            score, reasons = score_pair(case, by_id[other_id], keyword_weight, titles)
            scored.append(
                Related(by_id[other_id], HAND_PICKED_SCORE + score, ("chosen by the editors", *reasons))
            )
        for other_position in _candidates(index, position):
            candidate = cases[other_position]
            if candidate.id in picked[case.id]:
                continue
            score, reasons = score_pair(case, candidate, keyword_weight, titles)
            if score > 0:
                scored.append(Related(candidate, score, reasons))
        scored.sort(key=lambda r: (-round(r.score, 9), -r.case.date.toordinal(), r.case.id))
        hand_picked = [r for r in scored if r.score >= HAND_PICKED_SCORE]
        scored_only = [r for r in scored if r.score < HAND_PICKED_SCORE]
        result[case.id] = tuple(hand_picked + scored_only[: max(0, top - len(hand_picked))])
    return result
