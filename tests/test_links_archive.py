"""`debunk links archive`: captures through waybackpy from a Save Page Now stand-in on 127.0.0.1,
written into case files changing nothing but the inserted lines."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CASE, REPO_ROOT, Repo
from links_standin import wayback

from debunk.cli import main
from debunk.content.repository import load_content
from debunk.links.archive import write_archives
from debunk.links.edit import EditRefusedError, Insertion, insert_archives

URL = "https://herald.example/storm"
ARCHIVE = f"https://web.archive.org/web/20261206120000/{URL}"


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Anything but 127.0.0.1 fails the test."""
    real = socket.getaddrinfo

    def local_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        assert host in {"127.0.0.1", b"127.0.0.1"}, f"the test tried to reach {host!r}"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)
    yield


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (f"  - url: {URL}\n    outlet: X\n", f"  - url: {URL}\n    archive: {ARCHIVE}\n    outlet: X\n"),
        (f"  - outlet: X\n    url: {URL}\n", f"  - outlet: X\n    url: {URL}\n    archive: {ARCHIVE}\n"),
        (f'  - url: "{URL}"\n', f'  - url: "{URL}"\n    archive: "{ARCHIVE}"\n'),
        (f"  - url: '{URL}'\n", f"  - url: '{URL}'\n    archive: '{ARCHIVE}'\n"),
        (
            f"  - url: {URL}\r\n    outlet: X\r\n",
            f"  - url: {URL}\r\n    archive: {ARCHIVE}\r\n    outlet: X\r\n",
        ),
        (f"  - url: {URL}  # the original\n", f"  - url: {URL}  # the original\n    archive: {ARCHIVE}\n"),
        (f"-   url: {URL}\n", f"-   url: {URL}\n    archive: {ARCHIVE}\n"),
    ],
    ids=["first-key", "later-key", "double-quoted", "single-quoted", "crlf", "comment", "wide-dash"],
)
def test_archive_line_copies_the_url_lines_style(before: str, after: str) -> None:
    line = next(n for n, text in enumerate(before.split("\n"), 1) if "url:" in text)
    assert insert_archives(before, [Insertion(line, URL, ARCHIVE)]) == after


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"  - {{url: {URL}, outlet: X}}\n", "not a block 'url: ...' line (a flow mapping?); edit by hand"),
        (
            "  - url: https://herald.example/\n      storm\n",
            "the url does not fit on this one line; edit by hand",
        ),
        (f"  - url: >-\n      {URL}\n", "the url does not fit on this one line; edit by hand"),
    ],
    ids=["flow-mapping", "continued", "folded"],
)
def test_forms_it_cannot_edit_safely_are_refused(text: str, message: str) -> None:
    with pytest.raises(EditRefusedError) as refused:
        insert_archives(text, [Insertion(1, URL, ARCHIVE)])
    assert str(refused.value) == f"line 1: {message}"


def test_an_unsafe_archive_url_is_quoted() -> None:
    odd = "https://web.archive.org/web/2026/https://herald.example/a b#c"
    assert insert_archives(f"- url: {URL}", [Insertion(1, URL, odd)]) == f"- url: {URL}\n  archive: '{odd}'"


def _case(repo: Repo, rel: str, date: str, *urls: str) -> Path:
    sources = "".join(f"\n  - url: {url}\n    outlet: Harbour Herald" for url in urls)
    return repo.write_case(rel, date=f'"{date}"', sources=sources)


