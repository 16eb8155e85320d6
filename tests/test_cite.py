"""A case page built for citation, on the built sample site: what a journalist copies is right.

Each case's BibTeX, RIS and CSL-JSON downloads are read back by real parsers (bibtexparser, rispy,
citeproc-py) and checked against the case files; citeproc-py renders the page's plain citation
from the CSL-JSON with the bundled style; the review a case was reported in is linked when it has a
page; every date reads "14 December 2022"; the ratings page lists every verdict of the vocabulary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
import yaml
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware
from bibtexparser.model import Entry, Field
from browser import ROOT, build_sample_site
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from debunk.content.dates import case_dates
from debunk.content.repository import load_content
from debunk.model import Case
from debunk.publish.cite import _ENCODER, _PLAIN, bibtex, cite_path, csl_item, plain_citation, ris
from debunk.settings import Settings, load_settings

STYLE = ROOT / "debunk" / "data" / "debunk-case.csl"
CITATION = re.compile(r'<section class="debunk-cite".*?<p>(.*?)</p>', re.S)
TIME = re.compile(r'<time datetime="([0-9-]+)">([^<]*)</time>')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_site(tmp_path_factory)


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    content = load_content(ROOT)
    assert content.cases
    return list(content.cases)


def folder(site: Path, case: Case) -> Path:
    return site / "cases" / str(case.year) / case.id


def citeproc_text(item: dict[str, object]) -> str:
    """The bibliography entry citeproc-py renders from a CSL-JSON item with the bundled style."""
    style = CitationStylesStyle(str(STYLE), validate=True)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(str(item["id"]))]))
    return str(bibliography.bibliography()[0])


def test_every_case_downloads_parse_back_to_its_title_date_and_address(site: Path, cases: list[Case]) -> None:
    settings = load_settings(ROOT)
    published = case_dates(cases)  # the test build runs outside git, as this does
    for case in cases:
        url = f"{settings.site_url}cases/{case.year}/{case.id}/"
        day = published[case.id].published
        archive = next((s.archive for s in case.sources if s.archive), None)
        page = (folder(site, case) / "index.html").read_text(encoding="utf-8")
        assert f'Debunk published <time datetime="{day.isoformat()}">' in page

        library = bibtexparser.parse_file(
            str(site / cite_path(case.id, "bib")), append_middleware=[LatexDecodingMiddleware()]
        )
        assert library.failed_blocks == [] and len(library.entries) == 1
        fields = {key: field.value for key, field in library.entries[0].fields_dict.items()}
        assert library.entries[0].key == case.id and library.entries[0].entry_type == "online"
        assert fields["title"] == case.title
        assert fields["date"] == day.isoformat()
        assert fields["url"] == url
        assert fields["organization"] == settings.organisation
        assert ("note" in fields) == (archive is not None)

        records = rispy.loads((site / cite_path(case.id, "ris")).read_text(encoding="utf-8"))
        assert len(records) == 1
        assert records[0]["type_of_reference"] == "ELEC"
        assert records[0]["title"] == case.title
        assert records[0]["date"] == day.strftime("%Y/%m/%d")
        assert records[0]["urls"] == [url, *([archive] if archive else [])]
        assert records[0]["publisher"] == settings.organisation

        items = json.loads((site / cite_path(case.id, "json")).read_text(encoding="utf-8"))
        assert [item["id"] for item in items] == [case.id]
        assert items[0]["title"] == case.title and items[0]["URL"] == url
        assert items[0]["issued"] == {"date-parts": [[day.year, day.month, day.day]]}
        assert items[0].get("archive_location") == archive

        shown = CITATION.search(page)
        assert shown, f"{case.id}: no Cite this case block"
        assert html.unescape(shown.group(1)) == citeproc_text(items[0])
        assert f"{day.day} {day.strftime('%B %Y')}" in html.unescape(shown.group(1))


def test_the_downloads_are_linked_beside_the_page_and_the_copy_link_is_the_permanent_address(
    site: Path, cases: list[Case]
) -> None:
    settings = load_settings(ROOT)
    page = (folder(site, cases[0]) / "index.html").read_text(encoding="utf-8")
    for extension in ("bib", "ris", "json"):
        assert f'href="../../../{cite_path(cases[0].id, extension)}" download' in page
    url = f"{settings.site_url}cases/{cases[0].year}/{cases[0].id}/"
    assert f'<a class="debunk-copy-link" href="{url}">' in page
    assert f'<p class="debunk-print-only" data-pagefind-ignore>{url} · {settings.organisation}</p>' in page


@pytest.mark.parametrize(
    "title",
    ["Plain title", "NATO’s “plan” & 50% of {everything}", "Café \\ backslash $5 #1 ~ _ under_score"],
)
def test_titles_with_special_characters_survive_every_format(title: str, cases: list[Case]) -> None:
    case = dataclasses.replace(cases[0], title=title, sources=())
    settings = Settings(organisation="Checkers & Co {EU}", site_url="https://example.org/")
    item = csl_item(case, settings, dt.date(2022, 12, 14), "https://example.org/cases/2022/x_y%20/")
    entry = bibtexparser.parse_string(bibtex(item), append_middleware=[LatexDecodingMiddleware()]).entries[0]
    assert entry.fields_dict["title"].value == title
    assert entry.fields_dict["organization"].value == settings.organisation
    assert entry.fields_dict["url"].value == item["URL"]
    assert rispy.loads(ris(item))[0]["title"] == title
    assert plain_citation(item) == citeproc_text(item)
    assert "(14 December 2022)" in plain_citation(item)


def test_reported_in_links_the_review_page_when_that_review_exists(site: Path, cases: list[Case]) -> None:
    reviews = {path.stem for path in (ROOT / "reviews").glob("*.md")}
    linked = plain = 0
    for case in cases:
        if case.reported_in is None:
            continue
        page = (folder(site, case) / "index.html").read_text(encoding="utf-8")
        text = f"reported in review issue {case.reported_in}"
        link = f'<a href="../../../reviews/{case.reported_in}/">{text}</a>'
        if str(case.reported_in) in reviews:
            assert link in page, case.id
            assert (site / "reviews" / str(case.reported_in) / "index.html").is_file()
            linked += 1
        else:
            assert text in page and link not in page, case.id
            plain += 1
    assert linked and plain  # the sample has both kinds: the test covers both branches


def test_every_date_on_a_case_page_reads_the_same_way(site: Path, cases: list[Case]) -> None:
    for case in cases:
        page = (folder(site, case) / "index.html").read_text(encoding="utf-8")
        times = TIME.findall(page)
        assert len(times) >= 2
        for iso, shown in times:
            day = dt.date.fromisoformat(iso)
            assert shown == f"{day.day} {day.strftime('%B %Y')}", (case.id, shown)
        article = page[page.index('<div class="debunk-case"') : page.index("</article>")]
        text = re.sub(r"https?://\S+", " ", re.sub(r"<[^>]+>", " ", article))  # addresses hold ids
        assert not re.search(r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b", text), case.id


def test_the_ratings_page_lists_every_verdict_and_each_badge_links_to_its_own(
    site: Path, cases: list[Case]
) -> None:
    text = (ROOT / "vocabularies" / "verdicts.yml").read_text(encoding="utf-8")
    verdicts = yaml.load(text, Loader=yaml.BaseLoader)  # every value a string: `id: false`
    page = html.unescape((site / "ratings" / "index.html").read_text(encoding="utf-8"))
    for verdict in verdicts:
        block = re.search(
            rf'<div class="debunk-ratings__verdict" id="{verdict["id"]}">(.*?)</div>', page, re.S
        )
        assert block, verdict["id"]
        assert verdict["label"] in block.group(1)
        assert verdict["description"] in block.group(1)
        assert f"Rating <strong>{verdict['rating']}</strong> of 5 (worst 1)" in block.group(1)
        count = sum(case.verdict == verdict["id"] for case in cases)
        assert f"{count} case{'' if count == 1 else 's'}" in block.group(1)
    assert page.count('class="debunk-ratings__verdict"') == len(verdicts)
    for case in cases:
        case_page = (folder(site, case) / "index.html").read_text(encoding="utf-8")
        assert f'<a href="../../../ratings/#{case.verdict}">' in case_page
    for linking in ("about", "data"):
        assert 'href="../ratings/"' in (site / linking / "index.html").read_text(encoding="utf-8")


def test_text_written_as_it_is_is_text_latex_encoding_leaves_unchanged() -> None:
    """`bibtex` skips pylatexenc (1 ms a case) on such text: it must not change a character of it."""
    plain = "Az09 ,.:;'()?!/-"
    assert _PLAIN.fullmatch(plain)
    library = _ENCODER.transform(Library([Entry("online", "x", [Field("title", plain)])]))
    assert library.entries[0].fields_dict["title"].value == plain
    for special in '&%$#_{}~^\\"é’':
        assert not _PLAIN.fullmatch(plain + special), special
