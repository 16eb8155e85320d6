"""Caches never change the output: a cached build is byte-identical to a clean one."""

from __future__ import annotations

import gc
import json
import os
import time
from pathlib import Path

import pytest
from test_site import make_repo, mkdocs_build

from debunk.build import workers
from debunk.build.previous import Previous
from debunk.content import batch
from debunk.content.files import content_files
from debunk.content.vocab import load_vocabularies

CASE = "cases/2024/2024-03-20-nato-drills-cover-for-attack.md"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build(repo: Path, site: str, cache: bool) -> dict[str, bytes]:
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    setting = "    cache_dir: ''\n" if not cache else ""
    config.write_text(text.replace("    page_size: 1\n", "    page_size: 1\n" + setting), encoding="utf-8")
    result = mkdocs_build(repo)
    config.write_text(text, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    (repo / "site").rename(repo / site)
    return tree(repo / site)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def test_a_cached_build_is_identical_to_a_clean_one(repo: Path) -> None:
    cold = build(repo, "cold", cache=True)
    assert any((repo / ".cache" / "debunk" / "pages").rglob("*"))
    warm = build(repo, "warm", cache=True)
    clean = build(repo, "clean", cache=False)
    assert warm == cold == clean


def test_an_edited_case_is_rendered_again_and_matches_a_clean_build(repo: Path) -> None:
    build(repo, "first", cache=True)
    path = repo / CASE
    path.write_text(path.read_text(encoding="utf-8").replace("went home", "went back home"), encoding="utf-8")
    warm = build(repo, "warm", cache=True)
    clean = build(repo, "clean", cache=False)
    assert warm == clean
    assert b"went back home" in warm["cases/2024/2024-03-20-nato-drills-cover-for-attack/index.html"]


def test_a_new_link_report_changes_the_case_page_as_a_clean_build_does(repo: Path) -> None:
    build(repo, "first", cache=True)
    report = repo / "links" / "report.json"
    report.parent.mkdir()
    entry = {"url": "https://example.net/wire/drills", "role": "source", "cases": [CASE[11:-3]],
             "status": "dead", "http_status": 404, "final_url": None, "checked": "2026-11-30"}  # fmt: skip
    report.write_text(json.dumps({"version": 1, "checked": "2026-11-30", "links": [entry]}), encoding="utf-8")
    warm = build(repo, "warm", cache=True)
    clean = build(repo, "clean", cache=False)
    assert warm == clean
    page = warm["cases/2024/2024-03-20-nato-drills-cover-for-attack/index.html"].decode()
    assert "original no longer online (checked 30 November 2026)" in page


def test_a_remembered_case_file_is_read_again_when_it_changes(repo: Path) -> None:
    vocabularies = load_vocabularies(repo)
    paths = [p for p in content_files(repo, "cases") if p.suffix == ".md"]
    previous = Previous()  # as `mkdocs serve`'s rebuilds, which remember what each file loaded to

    def titles() -> dict[str, str]:
        loaded = batch.load_cases(paths, repo, vocabularies, previous=previous)
        return {case.id: case.title for case, _ in loaded if case}

    before = titles()
    path = repo / CASE
    path.write_text(
        path.read_text(encoding="utf-8").replace("Alliance drills", "Winter drills"), encoding="utf-8"
    )
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    after = titles()
    assert before["2024-03-20-nato-drills-cover-for-attack"].startswith("Alliance drills")
    assert after["2024-03-20-nato-drills-cover-for-attack"].startswith("Winter drills")


def test_parallel_loading_gives_the_same_cases_and_problems(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vocabularies = load_vocabularies(repo)
    paths = [p for p in content_files(repo, "cases") if p.suffix == ".md"]
    monkeypatch.setattr(workers, "THRESHOLDS", {**workers.THRESHOLDS, "cases": 1})
    counts: list[int] = []
    each = workers.each
    monkeypatch.setattr(batch, "each", lambda *args, **kw: counts.append(args[2]) or each(*args, **kw))
    parallel = batch.load_cases(paths, repo, vocabularies, workers=2)
    assert counts == [2 if workers.can_fork() else 1]
    serial = batch.load_cases(paths, repo, vocabularies, workers=1)
    assert parallel == serial


def test_loading_leaves_the_garbage_collector_as_it_was(repo: Path) -> None:
    """`load_cases` collects less often while it runs (`debunk.build.collector`), then undoes it,
    also when loading fails: a build or a test run keeps its own settings."""
    vocabularies = load_vocabularies(repo)
    paths = [p for p in content_files(repo, "cases") if p.suffix == ".md"]
    before = gc.get_threshold()
    assert batch.load_cases(paths, repo, vocabularies, workers=1)
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
    with pytest.raises(FileNotFoundError):
        batch.load_cases([repo / "cases" / "gone.md"], repo, vocabularies, workers=1)
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
    gc.freeze()  # a caller's own frozen objects stay frozen
    try:
        frozen = gc.get_freeze_count()
        batch.load_cases(paths, repo, vocabularies, workers=1)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_stable_json_ignores_key_and_set_order_and_tells_values_apart() -> None:
    from debunk.build.pagecache import stable_json

    assert stable_json({"b": 1, "a": {3, 1, 2}}) == stable_json({"a": {2, 3, 1}, "b": 1})
    assert stable_json({"a": [1, 2]}) != stable_json({"a": [2, 1]})  # lists keep their order
    assert stable_json({"a": "1"}) != stable_json({"a": 1})
    assert stable_json({"n": 2**70}) != stable_json({"n": 2**70 + 1})  # too big for orjson: `json`
    assert stable_json({"title": "Kyiv é"}) == '{"title":"Kyiv é"}'
