"""On the real full-text corpus (../shared/corpora/, issues 3 to 82): each issue's review lists
exactly the cases reported in it, on the page data, in the email and in the reviews feed.

The CSV rows become `Case` objects in memory (never written into the project); the review
code only needs dates, issues and tags, which the rows have.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

from debunk.content.repository import Content
from debunk.content.vocab import load_vocabularies
from debunk.model import Case
from debunk.review.digest import EmptySelectionError, build_digest
from debunk.review.email import render_email
from debunk.review.files import Review
from debunk.review.pages import build_review_pages
from debunk.review.selection import Periods, Selection
from debunk.settings import Settings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "euvsdisinfo-2015-2017-fulltext.csv"
FIXTURE = Path(__file__).parent / "fixtures" / "digest"
SETTINGS = Settings(site_url="https://debunk.example.org/")
_CASE_LINK = re.compile(r'href="https://debunk\.example\.org/cases/\d{4}/([a-z0-9-]+)/"')


def _split(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def _case(index: int, row: dict[str, str]) -> Case:
    date = dt.datetime.strptime(row["date"], "%d.%m.%Y").date()
    case_id = f"{date.isoformat()}-row-{index}"
    return Case(
        id=case_id,
        path=f"cases/{date.year}/{case_id}.md",
        title=row["title"].strip() or f"row {index}",
        date=date,
        verdict="disinformation",
        narratives=(),
        keywords=_split(row["keywords"]),
        countries=_split(row["origin"]),
        languages=_split(row["language"]),
        outlets=_split(row["outlet"]),
        sources=(),
        reported_in=int(row["issue"]),
        related=(),
        summary=row["summary"],
        response=row["disproof"],
    )


@pytest.fixture(scope="module")
def corpus() -> tuple[Content, dict[int, set[str]]]:
    if not CORPUS.is_file():
        pytest.fail(f"the real corpus is missing: {CORPUS} (shared/corpora/ must sit beside the repository)")
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    cases = [_case(index, row) for index, row in enumerate(rows)]
    expected: dict[int, set[str]] = defaultdict(set)
    for case in cases:
        expected[int(str(case.reported_in))].add(case.id)
    content = Content(
        FIXTURE, load_vocabularies(FIXTURE), cases=tuple(sorted(cases, key=lambda c: (c.date, c.id)))
    )
    return content, expected


def test_the_corpus_is_what_this_test_expects(corpus: tuple[Content, dict[int, set[str]]]) -> None:
    content, expected = corpus
    assert len(content.cases) == 3071
    assert (min(expected), max(expected)) == (3, 82)
    assert sum(len(ids) for ids in expected.values()) == 3071


def test_each_issue_review_lists_exactly_its_cases(corpus: tuple[Content, dict[int, set[str]]]) -> None:
    content, expected = corpus
    periods = Periods.of(content.cases)
    for issue in range(3, 83):
        selection = Selection(issue=issue)
        if issue not in expected:  # issue 36 has no row in the corpus
            with pytest.raises(EmptySelectionError, match=f"^no cases in issue {issue}$"):
                build_digest(content, selection, periods)
            continue
        digest = build_digest(content, selection, periods)
        assert {case.id for case in digest.cases} == expected[issue], issue
        grouped = [case.id for group in digest.groups for sub in group.keywords for case in sub.cases]
        assert sorted(grouped) == sorted(expected[issue]), issue  # each case listed once
        assert sum(count.count for count in digest.outlets) >= len(expected[issue])


def test_review_pages_and_emails_list_exactly_the_issue_cases(
    corpus: tuple[Content, dict[int, set[str]]],
) -> None:
    content, expected = corpus
    reviews = [
        Review(str(n), f"reviews/{n}.md", Selection(issue=n), None, f"Issue {n}.\n") for n in range(3, 83)
    ]
    pages = build_review_pages(content, reviews, SETTINGS)
    review_pages = [page for page in pages if page.kind == "review"]
    assert [page.src_uri for page in review_pages] == [f"reviews/{n}.md" for n in sorted(expected)]
    for page in review_pages:
        issue = int(page.meta["debunk"]["key"])
        groups = page.meta["debunk"]["groups"]
        listed = [case["id"] for group in groups for sub in group["keywords"] for case in sub["cases"]]
        assert sorted(listed) == sorted(expected[issue]), issue
    archive = pages[-1].meta["debunk"]["reviews"]
    assert [item["url"] for item in archive][:2] == ["reviews/82/", "reviews/81/"]
    for issue in (3, 44, 82):
        review = reviews[issue - 3]
        html, _text = render_email(review, build_digest(content, review.selection), content, SETTINGS)
        assert set(_CASE_LINK.findall(html)) == expected[issue]
        assert len(_CASE_LINK.findall(html)) == len(expected[issue])
