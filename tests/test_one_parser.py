"""One parser: what `validate` checks is what the site renders (issue 23's five bypasses).

Each hostile body got past the validator (markdown-it) into the pages (Python-Markdown) before
the site rendered the very tokens the rules check (`debunk.render.commonmark`). Every test here builds
the pages of a copy of the fixture site with one hostile case and reads what a reader gets; the
inputs that are errors are also reported by the loader as `path:line: field: message`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import debunk.content.batch
import debunk.content.fields
import debunk.content.load
from debunk.content.body import Body, parse_body
from debunk.content.repository import load_content
from debunk.render.html import render_pages
from debunk.settings import load_settings
from debunk.site.pages import build_pages, build_site
from debunk.site.paths import case_uri

FIXTURE = Path(__file__).parent / "fixtures" / "site"
REPO = Path(__file__).parent.parent
CASE = "cases/2024/2024-05-02-hostile-body.md"
FRONT = """---
title: {title}
date: "{date}"
verdict: disinformation
keywords: [NATO]
countries: [Finland]
languages: [fi]
outlets: [Northern Wire]
related: [2024-03-20-nato-drills-cover-for-attack]
sources:
  - url: https://example.net/wire/hostile
    archive: https://web.archive.org/web/20240503000000/https://example.net/wire/hostile
---

"""
LIST_CONTINUATION = """## Summary

100. A numbered point.

     <img src=x onerror=alert(1)>

     [Read more](javascript:alert(2))

## Response

The point is false.
"""
FOOTNOTE_IMAGE = """## Summary

A claim with a note.[^1]

[^1]: ![pixel](https://tracker.example/pixel.png)

## Response

The claim is false.
"""
TOC_MARKER = "## Summary\n\n[TOC]\n\n## Response\n\nThe claim is false.\n"
THEME_ID = "## Summary\n\n### __config\n\nA claim.\n\n## Response\n\nThe claim is false.\n"
PLAIN = "## Summary\n\nA claim.\n\n## Response\n\nThe claim is false.\n"
PLACEHOLDERS = "Storage zz1337820767766393qq empty qq3936677670287331zz"
"""Python-Markdown's footnotes put these in the text for their back links and spaces."""
CODE_AFTER_LIST = """## Summary

100. A numbered point.

    <img src=x onerror=alert(1)>
    [Read more](javascript:alert(2))

## Response

The point is false.
"""


def _repo(tmp_path: Path, body: str, title: str = "A hostile case") -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".cache"))
    (root / CASE).write_text(FRONT.format(title=title, date="2024-05-02") + body, encoding="utf-8")
    return root


def _problems(root: Path) -> list[str]:
    return [str(problem) for problem in load_content(root).problems if problem.path == CASE]


def _line_of(root: Path, fragment: str) -> int:
    lines = (root / CASE).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


def _no_body_problems(text: str, structured: bool = True) -> Body:
    body = parse_body(text, structured)
    body.problems.clear()
    return body


@pytest.fixture
def bypass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Load as if the case had passed validation: the page shows the renderer's own defence."""
    monkeypatch.setattr(debunk.content.load, "parse_body", _no_body_problems)
    monkeypatch.setattr(debunk.content.fields, "untrusted_text", lambda *args: None)


def _pages(root: Path) -> dict[str, str]:
    """{src_uri: the page body's HTML as the site writes it (sanitised)}."""
    site = build_site(load_content(root), load_settings(root))
    keys, store = render_pages((page.src_uri, page.html) for page in build_pages(site))
    return {uri: store[key].html for uri, key in keys.items()}


def test_list_item_continuation_is_an_error(tmp_path: Path) -> None:
    root = _repo(tmp_path, LIST_CONTINUATION)
    problems = _problems(root)
    html_line, link_line = _line_of(root, "<img"), _line_of(root, "javascript:")
    assert (
        f"{CASE}:{html_line}: body: raw HTML is not allowed: '<img src=x onerror=alert(1)>'; use Markdown"
        in (problems)
    )
    assert (
        f"{CASE}:{link_line}: body: link 'javascript:alert(2)' uses the scheme 'javascript'; "
        "allowed: https, http, mailto, relative"
    ) in problems


def test_list_item_continuation_is_text_on_the_page(tmp_path: Path, bypass: None) -> None:
    page = _pages(_repo(tmp_path, LIST_CONTINUATION))[CASE]
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "javascript:" not in page
    assert "<a>Read more</a>" in page


