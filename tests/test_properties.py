"""Properties of the untrusted-input path, checked by hypothesis on generated inputs.

- Any byte string given as a case file yields a case or a list of problems, never another exception.
- Term slugs are always safe URL segments, and two terms never share a page silently.
- Sanitising is idempotent.
- No rendered body ever contains script or a remote load: not after sanitising anything, and
  not even before sanitising when the validator accepted the body.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import CASE, FORMAT_FIXTURES, case_text
from hostile import live_script, remote_resources
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debunk.content.body import parse_body
from debunk.content.load import load_case
from debunk.content.repository import Content
from debunk.content.vocab import load_vocabularies
from debunk.model import Case, Problem
from debunk.render.commonmark import parse, render
from debunk.render.sanitize import sanitize_html
from debunk.site.paths import term_slug
from debunk.site.taxonomy import build_terms

VOCABULARIES = load_vocabularies(FORMAT_FIXTURES)
EXTENSIONS = ["toc", "tables", "footnotes"]
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Pieces that matter to Markdown, HTML, YAML and URL parsers, mixed with plain text.
FRAGMENTS = [
    "<", ">", "</", "/>", "<!--", "-->", "<script>", "</script>", "<svg/onload=alert(1)>", "<img src=x ",
    "onerror=", "onload=", "=", '"', "'", "`", "``", "\\", "&", "&#", "&#106;", "&#x09;", "&colon;", ";",
    "javascript:", "JaVaScRiPt:", "vbscript:", "data:", "java\tscript:", "//", "https://evil.example/",
    "[", "]", "(", ")", "[x](", "](", "[^1]", "[^1]: ", "[r]: ", "![", "*", "_", "#", "## ", "|", "---",
    "\n", "\n\n", "    ", "\t", " ", "a", "word", "\u202e", "\u200b", "é", "а", "<details open ontoggle=",
    "<a href=", "style=", "<style>", "<iframe ", "<meta http-equiv=refresh content=0>", ":", "%0A",
    "```", "~~~", "\n```\n", "- ", "1. ", "> ", "      ", "\n    ", "\n- item\n\n      ",
]  # fmt: skip
markup = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join)


@pytest.fixture(scope="module")
def case_path(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("properties") / "repo"
    shutil.copytree(FORMAT_FIXTURES, root)
    return root, root / CASE


def _load(paths: tuple[Path, Path], raw: bytes) -> tuple[Case | None, list[Problem]]:
    root, path = paths
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return load_case(path, root, VOCABULARIES)


def _check_result(case: Case | None, problems: list[Problem]) -> None:
    assert isinstance(problems, list)
    assert all(isinstance(problem, Problem) and str(problem) for problem in problems)
    if case is None:
        assert any(problem.severity.value == "error" for problem in problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=2000))
def test_any_bytes_give_a_case_or_problems(case_path: tuple[Path, Path], raw: bytes) -> None:
    _check_result(*_load(case_path, raw))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=markup, body=markup)
def test_any_text_around_the_fences_gives_a_case_or_problems(
    case_path: tuple[Path, Path], front: str, body: str
) -> None:
    raw = f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass")
    _check_result(*_load(case_path, raw))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=markup, summary=markup)
def test_a_valid_case_with_any_title_and_summary_loads_or_is_refused(
    case_path: tuple[Path, Path], title: str, summary: str
) -> None:
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    text = case_text(title=quoted, body=f"\n## Summary\n\n{summary}\n\n## Response\n\nNo.\n")
    _check_result(*_load(case_path, text.encode("utf-8", "surrogatepass")))


@given(name=st.text(max_size=60))
def test_a_term_slug_is_always_a_safe_url_segment(name: str) -> None:
    slug = term_slug(name)
    assert SLUG.match(slug), slug
    assert term_slug(name) == slug


def _case(number: int, keywords: tuple[str, ...]) -> Case:
    return Case(
        id=f"2023-01-01-case-{number}",
        path=f"cases/2023/2023-01-01-case-{number}.md",
        title=f"Case {number}",
        date=dt.date(2023, 1, 1),
        verdict="disinformation",
        narratives=(),
        keywords=keywords,
        countries=(),
        languages=(),
        outlets=(),
        sources=(),
        reported_in=None,
        related=(),
        summary="A.",
        response="B.",
    )


@given(names=st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=12, unique=True))
def test_terms_never_share_a_page_silently(names: list[str]) -> None:
    content = Content(Path(), VOCABULARIES, cases=(_case(1, tuple(names)),))
    terms, problems = build_terms(content)
    slugs = [term.slug for term in terms["keywords"].values()]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG.match(slug) for slug in slugs)
    reported = " ".join(problem.message for problem in problems)
    for name in names:
        assert name in terms["keywords"] or repr(name) in reported


@given(html=markup)
def test_sanitising_is_idempotent(html: str) -> None:
    once = sanitize_html(html)
    assert sanitize_html(once) == once


@settings(max_examples=500, deadline=None)
@given(text=markup)
def test_a_rendered_body_never_runs_script_after_sanitising(text: str) -> None:
    rendered = sanitize_html(render(parse(text), "cases/2024/x.md").html)
    assert live_script(rendered) == []
    assert remote_resources(rendered) == []


@settings(max_examples=1000, deadline=None)
@given(text=markup)
def test_a_body_the_validator_accepts_needs_no_sanitiser(text: str) -> None:
    """The validator alone keeps script out: what it accepts renders inert even unsanitised, and
    the page is rendered from the very tokens it checked."""
    checked = parse_body(text, structured=False)
    if checked.problems:
        return
    rendered = render(checked.tokens, "cases/2024/x.md").html
    assert live_script(rendered) == []
    assert remote_resources(rendered) == []




_FOLDERS = st.lists(st.sampled_from(["a", "b", "cases", "2024", "page", "2"]), max_size=4)
_FILE = st.sampled_from(["index.md", "a.md", "x.md", "2.md"])


@given(_FOLDERS, _FILE, _FOLDERS, _FILE)
def test_page_links_agree_with_relpath(to: list[str], name: str, at: list[str], page: str) -> None:
    """`link` is a fast `posixpath.relpath` from the current page's folder, for docs paths."""
    import posixpath

    from debunk.site.paths import link

    there, here = "/".join([*to, name]), "/".join([*at, page])
    assert link(there, here) == posixpath.relpath(there, posixpath.dirname(here) or ".")
