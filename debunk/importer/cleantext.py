"""Text as real data has it, made safe: invisible characters, stray HTML, plain text into Markdown."""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

import nh3

from debunk.rules.text import describe_char

_KEEP = frozenset("\n\t\u200c\u200d")
"""Line breaks and tabs are handled apart; zero-width (non-)joiners carry meaning in some scripts."""
_TAG = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BREAK_TAG = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6])>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?'\"»”’"
_INLINE = re.compile(r"([\\`*_\[\]])")
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|-{3,}\s*$|\d{1,9}(?=[.)](?:\s|$)))")


def _invisible(char: str) -> bool:
    return char not in _KEEP and unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs", "Cn"}


def clean_text(value: str, *, single_line: bool, html_allowed: bool = False) -> tuple[str, list[str]]:
    """The text without invisible characters or HTML, NFC; and what was changed, in words."""
    notes: list[str] = []
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    hidden = sorted({char for char in text if _invisible(char)})
    if hidden:
        notes.append("removed invisible characters (" + ", ".join(describe_char(c) for c in hidden) + ")")
        text = "".join(char for char in text if not _invisible(char))
    if not html_allowed and _TAG.search(text):
        text = html.unescape(nh3.clean(_BREAK_TAG.sub("\n", text), tags=set()))
        notes.append("removed HTML tags")
    elif not html_allowed and _ENTITY.search(text) and html.unescape(text) != text:
        text = html.unescape(text)
        notes.append("decoded HTML entities")
    if unicodedata.normalize("NFC", text) != text:
        text = unicodedata.normalize("NFC", text)
        notes.append("normalised to Unicode NFC")
    if single_line:
        if "\n" in text.strip():
            notes.append("joined lines")
        text = " ".join(text.replace("\t", " ").replace("\u00a0", " ").split())
    else:
        text = "\n".join(line.replace("\t", " ").rstrip() for line in text.split("\n")).strip()
    return text, notes


def _escape_words(text: str) -> str:
    """Plain words that Markdown shows as written: no emphasis, code, links, HTML or entities."""
    text = _ENTITY.sub(lambda match: "&amp;" + match.group(0)[1:], text)
    return _INLINE.sub(r"\\\1", text).replace("<", "&lt;")


def _split_url(match: str) -> tuple[str, str]:
    """A found URL without the punctuation that ends the sentence around it."""
    url = match
    while url and (url[-1] in _URL_TAIL or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url, match[len(url) :]


def _escape_line(line: str) -> str:
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(line):
        url, tail = _split_url(match.group(0))
        link = f"<{url}>" if "." in (urlsplit(url).hostname or "") else _escape_words(url)
        parts += [_escape_words(line[position : match.start()]), link, _escape_words(tail)]
        position = match.end()
    parts.append(_escape_words(line[position:]))
    escaped = "".join(parts)
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    if start.group(0)[0].isdigit():
        end = start.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


def plain_to_markdown(text: str) -> str:
    """Plain text as Markdown that renders it literally: one paragraph per line, URLs as links."""
    return "\n\n".join(_escape_line(line.strip()) for line in text.split("\n") if line.strip())
