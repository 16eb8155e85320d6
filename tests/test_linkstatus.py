"""The last link check on the case page (`links/report.json`), and the report read as untrusted data.

`tests/fixtures/links/` adds to the fixture publication a case with five sources (online with an
archive on a known service, gone with an archive, gone without one, an archive on an unlisted
host, never checked) and the report `debunk links check` would write for them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_site import make_repo, mkdocs_build

from debunk.build.previous import Previous
from debunk.build.run import generate_pages, load_build
from debunk.cli import main
from debunk.content.linkstatus import REPORT_FILE, LinkReport, load_link_report
from debunk.content.linkstatus import STATUSES as STATUS_LIST
from debunk.content.repository import load_content
from debunk.settings import load_settings
from debunk.site.pages import build_pages, build_site, page_source

TESTS = Path(__file__).parent
LINKS = TESTS / "fixtures" / "links"
GOLDEN = TESTS / "golden" / "links"
CASE_ID = "2024-05-02-ferry-strike-was-staged"
CASE_URI = f"cases/2024/{CASE_ID}.md"
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    shutil.copytree(LINKS, repo, dirs_exist_ok=True)
    return repo


def write_report(root: Path, text: str | bytes) -> None:
    path = root / REPORT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)


def report_messages(root: Path) -> list[str]:
    return [str(problem) for problem in load_link_report(root).problems]


# --- the case page ------------------------------------------------------------------------


def test_the_case_page_matches_its_golden_file(site: Path) -> None:
    content = load_content(site)
    # two sources without an archive, one archive on a host vocabularies/archives.yml does not list
    fields = ["sources[2]", "sources[3].archive", "sources[4]"]
    assert [problem.field for problem in content.problems] == fields
    pages = {page.src_uri: page for page in build_pages(build_site(content, load_settings(site)))}
    golden = GOLDEN / f"{CASE_ID}.md"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(page_source(pages[CASE_URI]), encoding="utf-8")
    assert page_source(pages[CASE_URI]) == golden.read_text(encoding="utf-8")


def test_each_source_says_what_the_last_check_found(site: Path) -> None:
    content = load_content(site)
    case = content.case(CASE_ID)
    assert case is not None
    pages = {page.src_uri: page for page in build_pages(build_site(content, load_settings(site)))}
    items = (
        pages[CASE_URI]
        .html.split('<h2 id="sources">Sources</h2>\n<ul>\n')[1]
        .split("\n</ul>")[0]
        .splitlines()
    )
    assert len(items) == len(case.sources)
    online, dead, dead_unarchived, unlisted, unchecked = items
    assert online.endswith(
        '· <a href="https://web.archive.org/web/20240503000000/https://example.net/wire/ferry-strike">'
        "archived copy, Wayback Machine</a></li>"
    )
    # Gone (the report wrote the address otherwise: http, capitals, a slash): archive first.
    assert dead == (
        "<li>Harbour Herald: original no longer online (checked 30 November 2026); "
        '<a href="https://archive.ph/ferry1">archived copy, archive.today</a> · '
        '<a href="https://example.org/herald/ferry-agents">example.org</a> (dead link)</li>'
    )
    assert dead_unarchived.endswith(
        "· original no longer online (checked 29 November 2026); no archived copy</li>"
    )
    assert unlisted.endswith(
        '· <a href="https://keep.example.com/2024/ferry-video">archived copy</a> (unlisted archive)</li>'
    )
    # Checked only as an archive: not what the page says of an original.
    assert (
        unchecked
        == '<li><a href="https://example.net/wire/ferry-comment">example.net</a> · no archived copy</li>'
    )


def test_the_built_page_links_the_archived_copy_first_and_claimreview_keeps_archived_at(site: Path) -> None:
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    page = (site / "site" / "cases" / "2024" / CASE_ID / "index.html").read_text(encoding="utf-8")
    item = re.search(r"<li>Harbour Herald: original no longer online.*?</li>", page)
    assert item is not None
    hrefs = re.findall(r'href="([^"]+)"', item.group(0))
    assert hrefs == ["https://archive.ph/ferry1", "https://example.org/herald/ferry-agents"]
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    works = jsonld["itemReviewed"]["appearance"]
    assert [work.get("archivedAt") for work in works] == [
        source.archive
        for source in load_content(site).case(CASE_ID).sources  # type: ignore[union-attr]
    ]


# --- the report, read as untrusted data ---------------------------------------------------


def test_a_repository_without_a_report_has_an_empty_one(tmp_path: Path) -> None:
    assert load_link_report(tmp_path) == LinkReport()


def test_the_report_finds_an_address_however_it_is_written(site: Path) -> None:
    report = load_link_report(site)
    assert report.problems == () and report.checked == dt.date(2026, 11, 30)
    assert report.gone("https://example.org/herald/ferry-agents") == dt.date(2026, 11, 30)
    assert report.gone("https://www.example.org/herald/ferry-agents#top") == dt.date(2026, 11, 30)
    assert report.gone("https://example.net/wire/ferry-strike") is None  # alive
    assert report.gone("https://example.net/wire/ferry-video") is None  # moved is not gone
    assert report.gone("https://example.net/wire/ferry-comment") is None  # an archive entry


def entry(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "url": "https://example.org/a",
        "role": "source",
        "cases": ["2024-05-02-x"],
        "status": "dead",
        "http_status": 404,
        "final_url": None,
        "checked": "2026-11-30",
        "note": "HTTP 404",
    }
    return {**base, **changes}


def report_text(*entries: object, **top: object) -> str:
    """A report with one entry per line: entry i is on line i + 5."""
    head = {"version": 1, "checked": "2026-11-30", **top}
    lines = ["{", *(f'  "{key}": {json.dumps(value)},' for key, value in head.items()), '  "links": [']
    body = ",\n".join("    " + json.dumps(item) for item in entries)
    return "\n".join(lines) + "\n" + body + "\n  ]\n}\n"


W = "links/report.json:{}: {}: warning: {}"
STATUSES = "alive, dead, moved, soft-404, mismatch, unknown-service, error"
AGAIN = "run 'debunk links check' to write it again"


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (
            [entry(status="gone")],
            W.format(
                5,
                "links[0].status",
                f"unknown status 'gone'; allowed: {STATUSES}",
            ),
        ),
        (
            [entry(), entry(url="javascript:alert(1)")],
            W.format(6, "links[1].url", "'javascript:alert(1)' is not an http(s) address"),
        ),
        (
            [entry(checked="30/11/2026")],
            W.format(5, "links[0].checked", "'30/11/2026' is not a date; write YYYY-MM-DD"),
        ),
        (
            [entry(checked="2026-02-30")],
            W.format(5, "links[0].checked", "'2026-02-30' is not a date; write YYYY-MM-DD"),
        ),
        (
            [entry(role="original")],
            W.format(5, "links[0].role", "unknown role 'original'; allowed: source, archive"),
        ),
        ([entry(http_status=True)], W.format(5, "links[0].http_status", "True is not an HTTP status code")),
        ([entry(cases="2024-05-02-x")], W.format(5, "links[0].cases", "must be a list of case ids")),
        ([entry(note=["<script>"])], W.format(5, "links[0].note", "['<script>'] is not text")),
        (
            ["https://example.org/a"],
            W.format(5, "links[0]", "must be an object with 'url', 'role', 'status' and 'checked'"),
        ),
        (
            [entry(), entry(url="https://EXAMPLE.org/a/", status="alive")],
            W.format(
                6,
                "links[1].url",
                "'https://EXAMPLE.org/a/' is listed twice as a source; the first entry is used",
            ),
        ),
    ],
)
def test_a_bad_entry_is_a_warning_at_its_line_and_is_not_used(
    tmp_path: Path, entries: list[object], expected: str
) -> None:
    write_report(tmp_path, report_text(*entries))
    assert report_messages(tmp_path) == [expected]
    if len(entries) == 1:
        assert load_link_report(tmp_path).gone("https://example.org/a") is None
    else:
        assert load_link_report(tmp_path).gone("https://example.org/a") == dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"version": 1,\n "links": [\n  {"url": "x"\n  "role": 1}]}',
            W.format(
                4,
                "file",
                "is not valid JSON: Expecting ',' delimiter; run 'debunk links check' to write it again",
            ),
        ),
        (
            "[]",
            W.format(
                1,
                "file",
                f"must be a JSON object with 'version' and 'links'; {AGAIN}",
            ),
        ),
        (
            '{"version": 2, "links": []}',
            W.format(1, "version", "unsupported version 2; this debunk reads version 1"),
        ),
        ('{"version": 1, "links": {}}', W.format(1, "links", "must be a list of checked addresses")),
        (
            '{"version": 1, "checked": 20261130, "links": []}',
            W.format(1, "checked", "20261130 is not a date; write YYYY-MM-DD"),
        ),
        (
            b'{"version": 1, "links": [], "note": "\xff"}',
            W.format(0, "file", "is not valid UTF-8; run 'debunk links check' to write it again"),
        ),
        (
            "[" * 100_000 + "]" * 100_000,
            W.format(
                0,
                "file",
                "is nested too deeply to be a link report; run 'debunk links check' to write it again",
            ),
        ),
    ],
)
def test_a_broken_report_is_one_warning_and_an_empty_report(
    tmp_path: Path, text: str | bytes, expected: str
) -> None:
    write_report(tmp_path, text)
    assert report_messages(tmp_path) == [expected]
    assert load_link_report(tmp_path).links == {}


def test_a_report_behind_a_link_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text(report_text(entry()), encoding="utf-8")
    (tmp_path / "repo" / "links").mkdir(parents=True)
    (tmp_path / "repo" / REPORT_FILE).symlink_to(outside)
    report = load_link_report(tmp_path / "repo")
    assert [str(p) for p in report.problems] == [
        W.format(0, "file", "must be a regular file in the repository, not a link")
    ]
    assert report.links == {}


def test_validate_and_the_build_report_a_broken_report_as_a_warning(site: Path) -> None:
    write_report(
        site, report_text(entry(url="https://example.org/herald/ferry-agents"), entry(status="offline"))
    )
    expected = W.format(
        6,
        "links[1].status",
        "unknown status 'offline'; allowed: alive, dead, moved, soft-404, mismatch, unknown-service, error",
    )
    result = CliRunner().invoke(main, ["validate", "--root", str(site)])
    assert result.exit_code == 0, result.output
    assert expected in result.output.splitlines()
    build = load_build(site, load_settings(site))
    assert expected in [str(problem) for problem in build.problems]
    generate_pages(build, site / "docs", [])
    # The good entry is still used.
    assert "original no longer online (checked 30 November 2026)" in build.pages[CASE_URI].html


@pytest.mark.parametrize(
    ("archive", "name"),
    [
        ("https://web.archive.org/web/2024/https://example.org/a", "Wayback Machine"),
        ("https://A.Web.Archive.org/web/2024/x", "Wayback Machine"),  # a subdomain, any case
        ("https://archive.org/details/x", "Wayback Machine"),
        ("https://www.archive.ph/ferry1", "archive.today"),
        ("https://archive.org.evil.example/x", None),  # a listed host inside another name
        ("https://notarchive.org/x", None),
        ("https://keep.example.com/x", None),
        ("not a url", None),
    ],
)
def test_the_page_names_the_service_of_an_archive_link(
    tmp_path: Path, archive: str, name: str | None
) -> None:
    service = load_content(tmp_path).vocabularies.archives.service(archive)
    assert (service.name if service is not None else None) == name


def test_the_report_debunk_links_check_writes_is_read_as_written(tmp_path: Path) -> None:
    from debunk.links.report import STATUSES as WRITTEN
    from debunk.links.report import LinkResult, render

    assert WRITTEN == STATUS_LIST
    day = dt.date(2026, 11, 30)
    results = [
        LinkResult(f"https://example.org/{status}", "source", ("2024-05-02-x",), status, 404, None, day, "n")
        for status in WRITTEN
    ]
    archive = LinkResult(
        "https://example.org/dead", "archive", ("2024-05-02-x",), "alive", 200, None, day, ""
    )
    write_report(tmp_path, render([*results, archive], day))
    report = load_link_report(tmp_path)
    assert report.problems == () and len(report.links) == len(results) + 1
    gone = {result.status for result in results if report.gone(result.url) == day}
    assert gone == {"dead", "soft-404"}


def test_a_rebuild_reads_the_report_again_only_when_it_changed(tmp_path: Path) -> None:
    """`mkdocs serve` hands the previous build on: the same report objects while the file is
    unchanged, and the new check's results as soon as it is rewritten."""
    previous = Previous()
    write_report(tmp_path, report_text(entry()))
    first = load_link_report(tmp_path, previous)
    assert load_link_report(tmp_path, previous) is first
    write_report(tmp_path, report_text(entry(status="alive", http_status=200), checked="2026-12-01"))
    os.utime(tmp_path / REPORT_FILE, ns=(1, 1))  # a new stamp even within the clock's resolution
    second = load_link_report(tmp_path, previous)
    assert second is not first
    assert second == load_link_report(tmp_path)  # what a clean build reads
    assert second != first
