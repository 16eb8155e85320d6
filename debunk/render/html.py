"""Generated pages' HTML, sanitised, with their tables of contents.

The pages are HTML already (Jinja templates over page data, with the contributor HTML rendered
when the content was loaded: `debunk.render.commonmark`); this is the last layer over all of them:
`debunk.render.sanitize`, and the table of contents read from the headings, under a key that changes
whenever the page does (the theme adapter caches finished pages by it).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from debunk.render import sanitize

_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Rendered:
    """The HTML of a page and its table of contents ([{level, id, name, children}])."""

    html: str
    toc: Toc


Toc = list[dict[str, Any]]
"""[{level, id, name, children}]: the table of contents as MkDocs' `get_toc` takes it."""


def nest_toc(flat: Sequence[tuple[int, str, str]]) -> Toc:
    """(level, id, name) in page order -> the nested table of contents."""
    root: Toc = []
    stack: Toc = []
    for level, ident, name in flat:
        node: dict[str, Any] = {"level": level, "id": ident, "name": name, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(node)
        stack.append(node)
    return root


def toc_of(page_html: str) -> Toc:
    """The table of contents of a whole page's HTML: every heading written `<hN id="...">`, in order
    (the A-to-Z letters of term indexes carry `data-toc-skip`, as their raw HTML kept them out before)."""
    return nest_toc(
        [
            (int(level), ident, _TAG.sub("", inner).strip())
            for level, ident, inner in _HEADING.findall(page_html)
        ]
    )


def render_pages(pages: Iterable[tuple[str, str]]) -> tuple[dict[str, str], dict[str, Rendered]]:
    """({src_uri: key}, {key: Rendered}) of (src_uri, HTML) pairs: each sanitised, its
    table of contents read from its headings, its key the hash of both."""
    keys: dict[str, str] = {}
    store: dict[str, Rendered] = {}
    for src_uri, page_html in pages:
        toc = toc_of(page_html)  # before sanitising: it drops the `data-toc-skip` of headings left out
        clean = sanitize.sanitize_html(page_html)
        key = hashlib.sha256(f"{src_uri}\x00{clean}\x00{json.dumps(toc)}".encode()).hexdigest()
        keys[src_uri] = key
        store.setdefault(key, Rendered(clean, toc))
    return keys, store
