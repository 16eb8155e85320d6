"""A `mkdocs serve` rebuild reuses the generated pages whose inputs did not change
(`debunk.site.pages.memo`), and always gets what a process that never built gets."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from test_site import make_repo

from debunk.build.previous import Previous
from debunk.content.archives import ArchiveServices
from debunk.content.linkstatus import LinkReport, LinkStatus
from debunk.content.repository import Content, load_content
from debunk.model import Case, Source
from debunk.rules.urls import url_key
from debunk.settings import Settings, load_settings
from debunk.site.pages import GeneratedPage, build_pages, build_site

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

Edit = Callable[[Content, Settings], tuple[Content, Settings]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Content, Settings]:
    from corpus import generate_corpus

    repo = make_repo(tmp_path_factory.mktemp("memo") / "repo")
    for folder in ("cases", "narratives", "vocabularies"):
        shutil.rmtree(repo / folder)
    generate_corpus(150, repo, seed=11)
    content = load_content(repo)
    assert not content.errors and len(content.cases) == 150
    return content, load_settings(repo)


def fields(pages: list[GeneratedPage]) -> list[tuple[Any, ...]]:
    return [(p.src_uri, p.html, p.meta, p.source_path, p.kind) for p in pages]


def fresh(content: Content, settings: Settings) -> list[GeneratedPage]:
    """The pages of a build with nothing remembered."""
    return build_pages(build_site(content, settings))


def rebuild(content: Content, settings: Settings, previous: Previous) -> list[GeneratedPage]:
    """The pages of a build handed what the last one left (as `mkdocs serve` does)."""
    return build_pages(build_site(content, settings, previous), previous)


def with_case(content: Content, index: int, **changes: Any) -> Content:
    cases = list(content.cases)
    cases[index] = dataclasses.replace(cases[index], **changes)
    return dataclasses.replace(content, cases=tuple(sorted(cases, key=lambda c: (c.date, c.id))))


def moved(case: Case, day: dt.date) -> dict[str, Any]:
    """The changes that move a case to another date (its id and path start with the date)."""
    case_id = day.isoformat() + case.id[10:]
    return {"date": day, "id": case_id, "path": f"cases/{day.year}/{case_id}.md"}


def _other_terms(content: Content, index: int) -> dict[str, Any]:
    donor = content.cases[(index + 40) % len(content.cases)]
    return {"keywords": donor.keywords, "countries": donor.countries, "outlets": donor.outlets}


def _colliding_outlet(content: Content) -> Content:
    """Another case gets an outlet whose page address is that of an outlet of a narrative's
    case: neither outlet has a page any more, which the narrative page shows (where the
    narrative spread)."""
    first = next(case for case in content.cases if case.narratives and case.outlets)
    index, other = next(
        (i, case) for i, case in enumerate(content.cases) if not set(case.narratives) & set(first.narratives)
    )
    return with_case(content, index, outlets=(*other.outlets, first.outlets[0].upper()))


def _gone(content: Content, index: int) -> Content:
    """The link check found the first source of a case gone (a new `links/report.json`)."""
    case = next(case for case in content.cases[index:] if case.sources)
    url = case.sources[0].url
    status = LinkStatus(url, "source", "dead", dt.date(2026, 11, 30), (case.id,), 404)
    links = {**content.links.links, ("source", url_key(url)): status}
    return dataclasses.replace(content, links=LinkReport(dt.date(2026, 11, 30), MappingProxyType(links)))


EDITS: dict[str, tuple[Edit, bool]] = {
    # name: (edit, whether the pages of the edit's shared inputs stay reusable)
    "response": (
        lambda c, s: (with_case(c, 5, response=c.cases[5].response + "\n\nOne more line."), s),
        True,
    ),
    "title": (lambda c, s: (with_case(c, 10, title="A claim retitled while serving"), s), True),
    "date": (lambda c, s: (with_case(c, 20, **moved(c.cases[20], dt.date(2016, 3, 3))), s), True),
    "terms": (lambda c, s: (with_case(c, 30, **_other_terms(c, 30)), s), True),
    "verdict": (
        lambda c, s: (
            with_case(c, 40, verdict="false" if c.cases[40].verdict != "false" else "misleading"),
            s,
        ),
        True,
    ),
    "sources": (
        lambda c, s: (
            with_case(c, 50, sources=(*c.cases[50].sources, Source("https://example.net/x", None, None))),
            s,
        ),
        True,
    ),
    "narratives": (
        lambda c, s: (with_case(c, 60, narratives=c.cases[61].narratives or c.cases[62].narratives), s),
        True,
    ),
    "colliding outlet": (lambda c, s: (_colliding_outlet(c), s), True),
    "hand-picked link": (lambda c, s: (with_case(c, 70, related=(c.cases[3].id,)), s), True),
    "review issue": (lambda c, s: (with_case(c, 80, reported_in=7), s), True),
    "deleted case": (lambda c, s: (dataclasses.replace(c, cases=c.cases[:90] + c.cases[91:]), s), True),
    "added case": (
        lambda c, s: (
            dataclasses.replace(
                c,
                cases=tuple(
                    sorted(
                        (*c.cases, dataclasses.replace(c.cases[0], **moved(c.cases[0], dt.date(2019, 9, 9)))),
                        key=lambda x: (x.date, x.id),
                    )
                ),
            ),
            s,
        ),
        True,
    ),
    "narrative summary": (
        lambda c, s: (
            dataclasses.replace(
                c,
                narratives={
                    k: dataclasses.replace(n, summary=n.summary + " Edited.") if i == 0 else n
                    for i, (k, n) in enumerate(c.narratives.items())
                },
            ),
            s,
        ),
        True,
    ),
    "narrative title": (
        lambda c, s: (
            dataclasses.replace(
                c,
                narratives={
                    k: dataclasses.replace(n, title="Retitled narrative") if i == 1 else n
                    for i, (k, n) in enumerate(c.narratives.items())
                },
            ),
            s,
        ),
        True,
    ),
    "verdict label": (
        lambda c, s: (
            dataclasses.replace(
                c,
                vocabularies=dataclasses.replace(
                    c.vocabularies,
                    verdicts={
                        k: dataclasses.replace(v, label=v.label + " (edited)") if k == "false" else v
                        for k, v in c.vocabularies.verdicts.items()
                    },
                ),
            ),
            s,
        ),
        False,
    ),
    "link report": (lambda c, s: (_gone(c, 50), s), True),
    "archive services": (
        lambda c, s: (
            dataclasses.replace(
                c,
                vocabularies=dataclasses.replace(
                    c.vocabularies,
                    archives=ArchiveServices(
                        tuple(
                            dataclasses.replace(service, name=service.name + " (renamed)")
                            for service in c.vocabularies.archives.services
                        )
                    ),
                ),
            ),
            s,
        ),
        False,
    ),
    "page size": (lambda c, s: (c, dataclasses.replace(s, page_size=s.page_size + 3)), False),
    "related count": (lambda c, s: (c, dataclasses.replace(s, related_count=s.related_count + 2)), False),
    "nothing": (lambda c, s: (c, s), True),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_a_rebuild_after_an_edit_equals_a_fresh_build_and_reuses_the_rest(
    corpus: tuple[Content, Settings], name: str
) -> None:
    content, settings = corpus
    previous = Previous()
    before = rebuild(content, settings, previous)
    edit, shared_kept = EDITS[name]
    edited, new_settings = edit(content, settings)
    after = rebuild(edited, new_settings, previous)
    assert fields(after) == fields(fresh(edited, new_settings))
    old = {id(page) for page in before}
    remembered = [page for page in after if page.kind in {"case", "term", "narrative"}]
    reused = sum(1 for page in remembered if id(page) in old)
    if name == "nothing":
        assert reused == len(remembered)
    elif shared_kept:
        assert len(remembered) // 2 < reused < len(remembered)
    else:
        assert reused == 0


def test_every_edit_in_turn_keeps_equal_to_a_fresh_build(corpus: tuple[Content, Settings]) -> None:
    """The edits one after the other, as a `mkdocs serve` session makes them."""
    content, settings = corpus
    previous = Previous()
    rebuild(content, settings, previous)
    for name, (edit, _) in EDITS.items():
        content, settings = edit(content, settings)
        assert fields(rebuild(content, settings, previous)) == fields(fresh(content, settings)), name
