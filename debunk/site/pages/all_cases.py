"""`/cases/`: every case by year and month, newest first, paginated; plain links, no JavaScript."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, NamedTuple

from debunk.model import Case
from debunk.site.pages.base import CaseItem, GeneratedPage, Site, case_items, render
from debunk.site.pages.memo import PageMemo
from debunk.site.paths import all_cases_uri, link


class Month(NamedTuple):
    """A month heading and its cases on one page."""

    heading: str
    cases: list[CaseItem]


class Year(NamedTuple):
    """A year heading and its months on one page."""

    year: int
    months: list[Month]


def remembered_all_cases_pages(site: Site, memo: PageMemo) -> Sequence[GeneratedPage]:
    """`all_cases_pages`, from `memo` when no case changed (a case is a frozen, shared object)."""
    return memo.pages("all-cases", "", (site.content.cases,), lambda: all_cases_pages(site))


def all_cases_pages(site: Site) -> list[GeneratedPage]:
    """The pages of `/cases/`: `cases_page_size` cases each, under year and month headings."""
    cases = sorted(site.content.cases, key=lambda case: (case.date, case.id), reverse=True)
    size = max(1, site.settings.cases_page_size)
    chunks = [cases[i : i + size] for i in range(0, len(cases), size)] or [[]]
    starts: dict[int, int] = {}  # year -> the page its newest case is on
    for number, chunk in enumerate(chunks, 1):
        for case in chunk:
            starts.setdefault(case.year, number)
    return [_page(number, chunk, chunks, starts, site) for number, chunk in enumerate(chunks, 1)]


def _page(
    number: int, chunk: list[Case], chunks: list[list[Case]], starts: dict[int, int], site: Site
) -> GeneratedPage:
    uri = all_cases_uri(number)
    # A year's link goes to its heading on the page where it starts (the `toc` extension's
    # id of `## 2024` is `2024`), or to that page's top when the year opens it.
    jumps = []
    for year, page in starts.items():
        anchor = "" if _opens(chunks[page - 1], year) else f"#{year}"
        jumps.append({"year": year, "link": link(all_cases_uri(page), uri) + anchor})
    years = _years(chunk, uri, site)
    newer = link(all_cases_uri(number - 1), uri) if number > 1 else None
    older = link(all_cases_uri(number + 1), uri) if number < len(chunks) else None
    total = len(site.content.cases)
    body = render(
        "all_cases.html.j2", uri, years=years, jumps=jumps, total=total, number=number, pages=len(chunks),
        newer=newer, older=older,
    )  # fmt: skip
    title = "All cases" if number == 1 else f"All cases (page {number})"
    data: dict[str, Any] = {
        "kind": "case-index", "title": title, "count": total, "page": number, "pages": len(chunks),
        "description": f"Every one of the {total} debunked cases, newest first",
    }  # fmt: skip
    meta = {"template": "term.html", "title": title, "debunk": data}
    return GeneratedPage(uri, body, meta, None, "case-index")


def _years(chunk: list[Case], uri: str, site: Site) -> list[Year]:
    """The page's cases under their year and month, newest first (as `chunk` is sorted)."""
    years = []
    for year, of_year in itertools.groupby(chunk, key=lambda case: case.year):
        months = []
        for _, of_month in itertools.groupby(of_year, key=lambda case: case.date.month):
            cases = list(of_month)
            months.append(Month(_month(cases[0]), case_items(cases, uri, site)))
        years.append(Year(year, months))
    return years


def _opens(chunk: list[Case], year: int) -> bool:
    return bool(chunk) and chunk[0].year == year


def _month(case: Case) -> str:
    return case.date.strftime("%B %Y")
