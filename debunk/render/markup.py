"""Markdown from content files as safe HTML or plain text, for feeds and emails (outside MkDocs).

The same parser and renderer as the site (`debunk.render.commonmark`), then nh3 with a smaller
allow-list; relative links become absolute, since a feed reader or a mail client has no page
to resolve them against. A case's body is not parsed again: its HTML was rendered at load.
"""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

import nh3

from debunk.render.commonmark import inline, render_text

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


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes={key: set(value) for key, value in ATTRIBUTES.items()},
    url_schemes={"https", "http", "mailto"},
)
_TEXT = nh3.Cleaner(tags=set())
# nh3 writes every attribute as name="value" with `"` escaped: an href is exactly this.
_HREF = re.compile(r'(<a\s(?:[^>]*\s)?href=")([^"]*)(")')


def absolute_html(fragment: str, base: str) -> str:
    """Rendered HTML cleaned for a feed or an email, its links resolved against the URL `base`
    (one cleaner for every base: a cleaner costs more to build than a case costs to clean)."""
    cleaned = str(_CLEANER.clean(fragment)).strip()
    return _HREF.sub(lambda m: m[1] + html.escape(absolute_url(base, html.unescape(m[2]))) + m[3], cleaned)


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
