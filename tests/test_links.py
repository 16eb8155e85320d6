"""`debunk links check | archive` against stand-in servers on 127.0.0.1: never a request elsewhere."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CASE, Repo
from links_standin import SLOW_SECONDS, local_session, source_sites

from debunk.cli import main
from debunk.content.repository import load_content
from debunk.links.check import CheckOptions, check_links, collect_links, is_due, user_agent
from debunk.links.report import STATUSES, LinkResult, read_results

TODAY = dt.date(2026, 11, 30)
HERALD = "https://herald.example"
MKDOCS = """site_name: Harbour Watch
extra:
  debunk:
    organisation: {name: Harbour Watch, url: "https://watch.example/"}
"""


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every address looked up goes through here; anything but 127.0.0.1 fails the test."""
    looked_up: list[str] = []
    real = socket.getaddrinfo

    def local_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(str(host))
        if host not in {"127.0.0.1", b"127.0.0.1"}:
            raise AssertionError(f"the test tried to reach {host!r}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)
    yield looked_up
    assert set(looked_up) <= {"127.0.0.1"}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _sources(*entries: tuple[str, str | None]) -> str:
    lines = []
    for url, archive in entries:
        lines.append(f"\n  - url: {url}")
        if archive is not None:
            lines.append(f"\n    archive: {archive}")
        lines.append("\n    outlet: Harbour Herald")
    return "".join(lines)


KINDS = {
    f"{HERALD}/article": "alive",
    f"{HERALD}/gone": "dead",
    f"{HERALD}/removed": "dead",
    f"{HERALD}/moved": "moved",
    f"{HERALD}/to-home/story": "soft-404",
    f"{HERALD}/soft": "soft-404",
    f"{HERALD}/no-head": "alive",
    f"{HERALD}/broken": "error",
    f"{HERALD}/slow": "error",
    "https://refused.example/article": "dead",
}


def test_check_classifies_every_kind_of_answer(repo: Repo) -> None:
    other = f"{HERALD}/some-other-story"
    entries: list[tuple[str, str | None]] = [(url, None) for url in KINDS]
    entries[0] = (f"{HERALD}/article", f"https://web.archive.org/web/20230602000000/{other}")
    entries[1] = (f"{HERALD}/gone", f"https://copies.example/keep/{HERALD}/gone")
    repo.write_case(sources=_sources(*entries))
    content = load_content(repo.root)
    case = next(case for case in content.cases if case.path == CASE)
    links = collect_links([case], content.vocabularies.archives)
    options = CheckOptions("debunk-links/test", concurrency=4, per_host_interval=0, timeout=SLOW_SECONDS / 4)
    with source_sites() as (port, seen):
        closed = _closed_port()
        results = check_links(
            links, {}, options, TODAY, lambda: local_session(port, closed, frozenset({"refused.example"}))
        )
    got = {(result.url, result.role): result for result in results}
    assert {url: got[(url, "source")].status for url in KINDS} == KINDS
    archive = entries[0][1]
    assert archive is not None
    assert got[(archive, "archive")].status == "mismatch"
    assert got[(f"https://copies.example/keep/{HERALD}/gone", "archive")].status == "unknown-service"
    assert got[(f"{HERALD}/moved", "source")].final_url == "http://herald.example/new-home-of-the-article"
    assert got[(f"{HERALD}/gone", "source")].http_status == 404
    assert got[(f"{HERALD}/to-home/story", "source")].final_url == f"{HERALD}/"
    assert "refused" in got[("https://refused.example/article", "source")].note
    assert got[(f"{HERALD}/slow", "source")].note.startswith("no answer within")
    assert all(result.cases == (case.id,) and result.checked == TODAY for result in results)
    # Static problems are not fetched; the page that refuses HEAD is read with GET.
    paths = [path for _, _, path, _ in seen.requests]
    assert "/web/20230602000000/" + other not in paths
    assert ("HEAD", "herald.example", "/no-head") in [(m, h, p) for m, h, p, _ in seen.requests]
    assert ("GET", "herald.example", "/no-head") in [(m, h, p) for m, h, p, _ in seen.requests]


def test_one_request_per_host_per_interval(repo: Repo) -> None:
    urls = [f"{HERALD}/gone-{n}" for n in range(4)]
    repo.write_case(sources=_sources(*[(url, None) for url in urls]))
    case = next(case for case in load_content(repo.root).cases if case.path == CASE)
    options = CheckOptions("debunk-links/test", concurrency=4, per_host_interval=0.25, timeout=5)
    with source_sites() as (port, seen):
        start = time.monotonic()
        check_links(
            collect_links([case], load_content(repo.root).vocabularies.archives),
            {},
            options,
            TODAY,
            lambda: local_session(port, _closed_port()),
        )
        elapsed = time.monotonic() - start
    assert len(seen.requests) == len(urls)  # a 404 to HEAD is final: no GET
    assert elapsed >= 0.25 * (len(urls) - 1)


def _results(*statuses: tuple[str, str, dt.date]) -> dict[tuple[str, str], LinkResult]:
    return {
        (url, "source"): LinkResult(url, "source", ("c",), status, None, None, checked, "")
        for url, status, checked in statuses
    }


def test_a_weekly_run_checks_only_what_is_due(repo: Repo) -> None:
    urls = {"alive": f"{HERALD}/article", "dead": f"{HERALD}/gone", "error": f"{HERALD}/broken"}
    repo.write_case(sources=_sources(*[(url, None) for url in urls.values()]))
    case = next(case for case in load_content(repo.root).cases if case.path == CASE)
    links = collect_links([case], load_content(repo.root).vocabularies.archives)
    cache = _results(*[(url, status, TODAY) for status, url in urls.items()])

    def fetched(today: dt.date, **options: Any) -> set[str]:
        with source_sites() as (port, seen):
            check_links(
                links,
                cache,
                CheckOptions("ua", per_host_interval=0, **options),
                today,
                lambda: local_session(port, _closed_port()),
            )
        return {f"{HERALD}{path}" for _, _, path, _ in seen.requests}

    assert fetched(TODAY + dt.timedelta(days=1)) == {urls["dead"], urls["error"]}
    assert fetched(TODAY + dt.timedelta(days=7)) == set(urls.values())
    assert fetched(TODAY + dt.timedelta(days=2), max_age=2) == set(urls.values())
    assert fetched(TODAY, check_all=True) == set(urls.values())
    # An archived copy that answered waits `archive_max_age` days, not `max_age`.
    copy = f"https://web.archive.org/web/20230602000000/{urls['alive']}"
    archived = LinkResult(copy, "archive", ("c",), "alive", 200, None, TODAY, "")
    options = CheckOptions("ua", max_age=7, archive_max_age=90)
    assert not is_due(archived, TODAY + dt.timedelta(days=89), options)
    assert is_due(archived, TODAY + dt.timedelta(days=90), options)


def test_user_agent_names_debunk_and_the_publication() -> None:
    agent = user_agent("Harbour Watch", "https://watch.example/", "1.2.3")
    assert agent == "debunk-links/1.2.3 (+https://watch.example/; link check for Harbour Watch)"


@pytest.fixture
def proxied(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, Any]]:
    """The source sites as the HTTP proxy of the command: plain http:// case URLs reach them."""
    with source_sites() as (port, seen):
        for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
        yield port, seen