def test_footnote_image_is_an_error(tmp_path: Path) -> None:
    root = _repo(tmp_path, FOOTNOTE_IMAGE)
    line = _line_of(root, "[^1]: ")
    message = (
        "image 'https://tracker.example/pixel.png' loads from another site; "
        "images must be files in the repository"
    )
    assert f"{CASE}:{line}: body: {message}" in _problems(root)


def test_footnote_image_is_not_loaded_on_the_page(tmp_path: Path, bypass: None) -> None:
    page = _pages(_repo(tmp_path, FOOTNOTE_IMAGE))[CASE]
    assert "tracker.example" not in page
    assert '<div class="footnote">' in page and 'href="#fn:1"' in page  # the footnote itself is kept


def test_control_characters_in_a_title_are_an_error(tmp_path: Path) -> None:
    root = _repo(tmp_path, PLAIN, title='"Storage \\x02fn:1\\x03 empty"')
    assert (
        f"{CASE}:2: title: 'Storage \\x02fn:1\\x03 empty' contains invisible or control characters "
        "(U+0002 CONTROL CHARACTER, U+0003 CONTROL CHARACTER); remove them"
    ) in _problems(root)


def test_theme_id_heading_gets_another_id(tmp_path: Path) -> None:
    root = _repo(tmp_path, THEME_ID)
    page = _pages(root)[CASE]
    assert '<h3 id="config">__config</h3>' in page
    assert 'id="__' not in page


BUILT = {  # case id -> (title, body): inputs the validator accepts, built by `mkdocs build`
    "2024-05-02-hostile-body": ("A heading named like the theme's settings", THEME_ID),
    "2024-05-03-toc-marker": ("A table of contents marker", TOC_MARKER),
    "2024-05-04-placeholder-title": (PLACEHOLDERS, PLAIN),
    "2024-05-05-code-after-a-list": ("Code after a numbered list", CODE_AFTER_LIST),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with the cases of `BUILT`, built by MkDocs with the project's hooks."""
    root = tmp_path_factory.mktemp("built") / "repo"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".cache"))
    for case_id, (title, body) in BUILT.items():
        front = FRONT.format(title=title, date=case_id[:10])
        (root / f"cases/2024/{case_id}.md").write_text(front + body, encoding="utf-8")
    shutil.copytree(REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "overrides", root / "overrides")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return root


def _built_body(root: Path, case_id: str) -> str:
    page = (root / "site" / "cases" / "2024" / case_id / "index.html").read_text(encoding="utf-8")
    return page[page.index('<div class="debunk-case__body">') : page.index("</article>")]


def test_the_built_site_has_no_error_from_these_cases(built: Path) -> None:
    assert [p for p in _problems(built) if ": warning: " not in p] == []


def test_theme_config_script_is_intact_on_a_built_page(built: Path) -> None:
    page = (built / "site/cases/2024/2024-05-02-hostile-body/index.html").read_text(encoding="utf-8")
    assert re.findall(r'id="__config"', page) == ['id="__config"']
    assert re.search(r'<script id="__config" type="application/json">\{', page)
    assert '<h3 id="config">__config</h3>' in page


def test_a_toc_marker_is_text_on_a_built_page(built: Path) -> None:
    body = _built_body(built, "2024-05-03-toc-marker")
    assert "<p>[TOC]</p>" in body and 'class="toc"' not in body


def test_a_title_with_footnote_placeholders_keeps_its_related_links_on_built_pages(built: Path) -> None:
    site = build_site(load_content(built), load_settings(built))
    listing = [
        case_id
        for case_id, related in site.related.items()
        if "2024-05-04-placeholder-title" in {r.case.id for r in related}
    ]
    assert listing, "no case lists the case as related: the test would prove nothing"
    for case in site.content.cases:
        if case.id in listing:
            page = (built / "site" / case_uri(case).removesuffix(".md") / "index.html").read_text(
                encoding="utf-8"
            )
            assert f'2024-05-04-placeholder-title/">{PLACEHOLDERS}</a>' in page, case.id


def test_code_after_a_numbered_list_is_code_on_a_built_page(built: Path) -> None:
    """CommonMark reads the 4-space lines after `100.` as code (the item's text starts 5 columns
    in); Python-Markdown read them as list content, with live HTML and a `javascript:` link."""
    body = _built_body(built, "2024-05-05-code-after-a-list")
    assert "<img" not in body and 'href="javascript' not in body
    assert "<pre><code>&lt;img src=x onerror=alert(1)&gt;\n" in body
