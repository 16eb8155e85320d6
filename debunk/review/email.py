"""The review as an email: one HTML file with inlined CSS (fluid up to 600 px) and a plain-text twin.

Many mail clients drop `<style>` blocks, scripts and relative links, so the HTML template's
stylesheet is inlined by css-inline (and the block removed), every link is absolute, and there
are no images. The tables are 100 % wide up to 600 px; a small `<style>` block of media queries
(which cannot be inlined) narrows the padding and stacks the columns on a phone where the
client keeps it. The chart is drawn with table cells, which every client shows (SVG is not).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import css_inline
import jinja2
from markupsafe import Markup

from debunk.content.files import write_file
from debunk.content.repository import Content
from debunk.render.markup import safe_html
from debunk.review.digest import Digest
from debunk.review.files import Review
from debunk.review.pages import digest_data, digest_reviews
from debunk.settings import Settings
from debunk.site.paths import REVIEWS_FOLDER, feed_folder, review_emails, review_path

_LOADER = jinja2.PackageLoader("debunk", "templates")
_HTML = jinja2.Environment(loader=_LOADER, autoescape=True, undefined=jinja2.StrictUndefined)
_TEXT = jinja2.Environment(
    loader=_LOADER,
    autoescape=False,  # noqa: S701 - plain text, never read as HTML
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_INLINER = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)
_RESPONSIVE = "email_responsive.css"
"""The media queries, put back as a `<style>` block after inlining: they cannot be inlined."""


def _responsive_style() -> str:
    source = _LOADER.get_source(_HTML, _RESPONSIVE)[0]
    return f"<style>\n{source}</style>\n"


def email_context(review: Review, digest: Digest, content: Content, settings: Settings) -> dict[str, Any]:
    """The digest data with absolute URLs, the introduction as safe HTML and the site's links."""
    data = digest_data(review, digest, content, lambda path: settings.site_url + path)
    introduction = safe_html(review.introduction, settings.site_url + REVIEWS_FOLDER)
    return {
        "d": data,
        "introduction_html": Markup(introduction),  # noqa: S704 - sanitised by nh3 in safe_html
        "introduction_text": review.introduction.strip(),
        "site": {
            "name": settings.site_name,
            "url": settings.site_url,
            "organisation": settings.organisation,
            "review_url": settings.site_url + review_path(digest.key),
            "archive_url": settings.site_url + REVIEWS_FOLDER,
            "feed_url": settings.site_url + feed_folder("reviews") + "feed.xml",
        },
    }


def render_email(review: Review, digest: Digest, content: Content, settings: Settings) -> tuple[str, str]:
    """(HTML with inlined CSS, plain text) of a review."""
    context = email_context(review, digest, content, settings)
    html = _HTML.get_template("email.html.j2").render(context)
    text = _TEXT.get_template("email.txt.j2").render(context)
    inlined = _INLINER.inline(html).replace("</head>", _responsive_style() + "</head>", 1)
    return inlined, text


def write_email(
    review: Review, digest: Digest, content: Content, settings: Settings, html_path: Path
) -> Path:
    """Write the HTML to `html_path` and the text beside it (same name, `.txt`); returns the text path."""
    html, text = render_email(review, digest, content, settings)
    text_path = html_path.with_suffix(".txt")
    write_file(html_path, html)
    write_file(text_path, text)
    return text_path


def write_review_emails(
    content: Content,
    reviews: Iterable[Review],
    settings: Settings,
    site_dir: Path,
    digests: Sequence[tuple[Review, Digest]] | None = None,
) -> list[str]:
    """Publish every review's email at `/reviews/<key>/email.html` and `email.txt`; returns the
    paths. `digests` as `digest_reviews` returns them (a build computes them once)."""
    written: list[str] = []
    for review, digest in digest_reviews(content, reviews) if digests is None else digests:
        html, text = render_email(review, digest, content, settings)
        emails = review_emails(digest.key)
        write_file(site_dir / emails["html"], html)
        write_file(site_dir / emails["text"], text)
        written += emails.values()
    return sorted(written)
