"""The one Markdown parser: contributor text is parsed once, checked and rendered from the same tokens.

markdown-it-py in CommonMark mode with the extensions the site allows (tables, footnotes,
heading ids). `debunk.content.body` checks the token stream that `parse` returns; `render` turns THE
SAME tokens into HTML, so that what a contributor's errors describe is what readers get.
Rendering never trusts the checks: raw HTML is written as text, a link with a scheme other
than https, http or mailto loses its target, an image from another host shows its alt text,
and `debunk.render.sanitize` cleans the whole page afterwards.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

from debunk.render.html import Rendered, nest_toc
from debunk.site.paths import url_of_link

LINK_SCHEMES = frozenset({"https", "http", "mailto"})
THEME_PREFIX = "__"
"""mkdocs-material's own element ids start with it (`__config`, `__drawer`, `__search`)."""
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")
PAGE_IDS = frozenset(
    {
        "sources", "related-cases", "cases", "latest-cases", "narratives", "most-cases", "a-to-z",
        "updates", "updates-title", "cite-title", "narrative-chart-title", "review-chart-title",
    }
)  # fmt: skip
"""Ids of the parts that debunk's templates put on a page (`overrides/`, `debunk/templates/pages/`)."""
_PAGE_ID = re.compile(r"^(?:update-[0-9]+|debunk-.*)$")
"""Also debunk's: a case's updates (`debunk.content.corrections.update_anchor`) and the theme parts' ids."""
_ID_COUNT = re.compile(r"^(.*)_([0-9]+)$")


def link_scheme_problem(url: str, image: bool = False) -> str | None:
    """Why a link target is not allowed, or None. Schemes are allow-listed; images are local."""
    cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    match = _SCHEME.match(cleaned)
    if image and (match or cleaned.startswith("//")):
        return f"image {url!r} loads from another site; images must be files in the repository"
    if match and match.group(1).lower() not in LINK_SCHEMES:
        return (
            f"link {url!r} uses the scheme {match.group(1).lower()!r}; allowed: https, http, mailto, relative"
        )
    if cleaned.startswith("//"):
        return f"link {url!r} has no scheme; write https://"
    return None


def _accept_link(url: str) -> bool:
    return True


def _keep_link(url: str) -> str:
    return url


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(footnote_plugin)
    # Every link is kept in the tokens, also those markdown-it would drop, so that the checks
    # see it; and as written: `java&#x09;script:` must stay `java\tscript:` (which browsers read
    # as `javascript:`), not become a harmless-looking `java%09script:`. `render` normalises.
    md.validateLink = _accept_link  # type: ignore[method-assign]
    md.normalizeLink = _keep_link  # type: ignore[method-assign]
    for name, rule in _RULES.items():
        md.add_render_rule(name, rule)
    return md


def parse(text: str) -> list[Token]:
    """The token stream of `text`: what the rules check and what `render` renders."""
    return _MD.parse(text, {})


def slugify(text: str) -> str:
    """A heading's id as Python-Markdown's toc made it, so that `#summary` and `#response` stay."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_text).strip().lower())


def unique_id(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted_1`, `wanted_2`...: never taken, never the theme's (`__...`) nor one of
    debunk's own page parts (`PAGE_IDS`); noted in `taken`."""
    ident = wanted.lstrip("_") if wanted.startswith(THEME_PREFIX) else wanted
    ident = f"h-{ident}" if _PAGE_ID.match(ident) else ident
    while ident in taken or ident in PAGE_IDS or not ident:
        match = _ID_COUNT.match(ident)
        ident = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{ident}_1"
    taken.add(ident)
    return ident


def plain_text(tokens: Sequence[Token]) -> str:
    """The text of inline tokens, without markup (a heading's title, a link's text)."""
    return "".join(
        token.content if token.type in {"text", "code_inline"} else plain_text(token.children or [])
        for token in tokens
    )


