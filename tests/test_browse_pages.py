"""Browsing without search: `/cases/`, paginated narratives, the A-Z term indexes, and the check
that every case is on the pages of all cases once. Counts come from the case files."""

from __future__ import annotations

import dataclasses
import html
import posixpath
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from test_site import built, make_repo  # noqa: F401 - `built` is a fixture

from debunk.build.verify import verify_site
from debunk.content.repository import load_content
from debunk.settings import Settings, load_settings
from debunk.site.pages import GeneratedPage, build_pages, build_site
from debunk.site.pages.base import Site
from debunk.site.pages.terms import TOP_TERMS, first_letter
from debunk.site.paths import page_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

CASE_LINK = re.compile(r'href="(?:\.\./)*(?:cases/)?\d{4}/([a-z0-9-]+)/"')


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, list[GeneratedPage]]:
    """A 300-case generated publication, 45 cases a page of /cases/, 7 a narrative page."""
    from corpus import generate_corpus

    repo = make_repo(tmp_path_factory.mktemp("browse") / "repo")
    for folder in ("cases", "narratives", "vocabularies"):
        shutil.rmtree(repo / folder)
    generate_corpus(300, repo, seed=25)
    content = load_content(repo)
    assert not content.errors and len(content.cases) == 300
    settings: Settings = dataclasses.replace(load_settings(repo), page_size=7, cases_page_size=45)
    site = build_site(content, settings)
    return site, build_pages(site)


def kind(pages: list[GeneratedPage], name: str) -> list[GeneratedPage]:
    return [page for page in pages if page.kind == name]


