"""Integration: build a tiny real site with `mkdocs build --strict` and read its HTML."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from debunk.build.verify import PageReads, verify_site
from debunk.cli import main
from debunk.content.repository import load_content
from debunk.settings import load_settings
from debunk.site.pages import build_pages, build_site

REPO = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "site"
GAS = "cases/2023/2023-01-05-gas-storage-empty-by-february/"
VOTE = "cases/2023/2023-02-10-baltic-vote-decided-abroad/"
DRILLS = "cases/2024/2024-03-20-nato-drills-cover-for-attack/"


def make_repo(target: Path) -> Path:
    """A copy of the fixture publication with this repository's hooks and templates."""
    shutil.copytree(FIXTURE, target)
    shutil.copytree(REPO / "hooks", target / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "overrides", target / "overrides")
    return target


def mkdocs_build(repo: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=repo, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("site") / "repo")
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    return repo


def html(repo: Path, url: str) -> str:
    return (repo / "site" / url / "index.html").read_text(encoding="utf-8")


class Links(HTMLParser):
    """Collects href attributes of <a> and <link> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"a", "link"}:
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def local_links(page_html: str) -> list[str]:
    parser = Links()
    parser.feed(page_html)
    return [h for h in parser.hrefs if not h.startswith(("http:", "https:", "mailto:", "#"))]


def test_case_page_shows_claim_verdict_metadata_sources_and_related(built: Path) -> None:
    page = html(built, VOTE)
    assert "<h1>The result of a Baltic vote was fixed abroad</h1>" in page
    assert 'class="debunk-verdict debunk-verdict--misleading"' in page
    assert '<time datetime="2023-02-10">10 February 2023</time>' in page
    assert 'href="../../../narratives/rigged-elections/">Western elections are rigged</a>' in page
    assert 'href="../../../keywords/elections/">Elections</a>' in page
    assert 'href="../../../countries/baltic-states/">Baltic states</a>' in page
    assert 'href="../../../languages/ru/">Russian</a>' in page
    assert 'href="../../../outlets/northern-wire/">Northern Wire</a>' in page
    assert '<h2 id="summary">Summary</h2>' in page and '<h2 id="response">Response</h2>' in page
    rel = 'rel="noopener noreferrer nofollow"'
    assert f'Northern Wire: <a href="https://example.net/wire/baltic-vote" {rel}>example.net</a>' in page
    assert f'<a href="https://archive.ph/abcde" {rel}>archived copy, archive.today</a>' in page
    # Hand-picked related case, shown with its reason; prev/next by date.
    assert re.search(r'<a href="\.\./2023-01-05-gas-storage-empty-by-february/">German gas storage', page)
    assert "chosen by the editors" in page
    assert 'rel="prev" href="../2023-01-05-gas-storage-empty-by-february/"' in page
    assert 'rel="next" href="../../2024/2024-03-20-nato-drills-cover-for-attack/"' in page
    assert (
        '<link rel="canonical" href="https://desk.example.org/cases/2023/2023-02-10-baltic-vote-decided-abroad/">'
        in page
    )
    assert '<meta property="og:title" content="The result of a Baltic vote was fixed abroad">' in page
    assert (
        'href="https://github.com/example/desk/edit/main/cases/2023/2023-02-10-baltic-vote-decided-abroad.md"'
        in page
    )


def test_related_cases_are_two_way(built: Path) -> None:
    page = html(built, GAS)
    assert 'href="../2023-02-10-baltic-vote-decided-abroad/">The result of a Baltic vote' in page
    assert "chosen by the editors" in page


def test_case_without_archive_says_so(built: Path) -> None:
    assert "no archived copy" not in html(built, DRILLS)
    assert 'example.net</a> · <a href="https://web.archive.org/web/20240321000000/' in html(built, DRILLS)


def test_term_pages_paginate_newest_first(built: Path) -> None:
    first = html(built, "outlets/northern-wire/")
    second = html(built, "outlets/northern-wire/page/2/")
    assert "2 cases, newest first (page 1 of 2)." in first
    assert "Alliance drills in the north" in first and "Baltic vote" not in first
    assert "Baltic vote" in second and "Alliance drills" not in second
    assert 'href="page/2/">Older cases →</a>' in first
    assert 'href="../../">← Newer cases</a>' in second


def test_term_index_lists_every_term_with_counts(built: Path) -> None:
    page = html(built, "keywords/")
    for name, slug, count in (("Elections", "elections", 1), ("Energy", "energy", 1), ("NATO", "nato", 1)):
        assert f'<a href="{slug}/">{name}</a> ({count})' in page
    assert "Vaccines" not in page  # a vocabulary term no case carries has no page


def test_narrative_page_has_chart_reach_and_cases(built: Path) -> None:
    page = html(built, "narratives/energy-blackmail/")
    assert "<h1>Europe will freeze without Russian gas</h1>" in page
    assert "1 case, first seen 5 January 2023, last seen 5 January 2023." in page
    assert page.count('<rect class="debunk-chart__bar"') == 1
    assert "<title>January 2023: 1</title>" in page
    assert 'href="../../countries/germany/">Germany</a> <span class="debunk-count">1</span>' in page
    assert 'href="../../cases/2023/2023-01-05-gas-storage-empty-by-february/">German gas storage' in page


def test_home_lists_latest_cases_and_narratives(built: Path) -> None:
    page = html(built, "")
    titles = re.findall(r'<a href="cases/\d{4}/[^"]+/">([^<]+)</a>', page)
    assert titles == [
        "Alliance drills in the north are a cover for an attack",
        "The result of a Baltic vote was fixed abroad",
        "German gas storage will be empty by February",
    ]
    assert (
        '<a href="narratives/energy-blackmail/">Europe will freeze without Russian gas</a> (1 case)' in page
    )


def test_cases_stay_out_of_the_navigation(built: Path) -> None:
    page = html(built, "about/")
    nav = page[page.index('<nav class="md-nav md-nav--primary"') :]
    assert "/cases/" not in nav[: nav.index("</nav>")]


def test_every_local_link_resolves(built: Path) -> None:
    site = built / "site"
    for page in site.rglob("index.html"):
        for href in local_links(page.read_text(encoding="utf-8")):
            target = (page.parent / href.split("#")[0]).resolve()
            assert target.exists() or (target / "index.html").exists(), f"{page}: {href}"


def test_no_request_to_another_host(built: Path) -> None:
    for page in (built / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        external = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?://[^"]+)"', text)
        assert [url for url in external if not url.startswith("https://desk.example.org/")] == [], page


def test_verify_site_passes_then_fails_when_a_page_is_missing(built: Path, tmp_path: Path) -> None:
    site = build_site(load_content(built), load_settings(built))
    pages = build_pages(site)
    assert verify_site(site, pages, built / "site").ok
    broken = tmp_path / "site"
    shutil.copytree(built / "site", broken)
    (broken / "keywords" / "nato" / "index.html").unlink()
    result = verify_site(site, pages, broken)
    assert result.problems == (
        "/keywords/nato/ (term page from keywords/nato.md) was not written",
        "case '2024-03-20-nato-drills-cover-for-attack' "
        "(cases/2024/2024-03-20-nato-drills-cover-for-attack.md) is missing from the keywords/NATO page(s)",
    )
    runner = CliRunner()
    outcome = runner.invoke(main, ["verify-site", str(broken), "--root", str(built)])
    assert outcome.exit_code == 1


def add_unknown_keyword(case: Path, keyword: str) -> int:
    """Put an unknown keyword first in a case's `keywords`; the line it is on."""
    lines = case.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(number for number, text in enumerate(lines, 1) if text.startswith("keywords: ["))
    lines[line - 1] = lines[line - 1].replace("keywords: [", f"keywords: [{keyword}, ", 1)
    case.write_text("".join(lines), encoding="utf-8")
    return line


