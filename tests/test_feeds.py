"""Atom and JSON feeds: they parse, hold exactly the right entries, dated by the cases, sanitised."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import jsonschema
import pytest

from debunk.build.previous import Previous
from debunk.content.repository import Content, load_content
from debunk.model import Case
from debunk.publish.feeds import build_feeds, feed_links, write_feeds
from debunk.render.commonmark import parse as parse_markdown
from debunk.render.commonmark import render
from debunk.review.files import Review
from debunk.review.selection import Selection
from debunk.settings import Settings
from debunk.site.paths import term_path

FIXTURE = Path(__file__).parent / "fixtures" / "digest"
SITE = "https://debunk.example.org/"
SETTINGS = Settings(site_name="Debunk sample", site_url=SITE, organisation="Sample org")
REVIEWS = [
    Review("101", "reviews/101.md", Selection(issue=101), None, "First issue.\n"),
    Review(
        "2024-W15",
        "reviews/2024-W15.md",
        Selection(week="2024-W15"),
        "Labs week",
        "See [W14](2024-W14.md).\n",
    ),
    Review("2024-W20", "reviews/2024-W20.md", Selection(week="2024-W20"), None, "No cases: no entry.\n"),
]
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "home_page_url", "feed_url", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "url", "title", "content_html", "date_published"],
                "properties": {
                    "id": {"type": "string"},
                    "date_published": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T00:00:00Z$"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}
"""The parts of JSON Feed 1.1 (jsonfeed.org/version/1.1) that readers rely on."""


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(FIXTURE)


@pytest.fixture(scope="module")
def site(content: Content, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    site_dir = tmp_path_factory.mktemp("site")
    return site_dir, write_feeds(content, REVIEWS, SETTINGS, site_dir)


class Tags(HTMLParser):
    """Every start tag of an HTML fragment with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def url(case: Case) -> str:
    return f"{SITE}cases/{case.year}/{case.id}/"


def newest_first(content: Content, field: str | None = None, value: str = "") -> list[str]:
    """Case URLs newest first: all, or those whose `field` holds `value`."""
    ordered = sorted(content.cases, key=lambda c: (c.date, c.id), reverse=True)
    return [url(case) for case in ordered if field is None or value in getattr(case, field)]


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return parsed


def midnight(day: dt.date) -> int:
    return calendar.timegm(day.timetuple())


def expected_feeds(content: Content) -> dict[str, list[str]]:
    """{folder: entry ids}, computed from the cases without the code under test."""
    feeds = {"": newest_first(content)}
    for narrative in content.narratives:
        feeds[f"narratives/{narrative}/"] = newest_first(content, "narratives", narrative)
    for kind in ("keywords", "countries", "languages"):  # outlets have no feeds
        for name in sorted({name for case in content.cases for name in getattr(case, kind)}):
            feeds[term_path(kind, name)] = newest_first(content, kind, name)
    return feeds


def test_every_feed_is_written_in_both_formats(content: Content, site: tuple[Path, list[str]]) -> None:
    folders = [*expected_feeds(content), "corrections/", "reviews/"]
    assert site[1] == sorted(folder + name for folder in folders for name in ("feed.json", "feed.xml"))
    assert "keywords/military-exercises/feed.xml" in site[1] and "languages/ro/feed.json" in site[1]
    assert "narratives/unused-story/feed.xml" in site[1]


def test_every_atom_feed_parses_and_holds_exactly_its_cases(
    content: Content, site: tuple[Path, list[str]]
) -> None:
    by_url = {url(case): case for case in content.cases}
    for folder, ids in expected_feeds(content).items():
        parsed = parse(site[0] / folder / "feed.xml")
        assert [entry.id for entry in parsed.entries] == ids, folder
        assert [entry.link for entry in parsed.entries] == ids
        for entry in parsed.entries:
            day = by_url[entry.id].date
            assert calendar.timegm(entry.published_parsed) == midnight(day)
            assert calendar.timegm(entry.updated_parsed) == midnight(day)
        newest = by_url[ids[0]].date if ids else content.cases[-1].date  # never the build time
        assert calendar.timegm(parsed.feed.updated_parsed) == midnight(newest), folder
        assert parsed.feed.link == SITE + folder


