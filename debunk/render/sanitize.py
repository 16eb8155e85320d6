"""The last line of defence: rendered page HTML cleaned to an allow-list with nh3 (ammonia).

The validator rejects raw HTML and unsafe links in case bodies, and the site renders the very
tokens it checked (`debunk.render.commonmark`), which writes raw HTML as text; this layer does not
rely on either. The allow-list is what that renderer (CommonMark, tables, footnotes, heading
ids) and the page templates produce; everything else goes: `<script>` and
`<style>` with their content, event handlers, `style` but table alignment, and every link or
image whose scheme is not https, http or mailto (relative links stay). External links get
`rel="noopener noreferrer nofollow"`; images must be local files. Cleaning is idempotent:
cleaning clean HTML changes nothing.
"""

from __future__ import annotations

import re

import nh3

TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "span", "strong", "sup", "sub",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
"""What Markdown renders (`h1` only on pages whose title is in their Markdown, e.g. /data/)."""
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id"},  # footnotes: <li id="fn:1">
    "sup": {"id"},  # footnote references: <sup id="fnref:1">
    "td": {"style"}, "th": {"style"},  # table column alignment
    "ol": {"start"},
}  # fmt: skip
CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote"},
    "span": {"debunk-list-meta"},
}
"""Classes that Python-Markdown's footnotes and the page templates use; every other class goes."""
URL_SCHEMES = frozenset({"https", "http", "mailto"})
EXTERNAL_REL = "noopener noreferrer nofollow"
MAX_PASSES = 4
"""Extra cleaning passes until the HTML stops changing (one is enough for well-formed HTML)."""
CLEAN_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}
)
"""Tags removed with everything inside them (their content is code or foreign markup, not text)."""

_ABSOLUTE = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.\-]*:|[/\\]{2})")


def _local_images(tag: str, attribute: str, value: str) -> str | None:
    """Images load from the site only: a remote image would tell another server who reads what."""
    if tag == "img" and attribute == "src" and _ABSOLUTE.match(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(CLEAN_CONTENT),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    tag_attribute_values={"a": {"rel": {EXTERNAL_REL}}},
    allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
    filter_style_properties={"text-align"},
    url_schemes=set(URL_SCHEMES),
    attribute_filter=_local_images,
    link_rel=None,
    strip_comments=True,
)
# nh3 writes every attribute as name="value", with `"` in values escaped: a start tag is exact.
_LINK = re.compile(r'<a((?:\s[a-z-]+="[^"]*")*)>')
_EXTERNAL_HREF = re.compile(r'\shref="(?:https?:|mailto:|//)')


def _add_rel(match: re.Match[str]) -> str:
    attributes = match.group(1)
    if _EXTERNAL_HREF.search(attributes) and ' rel="' not in attributes:
        return f'<a{attributes} rel="{EXTERNAL_REL}">'
    return match.group(0)


def sanitize_html(html: str) -> str:
    """HTML cleaned to the allow-list, with `rel` on every link that leaves the site.

    ammonia keeps the children of a removed element, which can leave a tree that parses back
    differently (`<p><button><p>` gives `<p><p></p></p>`); cleaning again until nothing changes
    makes the result a fixed point, so that cleaning is idempotent (found by fuzzing).
    """
    cleaned = _CLEANER.clean(html)
    for _ in range(MAX_PASSES):
        again = _CLEANER.clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return _LINK.sub(_add_rel, cleaned)
