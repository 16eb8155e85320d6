"""Related cases: scores, reasons shown to readers, hand-picked links, ties and scale."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from debunk.build import workers
from debunk.build.previous import Memo
from debunk.model import Case
from debunk.site import related
from debunk.site.related import CANDIDATE_CAP, Related, related_cases, score_pair


def case(
    case_id: str,
    *,
    narratives: tuple[str, ...] = (),
    keywords: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    outlets: tuple[str, ...] = (),
    related: tuple[str, ...] = (),
) -> Case:
    return Case(
        id=case_id, path=f"cases/{case_id[:4]}/{case_id}.md", title=case_id,
        date=dt.date.fromisoformat(case_id[:10]),
        verdict="disinformation", narratives=narratives, keywords=keywords, countries=countries,
        languages=("en",), outlets=outlets, sources=(), reported_in=None, related=related,
        summary="s", response="r",
    )  # fmt: skip


TITLES = {"west-provokes": "The West provokes conflicts"}
WEIGHTS = {"Kosovo": 2.0, "NATO": 1.2}


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        (
            case("2022-12-14-a", narratives=("west-provokes",), keywords=("Kosovo", "NATO")),
            case("2022-12-20-b", narratives=("west-provokes",), keywords=("NATO", "Kosovo")),
            "same narrative: The West provokes conflicts; shared keywords: Kosovo, NATO; "
            "published within a week",
        ),
        (
            case("2022-01-01-a", keywords=("NATO",), outlets=("TASS",), countries=("Serbia", "Kosovo")),
            case("2022-01-25-b", keywords=("NATO",), outlets=("TASS",), countries=("Kosovo",)),
            "shared keywords: NATO; same outlet: TASS; same countries: Kosovo; published within a month",
        ),
        (
            case("2020-01-01-a", keywords=("Kosovo",)),
            case("2023-01-01-b", keywords=("Kosovo",)),
            "shared keywords: Kosovo",
        ),
        (case("2020-01-01-a", countries=("Serbia",)), case("2020-01-02-b", keywords=("NATO",)), ""),
    ],
)
def test_reasons_name_what_two_cases_share(a: Case, b: Case, reason: str) -> None:
    assert "; ".join(score_pair(a, b, WEIGHTS, TITLES)[1]) == reason


def test_rarer_keywords_and_narratives_weigh_more() -> None:
    base = case("2022-01-01-base", narratives=("n",), keywords=("rare", "common"))
    cases = [base]
    cases += [case(f"2022-02-{d:02d}-common", keywords=("common",)) for d in range(1, 10)]
    cases += [case("2022-03-01-rare", keywords=("rare",)), case("2022-03-02-narrative", narratives=("n",))]
    cases.sort(key=lambda c: (c.date, c.id))
    top = [r.case.id for r in related_cases(cases, top=3)[base.id]]
    assert top == ["2022-03-02-narrative", "2022-03-01-rare", "2022-02-01-common"]


def test_hand_picked_links_are_two_way_and_first() -> None:
    a = case("2022-01-01-a", keywords=("x",), related=("2022-06-01-c",))
    b = case("2022-01-02-b", keywords=("x",))
    c = case("2022-06-01-c", keywords=("y",))
    result = related_cases([a, b, c], top=1)
    assert [r.case.id for r in result[a.id]] == ["2022-06-01-c"]
    assert [(r.case.id, r.reason) for r in result[c.id]] == [("2022-01-01-a", "chosen by the editors")]


def test_ties_break_by_newer_date_then_id() -> None:
    base = case("2022-06-01-base", keywords=("k",))
    others = [case(cid, keywords=("k",)) for cid in ("2021-06-01-b", "2021-06-01-a", "2023-06-01-c")]
    cases = sorted([base, *others], key=lambda c: (c.date, c.id))
    assert [r.case.id for r in related_cases(cases, top=3)[base.id]] == [
        "2023-06-01-c",
        "2021-06-01-a",
        "2021-06-01-b",
    ]
    assert related_cases(list(reversed(cases)))[base.id] is not None


def test_top_n_is_respected_and_unrelated_cases_are_left_out() -> None:
    cases = [case(f"2022-01-{d:02d}-k", keywords=("k",)) for d in range(1, 12)] + [case("2022-02-01-z")]
    result = related_cases(cases, top=5)
    assert all(len(found) == 5 for cid, found in result.items() if cid != "2022-02-01-z")
    assert result["2022-02-01-z"] == ()


def test_a_very_common_keyword_still_finds_the_nearest_cases_in_time() -> None:
    cases = [
        case(f"{2000 + i // 300}-01-{1 + i % 28:02d}-c{i}", keywords=("common",))
        for i in range(CANDIDATE_CAP * 3)
    ]
    cases.sort(key=lambda c: (c.date, c.id))
    middle = cases[len(cases) // 2]
    found = related_cases(cases, top=5)[middle.id]
    assert len(found) == 5
    assert all(abs((r.case.date - middle.date).days) <= 31 for r in found)


def _corpus(count: int = 60) -> list[Case]:
    keywords = ("NATO", "Kosovo", "Ukraine", "elections", "vaccines")
    cases = [
        case(
            f"2023-01-{1 + n % 28:02d}-c{n:03d}",
            narratives=("west-provokes",) if n % 4 == 0 else (),
            keywords=tuple(k for i, k in enumerate(keywords) if (n >> i) & 1),
            countries=("Ukraine",) if n % 3 == 0 else (),
            outlets=("RT",) if n % 5 == 0 else (),
            related=(f"2023-01-{1 + (n + 7) % 28:02d}-c{(n + 7) % count:03d}",) if n % 11 == 0 else (),
        )
        for n in range(count)
    ]
    return sorted(cases, key=lambda c: (c.date, c.id))


def _fresh(cases: list[Case]) -> dict[str, tuple[Related, ...]]:
    return related_cases(cases, TITLES)  # no last ranking: computed


def test_a_ranking_is_reused_only_when_what_it_reads_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve` rebuilds reuse the last ranking when an edit touched no case's id, date,
    terms or links; the result is always what a fresh ranking gives, with the current cases."""
    cases = _corpus()
    last: Memo[Any, Any] = Memo()  # what a build hands the next (`debunk.build.previous.Previous.related`)
    first = related_cases(cases, TITLES, last=last)
    edited = [dataclasses.replace(c, title=c.title + "!", response="new") for c in cases]
    computed: list[int] = []
    rank = related._rank
    monkeypatch.setattr(related, "_rank", lambda *args: computed.append(1) or rank(*args))
    again = related_cases(edited, TITLES, last=last)
    assert computed == []
    assert again == _fresh(edited)
    current = {c.id: c for c in edited}
    assert all(item.case is current[item.case.id] for items in again.values() for item in items)
    assert [[(i.case.id, i.score, i.reasons) for i in items] for items in again.values()] == [
        [(i.case.id, i.score, i.reasons) for i in items] for items in first.values()
    ]
    for change in (
        {"keywords": ("vaccines",)},
        {"narratives": ()},
        {"countries": ("Poland",)},
        {"outlets": ("Sputnik",)},
        {"date": dt.date(2023, 2, 1)},
        {"related": (edited[1].id,)},
    ):
        related_cases(edited, TITLES, last=last)  # the edited corpus remembered
        computed.clear()
        changed = sorted(
            [dataclasses.replace(edited[0], **change), *edited[1:]],  # type: ignore[arg-type]
            key=lambda c: (c.date, c.id),
        )
        got = related_cases(changed, TITLES, last=last)
        assert computed == [1], change
        assert got == _fresh(changed), change
    related_cases(edited, TITLES, last=last)
    computed.clear()
    related_cases(edited, {"west-provokes": "Another title"}, last=last)
    related_cases(edited, TITLES, top=3, last=last)
    assert computed == [1, 1]


def test_ranking_in_forked_workers_gives_the_ranking_of_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _corpus(300)
    monkeypatch.setattr(workers, "THRESHOLDS", {**workers.THRESHOLDS, "related": 10**9})
    alone = _fresh(cases)
    monkeypatch.setattr(workers, "THRESHOLDS", {**workers.THRESHOLDS, "related": 1})
    monkeypatch.setattr("debunk.build.workers.os.cpu_count", lambda: 3)  # three shares, whatever the machine
    shares: list[int] = []
    run = workers.run

    def counted(function: Any, parts: Any) -> Any:
        shares.append(len(parts))
        return run(function, parts)

    monkeypatch.setattr(workers, "run", counted)
    assert _fresh(cases) == alone
    assert shares == [3]
    assert sum(len(items) for items in alone.values()) > 500  # most cases have related ones
