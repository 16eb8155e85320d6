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
from collections.abc import Sequence
from dataclasses import dataclass

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
    return collapse_piece(html).text


@dataclass(frozen=True)
class Collapsed:
    """A piece of a page with its whitespace collapsed, and whether it ends in text."""

    text: str
    ends_in_text: bool
    """False when the piece ends inside a comment, a verbatim element or a tag: what follows
    it is then not text, and the pieces cannot be collapsed one by one."""


def collapse_piece(html: str) -> Collapsed:
    """`collapse_whitespace` of a piece of a page (`join_collapsed` puts pieces together)."""
    out: list[str] = []
    position = 0
    while (match := _KEPT_START.search(html, position)) is not None:
        end = _kept_end(html, match)
        out.append(_collapse(html[position : match.start()]))
        out.append(html[match.start() : end])
        position = end
        if end == len(html) and not _closes(html, match):
            return Collapsed("".join(out), ends_in_text=False)
    rest = html[position:]
    out.append(_collapse(rest))
    return Collapsed("".join(out), ends_in_text=rest.rfind("<") <= rest.rfind(">"))


def _closes(html: str, match: re.Match[str]) -> bool:
    """Whether the kept part that `match` starts is closed within `html` (`_kept_end`)."""
    if match.group(1):
        return html.find("-->", match.end()) >= 0
    if match.group(2):
        return _closing(match.group(2).lower()).search(html, match.end()) is not None
    return html.find(">", match.end()) >= 0


def _merge(left: str, right: str) -> str:
    """Two collapsed runs of whitespace that meet: one run, collapsed."""
    return "\n" if "\n" in left or "\n" in right else left + right


def join_collapsed(pieces: Sequence[Collapsed]) -> str | None:
    """`collapse_whitespace` of the pieces' page, from the pieces collapsed one by one (a page
    made of a frame's shared pieces, collapsed once, and its own); None when a piece but the
    last does not end in text, where the page must be collapsed whole.

    A run of whitespace can span the end of one piece and the start of the next (or a piece
    of whitespace alone): the parts meet as one run, a line break if any part holds one.
    """
    out: list[str] = []
    pending = ""
    for number, piece in enumerate(pieces):
        if not piece.ends_in_text and number < len(pieces) - 1:
            return None
        body = piece.text.lstrip(_WHITESPACE)
        lead = piece.text[: len(piece.text) - len(body)]
        if not body:
            pending = _merge(pending, lead)
            continue
        kept = body.rstrip(_WHITESPACE) if piece.ends_in_text else body
        out += [_merge(pending, lead), kept]
        pending = body[len(kept) :]
    out.append(pending)
    return "".join(out)
