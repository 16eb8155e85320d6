"""Plain text and URLs written into Markdown so that they stay plain text and one link target."""

from __future__ import annotations

import re
from urllib.parse import quote

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
_CHANGED = re.compile(r"[&<>\\`*_{}\[\]()#+!|]")
"""Every character `md` changes: most titles have none (600,000 calls at 20,000 cases)."""


def md(text: object) -> str:
    """Plain text made inert in Markdown: no HTML, no links, no emphasis, no attributes.

    A `]` followed by `:` is written `\\]&#58;`: in a link's text, `[a\\]: b](...)` at the start
    of a line is a link reference definition (or with `^`, a footnote) to Python-Markdown
    despite the backslash, and the line vanished from the page. A case titled `^]: x` put a
    footnote on every page that lists it.
    """
    plain = str(text)
    if _CHANGED.search(plain) is None:
        return plain
    escaped = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped).replace("\\]:", "\\]&#58;")


def mdurl(url: object) -> str:
    """A URL safe inside a Markdown link target (no spaces, brackets or angle brackets).

    One with an apostrophe is written `<...>`: else Python-Markdown reads `'...')` at the end of
    a link as the link's title, and the URL `https://example.org/it'` followed on the same line
    by a second link ending in `'` lost that link into a `title` attribute (found by
    `tests/test_own_lists.py`).
    """
    quoted = quote(str(url), safe=":/?#@!$&'*+,;=%~[]")
    return f"<{quoted}>" if "'" in quoted else quoted
