"""`mkdocs serve` with broken case files keeps serving, names every problem on every page, and
names each case it leaves out; fixing the files brings the cases back and the banner goes.

The sample repository is copied to a temporary folder and served on 127.0.0.1; pages are read in
Debian's headless Chromium, on a phone's width, in the light and the dark scheme.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from browser import ROOT, chromium, reader
from playwright.sync_api import Page, expect
from test_serve import fetch, free_port

from debunk.content.repository import load_content

COPIED = ("cases", "narratives", "vocabularies", "reviews", "docs", "overrides", "hooks")
HOSTILE = "<img src=x onerror=document.title='pwned'>"
"""An unknown keyword that is also markup: the banner must show it as text."""
FAST = 5.0
"""Seconds a page may take once a rebuild is done: a preview that hangs takes forever."""


def copy_sample(repo: Path) -> Path:
    for name in COPIED:
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    return repo


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if text.startswith(start))


def replace_line(path: Path, start: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line_of(path, start) - 1] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def wait_until(url: str, test: str, present: bool, seconds: float = 90) -> None:
    """Until the page at `url` does (or does not) hold `test`: the rebuild is done."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = fetch(url)
        if text and (test in text) == present:
            return
        time.sleep(0.5)
    raise AssertionError(f"{url}: {test!r} {'never came' if present else 'never went'}")


def page_url(case: str) -> str:
    return "/" + case.removesuffix(".md") + "/"


def open_timed(page: Page, url: str) -> tuple[int, float]:
    started = time.monotonic()
    response = page.goto(url, wait_until="load")
    assert response is not None
    return response.status, time.monotonic() - started


def check_banner(page: Page, problems: list[str], left_out: list[str]) -> None:
    """The banner shows each problem and each case left out, as text, readable on a phone."""
    banner = page.get_by_role("alert")
    expect(banner).to_be_visible()
    items = banner.locator("li").all_inner_texts()
    assert items[: len(problems)] == problems
    assert [item for item in items if item.startswith("case ")] == [
        f"case {Path(path).stem} ({path})" for path in left_out
    ]
    assert banner.locator("img").count() == 0 and page.title() != "pwned"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = banner.bounding_box()
    assert box is not None and box["width"] <= 375
    options = {"runOnly": {"type": "rule", "values": ["color-contrast"]}, "resultTypes": ["violations"]}
    found = Axe().run(page, context=".debunk-problems", options=options).response["violations"]
    assert found == []


def break_cases(repo: Path, bad_keyword: str, bad_yaml: str) -> list[str]:
    """An unknown keyword (markup, too) in one case, a YAML error in the other: the errors."""
    keyword_line = line_of(repo / bad_keyword, "keywords: [")
    keywords = (repo / bad_keyword).read_text(encoding="utf-8").splitlines()[keyword_line - 1]
    replace_line(repo / bad_keyword, "keywords: [", keywords.replace("[", f'["{HOSTILE}", ', 1))
    yaml_line = line_of(repo / bad_yaml, "verdict:")
    replace_line(repo / bad_yaml, "verdict:", "verdict: [disinformation")
    problems = [str(problem) for problem in load_content(repo).errors]
    assert f"{bad_keyword}:{keyword_line}: keywords[0]: unknown keyword {HOSTILE!r}" in " ".join(problems)
    # The YAML parser notices the unclosed list on the next line.
    assert f"{bad_yaml}:{yaml_line + 1}: front matter: invalid YAML" in " ".join(problems)
    return problems


def start_serve(repo: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`mkdocs serve` on a free port, its log in `log`; the server and its base URL."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=repo, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return server, f"http://127.0.0.1:{port}"


def test_serve_keeps_serving_with_broken_cases_and_names_them(tmp_path: Path) -> None:
    repo = copy_sample(tmp_path / "repo")
    cases = sorted(path.relative_to(repo).as_posix() for path in (repo / "cases").rglob("*.md"))
    bad_keyword, bad_yaml, other = cases[0], cases[1], cases[-1]
    originals = {case: (repo / case).read_text(encoding="utf-8") for case in (bad_keyword, bad_yaml)}
    log = tmp_path / "serve.log"
    server, base = start_serve(repo, log)
    try:
        wait_until(base + "/", "</html>", present=True)
        before = len(log.read_text(encoding="utf-8"))
        problems = break_cases(repo, bad_keyword, bad_yaml)
        wait_until(base + "/", "debunk-problems", present=True)
        with chromium() as browser:
            for scheme in ("light", "dark"):
                with reader(browser, base, scheme=scheme, width=375, height=800) as visitor:
                    page = visitor.context.new_page()
                    for url in ("/", page_url(other)):
                        status, took = open_timed(page, base + url)
                        assert (status, url) == (200, url) and took < FAST
                        check_banner(page, problems, [bad_keyword, bad_yaml])
                    assert open_timed(page, base + page_url(bad_keyword))[0] == 404
                    assert visitor.foreign == []
            served = log.read_text(encoding="utf-8")[before:]
            for case in (bad_keyword, bad_yaml):
                assert f"ERROR   -  {case}: left out of the preview: see the problem above\n" in served
            assert f"{len(cases) - 2} case pages for {len(cases)} case files" in served
            assert "no case lost" not in served and "An error happened during the rebuild" not in served

            for case, text in originals.items():
                (repo / case).write_text(text, encoding="utf-8")
            wait_until(base + "/", "debunk-problems", present=False)
            with reader(browser, base) as visitor:
                page = visitor.context.new_page()
                assert open_timed(page, base + "/")[0] == 200
                expect(page.get_by_role("alert")).to_have_count(0)
                assert open_timed(page, base + page_url(bad_keyword))[0] == 200
                case_id = Path(bad_keyword).stem
                expect(page.locator("[data-case-id]")).to_have_attribute("data-case-id", case_id)
        assert "no case lost" in log.read_text(encoding="utf-8")[before:].rsplit("verify-site:", 1)[1]
    finally:
        server.terminate()
        server.wait(timeout=10)
