"""Controlled vocabularies: the allowed keywords, outlets, countries, languages and verdicts.

Each is a data file under `vocabularies/`; countries and languages start from ISO 3166 and
ISO 639-1 (via pycountry). Aliases normalise to a canonical name, and unknown values get the
closest allowed ones as suggestions.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from rapidfuzz import fuzz, process, utils

from debunk.content.archives import ArchiveServices, load_archives
from debunk.content.domains import read_domains
from debunk.content.frontmatter import FieldPath, Value, format_path
from debunk.content.vocabfile import read_vocabulary_file
from debunk.model import Problem
from debunk.rules.text import html_problem, lookalike_problems, text_problems

VOCABULARY_DIR = "vocabularies"


@functools.lru_cache(maxsize=1 << 16)  # the same few thousand terms, in every case
def fold(text: str) -> str:
    """The comparison key of a term: case-, accent- and space-insensitive."""
    if text.isascii():  # most titles and terms: NFKD changes no ASCII letter, and none combines
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def closest(value: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The allowed values nearest to `value`, best first (ties by name)."""
    pool = sorted(set(choices))
    found = process.extract(
        value, pool, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit * 3, score_cutoff=70
    )
    ranked = sorted(found, key=lambda hit: (-hit[1], hit[0]))
    return [name for name, _score, _index in ranked[:limit]]


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """` (did you mean 'a' or 'b'?)` or an empty string when nothing is close."""
    near = closest(value, choices)
    if not near:
        return ""
    return " (did you mean " + " or ".join(repr(name) for name in near) + "?)"


@dataclass(frozen=True)
class Match:
    """The result of looking a value up: its canonical form, and whether it was an alias."""

    canonical: str
    alias: bool


@dataclass
class Vocabulary:
    """One controlled list of names, each with aliases."""

    kind: str
    """What the names are, for messages: 'keyword', 'outlet', ..."""
    names: list[str] = field(default_factory=list)
    """Canonical names, in file order."""
    _lookup: dict[str, str] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)
    """Outlets only: web domain (lower case, no `www.`) -> canonical name (`debunk.content.domains`)."""

    def add(self, name: str, aliases: Iterable[str] = ()) -> str | None:
        """Add a name; return the existing name that one of its spellings folds the same as.

        A name added twice clashes with itself; spellings of one entry never clash together.
        """
        self.names.append(name)
        clash = None
        own: set[str] = set()
        for spelling in (name, *aliases):
            key = fold(spelling)
            owner = self._lookup.get(key)
            if owner is not None and key not in own:
                clash = owner
            own.add(key)
            self._lookup.setdefault(key, name)
        return clash

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._lookup.get(fold(name)) == name

    def match(self, value: str) -> Match | None:
        """The canonical name `value` stands for, or None when it is unknown."""
        canonical = self._lookup.get(fold(value))
        if canonical is None:
            return None
        return Match(canonical, alias=canonical != value)

    def suggest(self, value: str) -> str:
        """A 'did you mean' clause for an unknown value."""
        return did_you_mean(value, self.names)


@dataclass(frozen=True)
class Verdict:
    """A verdict a case may carry, with its schema.org ClaimReview rating."""

    id: str
    label: str
    description: str
    rating: int
    """1 (false) to 5 (true), schema.org `ratingValue`."""


@dataclass
class Vocabularies:
    """Every vocabulary of one repository."""

    keywords: Vocabulary
    outlets: Vocabulary
    countries: Vocabulary
    languages: Vocabulary
    verdicts: dict[str, Verdict]
    problems: list[Problem] = field(default_factory=list)
    archives: ArchiveServices = field(default_factory=ArchiveServices)
    """The web archive services of `vocabularies/archives.yml` (`debunk.content.archives`)."""

    def language_name(self, code: str) -> str:
        """The English name of an ISO 639-1 code."""
        language = pycountry.languages.get(alpha_2=code)
        return str(language.name) if language is not None else code


def load_vocabularies(root: Path) -> Vocabularies:
    """Read `vocabularies/*.yml` under `root`; problems in them are collected, not raised."""
    problems: list[Problem] = []
    directory = root / VOCABULARY_DIR
    keywords = _named_list("keyword", directory / "keywords.yml", root, problems)
    outlets = _named_list("outlet", directory / "outlets.yml", root, problems)
    countries = _countries(directory / "countries.yml", root, problems)
    languages = _languages(directory / "languages.yml", root, problems)
    verdicts = _verdicts(directory / "verdicts.yml", root, problems)
    archives = load_archives(root, problems)
    return Vocabularies(keywords, outlets, countries, languages, verdicts, problems, archives)


def _entries(
    data: Value, lines: dict[FieldPath, int], rel: str, keys: set[str], problems: list[Problem]
) -> Iterable[tuple[int, Mapping[str, Value]]]:
    """Yield (line, entry) for a list of mappings, reporting malformed entries."""
    if not isinstance(data, list):
        problems.append(Problem(rel, 1, "vocabulary", "must be a list of '- name: ...' entries"))
        return
    for index, entry in enumerate(data):
        line = lines.get((index,), 0)
        if not isinstance(entry, dict) or not isinstance(entry.get("name", entry.get("id")), str):
            problems.append(Problem(rel, line, f"[{index}]", "each entry needs a 'name'"))
            continue
        for key in sorted(set(entry) - keys):
            problems.append(
                Problem(rel, line, format_path((index, key)), f"unknown key {key!r}{did_you_mean(key, keys)}")
            )
        yield line, entry