def test_all_cases_pages_list_every_case_once_newest_first_under_year_and_month(
    corpus: tuple[Site, list[GeneratedPage]],
) -> None:
    site, pages = corpus
    listing = kind(pages, "case-index")
    assert [page.src_uri for page in listing] == ["cases/index.md"] + [
        f"cases/page/{n}.md" for n in range(2, len(listing) + 1)
    ]
    assert len(listing) == -(-len(site.content.cases) // 45)
    listed = [case_id for page in listing for case_id in CASE_LINK.findall(page.html)]
    by_id = {case.id: case for case in site.content.cases}
    files = [path.stem for path in (site.content.root / "cases").rglob("*.md")]
    assert len(files) == 300 and Counter(listed) == Counter(files)  # every case file's case, once
    dates = [(by_id[case_id].date, case_id) for case_id in listed]
    assert dates == sorted(dates, reverse=True)
    for page in listing:  # each case under the heading of its year and its month
        year = month = None
        for line in page.html.splitlines():
            if heading := re.fullmatch(r'<h([23]) id="[^"]*">(.*)</h[23]>', line):
                if heading.group(1) == "2":
                    year = heading.group(2)
                else:
                    month = heading.group(2)
            elif found := CASE_LINK.search(line):
                case = by_id[found.group(1)]
                assert (year, month) == (str(case.year), case.date.strftime("%B %Y")), line


def test_each_year_link_leads_to_the_page_where_the_year_starts(
    corpus: tuple[Site, list[GeneratedPage]],
) -> None:
    site, pages = corpus
    listing = kind(pages, "case-index")
    newest = {}
    for page in listing:
        for case_id in CASE_LINK.findall(page.html):
            newest.setdefault(case_id[:4], page.src_uri)
    assert len(newest) == len({case.year for case in site.content.cases}) > 1
    for page in listing:
        jumps = {
            year: href
            for href, year in re.findall(r'<a href="([^"]+)">(\d{4})</a>', page.html.split("<h2 ")[0])
        }
        assert list(jumps) == sorted(newest, reverse=True)
        for year, href in jumps.items():
            target, _, anchor = href.partition("#")
            there = posixpath.normpath(posixpath.join(page_url(page.src_uri), target))
            assert there == posixpath.normpath(page_url(newest[year]))
            assert anchor in ("", year)
            if anchor:  # the heading it jumps to is on that page
                assert f'<h2 id="{year}">{year}</h2>' in next(
                    p.html for p in listing if p.src_uri == newest[year]
                )


def test_narratives_are_paginated_and_every_case_is_reachable(
    corpus: tuple[Site, list[GeneratedPage]],
) -> None:
    site, pages = corpus
    by_narrative: dict[str, list[GeneratedPage]] = {}
    for page in kind(pages, "narrative"):
        by_narrative.setdefault(page.meta["debunk"]["id"], []).append(page)
    assert max(len(found) for found in by_narrative.values()) > 1  # the test needs a paginated one
    for narrative_id, found in by_narrative.items():
        expected = [case.id for case in site.content.cases if narrative_id in case.narratives]
        listed = [case_id for page in found for case_id in CASE_LINK.findall(page.html)]
        assert sorted(listed) == sorted(expected)  # each once
        assert len(found) == max(1, -(-len(expected) // 7))
        first, *rest = found
        assert first.src_uri == f"narratives/{narrative_id}.md" and "chart" in first.meta["debunk"]
        for number, page in enumerate(rest, 2):
            assert page.src_uri == f"narratives/{narrative_id}/page/{number}.md"
            assert "chart" not in page.meta["debunk"] and "reach" not in page.meta["debunk"]
            assert page.html.startswith(
                '<h2 id="cases">'
            )  # no contributor text (the description) past page 1
            assert "← Newer cases</a>" in page.html


def test_term_indexes_put_the_top_terms_first_then_every_term_under_its_letter(
    corpus: tuple[Site, list[GeneratedPage]],
) -> None:
    site, pages = corpus
    for page in kind(pages, "term-index"):
        taxonomy = page.src_uri.split("/")[0]
        tally: Counter[str] = Counter(name for case in site.content.cases for name in getattr(case, taxonomy))
        terms = site.terms[taxonomy]
        labels = {name: terms[name].label for name in tally if name in terms}
        markdown = page.html
        if len(labels) > TOP_TERMS:
            top_part, _, markdown = markdown.partition('<h2 id="a-to-z">A to Z</h2>\n')
            top = [
                (html.unescape(label), count)
                for label, count in re.findall(
                    r'^<li><a href="[^"]*">(.+?)</a> \((\d+)\)</li>$', top_part, re.MULTILINE
                )
            ]
            counts = sorted(tally[name] for name in labels)[::-1][:TOP_TERMS]
            assert [int(count) for _, count in top] == counts
            assert all(tally[name] >= counts[-1] for name, label in labels.items() if label in dict(top))
        else:
            assert 'id="most-cases"' not in markdown
        sections = re.split(
            r'^<h[23] id="(letter-[a-z]+)" data-toc-skip>(.)</h[23]>$', markdown, flags=re.MULTILINE
        )
        seen = []
        for _anchor, letter, text in zip(sections[1::3], sections[2::3], sections[3::3], strict=True):
            entries = [
                html.unescape(label)
                for label in re.findall(r'^<li><a href="[^"]*">(.+?)</a>', text, re.MULTILINE)
            ]
            assert {first_letter(label) for label in entries} == {letter}
            seen += entries
        assert len(seen) == len(labels)
        bar = page.meta["debunk"]["letters"]
        assert [entry["letter"] for entry in bar][:26] == [chr(c) for c in range(ord("A"), ord("Z") + 1)]
        assert {entry["anchor"] for entry in bar if entry["anchor"]} == set(sections[1::3])


@pytest.mark.parametrize(
    ("label", "letter"), [("NATO", "N"), ("élysée", "E"), ("Åland Islands", "A"), ("5G", "#"), ("Київ", "#")]
)
def test_a_term_is_filed_under_its_first_letter_without_accents(label: str, letter: str) -> None:
    assert first_letter(label) == letter


def test_verify_site_names_a_case_missing_from_or_repeated_on_the_pages_of_all_cases(
    built: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    site = build_site(load_content(built), load_settings(built))
    pages = build_pages(site)
    result = verify_site(site, pages, built / "site")
    assert result.ok and f"{len(site.content.cases)} on the pages of all cases" in result.summary
    broken = tmp_path / "site"
    shutil.copytree(built / "site", broken)
    page = broken / "cases" / "index.html"
    html = page.read_text(encoding="utf-8")
    drills = "2024/2024-03-20-nato-drills-cover-for-attack/"
    vote = "2023/2023-02-10-baltic-vote-decided-abroad/"
    assert html.count(f'href="{drills}"') == 1 and html.count(f'href="{vote}"') == 1
    page.write_text(html.replace(drills, vote), encoding="utf-8")
    assert verify_site(site, pages, broken).problems == (
        "case '2023-02-10-baltic-vote-decided-abroad' (cases/2023/2023-02-10-baltic-vote-decided-abroad.md) "
        "is listed 2 times on the pages of all cases (/cases/)",
        "case '2024-03-20-nato-drills-cover-for-attack' "
        "(cases/2024/2024-03-20-nato-drills-cover-for-attack.md) "
        "is missing from the pages of all cases (/cases/)",
    )
