"""Hostile content, built: every value escaped in every context, every body sanitised.

`tests/fixtures/hostile/` holds cases, a narrative and vocabulary entries written to break out
of HTML text, attributes, `<title>`, JSON-LD, Markdown lists, feeds and emails. Built as it is,
the validator rejects it (exact errors below); built with the validator's HTML and link rules
switched off, as if a case had slipped past them, no page contains anything that could run.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import HOSTILE, build_hostile_site, live_script, remote_resources

import debunk.content.batch
import debunk.content.fields
import debunk.content.load
from debunk.cli import main
from debunk.content.body import Body, parse_body
from debunk.content.repository import Content, load_content
from debunk.publish.feeds import atom_feed, build_feeds, json_feed
from debunk.review.digest import build_digest
from debunk.review.email import render_email
from debunk.review.files import Review
from debunk.review.selection import Selection
from debunk.rules.collisions import check_unique_urls
from debunk.settings import Settings
from debunk.site.pages import build_pages, build_site

SETTINGS = Settings(site_name="Hostile Desk", site_url="https://hostile.example.org/", organisation="Hostile")
TITLES = {
    "2024-01-02-markup-in-the-title": '<script>alert("title")</script><img src=x onerror=alert("title img")>',
    "2024-01-03-breaking-out-of-attributes": (
        "\"><img src=x onerror=alert(\"attribute\")>'><svg onload=alert('single')>"
    ),
    "2024-01-04-breaking-out-of-json-ld": '</script><script>alert("json-ld")</script><!--',
    "2024-01-05-plain-text-that-looks-like-code": (
        '[click](javascript:alert(1)) **bold** {{ 7*7 }} {% raw %} ${alert(1)} AT&T "5G" <3 a < b > c'
    ),
}  # fmt: skip
EXPECTED_ERRORS = (HOSTILE / "expected-errors.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("hostile") / "repo"
    result = build_hostile_site(repo, bypass=True)
    assert result.returncode == 0, result.stderr
    return repo / "site"


def _no_body_problems(text: str, structured: bool = True) -> Body:
    body = parse_body(text, structured)
    body.problems.clear()
    return body


@pytest.fixture
def slipped(monkeypatch: pytest.MonkeyPatch) -> Content:
    """The hostile content loaded as if it had passed validation (what bypass_validation.py does)."""
    monkeypatch.setattr(debunk.content.load, "parse_body", _no_body_problems)
    monkeypatch.setattr(debunk.content.fields, "untrusted_text", lambda *args: None)
    monkeypatch.setattr(debunk.content.fields, "url_problem", lambda *args: None)
    content = load_content(HOSTILE)
    assert len(content.cases) == 5
    return content


class Texts(HTMLParser):
    """The text of the first element matching a tag (and attribute), and every attribute value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, str] = {}
        self.meta: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and "property" in values:
            self.meta[values["property"]] = values.get("content", "")
        key = "jsonld" if tag == "script" and values.get("type") == "application/ld+json" else tag
        self._open.append(key)

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if not self._open:
            return
        key = self._open[-1]
        if key == "jsonld":
            self.jsonld.append(data)
        elif key in {"title", "h1"}:
            self.texts[key] = self.texts.get(key, "") + data


def read(site: Path, url: str) -> Texts:
    parser = Texts()
    parser.feed((site / url / "index.html").read_text(encoding="utf-8"))
    return parser


