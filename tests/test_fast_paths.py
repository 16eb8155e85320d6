"""The shortcuts the loader takes on every case are exact, checked over every Unicode character.

`text_problems` skips its per-character scan when `str.isprintable()` is true, and `url_problem`
finds spaces with the regular expression `\\s` instead of `str.isspace`: both are only right
while Python's Unicode tables agree, which these tests check on the Python that runs them.
"""

from __future__ import annotations

import re
import sys
import unicodedata

from debunk.rules.text import text_problems
from debunk.rules.urls import url_problem

HIDDEN = {"Cf", "Cc", "Co", "Cs", "Cn"}


def test_every_character_text_problems_reports_is_unprintable() -> None:
    printable_hidden = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in HIDDEN and chr(code).isprintable()
    ]
    assert printable_hidden == []
    assert any("U+200B" in message for message in text_problems("zero\u200bwidth"))


def test_regex_whitespace_is_str_isspace() -> None:
    space = re.compile(r"\s")
    differ = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if chr(code).isspace() != bool(space.match(chr(code)))
    ]
    assert differ == []
    assert url_problem("https://example.org/a\u3000b") is not None


