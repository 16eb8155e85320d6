"""debunk's own list items, rendered without Python-Markdown's inline patterns, give the same HTML.

`debunk.own_lists` builds the elements of the lists debunk writes itself (term pages, sources,
related cases) instead of letting Python-Markdown parse them. Every test here renders the same
Markdown with and without it and compares the sanitised HTML byte for byte, and checks that the
fast path was taken where it should be, so that a test cannot pass by never using it.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_site import make_repo

from debunk.build import generate_pages, load_build
from debunk.config import load_settings
from debunk.mdescape import md, mdurl
from debunk.own_lists import SAFE_EXTENSIONS, usable
from debunk.pages import GeneratedPage
from debunk.pages.base import render
from debunk.pages.cases import SourceItem
from debunk.render import Extensions, _Renderer, relative_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

PROJECT = Extensions(("toc", "tables", "footnotes"), {"toc": {"permalink": False}})
EVERY_SAFE = Extensions(tuple(sorted(SAFE_EXTENSIONS)), {"toc": {"permalink": False}})


_RENDERERS: dict[str, tuple[_Renderer, _Renderer]] = {}


def both(extensions: Extensions, src_uri: str, text: str, generated_from: int | None) -> tuple[str, str, int]:
    """(HTML with the fast path, HTML without it, how many lists the fast path built)."""
    if extensions.key not in _RENDERERS:
        _RENDERERS[extensions.key] = (_Renderer(extensions), _Renderer(extensions, own=False))
    fast, slow = _RENDERERS[extensions.key]
    assert fast.own is not None and slow.own is None
    before = fast.own.built
    fast_html = fast.render(src_uri, text, generated_from).html
    return fast_html, slow.render(src_uri, text, generated_from).html, fast.own.built - before


def generated_pages(tmp_path: Path, cases: int) -> list[GeneratedPage]:
    from corpus import generate_corpus

    repo = make_repo(tmp_path / "repo")
    for folder in ("cases", "narratives", "vocabularies"):
        shutil.rmtree(repo / folder)
    generate_corpus(cases, repo, seed=5)
    build = load_build(repo, load_settings(repo))
    generate_pages(build, repo / "docs", [])
    return list(build.pages.values())


@pytest.mark.parametrize("extensions", [PROJECT, EVERY_SAFE], ids=["project", "every-safe-extension"])
def test_every_generated_page_renders_the_same_with_and_without_the_fast_path(
    tmp_path: Path, extensions: Extensions
) -> None:
    pages = generated_pages(tmp_path, 120)
    built: dict[str, int] = {}
    for page in pages:
        fast, slow, lists = both(extensions, page.src_uri, page.markdown, page.generated_from)
        assert fast == slow, page.src_uri
        built[page.kind] = built.get(page.kind, 0) + lists
    # The fast path was taken on every kind of page that has debunk's own lists.
    case_pages = sum(page.kind == "case" for page in pages)
    assert built["case"] >= case_pages  # a Sources list on each (related cases on most)
    assert built["term"] >= sum(page.kind == "term" for page in pages)
    assert built["narrative"] > 0 and built["home"] == 2 and built["narrative-index"] == 1
    # An index's lists: the top terms (on a long index), then one per letter.
    indexes = [page.markdown for page in pages if page.kind == "term-index"]
    assert len(indexes) == 4  # keywords, countries, languages, outlets
    sections = sum(text.count(' id="letter-') + text.count("\n## Most cases\n") for text in indexes)
    assert built["term-index"] == sections
    # /cases/: one list per month of each page.
    months = sum(page.markdown.count("\n### ") for page in pages if page.kind == "case-index")
    assert months > 0 and built["case-index"] == months


def test_the_fixture_sites_pages_render_the_same(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    build = load_build(repo, load_settings(repo))
    generate_pages(build, repo / "docs", [])
    for page in build.pages.values():
        fast, slow, _lists = both(PROJECT, page.src_uri, page.markdown, page.generated_from)
        assert fast == slow, page.src_uri


# Text as contributors write it in titles, outlet names and terms, with extra weight on what
# Markdown, HTML and the escaping care about. One line, but nothing else is assumed: tabs, odd
# spaces and control characters the validator refuses are in (the renderer must not rely on it).
TRICKY = st.sampled_from(
    [
        *"\\`*_{}[]()#+!|&<>\"'~^=:;.-\t",
        *["&amp;", "&#65;", "&copy;", "&x;", "  ", "\u00a0", "e\u0301", "\x02"],
        *["- ", "1. ", "2) ", ": ", "> ", "    ", "---", "~~~", "{: .x}", "[^1]", "!!! note"],  # block syntax
    ]
)
TEXT = st.lists(st.one_of(st.text(min_size=1, max_size=4), TRICKY), min_size=1, max_size=8).map(
    lambda parts: "".join(parts).replace("\n", " ")
)
URL = st.lists(st.one_of(st.text(max_size=5), TRICKY), max_size=6).map(
    lambda parts: "https://example.org/" + "".join(parts)
)


URL_OK = "https://example.org/a"


def case_line(title: str, meta: str, target: str = "../cases/2024/2024-01-01-a.md") -> str:
    return f'- [{md(title)}]({target}) <span class="debunk-list-meta">1 May 2024 · {md(meta)}</span>'


def source_line(outlet: str | None, host: str, url: str, archive: str | None) -> str:
    prefix = f"{md(outlet)}: " if outlet else ""
    tail = f" · [archived copy]({mdurl(archive)})" if archive else " · no archived copy"
    return f"- {prefix}[{md(host)}]({mdurl(url)}){tail}"


def page(*lists: list[str]) -> str:
    body = "\n\n".join("\n".join(lines) for lines in lists)
    return f"3 cases, newest first.\n\n{body}\n\n[Older cases →](x/page/2.md)\n"


EXAMPLES = int(os.environ.get("OWN_LISTS_EXAMPLES", "300"))
BOTH = pytest.mark.parametrize("extensions", [PROJECT, EVERY_SAFE], ids=["project", "every-safe-extension"])


@BOTH
@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=4),
    st.lists(st.tuples(TEXT, st.integers(0, 99999)), max_size=3),
)
def test_case_and_term_items_with_any_text_render_the_same(
    extensions: Extensions, cases: list[tuple[str, str]], terms: list[tuple[str, int]]
) -> None:
    lines = [case_line(title, meta) for title, meta in cases]
    term_lines = [f"- [{md(label)}](../keywords/x.md) ({count} cases): {md(label)}" for label, count in terms]
    text = page(lines, *([["## Terms"], term_lines] if term_lines else []))
    fast, slow, _lists = both(extensions, "keywords/kosovo.md", text, 0)
    assert fast == slow


@BOTH
@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.tuples(st.none() | TEXT, TEXT, URL, st.none() | URL), min_size=1, max_size=4))
def test_source_items_with_any_outlet_host_and_url_render_the_same(
    extensions: Extensions, sources: list[tuple[str | None, str, str, str | None]]
) -> None:
    text = "## Sources\n\n" + "\n".join(source_line(*source) for source in sources) + "\n"
    fast, slow, _lists = both(extensions, "cases/2024/2024-01-01-a.md", text, 0)
    assert fast == slow


def test_plain_items_take_the_fast_path() -> None:
    text = page([case_line("Kyiv & the West", "Disinformation"), case_line("Plain", "False")])
    fast, slow, lists = both(PROJECT, "keywords/kosovo.md", text, 0)
    assert (fast, lists) == (slow, 1)
    assert '<a href="../../cases/2024/2024-01-01-a/">Kyiv &amp; the West</a>' in fast


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (page([case_line("A &amp; B", "x")]), "text that looks like an HTML entity"),
        (page([case_line("a", "x"), "  indented"]), "a line Python-Markdown would read as part of the item"),
        (
            page([case_line("a", "x")], [case_line("b", "y")]),
            "two lists one blank line apart become one loose list",
        ),
        (page([case_line("a", "x")], ["    code"]), "an indented block after the list"),
        ("- " + case_line("a", "x")[2:] + "\n", "a list at the start of the generated part"),
        (
            page([case_line("a", "x").replace("](../", "](javascript:../")]),
            "a target that is not a page path",
        ),
        (page(["- [a\\q](x.md) (1)"]), "a backslash Python-Markdown keeps"),
        (page([source_line("- ", "h", "https://e.org/", None)]), "an item that starts a list inside it"),
        (page([source_line("1. Channel", "h", "https://e.org/", None)]), "an ordered list inside the item"),
        # md() no longer writes `]:` (see the next test); Markdown written otherwise may have it.
        (page(["- [\\]:](https://e.org/) · [archived copy](https://e.org/)"]), "a link reference definition"),
        (page([case_line("^1", "y").replace("1]", "1\\]: x]")]), "a footnote definition"),
    ],
)
def test_lines_it_cannot_be_sure_of_are_left_to_python_markdown(text: str, why: str) -> None:
    fast, slow, lists = both(PROJECT, "keywords/kosovo.md", text, 0)
    assert (fast, lists) == (slow, 0), why


def test_contributor_markdown_before_the_generated_part_is_never_read_by_it() -> None:
    # A contributor's body may hold a line of the same shape: it stays Python-Markdown's.
    body = "## Summary\n\n" + case_line("mine", "x") + "\n\n## Response\n\nText.\n\n"
    own = "## Sources\n\n" + source_line("Outlet", "example.org", "https://example.org/a", None) + "\n"
    fast, slow, lists = both(PROJECT, "cases/2024/2024-01-01-a.md", body + own, len(body))
    assert (fast, lists) == (slow, 1)
    assert both(PROJECT, "cases/2024/2024-01-01-a.md", body + own, None)[2] == 0


def test_a_generated_part_changed_by_python_markdowns_normalising_is_left_alone() -> None:
    # Python-Markdown expands tabs first: the generated part no longer matches what was given.
    own = "## Sources\n\n" + source_line("Out\tlet", "example.org", "https://example.org/a", None) + "\n"
    fast, slow, lists = both(PROJECT, "cases/2024/2024-01-01-a.md", own, 0)
    assert (fast, lists) == (slow, 0)


def test_only_known_extensions_allow_the_fast_path() -> None:
    assert usable(("toc", "markdown.extensions.tables", "footnotes"))
    assert not usable(("toc", "smarty"))  # changes quotes and dashes in plain text
    assert not usable(("abbr",))  # a body's abbreviations apply to every text of the page
    smarty = Extensions(("toc", "smarty"), {})
    assert _Renderer(smarty).own is None
    text = page([case_line('"Quoted" -- text', "x")])
    assert _Renderer(smarty).render("keywords/k.md", text, 0) == _Renderer(smarty, own=False).render(
        "keywords/k.md", text, 0
    )


SEGMENT = st.sampled_from(["a", "b", "cases", "2024", "x-y", "page", "2"])


@given(st.lists(SEGMENT, max_size=4), st.lists(SEGMENT, max_size=4), st.booleans(), st.booleans())
def test_relative_path_is_posixpaths_relpath(
    path: list[str], start: list[str], slash: bool, slash2: bool
) -> None:
    there = "/".join(path) + ("/" if slash and path else "") or "."
    here = "/".join(start) + ("/" if slash2 and start else "") or "."
    assert relative_path(there, here) == posixpath.relpath(there, here)


@pytest.mark.parametrize(
    ("path", "start"), [("../a/", "b/"), ("./a", "b"), ("/a/b", "/a/c"), ("a//b", "a"), ("a/./b", "a")]
)
def test_relative_path_of_unusual_paths_is_posixpaths_relpath(path: str, start: str) -> None:
    assert relative_path(path, start) == posixpath.relpath(path, start)


def test_a_source_url_ending_in_an_apostrophe_keeps_the_archive_link() -> None:
    # Python-Markdown read `'...')` at the end of a link as its title: the archive link vanished.
    url = "https://example.org/it'"
    line = source_line("Outlet", "example.org", url, "https://archive.example/" + url)
    text = f"## Sources\n\n{line}\n"
    fast, slow, lists = both(PROJECT, "cases/2024/2024-01-01-a.md", text, 0)
    assert (fast, lists) == (slow, 1)
    assert slow.count("<a ") == 2 and "title=" not in slow
    assert '<a href="https://archive.example/https://example.org/it\'"' in slow


@pytest.mark.parametrize("title", ["a]: b", "]: https://example.org/x", "^]: note", "[x]: y", "]:]: ]:"])
def test_a_title_with_a_bracket_and_a_colon_stays_a_link_and_adds_no_footnote(title: str) -> None:
    # `[a\]: b](...)` at the start of a line was a link reference definition (with `^`, a footnote)
    # to Python-Markdown despite the backslash: the item came out empty, and a case titled
    # `^]: note` put a footnote on every page listing it.
    cases = [case_line(title, "Outlet"), case_line("Plain", "Outlet")]
    term = f"- [{md(title)}](../keywords/x.md) (3 cases): {md('the (summary)')}"
    archived = source_line(None, title, URL_OK, URL_OK + "/archived")
    sources = [archived, source_line(title, title, URL_OK, None)]
    text = page(cases, [term], sources)
    for extensions in (PROJECT, EVERY_SAFE):
        fast, slow, _ = both(extensions, "keywords/x.md", text, 0)
        assert fast == slow
        links = [html.unescape(found) for found in re.findall(r"<a [^>]*>(.*?)</a>", slow)]
        assert links == [title, "Plain", title, title, "archived copy", title, "Older cases →"]
        assert "footnote" not in slow and slow.count("<li>") == 5


def source_items(*items: tuple[str | None, str, str, str | None, str | None, str | None]) -> str:
    """The Sources list as the case page's template writes it (`case_tail.md.j2`)."""
    sources = [
        SourceItem(url, archive, outlet, host, service, gone)
        for outlet, host, url, archive, service, gone in items
    ]
    return render("case_tail.md.j2", sources=sources, related=[])