def test_every_json_feed_is_valid_and_matches_its_atom_feed(site: tuple[Path, list[str]]) -> None:
    for path in site[1]:
        if not path.endswith("feed.json"):
            continue
        data = json.loads((site[0] / path).read_text(encoding="utf-8"))
        jsonschema.validate(data, JSON_FEED_SCHEMA)
        atom = parse(site[0] / path.replace("feed.json", "feed.xml"))
        assert [item["id"] for item in data["items"]] == [entry.id for entry in atom.entries], path
        assert data["feed_url"] == SITE + path
        dates = [calendar.timegm(entry.published_parsed) for entry in atom.entries]
        published = [dt.datetime.fromisoformat(item["date_published"]).timestamp() for item in data["items"]]
        assert published == dates


def test_the_reviews_feed(site: tuple[Path, list[str]]) -> None:
    parsed = parse(site[0] / "reviews/feed.xml")
    assert [entry.id for entry in parsed.entries] == [f"{SITE}reviews/2024-W15/", f"{SITE}reviews/101/"]
    assert [entry.title for entry in parsed.entries] == ["Labs week", "Review 101"]
    # Dated by their newest case: 14 April for week 15, 14 March for issue 101.
    assert [calendar.timegm(entry.published_parsed) for entry in parsed.entries] == [
        midnight(dt.date(2024, 4, 14)),
        midnight(dt.date(2024, 3, 14)),
    ]
    content_html = parsed.entries[0].content[0].value
    assert f'href="{SITE}reviews/2024-W14/"' in content_html
    assert content_html.count(f'href="{SITE}cases/2024/') == 7


def test_entries_carry_the_case_text_and_keywords(site: tuple[Path, list[str]]) -> None:
    parsed = parse(site[0] / "keywords/sanctions/feed.xml")
    entry = next(e for e in parsed.entries if e.id.endswith("2024-04-12-gas-sanctions-ruin-germany/"))
    assert entry.title == 'Brussels\' gas sanctions "ruin" German industry & households'
    assert [tag.term for tag in entry.tags] == ["Gas", "Sanctions"]
    assert entry.summary.startswith("A post claimed that sanctions on gas would bankrupt German families")
    html = entry.content[0].value
    assert "<h2>Summary</h2>" in html and "<code>&lt;script&gt;</code>" in html
    # A relative link to another case becomes that case's page.
    assert f'href="{SITE}cases/2024/2024-03-20-sanctions-hurt-only-europe/"' in html


def test_feed_text_is_sanitised(content: Content, tmp_path: Path) -> None:
    summary = "Click <img src=x onerror=alert(1)> [here](javascript:alert(2)) <script>alert(3)</script>"
    response = '<a href="https://ok.example" onclick="alert(4)">ok</a>\n\n<iframe src="https://evil.example"></iframe>'
    body = f"## Summary\n\n{summary}\n\n## Response\n\n{response}\n"
    hostile = dataclasses.replace(  # as if it had slipped past the validator: rendered at load all the same
        content.cases[-1],
        title="<script>alert('title')</script> & more",
        summary=summary,
        response=response,
        html=render(parse_markdown(body), content.cases[-1].path).html,
    )
    unsafe = Content(content.root, content.vocabularies, cases=(*content.cases[:-1], hostile))
    write_feeds(unsafe, [], SETTINGS, tmp_path)
    raw = (tmp_path / "feed.xml").read_text(encoding="utf-8")
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    entry = ET.fromstring(raw).find("atom:entry", namespace)
    assert entry is not None
    html = str(entry.findtext("atom:content", namespaces=namespace))
    item = json.loads((tmp_path / "feed.json").read_text(encoding="utf-8"))["items"][0]
    for markup in (html, item["content_html"]):
        parser = Tags()
        parser.feed(markup)
        assert {name for name, _attrs in parser.tags} <= {"h2", "p", "a", "code"}
        attributes = [(key, str(value)) for _name, attrs in parser.tags for key, value in attrs.items()]
        assert not [key for key, value in attributes if key.startswith("on") or "javascript:" in value]
        # Raw HTML is text, as on the case page; the javascript: target is dropped (the link text stays).
        shown = (
            'Click &lt;img src=x onerror=alert(1)&gt; <a rel="noopener noreferrer">here</a> '
            "&lt;script&gt;alert(3)&lt;/script&gt;"
        )
        assert f"<p>{shown}</p>" in markup
    assert entry.findtext("atom:title", namespaces=namespace) == "<script>alert('title')</script> & more"
    summary = str(entry.findtext("atom:summary", namespaces=namespace))
    assert summary == "Click <img src=x onerror=alert(1)> here <script>alert(3)</script>"  # text, not markup
    assert entry.find("atom:summary", namespace).get("type") in {None, "text"}  # type: ignore[union-attr]