def test_links_check_command_writes_the_report_the_site_reads(
    repo: Repo, runner: CliRunner, proxied: Any
) -> None:
    _, seen = proxied
    repo.write("mkdocs.yml", MKDOCS)
    for path in (repo.root / "cases").rglob("*.md"):
        path.unlink()
    sources = _sources(("http://herald.example/gone", None), ("http://herald.example/article", None))
    repo.write_case(sources=sources)
    other = "cases/2023/2023-06-02-second-storm-claim.md"
    repo.write_case(other, date='"2023-06-02"', sources=_sources(("http://herald.example/gone", None)))
    result = runner.invoke(main, ["links", "check", "--root", str(repo.root), "--per-host-interval", "0"])
    assert result.exit_code == 0, result.output
    report = json.loads((repo.root / "links/report.json").read_text(encoding="utf-8"))
    today = dt.date.today().isoformat()
    assert report == {
        "version": 1,
        "checked": today,
        "links": [
            {
                "url": "http://herald.example/article",
                "role": "source",
                "cases": ["2023-06-01-wind-farms-cause-storms"],
                "status": "alive",
                "http_status": 200,
                "final_url": None,
                "checked": today,
                "note": "HTTP 200",
            },
            {
                "url": "http://herald.example/gone",
                "role": "source",
                "cases": ["2023-06-01-wind-farms-cause-storms", "2023-06-02-second-storm-claim"],
                "status": "dead",
                "http_status": 404,
                "final_url": None,
                "checked": today,
                "note": "HTTP 404",
            },
        ],
    }
    assert f"dead (1)\n  source  http://herald.example/gone  [HTTP 404]  {CASE}, {other}" in result.output
    assert {agent for *_, agent in seen.requests} == {
        "debunk-links/0.1.0 (+https://watch.example/; link check for Harbour Watch)"
    }
    assert read_results(repo.root / ".cache/debunk/links.json") == read_results(
        repo.root / "links/report.json"
    )
    # The next run asks only for the dead page; --strict fails on it; the report is the same bytes.
    before, count = (repo.root / "links/report.json").read_bytes(), len(seen.requests)
    again = runner.invoke(
        main, ["links", "check", "--root", str(repo.root), "--per-host-interval", "0", "--strict"]
    )
    assert again.exit_code == 1
    assert [path for _, _, path, _ in seen.requests[count:]] == ["/gone"]
    assert (repo.root / "links/report.json").read_bytes() == before
    # A run on some paths writes no report, but can write JSON elsewhere.
    out = repo.root.parent / "some.json"
    partial = runner.invoke(
        main, ["links", "check", str(repo.root / other), "--root", str(repo.root), "--json", str(out)]
    )
    assert partial.exit_code == 0, partial.output
    assert [url for url, _ in read_results(out)] == ["http://herald.example/gone"]
    assert set(report["links"][0]) == {
        "url",
        "role",
        "cases",
        "status",
        "http_status",
        "final_url",
        "checked",
        "note",
    }
    assert all(link["status"] in STATUSES for link in report["links"])