@BOTH
@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.lists(
        st.tuples(st.none() | TEXT, TEXT, URL, st.none() | URL, st.none() | TEXT, st.none() | TEXT),
        min_size=1,
        max_size=4,
    )
)
def test_sources_as_the_case_page_writes_them_render_the_same(
    extensions: Extensions, items: list[tuple[str | None, str, str, str | None, str | None, str | None]]
) -> None:
    # Every form: archive named by its service or unlisted, none, and the original gone or not.
    fast, slow, _lists = both(extensions, "cases/2024/2024-01-01-a.md", source_items(*items), 0)
    assert fast == slow


WAYBACK = "https://web.archive.org/web/2024/https://example.org/a"
FORMS = {
    "alive, no archive": (
        ("Herald", "example.org", URL_OK, None, None, None),
        '<li>Herald: <a href="https://example.org/a">example.org</a> · no archived copy</li>',
    ),
    "alive, archive on a known service": (
        ("Herald", "example.org", URL_OK, WAYBACK, "Wayback Machine", None),
        f'<li>Herald: <a href="{URL_OK}">example.org</a> · '
        f'<a href="{WAYBACK}">archived copy, Wayback Machine</a></li>',
    ),
    "alive, archive on an unlisted host": (
        (None, "example.org", URL_OK, "https://keep.example/a", None, None),
        f'<li><a href="{URL_OK}">example.org</a> · '
        '<a href="https://keep.example/a">archived copy</a> (unlisted archive)</li>',
    ),
    "gone, with an archive: the archived copy first": (
        ("Herald", "example.org", URL_OK, WAYBACK, "Wayback Machine", "30 November 2026"),
        "<li>Herald: original no longer online (checked 30 November 2026); "
        f'<a href="{WAYBACK}">archived copy, Wayback Machine</a> · '
        f'<a href="{URL_OK}">example.org</a> (dead link)</li>',
    ),
    "gone, with an unlisted archive": (
        (None, "example.org", URL_OK, "https://keep.example/a", None, "1 May 2026"),
        "<li>original no longer online (checked 1 May 2026); "
        '<a href="https://keep.example/a">archived copy</a> (unlisted archive) · '
        f'<a href="{URL_OK}">example.org</a> (dead link)</li>',
    ),
    "gone, no archive": (
        ("Herald", "example.org", URL_OK, None, None, "30 November 2026"),
        f'<li>Herald: <a href="{URL_OK}">example.org</a> · '
        "original no longer online (checked 30 November 2026); no archived copy</li>",
    ),
}


@pytest.mark.parametrize("form", list(FORMS))
def test_each_form_of_a_source_takes_the_fast_path_and_reads_as_intended(form: str) -> None:
    item, expected = FORMS[form]
    for extensions in (PROJECT, EVERY_SAFE):
        fast, slow, lists = both(extensions, "cases/2024/2024-01-01-a.md", source_items(item), 0)
        assert (fast, lists) == (slow, 1)
        assert expected in slow.replace(' rel="noopener noreferrer nofollow"', "")


def test_a_service_name_with_markdown_in_it_stays_text() -> None:
    # archives.yml comes in pull requests: a name is plain text, never a link or markup.
    item = ("Herald", "example.org", URL_OK, WAYBACK, "[x](javascript:alert(1)) *b* <i>", "1 May 2026")
    fast, slow, lists = both(PROJECT, "cases/2024/2024-01-01-a.md", source_items(item), 0)
    assert (fast, lists) == (slow, 1)
    assert "archived copy, [x](javascript:alert(1)) *b* &lt;i&gt;</a>" in slow and slow.count("<a ") == 2
