"""Checks on plain-text metadata: one line, NFC, no invisible or direction-changing characters."""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def describe_char(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED')}"


def text_problems(value: str) -> list[str]:
    """What is wrong with a metadata string, as messages; empty when it is fine."""
    problems: list[str] = []
    if "\n" in value or "\r" in value:
        problems.append(f"{value!r} must be a single line")
    hidden = sorted(
        {ch for ch in value if unicodedata.category(ch) in {"Cf", "Cc", "Co", "Cs", "Cn"}} - {"\n"}
    )
    if hidden:
        listed = ", ".join(describe_char(ch) for ch in hidden)
        problems.append(f"{value!r} contains invisible or control characters ({listed}); remove them")
    if value != value.strip():
        problems.append(f"{value!r} has leading or trailing spaces")
    if unicodedata.normalize("NFC", value) != value:
        problems.append(f"{value!r} is not in Unicode NFC form; retype it or save the file as NFC")
    return problems


def body_controls(text: str) -> list[tuple[int, str]]:
    """(line, character) of every bidi control in a body: they can make text read differently."""
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n")):
        found.extend((number, ch) for ch in line if ch in BIDI_CONTROLS)
    return found