def test_archive_command_writes_successes_and_reports_failures(
    repo: Repo, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _case(repo, CASE, "2023-06-01", URL, "https://herald.example/capture-fails")
    limited = _case(
        repo, "cases/2023/2023-06-02-second.md", "2023-06-02", "https://herald.example/rate-limit"
    )
    later = _case(repo, "cases/2023/2023-06-03-third.md", "2023-06-03", "https://herald.example/later")
    originals = {path: path.read_bytes() for path in (first, limited, later)}
    with wayback() as (port, seen):
        monkeypatch.setenv("DEBUNK_WAYBACK_URL", f"http://127.0.0.1:{port}")
        dry = runner.invoke(main, ["links", "archive", "--root", str(repo.root), "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert seen.requests == []
        assert f"would archive  {CASE}  {URL}" in dry.output
        assert {path: path.read_bytes() for path in originals} == originals
        result = runner.invoke(main, ["links", "archive", "--root", str(repo.root), "--interval", "0"])
    assert result.exit_code == 0, result.output
    assert [path for _, _, path, _ in seen.requests] == [
        f"/save/{URL}",
        "/save/https://herald.example/capture-fails",
        "/save/https://herald.example/rate-limit",
    ]
    assert all(agent.startswith("debunk-links/") for *_, agent in seen.requests)
    expected = originals[first].replace(
        f"- url: {URL}\n".encode(), f"- url: {URL}\n    archive: {ARCHIVE}\n".encode()
    )
    assert first.read_bytes() == expected
    assert limited.read_bytes() == originals[limited]
    assert later.read_bytes() == originals[later]
    lines = result.output.splitlines()
    assert f"archived      {CASE}  {URL}  {ARCHIVE}" in lines
    assert any(
        line.startswith(f"failed        {CASE}  https://herald.example/capture-fails  Maximum")
        for line in lines
    )
    assert any(
        line.startswith(
            "failed        cases/2023/2023-06-02-second.md  https://herald.example/rate-limit  rate limited"
        )
        for line in lines
    )
    assert any(line.startswith("not tried     cases/2023/2023-06-03-third.md") for line in lines)
    assert load_content(repo.root).errors == []


def test_a_file_that_does_not_load_back_is_restored(repo: Repo) -> None:
    path = _case(repo, CASE, "2023-06-01", URL)
    original = path.read_bytes()
    content = load_content(repo.root)
    case = next(case for case in content.cases if case.path == CASE)
    broken = "https://web.archive.org/web/2026/has space"  # the loader rejects it: the edit is undone
    outcomes = write_archives(case, {0: broken}, repo.root, content.vocabularies)
    assert [outcome.status for outcome in outcomes] == ["edit by hand"]
    assert outcomes[0].detail == (
        f"the case did not load back as before ({broken!r} contains spaces; encode them as %20); "
        f"left it as it was. The capture: {broken}"
    )
    assert path.read_bytes() == original
    assert not list(path.parent.glob(".*"))


def _round_trip(root: Path) -> int:
    """Strip every archive line, let the writer put each back: the files must be the same bytes."""
    originals = {path: path.read_bytes() for path in sorted((root / "cases").rglob("*.md"))}
    content = load_content(root)
    archives = {
        case.path: {i: s.archive for i, s in enumerate(case.sources) if s.archive} for case in content.cases
    }
    for case in content.cases:
        text = (root / case.path).read_bytes().decode("utf-8").split("\n")
        for index in sorted(archives[case.path], reverse=True):
            del text[case.lines[f"sources[{index}].archive"] - 1]
        (root / case.path).write_bytes("\n".join(text).encode("utf-8"))
    stripped = load_content(root)
    written = 0
    for case in stripped.cases:
        wanted = {index: archive for index, archive in archives[case.path].items() if archive}
        if wanted:
            outcomes = write_archives(case, wanted, root, stripped.vocabularies)
            assert {outcome.status for outcome in outcomes} == {"archived"}, outcomes
            written += len(outcomes)
    assert {path: path.read_bytes() for path in originals} == originals
    return written


def test_sample_cases_round_trip_byte_for_byte(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for name in ("cases", "narratives", "vocabularies"):
        shutil.copytree(REPO_ROOT / name, root / name)
    content = load_content(root)
    assert _round_trip(root) == sum(1 for case in content.cases for source in case.sources if source.archive)


CORPORA = next(
    (up / "shared" / "corpora" for up in REPO_ROOT.parents if (up / "shared" / "corpora").is_dir()),
    REPO_ROOT.parent / "shared" / "corpora",
)
"""`../shared/corpora/` of the checkout (or of a worktree's parent folder); absent in CI."""
FULLTEXT = CORPORA / "euvsdisinfo-2015-2017-fulltext.csv"


@pytest.mark.slow
@pytest.mark.skipif(not FULLTEXT.is_file(), reason=f"the real corpora are not in {CORPORA}")
def test_real_corpus_gets_an_archive_for_every_source_and_nothing_else_changes(tmp_path: Path) -> None:
    from debunk.importer import FORMATS, ImportOptions, run_import

    shutil.copytree(REPO_ROOT / "vocabularies", tmp_path / "vocabularies")
    options = ImportOptions(tmp_path, tmp_path / "cases", extend_vocabulary=True)
    run_import("euvsdisinfo-fulltext", FORMATS["euvsdisinfo-fulltext"], [FULLTEXT], options)
    originals = {path: path.read_bytes() for path in sorted((tmp_path / "cases").rglob("*.md"))}
    content = load_content(tmp_path)
    wanted = {
        case.path: [i for i, s in enumerate(case.sources) if s.archive is None] for case in content.cases
    }
    written = 0
    for case in content.cases:
        archives = {
            i: f"https://web.archive.org/web/20261206120000/{case.sources[i].url}" for i in wanted[case.path]
        }
        if archives:
            outcomes = write_archives(case, archives, tmp_path, content.vocabularies)
            assert {outcome.status for outcome in outcomes} == {"archived"}, outcomes
            written += len(outcomes)
    assert written == sum(len(indexes) for indexes in wanted.values()) > 0
    for path, original in originals.items():
        lines = path.read_bytes().split(b"\n")
        kept = [
            line
            for line in lines
            if not line.lstrip().startswith(b"archive: ") or line in original.split(b"\n")
        ]
        assert b"\n".join(kept) == original, path
        assert len(lines) - len(kept) == len(wanted[path.relative_to(tmp_path).as_posix()])
    after = load_content(tmp_path)
    assert after.errors == []
    assert len(after.cases) == len(content.cases)
    assert all(source.archive for case in after.cases for source in case.sources)


def test_sources_the_last_check_found_gone_are_left_out(repo: Repo, runner: CliRunner) -> None:
    gone = "https://herald.example/gone"
    _case(repo, CASE, "2023-06-01", URL, gone)
    report = (
        '{"version": 1, "checked": "2026-11-30", "links": [{"url": "%s", "role": "source", '
        '"cases": ["x"], "status": "dead", "http_status": 404, "final_url": null, '
        '"checked": "2026-11-30", "note": "HTTP 404"}]}'
    )
    repo.write("links/report.json", report % gone)
    dry = runner.invoke(main, ["links", "archive", "--root", str(repo.root), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.splitlines() == [
        "2 source(s) without an archived copy; 1 of them left out: the last check found them dead "
        "or soft-404 (--include-gone asks for them too).",
        f"would archive  {CASE}  {URL}",
    ]
    every = runner.invoke(main, ["links", "archive", "--root", str(repo.root), "--dry-run", "--include-gone"])
    assert f"would archive  {CASE}  {gone}" in every.output.splitlines()