@pytest.mark.parametrize(
    ("url", "status", "final", "page", "expected"),
    [
        (
            "https://bit.ly/abc",
            200,
            "https://herald.example/story",
            "",
            ("alive", "https://herald.example/story"),
        ),
        (
            f"https://web.archive.org/web/2020/{HERALD}/a",
            200,
            f"https://web.archive.org/web/20200413105838/{HERALD}/a",
            "",
            ("alive", None),
        ),
        (f"{HERALD}/a", 200, f"{HERALD}/b", "", ("moved", f"{HERALD}/b")),
        ("http://herald.example/a/", 200, f"{HERALD}/a", "", ("alive", None)),  # same page: scheme, slash
        (
            f"{HERALD}/a",
            200,
            f"{HERALD}/a",
            "<title>Evidence not found in the report, says minister</title>",
            ("alive", None),
        ),
        (f"{HERALD}/a", 200, f"{HERALD}/a", "<title>Error 404 - Harbour Herald</title>", ("soft-404", None)),
        (f"{HERALD}/a", 200, f"{HERALD}/a", "<h1 class=x>Страница не найдена</h1>", ("soft-404", None)),
        (f"{HERALD}/a", 403, f"{HERALD}/a", "", ("error", None)),
        (f"{HERALD}/a", 410, f"{HERALD}/a", "", ("dead", None)),
    ],
    ids=[
        "shortener",
        "wayback-timestamp",
        "moved",
        "same-page",
        "headline",
        "error-page",
        "cyrillic",
        "forbidden",
        "gone",
    ],
)
def test_classify(url: str, status: int, final: str, page: str, expected: tuple[str, str | None]) -> None:
    from debunk.links.fetch import classify

    outcome = classify(url, status, final, page)
    assert (outcome.status, outcome.final_url) == expected


def test_the_site_build_never_loads_the_link_tools() -> None:
    """`mkdocs build` loads the hooks; nothing of theirs may fetch a link (or load the libraries that do)."""
    import subprocess
    import sys

    from conftest import REPO_ROOT

    code = (
        "import sys; import debunk_mkdocs.events; "
        "print(sorted(m for m in sys.modules if m.split('.')[:2] == ['debunk', 'links'] "
        "or m.split('.')[0] in ('requests', 'waybackpy')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
