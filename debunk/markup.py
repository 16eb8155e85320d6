"""Markdown from content files as safe HTML or plain text, for feeds and emails (outside MkDocs).

The same parser and renderer as the site (`debunk.commonmark`), then nh3 with a smaller
allow-list; relative links become absolute, since a feed reader or a mail client has no page
to resolve them against. A case's body is not parsed again: its HTML was rendered at load.
"""

from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

import nh3

from debunk.commonmark import inline, render_text

TAGS = frozenset(
    {"p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "h2", "h3", "h4"}
)
ATTRIBUTES = {"a": {"href", "title"}}
_SPACE = re.compile(r"\s+")
_SECTION = re.compile(r'<h2 id="(summary|response)">[^<]*</h2>\n?')


def absolute_url(base: str, url: str) -> str:
    """`url` resolved against the folder URL `base`; a link to a `.md` file becomes its page URL."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url
    path = parts.path
    if path.endswith(".md"):
        head, name = posixpath.split(path.removesuffix(".md"))
        folder = head if name == "index" else posixpath.join(head, name)
        path = folder.rstrip("/") + "/" if folder else ""
    return urljoin(base, urlunsplit(("", "", path, parts.query, parts.fragment)))


@lru_cache(maxsize=256)
def _cleaner(base: str) -> nh3.Cleaner:
    """One sanitiser per base folder: building a cleaner costs more than cleaning a case."""
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={key: set(value) for key, value in ATTRIBUTES.items()},
        url_schemes={"https", "http", "mailto"},
        url_relative=lambda url: absolute_url(base, url) if url else None,
    )


_TEXT = nh3.Cleaner(tags=set())


def absolute_html(fragment: str, base: str) -> str:
    """Rendered HTML cleaned for a feed or an email, its links resolved against the URL `base`."""
    return str(_cleaner(base).clean(fragment)).strip()


def safe_html(markdown: str, base: str) -> str:
    """Sanitised HTML of Markdown written in a file whose folder is published at `base`."""
    return absolute_html(render_text(markdown, None).html, base)


def inline_html(markdown: str, base: str) -> str:
    """`safe_html` of one paragraph without its `<p>`, to sit inside a line of the page."""
    return inline(safe_html(markdown, base))


def case_sections(body_html: str) -> tuple[str, str]:
    """(Summary, Response) of a case body's HTML (`Case.html`), without their headings."""
    parts = _SECTION.split(body_html)
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    return sections.get("summary", ""), sections.get("response", "")


def plain_text(markdown: str) -> str:
    """The text of Markdown on one line: no markup, entities decoded."""
    return html_text(render_text(markdown, None).html)


def html_text(fragment: str) -> str:
    """The text of an HTML fragment on one line: no markup, entities decoded."""
    return _SPACE.sub(" ", html.unescape(_TEXT.clean(fragment))).strip()
