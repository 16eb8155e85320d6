"""Checks on plain-text metadata: one line, NFC, no invisible or direction-changing characters."""

from __future__ import annotations

import functools
import re
import unicodedata

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# C0 and C1 control characters except tab, line feed and carriage return. They have no place in
# prose, and Python-Markdown deletes U+0002 and U+0003 (its placeholder markers) before parsing,
# which can join `&#x0<U+0002>9;` into an entity that the validator's parser never saw.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BODY_CONTROL = re.compile("[" + _CONTROLS + "".join(sorted(BIDI_CONTROLS)) + "]")


def describe_char(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`; characters without a Unicode name get their kind."""
    kinds = {"Cc": "CONTROL CHARACTER", "Co": "PRIVATE USE CHARACTER", "Cs": "SURROGATE", "Cn": "UNASSIGNED"}
    name = unicodedata.name(char, "") or kinds.get(unicodedata.category(char), "UNNAMED")
    return f"U+{ord(char):04X} {name}"


def text_problems(value: str) -> list[str]:
    """What is wrong with a metadata string, as messages; empty when it is fine."""
    problems: list[str] = []
    if "\n" in value or "\r" in value:
        problems.append(f"{value!r} must be a single line")
    # Every character of those categories is not printable: most values skip the scan.
    hidden = (
        []
        if value.isprintable()
        else sorted(
            {ch for ch in value if unicodedata.category(ch) in {"Cf", "Cc", "Co", "Cs", "Cn"}} - {"\n"}
        )
    )
    if hidden:
        listed = ", ".join(describe_char(ch) for ch in hidden)
        problems.append(f"{value!r} contains invisible or control characters ({listed}); remove them")
    if value != value.strip():
        problems.append(f"{value!r} has leading or trailing spaces")
    if not unicodedata.is_normalized("NFC", value):
        problems.append(f"{value!r} is not in Unicode NFC form; retype it or save the file as NFC")
    return problems


_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[A-Za-z!/?][^<>]*>")
LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
"""Alphabets with letters that look the same (Latin `a`, Cyrillic `а`, Greek `α`)."""


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str | None:
    if char.isascii():
        return "LATIN" if char.isalpha() else None
    name = unicodedata.name(char, "")
    return next((script for script in LOOKALIKE_SCRIPTS if name.startswith(script + " ")), None)


def lookalike_problems(value: str) -> list[str]:
    """One message per word that mixes Latin, Cyrillic or Greek letters (`Zelenskyу`, `сoup`).

    Such a word reads like a real one but is not found by search, escapes the duplicate check
    and may hide a spoofed name; the letters outside the word's main alphabet are named.
    """
    problems: list[str] = []
    if value.isascii():
        return problems
    for word in dict.fromkeys(_WORD.findall(value)):
        if word.isascii():
            continue
        scripts = [script for script in map(_script, word) if script]
        if len(set(scripts)) < 2:
            continue
        main = max(LOOKALIKE_SCRIPTS, key=lambda script: (scripts.count(script), script == scripts[0]))
        odd = ", ".join(describe_char(ch) for ch in dict.fromkeys(word) if _script(ch) not in {None, main})
        mixed = " and ".join(s.title() for s in LOOKALIKE_SCRIPTS if s in scripts)
        problems.append(f"word {word!r} mixes {mixed} letters ({odd}); retype it in one alphabet")
    return problems


def html_problem(value: str) -> str | None:
    """A message when plain text holds an HTML tag: it is shown as text, never run, but it is a sign of
    an attack or of text pasted from a web page."""
    match = _TAG.search(value)
    if match is None:
        return None
    return f"{value!r} contains HTML ({match.group(0)!r}); this field is plain text: remove the tag"


def body_controls(text: str) -> list[tuple[int, str]]:
    """(line, character) of every bidi or other control character in a body (tab and line
    breaks aside): bidi controls make text read differently, the others are invisible and can
    change what the site's renderer makes of the text around them."""
    if _BODY_CONTROL.search(text) is None:
        return []
    return [
        (number, char)
        for number, line in enumerate(text.split("\n"))
        for char in dict.fromkeys(_BODY_CONTROL.findall(line))
    ]
