"""Corrections in the open: the `published` and `updates` rules, the dates a case is known by,
and the ClaimReview that search engines read from them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import CASE, Repo
from test_history import Git

from debunk.content.dates import CaseDates, case_dates, repository_dates, today_in
from debunk.content.history import added_dates
from debunk.content.repository import load_content
from debunk.content.vocab import Verdict
from debunk.publish.claimreview import claim_review
from debunk.render.markup import inline_html
from debunk.settings import Settings

FIRST = 14
"""The line of the first field the tests add after the base case's (conftest.BASE_FIELDS)."""
UPDATE = '\n  - date: "{date}"\n    kind: {kind}\n    note: {note}'


def at(*lines: str) -> list[str]:
    return [f"{CASE}:{line}" for line in lines]


def updates(*entries: tuple[str, str, str]) -> str:
    """The raw YAML of an `updates` list of (date, kind, note) entries."""
    return "".join(UPDATE.format(date=date, kind=kind, note=note) for date, kind, note in entries)


FIX = ("2023-06-05", "correction", "The storm's name was wrong.")

DATE_RULES: list[tuple[dict[str, str], list[str]]] = [
    ({"published": '"2023-06-03"'}, []),
    ({"published": '"2023-06-01"'}, []),  # the same day as the claim
    (
        {"published": '"2023-05-31"'},
        at(
            f"{FIRST}: published: '2023-05-31' is before the claim's date '2023-06-01'; "
            "a debunk is published on or after the claim"
        ),
    ),
    (
        {"published": '"3 June 2023"'},
        at(f"{FIRST}: published: '3 June 2023' is not a date; write YYYY-MM-DD, e.g. 2022-12-14"),
    ),
    ({"published": '"2023-02-30"'}, at(f"{FIRST}: published: '2023-02-30' is not a real calendar date")),
    (
        {"published": '["2023-06-03"]'},
        at(f"{FIRST}: published: must be a date, YYYY-MM-DD, not a list or mapping"),
    ),
    ({"updates": updates(FIX)}, []),
    ({"updates": updates(FIX, ("2023-06-05", "clarification", "Which coast."))}, []),
    (
        {"updates": updates(("2023-06-05", "corection", "x."))},
        at(
            f"{FIRST + 2}: updates[0].kind: unknown kind 'corection' (did you mean 'correction'?); "
            "allowed: correction, clarification, update"
        ),
    ),
    (
        {"updates": updates(("2023-05-30", "update", "Earlier."))},
        at(f"{FIRST + 1}: updates[0].date: '2023-05-30' is before the claim's date (2023-06-01)"),
    ),
    (
        {"published": '"2023-06-04"', "updates": updates(("2023-06-03", "update", "Earlier."))},
        at(f"{FIRST + 2}: updates[0].date: '2023-06-03' is before the debunk was published (2023-06-04)"),
    ),
    (
        {"updates": updates(FIX, ("2023-06-04", "update", "Out of order."))},
        at(
            f"{FIRST + 4}: updates[1].date: '2023-06-04' is before the entry above it (2023-06-05); "
            "list updates oldest first"
        ),
    ),
    (
        {"updates": '\n  - date: "2023-06-05"\n    kind: correction\n    by: the desk'},
        at(
            f"{FIRST + 1}: updates[0]: required field 'note' is missing",
            f"{FIRST + 3}: updates[0].by: unknown field 'by'; allowed: date, kind, note",
        ),
    ),
    (
        {"updates": updates(("2023-06-05", "correction", '""'))},
        at(f"{FIRST + 3}: updates[0].note: must not be empty: say what changed and why"),
    ),
    (
        {"updates": updates(("2023-06-05", "correction", "See <b>this</b>."))},
        at(
            f"{FIRST + 3}: updates[0].note: raw HTML is not allowed: '</b>'; use Markdown",
            f"{FIRST + 3}: updates[0].note: raw HTML is not allowed: '<b>'; use Markdown",
        ),
    ),
    (
        {"updates": updates(("2023-06-05", "correction", '"[the map](javascript:alert(1))"'))},
        at(
            f"{FIRST + 3}: updates[0].note: link 'javascript:alert(1)' uses the scheme 'javascript'; "
            "allowed: https, http, mailto, relative"
        ),
    ),
    (
        {"updates": updates(("2023-06-05", "correction", "|\n      One.\n\n      Two."))},
        at(f"{FIRST + 3}: updates[0].note: must be one paragraph (no blank line); keep the note short"),
    ),
    (
        {"updates": '"2023-06-05"'},
        at(f"{FIRST}: updates: must be a list of '- date: ..., kind: ..., note: ...' entries"),
    ),
    (
        # Every problem of an entry, not only the first.
        {"updates": updates(("2023-13-01", "fix", "TODO"))},
        at(
            f"{FIRST + 1}: updates[0].date: '2023-13-01' is not a real calendar date",
            f"{FIRST + 2}: updates[0].kind: unknown kind 'fix'; allowed: correction, clarification, update",
            f"{FIRST + 3}: updates[0].note: placeholder text 'TODO' left by 'debunk new'; replace it",
        ),
    ),
]


