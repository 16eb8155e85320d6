"""What the site's Markdown renderer would read as HTML or as a link where the validator's does not.

The validator parses bodies with markdown-it (CommonMark); MkDocs renders them with
Python-Markdown, which is laxer. Python-Markdown passes `<svg/onload=alert(1)>` and `\\<svg ...>`
through as HTML (CommonMark sees text: no space before the attribute, and `\\<` is an escape),
and renders footnote definitions, which CommonMark reads as unused link references. This
module scans the raw text with Python-Markdown's own HTML pattern and a link-target pattern,
outside code, so that the validator rejects what the renderer would let through. The HTML
sanitiser in the build (`debunk.sanitize`) stays the last line of defence.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

# Python-Markdown's `HTML_RE` (markdown/inlinepatterns.py), plus processing instructions.
_HTML = re.compile(r"<(?:/?[a-zA-Z][^<>@ ]*(?: [^<>]*)?|!--(?:(?!<!--|-->).)*--|[!?][^<>]*)>", re.DOTALL)
# A CommonMark autolink: markdown-it already checks it as a link.
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*>")
# A code span that does not cross a blank line (Python-Markdown renders blocks one by one).
_CODE_SPAN = re.compile(r"(?<!\\)(`+)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_LINK_TARGETS = (
    re.compile(r"\]\(\s*<?([^\s)>]+)"),  # [text](target)
    re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.MULTILINE),  # [ref]: target, [^1]: text
)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _outside_code(text: str, code_lines: Iterable[int]) -> str:
    """The text with code blocks and code spans blanked out, line numbers kept."""
    skipped = set(code_lines)
    lines = ["" if number in skipped else line for number, line in enumerate(text.split("\n"))]
    return _CODE_SPAN.sub(_blank, "\n".join(lines))


def hidden_html(text: str, code_lines: Iterable[int]) -> list[tuple[int, str]]:
    """(0-based line, tag) of every piece of HTML that Python-Markdown would pass through."""
    visible = _outside_code(text, code_lines)
    return [
        (visible.count("\n", 0, match.start()), match.group(0))
        for match in _HTML.finditer(visible)
        if not _AUTOLINK.fullmatch(match.group(0))
    ]


def hidden_links(text: str, code_lines: Iterable[int]) -> list[tuple[int, str]]:
    """(0-based line, target) of every inline link target and link or footnote definition.

    Entities are decoded, as a browser decodes them in an `href` (`&#106;avascript:`).
    """
    visible = _outside_code(text, code_lines)
    found = [
        (match.start(), html.unescape(match.group(1)))
        for pattern in _LINK_TARGETS
        for match in pattern.finditer(visible)
    ]
    return [(visible.count("\n", 0, start), target) for start, target in sorted(found)]
