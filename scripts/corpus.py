"""Generate N real-shaped cases for benchmarks: the shape of the real database, none of its text.

The counts come from the real corpora in `../shared/corpora/` (read at generation time, never
copied): how many keywords, countries, languages, outlets and sources a case carries, how often
each term is used (its rank-frequency curve), and how long titles, summaries and responses are.
Every word is made up: titles and bodies are drawn from a fixed list of pronounceable
pseudo-words with a Zipf frequency curve, keywords and outlets get invented names, countries
and languages are real ISO names and codes assigned to the corpus' frequency ranks.

Usage: python3 scripts/corpus.py N OUT [--seed 1]
Writes OUT/cases/<year>/<id>.md, OUT/narratives/*.md and OUT/vocabularies/*.yml; the same N
and seed give byte-identical files.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import itertools
import json
import random
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
METADATA = "euvsdisinfo-2015-2021-metadata.csv"
FULLTEXT = "euvsdisinfo-2015-2017-fulltext.csv"
SOURCES = "euvsdisinfo-2015-2020-sources.csv"
TAXONOMIES = ("keywords", "countries", "languages", "outlets")
MAX_TERMS = 50
WORDS = 40_000
NARRATIVES = 60
FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
VERDICTS = (("disinformation", 90), ("misleading", 5), ("false", 3), ("unsupported", 2))
_ONSETS = ("b", "br", "d", "dr", "f", "g", "gr", "k", "kr", "l", "m", "n", "p", "pr", "r", "s", "st", "t",
           "tr", "v", "z", "sh", "ch", "h", "j")  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou", "ea", "io")
_CODAS = ("", "", "", "n", "r", "s", "l", "m", "k", "t", "st", "nd")


@dataclass(frozen=True)
class CorpusStats:
    """Counts taken from the real corpora: per-case list lengths, term frequencies, text lengths."""

    per_case: dict[str, tuple[int, ...]]
    """For each taxonomy, how many values each real case carries."""
    frequencies: dict[str, tuple[int, ...]]
    """For each taxonomy, how many cases carry each term, most used first."""
    title_words: tuple[int, ...]
    summary_words: tuple[int, ...]
    response_words: tuple[int, ...]
    sources_per_case: tuple[int, ...]
    archive_share: float
    """The share of sources that have an archived copy."""


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("+") if part.strip()]


def read_stats(corpora: Path = CORPORA) -> CorpusStats:
    """Count what the generator needs from the real corpora (numbers only)."""
    csv.field_size_limit(1 << 30)
    with (corpora / METADATA).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    per_case = {key: tuple(len(_split(row[key])) for row in rows) for key in TAXONOMIES}
    frequencies = {
        key: tuple(count for _, count in Counter(v for row in rows for v in _split(row[key])).most_common())
        for key in TAXONOMIES
    }
    with (corpora / FULLTEXT).open(encoding="utf-8", newline="") as handle:
        texts = list(csv.DictReader(handle, delimiter=";"))
    with (corpora / SOURCES).open(encoding="utf-8", newline="") as handle:
        links = list(csv.DictReader(handle))
    per_source_case = Counter(link["id"] for link in links)
    return CorpusStats(
        per_case=per_case,
        frequencies=frequencies,
        title_words=tuple(max(3, len(row["title"].split())) for row in rows),
        summary_words=tuple(max(8, len(row["summary"].split())) for row in texts),
        response_words=tuple(max(12, len(row["disproof"].split())) for row in texts),
        sources_per_case=tuple(per_source_case.values()),
        archive_share=sum(1 for link in links if link["archive"].strip()) / max(1, len(links)),
    )


def _pseudo_words(rng: random.Random, count: int) -> list[str]:
    """`count` distinct pronounceable words; shorter ones first, as in real frequency lists."""
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < count:
        syllables = min(4, 1 + len(words) * 4 // count + (rng.random() < 0.3))
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))
        word += rng.choice(_CODAS)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class _Picker:
    """Weighted draws from a ranked list (Zipf-like for words, corpus counts for terms)."""

    def __init__(self, items: Sequence[str], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    def many(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.items, cum_weights=self.cumulative, k=count)

    def distinct(self, rng: random.Random, count: int) -> list[str]:
        count = min(count, len(self.items))
        chosen: dict[str, None] = {}
        while len(chosen) < count:
            total = self.cumulative[-1]
            index = bisect.bisect_left(self.cumulative, rng.random() * total)
            chosen[self.items[min(index, len(self.items) - 1)]] = None
        return list(chosen)


def _sentences(rng: random.Random, words: _Picker, count: int) -> str:
    drawn = words.many(rng, count)
    out: list[str] = []
    while drawn:
        size = min(len(drawn), rng.randint(8, 22))
        sentence, drawn = drawn[:size], drawn[size:]
        out.append(" ".join([sentence[0].capitalize(), *sentence[1:]]) + ".")
    paragraphs = [" ".join(out[i : i + 4]) for i in range(0, len(out), 4)]
    return "\n\n".join(paragraphs)


def _name(rng: random.Random, words: Sequence[str], parts: int) -> str:
    return " ".join(rng.choice(words).capitalize() for _ in range(parts))


def _term_names(rng: random.Random, words: Sequence[str], stats: CorpusStats) -> dict[str, list[str]]:
    """Names for each frequency rank: invented keywords and outlets, real countries and languages."""
    countries = sorted(str(getattr(c, "common_name", c.name)) for c in pycountry.countries)
    countries = [name for name in countries if "," not in name and "(" not in name]
    languages = sorted(str(lang.alpha_2) for lang in pycountry.languages if hasattr(lang, "alpha_2"))
    rng.shuffle(countries)
    rng.shuffle(languages)
    names: dict[str, list[str]] = {"countries": countries, "languages": languages}
    for key, parts in (("keywords", (1, 2)), ("outlets", (1, 3))):
        unique: dict[str, None] = {}
        while len(unique) < len(stats.frequencies[key]):
            unique[_name(rng, words[:8000], rng.randint(*parts))] = None
        names[key] = list(unique)
    return {key: names[key][: len(stats.frequencies[key])] for key in TAXONOMIES}


@dataclass(frozen=True)
class _Generator:
    stats: CorpusStats
    words: _Picker
    vocabulary: list[str]
    terms: dict[str, _Picker]
    narratives: _Picker


def _front_matter(case: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in case.items():
        if key == "sources":
            lines.append("sources:")
            for source in value:  # type: ignore[attr-defined]
                lines.append(f"  - url: {json.dumps(source['url'])}")
                if source.get("archive"):
                    lines.append(f"    archive: {json.dumps(source['archive'])}")
                lines.append(f"    outlet: {json.dumps(source['outlet'])}")
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(json.dumps(item, ensure_ascii=False) for item in value)}]")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join([*lines, "---", ""])


def _case(rng: random.Random, gen: _Generator, number: int) -> tuple[str, str]:
    """One case file: its path under the corpus root and its text."""
    stats = gen.stats
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    title_words = gen.words.many(rng, rng.choice(stats.title_words))
    title = " ".join([title_words[0].capitalize(), *title_words[1:]])
    slug = "-".join(title_words[:6])[:60].strip("-") + f"-{number}"
    case: dict[str, object] = {
        "title": title,
        "date": day.isoformat(),
        "verdict": rng.choices([v for v, _ in VERDICTS], weights=[w for _, w in VERDICTS])[0],
    }
    roll = rng.random()
    case["narratives"] = gen.narratives.distinct(rng, 0 if roll < 0.15 else 1 if roll < 0.85 else 2)
    for key in TAXONOMIES:
        count = min(MAX_TERMS, rng.choice(stats.per_case[key]))
        case[key] = gen.terms[key].distinct(rng, count)
    outlets = case["outlets"] or gen.terms["outlets"].distinct(rng, 1)
    sources = []
    for index in range(min(MAX_TERMS, rng.choice(stats.sources_per_case))):
        outlet = outlets[index % len(outlets)]  # type: ignore[index]
        url = f"https://example.org/{outlet.lower().replace(' ', '-')}/{day.isoformat()}-{number}-{index}"
        archived = rng.random() < stats.archive_share
        sources.append({"url": url, "archive": f"https://archive.example.org/{url}" if archived else None,
                        "outlet": outlet})  # fmt: skip
    case["sources"] = sources
    case = {key: value for key, value in case.items() if value != []}
    summary = _sentences(rng, gen.words, rng.choice(stats.summary_words))
    response = _sentences(rng, gen.words, rng.choice(stats.response_words))
    body = f"\n## Summary\n\n{summary}\n\n## Response\n\n{response}\n"
    return f"cases/{day.year}/{day.isoformat()}-{slug}.md", _front_matter(case) + body


def _write_vocabularies(out: Path, names: dict[str, list[str]]) -> None:
    folder = out / "vocabularies"
    folder.mkdir(parents=True, exist_ok=True)
    for key in ("keywords", "outlets"):
        lines = ["# Generated for benchmarks: invented names."]
        lines += [f"- name: {json.dumps(name)}" for name in sorted(names[key])]
        (folder / f"{key}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "countries.yml").write_text("names: {}\nregions: []\n", encoding="utf-8")
    (folder / "languages.yml").write_text("{}\n", encoding="utf-8")
    shutil.copyfile(ROOT / "vocabularies" / "verdicts.yml", folder / "verdicts.yml")


def _write_narratives(rng: random.Random, out: Path, words: Sequence[str]) -> list[str]:
    folder = out / "narratives"
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for number in range(1, NARRATIVES + 1):
        title = f"{_name(rng, words[:3000], 3)} narrative {number}"
        narrative_id = title.lower().replace(" ", "-")
        summary = " ".join(rng.choice(words[:3000]) for _ in range(12)).capitalize() + "."
        text = f"---\ntitle: {json.dumps(title)}\nsummary: {json.dumps(summary)}\n---\n\n{summary}\n"
        (folder / f"{narrative_id}.md").write_text(text, encoding="utf-8")
        ids.append(narrative_id)
    return ids


def generate_corpus(n: int, out: Path, seed: int = 1, *, corpora: Path = CORPORA) -> list[Path]:
    """Write `n` cases, their narratives and vocabularies under `out`; return the case files."""
    stats = read_stats(corpora)
    rng = random.Random(seed)
    vocabulary = _pseudo_words(rng, WORDS)
    names = _term_names(rng, vocabulary, stats)
    _write_vocabularies(out, names)
    narrative_ids = _write_narratives(rng, out, vocabulary)
    generator = _Generator(
        stats=stats,
        words=_Picker(vocabulary, [1 / (rank + 2) ** 1.05 for rank in range(len(vocabulary))]),
        vocabulary=vocabulary,
        terms={key: _Picker(names[key], stats.frequencies[key]) for key in TAXONOMIES},
        narratives=_Picker(narrative_ids, [1 / (rank + 1) for rank in range(len(narrative_ids))]),
    )
    written = []
    for number in range(1, n + 1):
        relative, text = _case(rng, generator, number)
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of cases")
    parser.add_argument("out", type=Path, help="folder to write cases/, narratives/, vocabularies/ into")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    written = generate_corpus(args.n, args.out, args.seed)
    print(f"{len(written)} cases written to {args.out}")


if __name__ == "__main__":
    main()