def _aliases(entry: Mapping[str, Value]) -> list[str]:
    aliases = entry.get("aliases", [])
    return [alias for alias in aliases if isinstance(alias, str)] if isinstance(aliases, list) else []


def _spelling_problems(value: str) -> list[str]:
    """A vocabulary name or alias is plain text, like every metadata value of a case."""
    html = html_problem(value)
    return [*text_problems(value), *([html] if html else []), *lookalike_problems(value)]


def _named_list(kind: str, path: Path, root: Path, problems: list[Problem]) -> Vocabulary:
    vocabulary = Vocabulary(kind)
    parsed = read_vocabulary_file(path, root, problems)
    if parsed is None:
        return vocabulary
    rel = path.relative_to(root).as_posix()
    keys = {"name", "aliases", "domains"} if kind == "outlet" else {"name", "aliases"}
    for line, entry in _entries(parsed[0], parsed[1], rel, keys, problems):
        name = str(entry["name"])
        if kind == "outlet":  # read_domains adds them to vocabulary.domains
            read_domains(entry.get("domains"), name, (rel, line, "domains"), vocabulary.domains, problems)
        for spelling in (name, *_aliases(entry)):
            problems.extend(Problem(rel, line, "name", message) for message in _spelling_problems(spelling))
        clash = vocabulary.add(name, _aliases(entry))
        if clash is not None:
            problems.append(
                Problem(rel, line, "name", f"{name!r} is listed twice")
                if clash == name
                else Problem(rel, line, "name", f"{name!r} clashes with {clash!r} (same name or alias)")
            )
    return vocabulary


def _countries(path: Path, root: Path, problems: list[Problem]) -> Vocabulary:
    """ISO 3166 countries under their short names, plus the regions and aliases of the file."""
    vocabulary = Vocabulary("country")
    parsed = read_vocabulary_file(path, root, problems)
    data = parsed[0] if parsed is not None and isinstance(parsed[0], dict) else {}
    names = data.get("names", {})
    preferred = names if isinstance(names, dict) else {}
    extra = data.get("aliases", {})
    extra_aliases = extra if isinstance(extra, dict) else {}
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        iso_name = str(country.name)
        name = str(preferred.get(country.alpha_2) or getattr(country, "common_name", iso_name))
        spellings = {iso_name, getattr(country, "official_name", iso_name), country.alpha_2, country.alpha_3}
        more = extra_aliases.get(name, [])
        spellings.update(more if isinstance(more, list) else [])
        vocabulary.add(name, sorted(str(s) for s in spellings))
    regions = data.get("regions", [])
    if parsed is not None:
        rel = path.relative_to(root).as_posix()
        region_lines = {key[1:]: line for key, line in parsed[1].items() if key[:1] == ("regions",)}
        for line, entry in _entries(regions, region_lines, rel, {"name", "aliases"}, problems):
            name = str(entry["name"])
            if vocabulary.add(name, _aliases(entry)) is not None:
                problems.append(Problem(rel, line, "regions", f"region {name!r} clashes with a country"))
    return vocabulary


def _languages(path: Path, root: Path, problems: list[Problem]) -> Vocabulary:
    """ISO 639-1 codes; English names and the file's aliases normalise to the code."""
    vocabulary = Vocabulary("language")
    parsed = read_vocabulary_file(path, root, problems) if path.exists() else None
    extra = parsed[0] if parsed is not None and isinstance(parsed[0], dict) else {}
    for language in sorted(pycountry.languages, key=lambda lang: str(lang.name)):
        code = getattr(language, "alpha_2", None)
        if code is None:
            continue
        more = extra.get(code, [])
        spellings = [str(language.name), *(more if isinstance(more, list) else [])]
        vocabulary.add(str(code), [str(s) for s in spellings])
    return vocabulary


def _verdicts(path: Path, root: Path, problems: list[Problem]) -> dict[str, Verdict]:
    parsed = read_vocabulary_file(path, root, problems)
    verdicts: dict[str, Verdict] = {}
    if parsed is None:
        return verdicts
    rel = path.relative_to(root).as_posix()
    for line, entry in _entries(
        parsed[0], parsed[1], rel, {"id", "label", "description", "rating"}, problems
    ):
        rating = str(entry.get("rating", ""))
        if not rating.isdigit() or not 1 <= int(rating) <= 5:
            problems.append(
                Problem(rel, line, "rating", f"rating {rating!r} must be a whole number from 1 to 5")
            )
            continue
        verdict_id = str(entry.get("id", ""))
        verdicts[verdict_id] = Verdict(
            verdict_id, str(entry.get("label", verdict_id)), str(entry.get("description", "")), int(rating)
        )
    return verdicts