def test_feeds_are_the_same_twice(content: Content, site: tuple[Path, list[str]], tmp_path: Path) -> None:
    write_feeds(load_content(FIXTURE), REVIEWS, SETTINGS, tmp_path)
    for path in site[1]:
        assert (tmp_path / path).read_bytes() == (site[0] / path).read_bytes(), path


def test_feeds_hold_the_newest_entries_up_to_the_limit(content: Content) -> None:
    feeds = {feed.folder: feed for feed in build_feeds(content, [], SETTINGS, limit=3)}
    assert [entry.url for entry in feeds[""].entries] == newest_first(content)[:3]
    assert feeds[""].updated == dt.date(2024, 12, 30)
    assert "reviews/" not in feeds


def test_term_feeds_hold_the_newest_entries_up_to_their_own_limit(content: Content) -> None:
    feeds = {feed.folder: feed for feed in build_feeds(content, [], SETTINGS, limit=4, term_limit=2)}
    assert len(feeds[""].entries) == min(4, len(content.cases))
    keywords = sorted({keyword for case in content.cases for keyword in case.keywords})
    bitten = 0
    for keyword in keywords:
        expected = newest_first(content, "keywords", keyword)
        feed = feeds[term_path("keywords", keyword)]
        assert [entry.url for entry in feed.entries] == expected[:2], keyword
        bitten += len(expected) > 2
    assert bitten, "no keyword of the fixture has more cases than the limit: the test proves nothing"


def test_no_cases_no_feeds(content: Content, tmp_path: Path) -> None:
    assert write_feeds(Content(content.root, content.vocabularies), [], SETTINGS, tmp_path) == []


def test_feed_links_for_templates() -> None:
    assert feed_links("keywords", "Military exercises", SETTINGS) == [
        {
            "type": "application/atom+xml",
            "title": "Debunk sample: Military exercises (Atom)",
            "href": "keywords/military-exercises/feed.xml",
        },
        {
            "type": "application/feed+json",
            "title": "Debunk sample: Military exercises (JSON Feed)",
            "href": "keywords/military-exercises/feed.json",
        },
    ]
    assert [link["href"] for link in feed_links("site", "", SETTINGS)] == ["feed.xml", "feed.json"]
    assert (
        feed_links("narratives", "bio-labs", SETTINGS, "Secret labs")[0]["title"]
        == "Debunk sample: Secret labs (Atom)"
    )
    assert feed_links("languages", "ru", SETTINGS)[1]["href"] == "languages/ru/feed.json"


def test_a_rebuild_reuses_unchanged_feeds_and_matches_a_fresh_build(content: Content, tmp_path: Path) -> None:
    # As in a `mkdocs serve` rebuild: the same process writes the feeds again after one edit.
    edited = dataclasses.replace(content.cases[0], title="An edited title")
    cases = [edited, *content.cases[1:]]
    changed = dataclasses.replace(content, cases=cases)
    previous = Previous()  # what each build hands the next (`debunk.build.previous`)
    write_feeds(content, REVIEWS, SETTINGS, tmp_path / "first", previous=previous)
    reused = {feed.folder: feed for feed in build_feeds(content, REVIEWS, SETTINGS, previous=previous)}
    write_feeds(changed, REVIEWS, SETTINGS, tmp_path / "rebuild", previous=previous)
    again = {feed.folder: feed for feed in build_feeds(changed, REVIEWS, SETTINGS, previous=previous)}
    # Entries of unchanged cases are the objects made before; the edited case's is new.
    unchanged = next(e for e in again[""].entries if e.url != url(edited))
    assert any(unchanged is e for e in reused[""].entries)
    assert all(e.title != "An edited title" for e in reused[""].entries)
    assert any(e.title == "An edited title" for e in again[""].entries)
    # Every file equals what a build handed nothing writes.
    paths = write_feeds(changed, REVIEWS, SETTINGS, tmp_path / "fresh")
    assert b"An edited title" in (tmp_path / "fresh" / "feed.xml").read_bytes()
    for path in paths:
        assert (tmp_path / "rebuild" / path).read_bytes() == (tmp_path / "fresh" / path).read_bytes(), path