def test_a_broken_case_fails_the_build_and_verify_site_names_it_never_no_case_lost(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    broken = DRILLS.rstrip("/") + ".md"
    line = add_unknown_keyword(repo / broken, "Weather control")
    errors = [str(problem) for problem in load_content(repo).errors]
    assert len(errors) == 1
    assert errors[0].startswith(f"{broken}:{line}: keywords[0]: unknown keyword 'Weather control'")
    left_out = f"{broken}: left out of the site: see the problem above"
    built = mkdocs_build(repo)  # strict: writes the site, then fails
    assert built.returncode == 1 and "Aborted with 2 errors in strict mode!" in built.stdout + built.stderr
    assert f"ERROR   -  {errors[0]}\n" in built.stderr
    assert f"ERROR   -  {left_out}\n" in built.stderr
    assert "no case lost" not in built.stderr
    pages = list((repo / "site").rglob("*.html"))  # the preview's banner is for `mkdocs serve` only
    assert pages and not [page for page in pages if "debunk-problems" in page.read_text(encoding="utf-8")]

    files = sorted(path.relative_to(repo).as_posix() for path in (repo / "cases").rglob("*.md"))
    site = build_site(load_content(repo), load_settings(repo))
    result = verify_site(site, build_pages(site), repo / "site")
    assert result.left_out == (left_out,) and result.problems == () and not result.ok
    assert f"verify-site: {len(files) - 1} case pages for {len(files)} case files," in result.summary
    assert result.summary.endswith("; 1 case files left out (named above)")
    outcome = CliRunner().invoke(main, ["verify-site", str(repo / "site"), "--root", str(repo)])
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines() == [errors[0], left_out]  # why, then what it cost
    assert outcome.stdout.strip() == result.summary


def test_verify_site_catches_one_case_overwriting_another(built: Path, tmp_path: Path) -> None:
    site = build_site(load_content(built), load_settings(built))
    broken = tmp_path / "site"
    shutil.copytree(built / "site", broken)
    shutil.copy(broken / GAS / "index.html", broken / VOTE / "index.html")
    result = verify_site(site, build_pages(site), broken)
    assert (
        f"/{VOTE} does not hold case '2023-02-10-baltic-vote-decided-abroad' exactly once" in result.problems
    )


def test_a_serve_rebuilds_check_reads_only_the_pages_written_since(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = build_site(load_content(built), load_settings(built))
    pages = build_pages(site)
    copy = tmp_path / "site"
    shutil.copytree(built / "site", copy)
    read: list[Path] = []
    original = Path.read_text

    def counted(path: Path, *args: Any, **kwargs: Any) -> str:
        read.append(path)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counted)
    reads = PageReads()
    assert verify_site(site, pages, copy, reads).ok
    checked = sum(page.kind in {"case", "term", "narrative", "case-index"} for page in pages)
    assert len(read) == checked > 0
    read.clear()
    assert verify_site(site, pages, copy, reads).ok
    assert read == []  # nothing changed since
    # A rebuild rewrote the NATO keyword page without one of its cases, and renamed a case page.
    nato = copy / "keywords" / "nato" / "index.html"
    html = original(nato, encoding="utf-8")
    gone = "cases/2024/2024-03-20-nato-drills-cover-for-attack/"
    nato.write_text(html.replace(gone, "elsewhere/"), encoding="utf-8")
    (copy / VOTE / "index.html").rename(copy / VOTE / "old.html")
    result = verify_site(site, pages, copy, reads)
    assert read == [nato]
    assert result.problems == (
        f"/{VOTE} (case page from cases/2023/2023-02-10-baltic-vote-decided-abroad.md) was not written",
        "case '2024-03-20-nato-drills-cover-for-attack' "
        "(cases/2024/2024-03-20-nato-drills-cover-for-attack.md) is missing from the keywords/NATO page(s)",
    )
    assert verify_site(site, pages, copy).problems == result.problems  # the same without `reads`


def test_generate_writes_the_same_pages_as_the_hook_build(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(out), "--root", str(built)])
    assert result.exit_code == 0, result.output
    generated = {p.relative_to(out).as_posix() for p in out.rglob("*.md")}
    site = built / "site"
    built_pages = {
        p.parent.relative_to(site).as_posix()
        for p in site.rglob("index.html")
        if p.parent.name not in {"about"}
    }
    as_urls = {
        ("" if g == "index.md" else g.removesuffix("/index.md").removesuffix(".md")) for g in generated
    }
    assert as_urls == {("" if b == "." else b) for b in built_pages}
    text = (out / "cases/2023/2023-02-10-baltic-vote-decided-abroad.md").read_text(encoding="utf-8")
    assert text.startswith("---\ndebunk:\n")
    assert "title: The result of a Baltic vote was fixed abroad\n" in text


