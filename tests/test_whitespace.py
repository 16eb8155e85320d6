"""Finished pages lose the theme's indentation, and nothing a reader sees or a tool reads changes.

The rule (debunk_mkdocs/whitespace.py): outside tags, comments and the elements where spaces count, a
run of whitespace that holds a line break becomes one line break. The browser test builds the
sample site with and without it and compares, in Chromium, the text and the box of every element.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from browser import ROOT, chromium, reader, serve
from hypothesis import given
from hypothesis import strategies as st

from debunk_mkdocs.whitespace import collapse_piece, collapse_whitespace, join_collapsed


def test_runs_with_a_line_break_become_one_line_break() -> None:
    page = "<ul>\n    <li>\n      <a href='/'>Home</a>\n    </li>\n\n\n  </ul>\n"
    assert collapse_whitespace(page) == "<ul>\n<li>\n<a href='/'>Home</a>\n</li>\n</ul>\n"
    assert collapse_whitespace("Made with  \r\n   <a>x</a>") == "Made with\n<a>x</a>"


def test_runs_without_a_line_break_and_no_break_spaces_are_text() -> None:
    assert collapse_whitespace("<p>two  spaces\tand a tab</p>") == "<p>two  spaces\tand a tab</p>"
    assert collapse_whitespace("<p>a\n\u00a0 b\u00a0\n c</p>") == "<p>a\n\u00a0 b\u00a0\nc</p>"


@pytest.mark.parametrize("name", ["pre", "code", "kbd", "textarea", "script", "style", "svg", "PRE"])
def test_elements_where_spaces_count_are_kept(name: str) -> None:
    inner = "line one\n\n      indented\n   <b>x</b>\n"
    page = f"<div>\n   <{name} class='x'>{inner}</{name}>\n   </div>"
    assert collapse_whitespace(page) == f"<div>\n<{name} class='x'>{inner}</{name}>\n</div>"


def test_tags_comments_and_unclosed_elements_are_kept() -> None:
    tag = '<a title="first line\n     second line"\n   href="/">'
    assert collapse_whitespace(f"<p>\n  {tag}x</a>\n  </p>") == f"<p>\n{tag}x</a>\n</p>"
    comment = "<!-- keep\n\n   this -->"
    assert collapse_whitespace(f"x\n  {comment}\n  y") == f"x\n{comment}\ny"
    assert collapse_whitespace("a\n  <pre>\n  never closed\n\n  x") == "a\n<pre>\n  never closed\n\n  x"


class _Reading(HTMLParser):
    """What a page says: text as a browser collapses it, attributes, and verbatim content."""

    VERBATIM: ClassVar[frozenset[str]] = frozenset(
        {"pre", "code", "kbd", "textarea", "script", "style", "svg"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(f"<{tag} {attrs}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")
        if tag in self.open:
            del self.open[self.open.index(tag) :]

    def handle_data(self, data: str) -> None:
        if self.VERBATIM & set(self.open):
            self.parts.append(data)
        else:
            self.parts.append(re.sub(r"[ \t\n\r\f]+", " ", data))

    def handle_comment(self, data: str) -> None:
        self.parts.append(f"<!--{data}-->")

    def result(self) -> str:
        return "".join(self.parts)


def reading(page: str) -> str:
    parser = _Reading()
    parser.feed(page)
    parser.close()
    return parser.result()


_SPACE = st.sampled_from([" ", "  ", "\n", "\n    ", "  \n\n  ", "\t", "\u00a0", "\r\n "])
_WORD = st.sampled_from(["alpha", "beta", "&amp;", "x<y", "é"]).map(lambda w: w.replace("<", "&lt;"))
_TEXT = st.lists(st.one_of(_SPACE, _WORD), max_size=8).map("".join)
_SEPARATOR = st.sampled_from([" ", "\n  ", "\r\n\t"])
_ATTR = st.lists(st.one_of(_SPACE, _WORD), max_size=4).map(lambda p: "".join(p).replace('"', ""))


@st.composite
def _html(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "inline", "block", "verbatim", "comment"]))
        if kind == "text" or depth > 2:
            parts.append(draw(_TEXT))
        elif kind == "comment":
            parts.append(f"<!--{draw(_TEXT).replace('-', '')}-->")
        elif kind == "verbatim":
            name = draw(st.sampled_from(sorted(_Reading.VERBATIM)))
            parts.append(f"<{name}>{draw(_TEXT)}</{name}>")
        else:
            name = "span" if kind == "inline" else "div"
            sep = draw(_SEPARATOR)
            parts.append(f'<{name}{sep}title="{draw(_ATTR)}">{draw(_html(depth + 1))}</{name}>')
    return "".join(parts)


@given(_html())
def test_what_a_page_says_is_unchanged_and_collapsing_twice_changes_nothing(page: str) -> None:
    collapsed = collapse_whitespace(page)
    assert reading(collapsed) == reading(page)
    assert collapse_whitespace(collapsed) == collapsed
    assert len(collapsed) <= len(page)


@given(_html(), st.lists(st.integers(0, 10_000), max_size=6))
def test_pieces_collapsed_one_by_one_and_joined_give_the_whole_page_collapsed(
    page: str, cuts: list[int]
) -> None:
    """What a page made in a frame gets (`join_collapsed`): never other than collapsing it whole,
    and given wherever the cuts fall in text."""
    bounds = sorted({0, len(page), *(cut % (len(page) + 1) for cut in cuts)})
    pieces = [page[start:end] for start, end in itertools.pairwise(bounds)] or [page]
    joined = join_collapsed([collapse_piece(piece) for piece in pieces])
    assert joined in (None, collapse_whitespace(page))
    if all(collapse_piece(piece).ends_in_text for piece in pieces[:-1]):
        assert joined == collapse_whitespace(page)


@pytest.mark.parametrize(
    ("pieces", "whole"),
    [
        (["<p>a  \n", "  \n  ", "\n b</p>"], "<p>a\nb</p>"),  # one run over three pieces
        (["<p>a ", " b</p>"], "<p>a  b</p>"),  # no line break: left as it is
        (["<pre> x\n", "\n y </pre>"], None),  # a piece that ends inside a verbatim element
        (["<div\n", 'class="x">'], None),  # or inside a tag
        (["<!-- a\n", " -->"], None),  # or a comment
    ],
)
def test_pieces_that_do_not_end_in_text_are_collapsed_whole(pieces: list[str], whole: str | None) -> None:
    assert join_collapsed([collapse_piece(piece) for piece in pieces]) == whole
    if whole is not None:
        assert whole == collapse_whitespace("".join(pieces))


PLAIN_BUILD = (
    "import sys, debunk_mkdocs.whitespace as w\n"
    "w.collapse_whitespace = lambda html: html\n"  # the hooks import it after this line
    "from mkdocs.__main__ import cli\n"
    "sys.argv[0] = 'mkdocs'\n"
    "cli()\n"
)
PAGES = [
    "/",
    "/cases/2022/2022-02-09-west-invents-russian-attack-plan/",
    "/narratives/nato-at-war-with-russia/",
    "/keywords/csto/",
    "/about/",
]
_BOXES = """() => Array.from(document.querySelectorAll('body *')).map(e => {
  const r = e.getBoundingClientRect();
  return [e.tagName, e.id, Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)];
})"""


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample site built as usual, and built with the collapse turned off."""
    repo = tmp_path_factory.mktemp("whitespace-repo")
    for name in ("cases", "narratives", "vocabularies", "reviews", "docs", "overrides", "hooks"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    sites = []
    for name, command in (("usual", ["-m", "mkdocs"]), ("plain", ["-c", PLAIN_BUILD])):
        shutil.rmtree(repo / ".cache", ignore_errors=True)  # the page cache is keyed by the code on disk
        site = tmp_path_factory.mktemp(name)
        build = [sys.executable, *command, "build", "--strict", "--quiet", "--site-dir", str(site)]
        done = subprocess.run(build, cwd=repo, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        sites.append(site)
    return sites[0], sites[1]


def test_pages_are_smaller_by_the_indentation(two_sites: tuple[Path, Path]) -> None:
    usual, plain = two_sites
    for path in PAGES:
        small = (usual / path.strip("/") / "index.html").read_text(encoding="utf-8")
        big = (plain / path.strip("/") / "index.html").read_text(encoding="utf-8")
        assert small == collapse_whitespace(big)
        assert len(big) - len(small) > 3000, path


@pytest.mark.parametrize("width", [1280, 375])
def test_chromium_shows_the_same_pages(two_sites: tuple[Path, Path], width: int) -> None:
    usual, plain = two_sites
    with serve(usual) as usual_url, serve(plain) as plain_url, chromium() as browser:
        seen: dict[str, list[object]] = {}
        for url in (usual_url, plain_url):
            with reader(browser, url, width=width) as visit:
                for path in PAGES:
                    page = visit.open(path)
                    seen.setdefault(path, []).append((page.inner_text("body"), page.evaluate(_BOXES)))
                    page.close()
                assert visit.errors == [] and visit.foreign == []
        for path, (ours, theirs) in seen.items():
            assert ours[0] == theirs[0], path
            assert ours[1] == theirs[1], path