@pytest.mark.parametrize(("fields", "expected"), DATE_RULES)
def test_date_and_update_rules(fields: dict[str, str], expected: list[str], repo: Repo) -> None:
    repo.write_case(**fields)
    assert repo.messages() == expected


def test_no_date_lies_in_the_future_of_the_publications_time_zone(repo: Repo) -> None:
    repo.write_case(published='"2023-06-03"', updates=updates(("2023-06-04", "update", "More.")))
    assert load_content(repo.root, today=dt.date(2023, 6, 4)).problems == []
    problems = [str(p) for p in load_content(repo.root, today=dt.date(2023, 6, 2)).problems]
    assert problems == at(
        f"{FIRST}: published: '2023-06-03' is in the future (today is 2023-06-02); "
        "write the day the debunk was published",
        f"{FIRST + 2}: updates[0].date: '2023-06-04' is in the future (today is 2023-06-02); "
        "date an update the day it is made",
    )
    noon = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
    assert today_in("Pacific/Kiritimati", noon) == dt.date(2026, 12, 7)  # UTC+14
    assert today_in("Pacific/Pago_Pago", noon) == dt.date(2026, 12, 6)  # UTC-11
    assert today_in("Not/A_Zone", noon) == dt.date(2026, 12, 6)  # UTC, reported by `debunk digest`


def test_the_debunk_date_defaults_to_the_best_evidence(repo: Repo) -> None:
    """The file's `published`, else the day git added the file, else its review's date (the
    newest case of the issue), else the claim's date."""
    later = "cases/2023/2023-06-08-sea-walls-bring-the-floods.md"
    repo.write_case(reported_in='"7"')
    repo.write_case(later, title="Sea walls bring the floods", date='"2023-06-08"', reported_in='"7"')
    content = load_content(repo.root)
    case = content.case(Path(CASE).stem)
    assert case is not None and case.published is None
    dates = case_dates(content.cases)
    assert dates[case.id].published == max(c.date for c in content.cases if c.reported_in == 7)
    assert dates[case.id].published == dt.date(2023, 6, 8)
    assert [dates[c.id].published for c in content.cases if c.reported_in is None] == [
        c.date for c in content.cases if c.reported_in is None
    ]
    assert case_dates(content.cases, {CASE: dt.date(2023, 7, 1)})[case.id].published == dt.date(2023, 7, 1)
    repo.write_case(reported_in='"7"', published='"2023-06-20"')
    content = load_content(repo.root)
    dated = case_dates(content.cases, {CASE: dt.date(2023, 7, 1)})
    assert dated[case.id] == CaseDates(dt.date(2023, 6, 20), None)


def test_git_dates_a_debunk_by_the_merge_that_added_it(tmp_path: Path) -> None:
    git = Git(tmp_path / "repo")
    a, b = "cases/2024/2024-03-04-a.md", "cases/2024/2024-05-20-b.md"
    git.commit({a: "a\n"}, "2024-03-05T10:00:00Z")
    git("checkout", "-q", "-b", "new-case")
    git.commit({b: "b\n"}, "2024-05-21T10:00:00Z")
    git("checkout", "-q", "main")
    git("merge", "-q", "--no-ff", "new-case", "-m", "merge", when="2024-05-23T09:00:00Z")
    git.commit({a: "a, corrected\n"}, "2024-06-01T10:00:00Z")
    assert added_dates(git.root, [a, b, "cases/2024/none.md"]) == {
        a: dt.date(2024, 3, 5),  # changed since, still published on the day it was added
        b: dt.date(2024, 5, 23),  # the day the pull request was merged
    }
    assert added_dates(tmp_path, [a]) == {}  # not a git checkout


