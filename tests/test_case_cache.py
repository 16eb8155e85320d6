"""What case files loaded to is kept across runs, and never stands in for a file that changed.

`debunk validate` and `mkdocs build` keep it in `<cache_dir>/cases.pickle` (debunk/content/batch.py).
A load given no `debunk.build.previous.Previous` remembers nothing of earlier loads in the process,
so what it sees comes from the file on disk; a test of `mkdocs serve`'s rebuilds passes one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CASE, Repo

from debunk.build.previous import Previous, Table
from debunk.cli import main
from debunk.content import batch
from debunk.content.repository import load_content

CACHE = ".cache/debunk"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The case files actually read (parsed) from now on, in this process."""
    seen: list[str] = []
    original = batch.load_case

    def counting(path: Path, root: Path, vocabularies: object, *rules: object) -> batch.Loaded:
        seen.append(path.relative_to(root).as_posix())
        return original(path, root, vocabularies, *rules)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "load_case", counting)
    return seen


def fresh(repo: Repo, reads: list[str]) -> list[str]:
    """Load the repository as a new process would; the problems, as printed."""
    reads.clear()
    return [str(problem) for problem in load_content(repo.root, CACHE).problems]


def test_a_second_run_reads_no_unchanged_file_and_reports_the_same(repo: Repo, reads: list[str]) -> None:
    repo.write_case(verdict="disinfo", outlets="[Harbour Heraldd]")
    first = fresh(repo, reads)
    assert len(reads) == 4 and (repo.root / CACHE / "cases.pickle").is_file()
    assert any("unknown verdict 'disinfo'" in line for line in first)
    second = fresh(repo, reads)
    assert reads == [] and second == first
    assert [str(p) for p in load_content(repo.root).problems] == first  # and what a clean run says


def test_a_changed_file_is_read_again_even_with_the_same_time_and_size(repo: Repo, reads: list[str]) -> None:
    path = repo.write_case(verdict="disinfo")
    before = fresh(repo, reads)
    status = path.stat()
    path.write_bytes(path.read_bytes().replace(b"verdict: disinfo", b"verdict: misleadn"))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # same size and time: only bytes differ
    after = fresh(repo, reads)
    assert reads == [CASE]
    assert any("'disinfo'" in line for line in before) and any("'misleadn'" in line for line in after)
    assert not any("'disinfo'" in line for line in after)


