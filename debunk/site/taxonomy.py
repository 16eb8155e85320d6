"""Term indexes: which cases carry each narrative, keyword, country, language and outlet."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from debunk.content.repository import Content
from debunk.model import Case, Problem
from debunk.site.paths import term_folder, term_key


@dataclass(frozen=True)
class Taxonomy:
    """One kind of term and how a case carries it."""

    key: str
    """The URL folder and case field: `keywords`, `countries`, `languages`, `outlets`, `narratives`."""
    singular: str
    """`keyword`, `country`, ..."""
    title: str
    """Heading of the index page."""
    values: Callable[[Case], tuple[str, ...]]


TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy("keywords", "keyword", "Keywords", lambda case: case.keywords),
    Taxonomy("countries", "country", "Countries and regions", lambda case: case.countries),
    Taxonomy("languages", "language", "Languages", lambda case: case.languages),
    Taxonomy("outlets", "outlet", "Outlets", lambda case: case.outlets),
)


@dataclass(frozen=True)
class Term:
    """One term with its page and its cases, newest first."""

    taxonomy: str
    name: str
    """The canonical name (for languages, the ISO code)."""
    label: str
    """What readers see: the name, or the language's English name."""
    slug: str
    cases: tuple[Case, ...]

    @property
    def url(self) -> str:
        """Site-relative URL of the term's first page."""
        return term_folder(self.taxonomy, self.slug)


Terms = dict[str, dict[str, "Term"]]


def build_terms(content: Content) -> tuple[Terms, list[Problem]]:
    """{taxonomy: {name: Term}} for every term carried by at least one case.

    Two names whose slugs collide would write one page over the other: that is reported as
    an error naming both, and neither gets a page, rather than one silently winning.
    A build computes them once (`debunk.site.pages.Site.terms`); the feeds read the site's.
    """
    result: dict[str, dict[str, Term]] = {}
    problems: list[Problem] = []
    for taxonomy in TAXONOMIES:
        by_name: dict[str, list[Case]] = defaultdict(list)
        for case in content.cases:
            for name in taxonomy.values(case):
                by_name[name].append(case)
        by_slug: dict[str, list[str]] = defaultdict(list)
        for name in by_name:
            by_slug[term_key(taxonomy.key, name)].append(name)
        terms: dict[str, Term] = {}
        for slug, names in sorted(by_slug.items()):
            if len(names) > 1:
                listed = " and ".join(repr(name) for name in sorted(names))
                problems.append(
                    Problem(
                        f"vocabularies/{taxonomy.key}.yml", 0, taxonomy.key,
                        f"{listed} would share the page /{taxonomy.key}/{slug}/; rename one",
                    )
                )  # fmt: skip
                continue
            name = names[0]
            label = content.vocabularies.language_name(name) if taxonomy.key == "languages" else name
            cases = tuple(sorted(by_name[name], key=lambda c: (c.date, c.id), reverse=True))
            terms[name] = Term(taxonomy.key, name, label, slug, cases)
        result[taxonomy.key] = dict(
            sorted(terms.items(), key=lambda item: (item[1].label.casefold(), item[0]))
        )
    return result, problems


def narrative_cases(content: Content) -> dict[str, tuple[Case, ...]]:
    """{narrative id: its cases, newest first}, for every narrative file (also those unused)."""
    found: dict[str, list[Case]] = {narrative: [] for narrative in content.narratives}
    for case in content.cases:
        for narrative in case.narratives:
            found.setdefault(narrative, []).append(case)
    return {
        narrative: tuple(sorted(cases, key=lambda c: (c.date, c.id), reverse=True))
        for narrative, cases in sorted(found.items())
    }


def counts(cases: Iterable[Case], values: Callable[[Case], tuple[str, ...]]) -> list[tuple[str, int]]:
    """(value, number of cases) sorted by count, then name."""
    tally: dict[str, int] = defaultdict(int)
    for case in cases:
        for value in values(case):
            tally[value] += 1
    return sorted(tally.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))
