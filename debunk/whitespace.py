"""Indentation no reader sees, taken out of finished pages.

The theme's templates are indented for the people who edit them: a case page carries about 8 KB
of spaces and blank lines around its navigation, tabs and header. A browser shows a run of
spaces, tabs and line breaks in text as one space (CSS `white-space: normal`), so a run that
holds a line break can become that one line break without changing what is shown or read by a
screen reader, a search indexer or a copy and paste.

Left exactly as written: everything inside a tag (attribute values), comments, and the content
of the elements where spaces show or mean something: `pre`, `code` and `kbd` (mkdocs-material
styles them `white-space: pre-wrap`), `textarea`, `script`, `style` and `svg` (SVG's own rules
drop line breaks). Runs without a line break (the spaces between two words) are not touched.
"""

from __future__ import annotations

import functools
import re

_WHITESPACE = " \t\n\r\f"
"""HTML's whitespace (not `str.isspace`: a no-break space is text)."""
_KEPT_START = re.compile(r"<(?:(!--)|(pre|code|kbd|textarea|script|style|svg)\b|[^>\n]*\n)", re.IGNORECASE)
"""Where a kept part starts: a comment, a verbatim element, or a tag written over several lines.

Every other tag is on one line, so no run with a line break is inside it. (Jinja and
Python-Markdown write a `>` in an attribute value as `&gt;`, so a tag ends at the first `>`.)"""


@functools.cache
def _closing(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}\s*>", re.IGNORECASE)


def _kept_end(html: str, match: re.Match[str]) -> int:
    """Where the kept part that `match` starts ends; the end of the page when it is not closed."""
    if match.group(1):
        end = html.find("-->", match.end())
        return len(html) if end < 0 else end + 3
    if match.group(2):
        closing = _closing(match.group(2).lower()).search(html, match.end())
        return len(html) if closing is None else closing.end()
    end = html.find(">", match.end())
    return len(html) if end < 0 else end + 1


def _collapse(text: str) -> str:
    if "\n" not in text:
        return text
    lines = text.split("\n")
    inner = (line.strip(_WHITESPACE) for line in lines[1:-1])
    return "\n".join([lines[0].rstrip(_WHITESPACE), *filter(None, inner), lines[-1].lstrip(_WHITESPACE)])


def collapse_whitespace(html: str) -> str:
    """`html` with each run of whitespace that holds a line break, in text, made one line break."""
    out: list[str] = []
    position = 0
    while (match := _KEPT_START.search(html, position)) is not None:
        end = _kept_end(html, match)
        out.append(_collapse(html[position : match.start()]))
        out.append(html[match.start() : end])
        position = end
    out.append(_collapse(html[position:]))
    return "".join(out)