def test_the_validator_rejects_the_hostile_content_with_exact_errors(runner: CliRunner) -> None:
    # --no-cache: a fixture folder in the source tree is never written to
    result = runner.invoke(main, ["validate", "--no-cache", "--root", str(HOSTILE)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith(("cases/", "narratives/"))]
    assert [line for line in errors if ": warning: " not in line] == EXPECTED_ERRORS


def test_the_build_fails_on_the_same_errors(tmp_path: Path) -> None:
    result = build_hostile_site(tmp_path / "repo", bypass=False)
    assert result.returncode == 1
    logged = [line[len("ERROR   -  ") :] for line in result.stderr.splitlines() if line.startswith("ERROR")]
    left = ": left out of the site: see the problem above"
    problems = [line for line in logged if line.startswith(("cases/", "narratives/")) and left not in line]
    assert problems == EXPECTED_ERRORS
    # and each case file kept out of the site is named once more, after its problems
    named = [line.removesuffix(left) for line in logged if line.endswith(left)]
    broken = {line.split(":")[0] for line in EXPECTED_ERRORS if line.startswith("cases/")}
    assert sorted(named) == sorted(broken)
    vocabulary = [line for line in logged if line.startswith("vocabularies/")]
    assert vocabulary and all(": name: " in line and "contains HTML" in line for line in vocabulary)


def test_no_page_of_the_slipped_site_can_run_script_or_load_from_elsewhere(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) >= 20
    found = {}
    for page in pages:
        text = page.read_text("utf-8")
        found[page.relative_to(built).as_posix()] = live_script(text) + remote_resources(text)
    assert {page: items for page, items in found.items() if items} == {}


@pytest.mark.parametrize("case_id", sorted(TITLES))
def test_a_title_reads_exactly_as_written_in_every_context(built: Path, case_id: str) -> None:
    """Escaped once, never twice: the browser shows the title as written, and runs none of it."""
    page = read(built, f"cases/2024/{case_id}")
    title = TITLES[case_id]
    assert page.texts["title"] == f"{title} - Hostile Desk"
    assert page.texts["h1"] == title
    assert page.meta["og:title"] == title
    (jsonld,) = page.jsonld
    assert json.loads(jsonld)["claimReviewed"] == title


def test_json_ld_escapes_what_would_end_the_script_element(built: Path) -> None:
    html = (built / "cases/2024/2024-01-04-breaking-out-of-json-ld/index.html").read_text("utf-8")
    assert '"claimReviewed":"\\u003c/script\\u003e\\u003cscript\\u003ealert(\\"json-ld\\")' in html
    assert html.count("</script>") == html.count("<script")


def test_titles_in_lists_are_inert_markdown(built: Path) -> None:
    home = (built / "index.html").read_text("utf-8")
    assert (
        '<a href="cases/2024/2024-01-02-markup-in-the-title/">&lt;script&gt;alert("title")&lt;/script&gt;'
        '&lt;img src=x onerror=alert("title img")&gt;</a>'
    ) in home
    assert (
        '<a href="cases/2024/2024-01-05-plain-text-that-looks-like-code/">[click](javascript:alert(1)) '
        '**bold** {{ 7*7 }} {% raw %} ${alert(1)} AT&amp;T "5G" &lt;3 a &lt; b &gt; c</a>'
    ) in home


def test_vocabulary_names_are_escaped_and_get_safe_slugs(built: Path) -> None:
    keyword = read(built, "keywords/img-src-x-onerror-alert-keyword")
    assert keyword.texts["h1"] == '<img src=x onerror=alert("keyword")>'
    outlet = read(built, "outlets/script-script-alert-outlet-script")
    assert outlet.texts["h1"] == '</script><script>alert("outlet")</script>'
    region = read(built, "countries/svg-onload-alert-region")
    assert region.texts["h1"] == '"><svg onload=alert("region")>'
    case = (built / "cases/2024/2024-01-01-markup-in-the-body/index.html").read_text("utf-8")
    assert (
        '<span class="debunk-visually-hidden">Verdict: </span>&lt;b onmouseover=alert(&#34;verdict&#34;)&gt;'
        "Disinformation&lt;/b&gt;"
    ) in case
    assert 'title="&#34;&gt;&lt;script&gt;alert(&#34;verdict description&#34;)&lt;/script&gt;"' in case


def test_the_body_is_sanitised(built: Path) -> None:
    html = (built / "cases/2024/2024-01-01-markup-in-the-body/index.html").read_text("utf-8")
    body = html[html.index('<div class="debunk-case__body">') : html.index("</article>")]
    for gone in ("<script", "<iframe", "<style", "<meta", "<object", "<embed", "<form", "<base", "<link"):
        assert gone not in body
    assert "<svg" not in body
    assert "evil.example/pixel.png" not in body  # remote image: src removed
    assert live_script(body) == []
    # Every unsafe link is left as a link without a target, or as text; raw HTML is text.
    assert "Links: <a>a</a>, <a>b</a>, <a>c</a>,\n<a>d</a>, <a>e</a>, <a>f</a>,\n<a>g</a>, <a>h</a>," in body
    assert '<a>i</a>, <a>javascript:alert("j")</a>,\n' in body
    assert '&lt;a href="javascript:alert(\'k\')"&gt;k&lt;/a&gt;, <a>l</a>,' in body
    # Not a link for CommonMark (`"t" onclick=...` is no title), so text on the page too.
    assert '[m](https://example.org/ok "t" onclick=alert("m")),' in body
    assert '<td>&lt;img src=x onerror=alert("table cell")&gt;</td>' in body
    # A source URL that slipped through is not a link.
    title_page = (built / "cases/2024/2024-01-02-markup-in-the-title/index.html").read_text("utf-8")
    assert ": <a>javascript:alert(document.domain)</a> · <a>archived copy</a>" in title_page


def test_a_narrative_body_is_sanitised(built: Path) -> None:
    html = (built / "narratives/hostile-narrative/index.html").read_text("utf-8")
    assert live_script(html) == []
    assert remote_resources(html) == []
    title = '<img src=x onerror=alert("narrative title")>'
    assert read(built, "narratives/hostile-narrative").texts["h1"] == title


def test_feeds_carry_titles_as_text_and_bodies_sanitised(slipped: Content) -> None:
    feeds = build_feeds(slipped, [], SETTINGS)
    site_feed = next(feed for feed in feeds if feed.folder == "")
    atom = ET.fromstring(atom_feed(site_feed, SETTINGS))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = {entry.findtext("a:title", namespaces=ns) for entry in atom.findall("a:entry", ns)}
    assert set(TITLES.values()) <= titles
    for entry in atom.findall("a:entry", ns):
        assert live_script(entry.findtext("a:content", default="", namespaces=ns)) == []
    items = json.loads(json_feed(site_feed, SETTINGS))["items"]
    assert set(TITLES.values()) <= {item["title"] for item in items}
    assert all(live_script(item["content_html"]) == [] for item in items)
    assert all(remote_resources(item["content_html"]) == [] for item in items)


def test_the_review_email_escapes_titles(slipped: Content) -> None:
    selection = Selection(week="2024-W01")
    title = '<img src=x onerror=alert("review")>'
    review = Review("2024-W01", "reviews/2024-W01.md", selection, title, "Week 1.\n")
    html, text = render_email(review, build_digest(slipped, selection), slipped, SETTINGS)
    assert live_script(html) == []
    assert remote_resources(html) == []
    case_title = TITLES["2024-01-02-markup-in-the-title"]
    assert escape(case_title, quote=False) + "</a>" in html
    assert f"<title>{escape(title, quote=False)}</title>" in html
    assert case_title in text and title in text  # the plain-text email shows them as written


def test_generated_pages_have_one_url_each(slipped: Content) -> None:
    pages = build_pages(build_site(slipped, SETTINGS))
    assert check_unique_urls(pages, ["about.md"]) == []
