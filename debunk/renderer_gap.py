"""What the site's Markdown renderer would read as HTML or as a link where the validator's does not.

The validator parses bodies with markdown-it (CommonMark); MkDocs renders them with
Python-Markdown, which is laxer. Python-Markdown passes `<svg/onload=alert(1)>` and `\\<svg ...>`
through as HTML (CommonMark sees text: no space before the attribute, and `\\<` is an escape),
renders footnote definitions, which CommonMark reads as unused link references, has no fenced
code (HTML between two ``` lines is live) and indents list items differently (a CommonMark code
block in a list item can be a paragraph there). This module scans the raw text with
Python-Markdown's own HTML pattern and a link-target pattern, outside one-line code spans only,
so that the validator rejects what the renderer would let through. The HTML sanitiser in the
build (`debunk.sanitize`) stays the last line of defence.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

# Python-Markdown's `HTML_RE` (markdown/inlinepatterns.py), plus processing instructions.
_HTML = re.compile(r"<(?:/?[a-zA-Z][^<>@ ]*(?: [^<>]*)?|!--(?:(?!<!--|-->).)*--|[!?][^<>]*)>", re.DOTALL)
# A CommonMark autolink: markdown-it already checks it as a link.
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*>")
# A code span on one line. Python-Markdown's spans may run over lines, but an HTML line inside
# one can be read as an HTML block first, so only one-line spans are taken as safe.
_CODE_SPAN = re.compile(r"(?<!\\)(`+)([^\n]+?)(?<!`)\1(?!`)")
# `[text](target)`, with one level of parentheses in the target. A lookahead, so that every
# `](` is read, also one inside another candidate's target (`[a](x[b](javascript:...))`).
_INLINE = re.compile(r"(?=\]\(\s*<?((?:[^\s()<>]|\([^\s()<>]*\))+))")
# `[ref]: target` and `[^1]: text`.
_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.MULTILINE)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _outside_code(text: str, skipped_lines: Iterable[int]) -> str:
    """The text as Python-Markdown reads it (it deletes U+0002 and U+0003, its placeholder
    markers, first), with the skipped lines and one-line code spans blanked out, line numbers kept."""
    text = text.replace("\x02", "").replace("\x03", "")
    skipped = set(skipped_lines)
    lines = ["" if number in skipped else line for number, line in enumerate(text.split("\n"))]
    return _CODE_SPAN.sub(_blank, "\n".join(lines))


def hidden_html(text: str, skipped_lines: Iterable[int]) -> list[tuple[int, str]]:
    """(0-based line, tag) of every piece of HTML that Python-Markdown would pass through."""
    visible = _outside_code(text, skipped_lines)
    return [
        (visible.count("\n", 0, match.start()), match.group(0))
        for match in _HTML.finditer(visible)
        if not _AUTOLINK.fullmatch(match.group(0))
    ]


def _is_image(text: str, close: int) -> bool:
    """Whether the `]` at `close` ends the `![alt]` of an image (brackets balanced backwards)."""
    depth = 0
    for index in range(close, -1, -1):
        if text[index] == "]":
            depth += 1
        elif text[index] == "[":
            depth -= 1
            if depth == 0:
                return index > 0 and text[index - 1] == "!"
    return False


def hidden_links(text: str, skipped_lines: Iterable[int]) -> list[tuple[int, str, bool]]:
    """(0-based line, target, is an image) of every inline link or image target and every link or
    footnote definition.

    Entities are decoded, as a browser decodes them in an `href` (`&#106;avascript:`).
    """
    visible = _outside_code(text, skipped_lines)
    found = [
        (match.start(), html.unescape(match.group(1)), image and _is_image(visible, match.start()))
        for pattern, image in ((_INLINE, True), (_DEFINITION, False))
        for match in pattern.finditer(visible)
    ]
    return [(visible.count("\n", 0, start), target, image) for start, target, image in sorted(found)]