def test_changed_vocabularies_or_code_read_every_file_again(
    repo: Repo, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write_case(keywords="[Windmills]")
    assert any("unknown keyword 'Windmills'" in line for line in fresh(repo, reads))
    keywords = repo.root / "vocabularies" / "keywords.yml"
    keywords.write_text(keywords.read_text(encoding="utf-8") + "- name: Windmills\n", encoding="utf-8")
    after = fresh(repo, reads)
    assert len(reads) == 4 and not any("Windmills" in line for line in after)
    monkeypatch.setattr(batch, "code_digest", lambda: "another version of debunk")
    fresh(repo, reads)
    assert len(reads) == 4


def test_a_damaged_cache_file_only_costs_time(repo: Repo, reads: list[str]) -> None:
    first = fresh(repo, reads)
    cache = repo.root / CACHE / "cases.pickle"
    key = cache.read_bytes().split(b"\n", 1)[0]
    cache.write_bytes(key + b"\nnot a pickle")
    assert fresh(repo, reads) == first and len(reads) == 3
    assert fresh(repo, reads) == first and reads == []  # written again


def test_a_cached_file_moved_behind_a_link_out_of_the_repository_is_refused(
    repo: Repo, reads: list[str], tmp_path: Path
) -> None:
    repo.write_case()
    assert fresh(repo, reads) == []
    outside = tmp_path / "elsewhere"
    (repo.root / "cases" / "2023").rename(outside)
    (repo.root / "cases" / "2023").symlink_to(outside)
    problems = fresh(repo, reads)
    assert (
        "cases/2023:0: file: is a symbolic link; content files must be regular files in the repository"
        in problems
    )
    assert not any(case.path == CASE for case in load_content(repo.root, CACHE).cases)


def test_a_remembered_file_moved_behind_a_link_is_refused_in_the_same_process(
    repo: Repo, reads: list[str], tmp_path: Path
) -> None:
    repo.write_case()
    previous = Previous()
    assert load_content(repo.root, previous=previous).problems == []
    outside = tmp_path / "elsewhere"
    (repo.root / "cases" / "2023").rename(outside)  # same inode, time and size: `mkdocs serve`'s memo
    (repo.root / "cases" / "2023").symlink_to(outside)
    content = load_content(repo.root, previous=previous)
    assert "cases/2023:0: file: is a symbolic link" in "\n".join(map(str, content.problems))
    assert not any(case.path == CASE for case in content.cases)


def test_deleted_files_leave_the_cache(repo: Repo, reads: list[str]) -> None:
    path = repo.write_case()
    fresh(repo, reads)
    path.unlink()
    fresh(repo, reads)
    files = Previous().case_files
    cache = batch.DiskCache(repo.root / CACHE / "cases.pickle", batch.vocabulary_digest(repo.root), files)
    assert CASE not in cache.entries and len(cache.entries) == 3


def test_validate_no_cache_neither_reads_nor_writes_it(
    repo: Repo, runner: CliRunner, reads: list[str]
) -> None:
    result = runner.invoke(main, ["validate", "--root", str(repo.root), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not (repo.root / CACHE).exists() and len(reads) == 3
    result = runner.invoke(main, ["validate", "--root", str(repo.root)])
    assert result.exit_code == 0 and (repo.root / CACHE / "cases.pickle").is_file()


def test_the_same_process_takes_the_cache_from_memory_only_while_the_file_is_unchanged(
    repo: Repo, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As `mkdocs serve` does: one process loads again and again; the cache file it wrote is not
    # unpickled again, unless something else wrote it meanwhile.
    previous = Previous()
    first = [str(problem) for problem in load_content(repo.root, CACHE, previous=previous).problems]
    unpickled: list[int] = []
    original = batch.pickle.load
    monkeypatch.setattr(batch.pickle, "load", lambda handle: unpickled.append(1) or original(handle))
    previous.case_files.loaded = Table()  # what the case files loaded to: only from the cache file
    reads.clear()
    assert [str(p) for p in load_content(repo.root, CACHE, previous=previous).problems] == first
    assert (reads, unpickled) == ([], [])
    # Another process rewrites the file with nothing in it: this one reads the file again.
    cache = repo.root / CACHE / "cases.pickle"
    key = cache.read_bytes().split(b"\n", 1)[0]
    cache.write_bytes(key + b"\n" + batch.pickle.dumps({}))
    previous.case_files.loaded = Table()
    assert [str(p) for p in load_content(repo.root, CACHE, previous=previous).problems] == first
    assert unpickled == [1] and len(reads) == 3  # the rewritten file knew none of them


def test_deferred_saves_keep_every_edit_and_write_once_at_the_end(repo: Repo, reads: list[str]) -> None:
    """`mkdocs serve` after its first build: the cache file waits for the server to stop
    (`batch.defer_saves`, `batch.save_pending`); each load meanwhile starts from what waits."""
    cache = repo.root / CACHE / "cases.pickle"
    first = fresh(repo, reads)
    written = cache.read_bytes()
    previous = Previous()
    batch.defer_saves(previous)
    path = repo.write_case(verdict="disinfo")
    edited = [str(problem) for problem in load_content(repo.root, CACHE, previous=previous).problems]
    assert any("'disinfo'" in line for line in edited) and edited != first
    repo.write_case(
        "cases/2023/2023-06-02-another.md", title="Another claim about wind farms", date='"2023-06-02"'
    )
    again = [str(problem) for problem in load_content(repo.root, CACHE, previous=previous).problems]
    assert cache.read_bytes() == written  # nothing written while deferred
    previous.case_files.loaded = Table()  # only the waiting cache knows the edits now
    reads.clear()
    assert [str(problem) for problem in load_content(repo.root, CACHE, previous=previous).problems] == again
    assert reads == []
    batch.save_pending(previous)
    saved = cache.read_bytes()
    assert saved != written
    assert fresh(repo, reads) == again and reads == []  # a new process finds both edits in the file
    path.unlink()
    load_content(repo.root, CACHE, previous=previous)
    assert cache.read_bytes() != saved  # saving at once again after `save_pending`