def render(tokens: Sequence[Token], src_uri: str | None, reserved: frozenset[str] = frozenset()) -> Rendered:
    """HTML of `parse`'s tokens for the page `src_uri`, and its table of contents.

    Heading ids avoid `reserved` and the ids of the theme and of debunk's page parts; level-2
    headings (a case's `## Summary` and `## Response`) get theirs first, so that `#response`
    stays the section's whatever the Summary holds. Relative `.md` links become the directory
    URLs of their pages (`debunk.render.html.url_of_link`); with no `src_uri`, they stay as written.
    """
    taken = set(reserved)
    ids: dict[int, str] = {}
    headings = [index for index, token in enumerate(tokens) if token.type == "heading_open"]
    titles = {index: plain_text(tokens[index + 1].children or []) for index in headings}
    for index in sorted(headings, key=lambda index: tokens[index].tag != "h2"):
        ids[index] = unique_id(slugify(titles[index]), taken)
    flat = [(int(tokens[index].tag[1]), ids[index], html.escape(titles[index])) for index in headings]
    env = {"src_uri": src_uri, "ids": ids}
    return Rendered(_MD.renderer.render(list(tokens), _MD.options, env), nest_toc(flat))


def render_text(text: str, src_uri: str | None, reserved: frozenset[str] = frozenset()) -> Rendered:
    """`render(parse(text), ...)`, for text that was checked elsewhere or needs no checks."""
    return render(parse(text), src_uri, reserved)


def inline(rendered_html: str) -> str:
    """One paragraph's HTML without its `<p>`, to sit inside a line of a page."""
    fragment = rendered_html.strip()
    if fragment.startswith("<p>") and fragment.endswith("</p>") and fragment.count("<p>") == 1:
        return fragment[3:-4]
    return fragment


# Render rules: `RendererHTML` calls them as methods (self, tokens, idx, options, env).


def _heading_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<{tokens[idx].tag} id="{html.escape(env["ids"][idx])}">'


def _link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    href = str(token.attrs.get("href", ""))
    attrs = ""
    if link_scheme_problem(href) is None:
        target = normalizeLink(href)
        target = target if env["src_uri"] is None else url_of_link(target, env["src_uri"])
        attrs = f' href="{html.escape(target)}"'
    if token.attrs.get("title"):
        attrs += f' title="{html.escape(str(token.attrs["title"]))}"'
    return f"<a{attrs}>"


def _image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    src = str(token.attrs.get("src", ""))
    alt = html.escape(plain_text(token.children or []))
    if link_scheme_problem(src, image=True) is not None:
        return alt  # never loaded from another host
    title = f' title="{html.escape(str(token.attrs["title"]))}"' if token.attrs.get("title") else ""
    return f'<img src="{html.escape(normalizeLink(src))}" alt="{alt}"{title} />'


def _raw_html(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return html.escape(tokens[idx].content)  # refused by the checks; shown as text, never run


def _label(token: Token) -> str:
    return html.escape(str(token.meta.get("label") or int(token.meta["id"]) + 1))


def _footnote_ids(token: Token) -> tuple[str, int, str]:
    """A footnote reference's label, number and the id of its `n`th reference (`fnref:1`, `fnref2:1`)."""
    label, number, sub = _label(token), int(token.meta["id"]) + 1, int(token.meta.get("subId", 0))
    return label, number, f"fnref{sub + 1 if sub else ''}:{label}"


def _footnote_ref(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    label, number, ref = _footnote_ids(tokens[idx])
    return f'<sup id="{ref}"><a class="footnote-ref" href="#fn:{label}">{number}</a></sup>'


def _footnote_anchor(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    _, number, ref = _footnote_ids(tokens[idx])
    title = f"Jump back to footnote {number} in the text"
    return f' <a class="footnote-backref" href="#{ref}" title="{title}">&#8617;</a>'


def _fixed(markup: str) -> Any:
    def rule(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return markup

    return rule


def _footnote_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<li id="fn:{_label(tokens[idx])}">'


# The footnotes in the markup Python-Markdown wrote and the theme styles (`div.footnote`).
_RULES: dict[str, Any] = {
    "heading_open": _heading_open,
    "link_open": _link_open,
    "image": _image,
    "html_block": _raw_html,
    "html_inline": _raw_html,
    "footnote_ref": _footnote_ref,
    "footnote_anchor": _footnote_anchor,
    "footnote_open": _footnote_open,
    "footnote_close": _fixed("</li>\n"),
    "footnote_block_open": _fixed('<div class="footnote">\n<hr />\n<ol>\n'),
    "footnote_block_close": _fixed("</ol>\n</div>\n"),
}
_MD = _parser()
