"""The review as an email: inlined CSS, fluid up to 600 px, absolute links, escaped text, plain-text twin."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from debunk.content.repository import Content, load_content
from debunk.review.digest import build_digest
from debunk.review.email import render_email, write_review_emails
from debunk.review.files import Review
from debunk.review.selection import Selection
from debunk.settings import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "digest"
SETTINGS = Settings(
    site_name="Debunk sample", site_url="https://debunk.example.org/", organisation="Sample org"
)
INTRO = (
    "A week of **labs** and drills. See [last week](2024-W14.md) and [the archive](index.md).\n\n"
    "<script>alert('intro')</script> [bad](javascript:alert(1)) <img src=x onerror=alert(2)>\n"
)


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(FIXTURE)


@pytest.fixture(scope="module")
def email(content: Content) -> tuple[str, str]:
    selection = Selection(week="2024-W15")
    review = Review("2024-W15", "reviews/2024-W15.md", selection, "Labs & drills <again>", INTRO)
    return render_email(review, build_digest(content, selection), content, SETTINGS)


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_only_the_media_queries_stay_in_a_style_block(email: tuple[str, str]) -> None:
    html = email[0]
    names = {name for name, _attrs in tags(html)}
    assert {"script", "link", "iframe", "object", "form"} & names == set()
    assert "<script" not in html.lower()
    blocks = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    assert len(blocks) == 1 and html.count("<style") == 1
    rules = re.sub(r"/\*.*?\*/", "", blocks[0], flags=re.DOTALL).strip()
    assert rules.startswith("@media") and rules.endswith("}")  # nothing that could have been inlined
    attributes = [(key, str(value)) for _name, attrs in tags(html) for key, value in attrs.items()]
    assert not [pair for pair in attributes if pair[0].startswith("on") or "javascript:" in pair[1]]


def test_css_is_inlined(email: tuple[str, str]) -> None:
    masthead = [attrs for name, attrs in tags(email[0]) if attrs.get("class") == "masthead"]
    assert masthead and "background-color: #1b2a41" in str(masthead[0]["style"])


def test_fluid_tables_up_to_600_pixels(email: tuple[str, str]) -> None:
    frames = [attrs for name, attrs in tags(email[0]) if name == "table" and attrs.get("class") == "frame"]
    assert len(frames) == 1
    assert frames[0]["width"] == "100%" and "max-width: 600px" in str(frames[0]["style"])
    fixed = [attrs for name, attrs in tags(email[0]) if name == "table" and str(attrs.get("width")).isdigit()]
    assert fixed == []  # a table of fixed pixel width would scroll sideways on a phone


def test_every_link_is_absolute(email: tuple[str, str]) -> None:
    links = [attrs["href"] for name, attrs in tags(email[0]) if name == "a"]
    assert len(links) > 30
    assert all(str(link).startswith("https://debunk.example.org/") for link in links), links
    assert "https://debunk.example.org/reviews/2024-W14/" in links  # from the introduction's .md link
    assert "https://debunk.example.org/reviews/" in links
    assert "https://debunk.example.org/cases/2024/2024-04-12-gas-sanctions-ruin-germany/" in links
    images = [attrs for name, attrs in tags(email[0]) if name == "img"]
    assert images == []  # images only by absolute URL: the introduction's was removed with its handler


def test_text_is_escaped(email: tuple[str, str]) -> None:
    html = email[0]
    assert 'Brussels\' gas sanctions "ruin" German industry &amp; households' in html
    assert "Labs &amp; drills &lt;again&gt;" in html
    # The introduction's raw HTML block is shown as text, as on the review page: never a tag.
    assert "<script" not in html and "<img" not in html and "javascript:alert(1)\"" not in html
    assert "&lt;script&gt;alert('intro')&lt;/script&gt;" in html


def test_the_case_lists_and_counts(email: tuple[str, str], content: Content) -> None:
    html, text = email
    for case in build_digest(content, Selection(week="2024-W15")).cases:
        url = f"https://debunk.example.org/cases/{case.year}/{case.id}/"
        assert html.count(f'href="{url}"') == 1
        assert url in text and case.title in text
    assert "RISING" in html and "NEW" in html


def test_the_plain_text_alternative(email: tuple[str, str]) -> None:
    text = email[1]
    assert text.startswith(
        "DEBUNK SAMPLE - REVIEW OF WEEK 15, 2024\nLabs & drills <again>\n8–14 April 2024, 7 cases\n"
    )
    assert "Read it on the web: https://debunk.example.org/reviews/2024-W15/" in text
    assert "A week of **labs** and drills." in text  # the editor's Markdown, readable as it is
    assert (
        "- NEW: Secret Western biological laboratories (2 cases this week; none in the 4 weeks before)"
        in text
    )
    assert "BY COUNTRY: Germany 2, Ukraine 2, Georgia 1, Lithuania 1, Moldova 1, Poland 1" in text
    assert "<td" not in text


def test_rendering_is_deterministic(email: tuple[str, str], content: Content) -> None:
    selection = Selection(week="2024-W15")
    review = Review("2024-W15", "reviews/2024-W15.md", selection, "Labs & drills <again>", INTRO)
    assert render_email(review, build_digest(content, selection), content, SETTINGS) == email


def test_the_build_publishes_each_review_email(content: Content, tmp_path: Path) -> None:
    reviews = [
        Review("103", "reviews/103.md", Selection(issue=103), None, "Issue 103.\n"),
        Review("2024-W15", "reviews/2024-W15.md", Selection(week="2024-W15"), None, "Week 15.\n"),
        Review("2024-W20", "reviews/2024-W20.md", Selection(week="2024-W20"), None, "Empty: skipped.\n"),
    ]
    written = write_review_emails(content, reviews, SETTINGS, tmp_path)
    assert written == [
        "reviews/103/email.html",
        "reviews/103/email.txt",
        "reviews/2024-W15/email.html",
        "reviews/2024-W15/email.txt",
    ]
    assert "Issue 103." in (tmp_path / "reviews/103/email.txt").read_text()
    assert not (tmp_path / "reviews/2024-W20").exists()


@pytest.mark.parametrize("width", [375, 320, 1280])
def test_no_horizontal_scroll_in_chromium(email: tuple[str, str], tmp_path: Path, width: int) -> None:
    """The email as a phone's mail app shows it: nothing wider than the screen, text still readable."""
    from browser import chromium

    (tmp_path / "email.html").write_text(email[0], encoding="utf-8")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 740})
        page.goto((tmp_path / "email.html").as_uri())
        scroll = page.evaluate("document.documentElement.scrollWidth")
        overflowing = page.evaluate(
            """w => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w + 0.5)
                .map(e => e.tagName + '.' + e.className)""",
            width,
        )
        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('td, a, span, h2, h3')]
                .filter(e => e.textContent.trim())
                .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
        )
        frame = page.evaluate("document.querySelector('table.frame').getBoundingClientRect().width")
        browser.close()
    assert scroll <= width and overflowing == [], overflowing
    assert smallest >= 10
    assert frame == min(width, 600)
