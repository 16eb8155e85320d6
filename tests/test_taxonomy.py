"""Term pages: one page per term, never two terms writing the same page."""

from __future__ import annotations

from pathlib import Path

from test_related import case

from debunk.content.repository import Content
from debunk.content.vocab import load_vocabularies
from debunk.model import Problem
from debunk.site.paths import term_slug
from debunk.site.taxonomy import build_terms

FIXTURE = Path(__file__).parent / "fixtures" / "site"


def content(*cases: object) -> Content:
    return Content(FIXTURE, load_vocabularies(FIXTURE), cases=tuple(cases))  # type: ignore[arg-type]


def test_terms_that_slugify_alike_are_an_error_not_an_overwrite() -> None:
    terms, problems = build_terms(
        content(case("2022-01-01-a", keywords=("Anti-NATO",)), case("2022-01-02-b", keywords=("Anti NATO",)))
    )
    assert "anti-nato" not in {term.slug for term in terms["keywords"].values()}
    assert problems == [
        Problem(
            "vocabularies/keywords.yml", 0, "keywords",
            "'Anti NATO' and 'Anti-NATO' would share the page /keywords/anti-nato/; rename one",
        )
    ]  # fmt: skip


def test_each_term_has_its_cases_newest_first() -> None:
    a, b = case("2022-01-01-a", countries=("Serbia",)), case("2023-01-01-b", countries=("Serbia",))
    terms, problems = build_terms(content(a, b))
    assert problems == []
    assert [c.id for c in terms["countries"]["Serbia"].cases] == [b.id, a.id]
    assert terms["languages"]["en"].label == "English" and terms["languages"]["en"].url == "languages/en/"


def test_slugs_are_ascii_and_never_empty() -> None:
    assert term_slug("Россия") == "rossiia"
    assert term_slug("Türkiye") == "turkiye"
    assert term_slug("C++ / C#") == "c-c"
    assert term_slug("???").startswith("term-") and term_slug("???") == term_slug("???")
    assert term_slug("???") != term_slug("!!!")


def test_the_terms_follow_the_cases() -> None:
    """Terms are built from the cases given; equal cases give equal terms."""
    a, b = case("2022-01-01-a", countries=("Serbia",)), case("2023-01-01-b", countries=("Serbia", "Kosovo"))
    terms, _problems = build_terms(content(a, b))
    fewer = content(b)  # other cases: built again
    assert sorted(build_terms(fewer)[0]["countries"]) == ["Kosovo", "Serbia"]
    assert [c.id for c in build_terms(fewer)[0]["countries"]["Serbia"].cases] == [b.id]
    assert build_terms(content(a, b))[0] == terms  # equal cases in a new tuple: equal terms
