"""Keywords, countries, languages and outlets as real data spells them, matched to the vocabularies.

Spellings that differ only in case, accents, punctuation, a leading 'The', a plural 's' (keywords)
or a web domain (outlets: `aeronet.cz` is `Aeronet`) are variants of one term. Unknown terms are
left out and reported, or, when the vocabulary may grow, added under their most frequent spelling.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pycountry
from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages

from debunk.content.vocab import Vocabularies, Vocabulary, fold
from debunk.site.paths import term_slug

_DOMAIN = re.compile(r"^(?:www\.)?((?:[\w-]+\.)+)[a-z]{2,}$", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[\W_]+")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")
_URL = re.compile(r"[a-z][a-z0-9+.-]*://|\bwww\.", re.IGNORECASE)
_LABEL = re.compile(r"^[A-Z][A-Z0-9 ]*:")
_SENTENCE = re.compile(r"[?!;]|(?<!\b[A-Z])\.\s+\S")


def word_count(value: str) -> int:
    """Words with a letter or digit: a ` - ` or `&` between names is not one."""
    return sum(1 for word in value.split() if any(ch.isalnum() for ch in word))


def not_a_term(value: str, most_words: int | None) -> str | None:
    """Why `value` must not become a vocabulary term (a URL, a label, a sentence), or None."""
    if _URL.search(value):
        return "it holds a URL"
    if _LABEL.match(value):
        return f"it starts with the label {value.split(':', 1)[0] + ':'!r}"
    if _SENTENCE.search(value):
        return "it has sentence punctuation"
    words = word_count(value)
    if most_words is not None and words > most_words:
        return f"it has {words} words, more than any term of the vocabulary ({most_words})"
    return None


def variant_key(value: str, kind: str) -> str:
    """The key that spellings of one term share."""
    text = fold(value)
    domain = _DOMAIN.match(text) if kind == "outlet" else None
    if domain is not None:
        text = domain.group(1)
    text = text.removeprefix("the ")
    key = _NON_ALNUM.sub("", text)
    if kind == "keyword" and len(key) > 4 and key.endswith("s"):
        key = key[:-1]
    return key


@dataclass(frozen=True)
class Resolved:
    """A term written as the vocabulary has it, or left out (canonical None) with the reason."""

    canonical: str | None
    note: str | None = None
    """What was normalised, when the spelling changed."""
    flag: str | None = None
    """Why the term was left out."""


@dataclass
class TermResolver:
    """Matches the terms of one kind; first `observe` every value, then `finish`, then `resolve`."""

    vocabulary: Vocabulary
    extend: bool
    file: str
    """The vocabulary file, for messages: 'vocabularies/keywords.yml'."""
    seen: Counter[str] = field(default_factory=Counter)
    added: dict[str, list[str]] = field(default_factory=dict)
    """New canonical name -> its other spellings, when extending."""
    rejected: dict[str, str] = field(default_factory=dict)
    """Unknown values not added when extending, and why (`not_a_term`)."""
    _variants: dict[str, str] = field(default_factory=dict)
    _most_words: int | None = None

    def __post_init__(self) -> None:
        self._most_words = max((word_count(s) for s in self.vocabulary._lookup), default=None)
        found: dict[str, set[str]] = defaultdict(set)
        for spelling, canonical in self.vocabulary._lookup.items():  # the folded names and aliases
            for key in self._keys(spelling):
                found[key].add(canonical)
        self._variants = {key: next(iter(names)) for key, names in found.items() if len(names) == 1}

    def _keys(self, value: str) -> list[str]:
        """Its variant key, and its term page slug: two terms must not share a page either."""
        keys = [variant_key(value, self.vocabulary.kind), "slug:" + term_slug(value)]
        return [key for key in keys if key not in {"", "slug:"}]

    def _known(self, value: str) -> str | None:
        match = self.vocabulary.match(value)
        if match is not None:
            return match.canonical
        return next((self._variants[key] for key in self._keys(value) if key in self._variants), None)

    def observe(self, value: str) -> None:
        if self._known(value) is None:
            self.seen[value] += 1

    def finish(self) -> None:
        """Choose the name of each new term: its most frequent spelling, ties by name."""
        if not self.extend:
            return
        for value in self.seen:
            reason = not_a_term(value, self._most_words)
            if reason is not None:
                self.rejected[value] = reason
        for spellings in _groups(sorted(set(self.seen) - set(self.rejected)), self._keys):
            ranked = sorted(spellings, key=lambda s: (-self.seen[s], s))
            name = ranked[0]
            aliases = sorted({s for s in ranked[1:] if fold(s) != fold(name)})
            self.vocabulary.add(name, aliases)
            for key in {key for spelling in spellings for key in self._keys(spelling)}:
                self._variants.setdefault(key, name)
            self.added[name] = aliases

    def resolve(self, value: str) -> Resolved:
        canonical = self._known(value)
        kind = self.vocabulary.kind
        if canonical is None and value in self.rejected:
            reason = self.rejected[value]
            flag = f"unknown {kind} {value!r} left out, not added to the vocabulary: {reason}"
            return Resolved(None, flag=flag)
        if canonical is None:
            hint = f"add it to {self.file} or import with --extend-vocabulary"
            return Resolved(None, flag=f"unknown {kind} {value!r} left out; {hint}")
        if canonical != value:
            return Resolved(canonical, note=f"{kind} {value!r} written as {canonical!r}")
        return Resolved(canonical)


def _groups(values: list[str], keys: Callable[[str], list[str]]) -> list[list[str]]:
    """Values that share any key, transitively, grouped (union-find), in a stable order."""
    parent = {value: value for value in values}

    def root(value: str) -> str:
        while parent[value] != value:
            parent[value] = parent[parent[value]]
            value = parent[value]
        return value

    owner: dict[str, str] = {}
    for value in values:
        for key in keys(value) or [fold(value)]:
            first = owner.setdefault(key, value)
            parent[root(value)] = root(first)
    grouped: dict[str, list[str]] = defaultdict(list)
    for value in values:
        grouped[root(value)].append(value)
    return [grouped[key] for key in sorted(grouped)]


@functools.cache
def _language_names() -> dict[str, str]:
    """Folded English names and autonyms (CLDR, via Babel) -> ISO 639-1 code."""
    names: dict[str, str] = {}
    english = Locale("en").languages
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code is None:
            continue
        try:
            autonym = Locale(code).get_display_name(code)
        except (UnknownLocaleError, ValueError):
            autonym = None
        for name in (english.get(code), autonym):
            if name:
                names.setdefault(fold(name), code)
    return names


class LanguageResolver:
    """ISO 639-1 codes from codes, English names, autonyms, or a country with one main language."""

    def __init__(self, vocabularies: Vocabularies) -> None:
        self.languages = vocabularies.languages
        self.countries = vocabularies.countries
        self.codes: dict[str, str] = {}
        for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
            match = self.countries.match(country.alpha_2)
            if match is not None:
                self.codes.setdefault(match.canonical, country.alpha_2)

    def resolve(self, value: str) -> Resolved:
        bare = _PARENTHESIS.sub("", value)
        match = self.languages.match(value) or self.languages.match(bare)
        code = match.canonical if match is not None else _language_names().get(fold(bare))
        if code is not None and code in self.languages:
            return Resolved(code, note=None if code == value else f"language {value!r} written as {code!r}")
        country = self.countries.match(value)
        alpha_2 = self.codes.get(country.canonical) if country is not None else None
        if alpha_2 is None:
            return Resolved(
                None, flag=f"unknown language {value!r} left out; use an ISO 639-1 code or an English name"
            )
        official = get_official_languages(alpha_2) or get_official_languages(alpha_2, de_facto=True)
        codes = sorted({name.split("_")[0] for name in official} & set(self.languages.names))
        if len(codes) != 1:
            return Resolved(
                None,
                flag=f"the language column holds the country {value!r}, whose main language is not clear "
                f"({', '.join(codes) or 'none known'}); left out",
            )
        return Resolved(
            codes[0],
            note=f"the language column holds the country {value!r}: written as its language {codes[0]!r}",
        )