def test_strict_build_fails_with_the_problem_text(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    bad = repo / "cases/2024/2024-05-01-bad-keyword.md"
    text = (repo / "cases/2024/2024-03-20-nato-drills-cover-for-attack.md").read_text(encoding="utf-8")
    text = text.replace("keywords: [NATO]", "keywords: [NATOO]").replace("2024-03-20", "2024-05-01")
    bad.write_text(
        text.replace("https://example.net/wire/drills", "https://example.net/wire/other"), encoding="utf-8"
    )
    result = mkdocs_build(repo)
    assert result.returncode == 1
    assert (
        "ERROR   -  cases/2024/2024-05-01-bad-keyword.md:5: keywords[0]: unknown keyword 'NATOO' "
        "(did you mean 'NATO'?)"
    ) in result.stderr


def test_case_page_carries_a_claimreview(built: Path) -> None:
    page = html(built, VOTE)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == "The result of a Baltic vote was fixed abroad"
    assert data["url"] == "https://desk.example.org/cases/2023/2023-02-10-baltic-vote-decided-abroad/"
    assert data["datePublished"] == "2023-02-10"
    assert data["author"] == {
        "@type": "Organization",
        "name": "Test Desk Fact Check",
        "url": "https://desk.example.org/about/",
    }
    assert data["reviewRating"] == {
        "@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1, "alternateName": "Misleading",
        "name": "Misleading",
    }  # fmt: skip
    claim = data["itemReviewed"]
    assert claim["@type"] == "Claim" and claim["datePublished"] == "2023-02-10"
    assert claim["appearance"] == [
        {
            "@type": "CreativeWork", "url": "https://example.net/wire/baltic-vote",
            "archivedAt": "https://archive.ph/abcde",
            "author": {"@type": "Organization", "name": "Northern Wire"},
        }
    ]  # fmt: skip
    assert claim["author"] == {"@type": "Organization", "name": "Northern Wire"}