def test_modified_is_the_newest_update_else_the_last_git_change(repo: Repo) -> None:
    git = Git(repo.root)
    repo.write_case(published='"2023-06-02"')
    git("add", "-A")
    git("commit", "-q", "-m", "add", when="2023-06-02T10:00:00Z")
    content = load_content(repo.root)
    assert repository_dates(repo.root, content.cases)[Path(CASE).stem] == CaseDates(
        dt.date(2023, 6, 2), dt.date(2023, 6, 2)
    )
    repo.write_case(published='"2023-06-02"', updates=updates(FIX))
    git("commit", "-q", "-am", "correct", when="2023-06-09T10:00:00Z")
    content = load_content(repo.root)
    assert repository_dates(repo.root, content.cases)[Path(CASE).stem] == CaseDates(
        dt.date(2023, 6, 2), dt.date(2023, 6, 5)
    )


# Google Search Central, "Fact check (ClaimReview) structured data", structured data type
# definitions: the properties it requires and recommends, by type.
GOOGLE_CLAIMREVIEW = {
    "ClaimReview": {"required": ["claimReviewed", "reviewRating", "url"],
                    "recommended": ["author", "datePublished", "itemReviewed"]},
    "Claim": {"required": [], "recommended": ["appearance", "author", "datePublished"]},
    "Rating": {"required": ["alternateName"],
               "recommended": ["bestRating", "name", "ratingValue", "worstRating"]},
}  # fmt: skip
"""`Claim` recommends `appearance` or `firstAppearance`; debunk gives every source as an appearance."""


def _missing(item: dict[str, Any], kind: str) -> list[str]:
    wanted = GOOGLE_CLAIMREVIEW[kind]["required"] + GOOGLE_CLAIMREVIEW[kind]["recommended"]
    return [f"{kind}.{name}" for name in wanted if item.get(name) in (None, "", [])]


def test_the_claimreview_has_every_property_google_requires_or_recommends(repo: Repo) -> None:
    repo.write_case(published='"2023-06-03"', updates=updates(FIX))
    content = load_content(repo.root)
    case = content.case(Path(CASE).stem)
    assert case is not None
    settings = Settings(site_url="https://desk.example.org/", organisation="Desk")
    verdict = Verdict("disinformation", "Disinformation", "", 1)
    review = claim_review(case, settings, verdict, case_dates([case])[case.id])
    assert review["@type"] == "ClaimReview"
    problems = _missing(review, "ClaimReview") + _missing(review["itemReviewed"], "Claim")
    problems += _missing(review["reviewRating"], "Rating")
    assert problems == []
    assert review["datePublished"] == "2023-06-03"  # the debunk's date ...
    assert review["itemReviewed"]["datePublished"] == case.date.isoformat() == "2023-06-01"  # ... the claim's
    assert review["dateModified"] == "2023-06-05"  # the newest update
    assert review["url"].startswith(settings.site_url) and review["author"]["name"] == "Desk"


def test_a_claimreview_without_updates_or_git_has_no_modified_date(repo: Repo) -> None:
    content = load_content(repo.root)
    case = content.cases[0]
    review = claim_review(case, Settings(), Verdict("disinformation", "Disinformation", "", 1))
    assert "dateModified" not in review
    assert review["datePublished"] >= review["itemReviewed"]["datePublished"]


def test_a_note_is_rendered_safe_even_past_the_validator() -> None:
    """Feeds and emails render a note with the site's one renderer and nh3: HTML that the
    validator refuses is escaped or dropped anyway, and relative links become absolute."""
    hostile = (
        'See <script>alert(1)</script> [map](javascript:alert(1)) <img src="//evil.example/x"> [a](../x.md)'
    )
    html = inline_html(hostile, "https://desk.example.org/cases/2023/")
    assert "<script" not in html and "javascript:" not in html and "<img" not in html
    assert 'href="https://desk.example.org/cases/x/"' in html


def test_the_future_is_judged_against_the_build_day(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """`DEBUNK_TODAY`, the day that decides which held cases are published, also decides which
    dates lie in the future: a build for a given day reports the same problems on any day."""
    repo.write_case(published='"2023-06-03"')
    monkeypatch.setenv("DEBUNK_TODAY", "2023-06-02")
    assert [p.field for p in load_content(repo.root).problems] == ["published"]
    monkeypatch.setenv("DEBUNK_TODAY", "2023-06-03")
    assert load_content(repo.root).problems == []
