"""The search index in shards: which pages each holds, and shards reused from the cache only when
their input is unchanged, with files byte-identical to a clean build's."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from test_search import digest

from debunk.search import runs as search_runs
from debunk.search.pagefind import SERVE_INDEX_LIMIT, build_search_index, serve_index_skipped
from debunk.search.shards import ONE_SHARD, plan_shards


def _pages(years: dict[int, int]) -> list[str]:
    return [
        f"cases/{year}/{year}-01-{day + 1:02}-case/index.html"
        for year, n in years.items()
        for day in range(n)
    ]


def test_shards_are_years_in_date_order_and_a_big_year_is_split() -> None:
    pages = _pages({2023: 2, 2021: 7, 2022: 1})
    others = ["cases/index.html", "cases/page/2/index.html"]  # the list of cases: no case page
    shards = plan_shards([*others, *pages], by_year=True, limit=3)
    assert [shard.name for shard in shards] == ["2021-1", "2021-2", "2021-3", "2022", "2023"]
    assert [len(shard.pages) for shard in shards] == [3, 3, 1, 1, 2]
    listed = [page for shard in shards for page in shard.pages]
    assert listed == sorted(pages)  # each case page once, the shards in date order
    [one] = plan_shards([*others, *pages])
    assert one.name == ONE_SHARD and one.pages == tuple(sorted(pages))
    # However large the site: parts of it would be merged shards, which find pages without the word.
    [one] = plan_shards([*others, *pages], limit=3)
    assert one.name == ONE_SHARD and one.pages == tuple(sorted(pages))


def _copy(site: Path, to: Path) -> Path:
    shutil.copytree(site, to, ignore=shutil.ignore_patterns("pagefind"))
    return to


def _built(site: Path) -> tuple[str, bytes]:
    """What indexing writes: the index folder, and the search page that names its files."""
    return digest(site / "pagefind"), (site / "search" / "index.html").read_bytes()


def _runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The shards Pagefind is run for, from now on."""
    ran: list[str] = []

    class Counted(search_runs.Run):
        def __init__(self, command: list[str], cwd: Path) -> None:
            ran.append(Path(command[command.index("--output-path") + 1]).name)
            super().__init__(command, cwd)

    monkeypatch.setattr(search_runs, "Run", Counted)
    return ran


def _edit(site: Path, page: str, word: str) -> None:
    path = site / page
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("data-pagefind-body>", f"data-pagefind-body><p>{word}</p>", 1), encoding="utf-8"
    )


@pytest.mark.parametrize("by_year", [False, True])
def test_a_build_reusing_shards_gives_the_clean_builds_files(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by_year: bool
) -> None:
    clean, cached, cache = (
        _copy(site, tmp_path / "clean"),
        _copy(site, tmp_path / "cached"),
        tmp_path / "cache",
    )
    years = sorted({path.parent.parent.name for path in (site / "cases").glob("[0-9]*/*/index.html")})
    expected = years if by_year else [ONE_SHARD]
    ran = _runs(monkeypatch)
    build_search_index(clean, by_year=by_year)
    build_search_index(cached, cache=cache, by_year=by_year)
    assert ran == expected * 2 and sorted(path.name for path in cache.iterdir()) == expected
    ran.clear()
    again = build_search_index(cached, cache=cache, by_year=by_year)  # nothing changed
    assert ran == [] and (again.indexed, again.shards) == (0, len(expected))
    assert _built(cached) == _built(clean)

    # One case edited: only its shard is indexed again, and the files are a clean build's.
    page = sorted((site / "cases").glob(f"{years[-1]}/*/index.html"))[0].relative_to(site).as_posix()
    for copy in (clean, cached):
        _edit(copy, page, "Quokkaword")
    build_search_index(clean, by_year=by_year)
    ran.clear()
    edited = build_search_index(cached, cache=cache, by_year=by_year)
    assert ran == [years[-1] if by_year else ONE_SHARD] and edited.indexed == 1
    assert _built(cached) == _built(clean)
    fragments = [gzip.decompress(path.read_bytes()) for path in (cached / "pagefind").rglob("*.pf_fragment")]
    assert sum(b"Quokkaword" in fragment for fragment in fragments) == 1  # the edit is in the index


def test_a_damaged_or_stale_cache_is_indexed_again(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean, cached, cache = (
        _copy(site, tmp_path / "clean"),
        _copy(site, tmp_path / "cached"),
        tmp_path / "cache",
    )
    build_search_index(clean)
    build_search_index(cached, cache=cache)
    ran = _runs(monkeypatch)
    shutil.rmtree(cache / ONE_SHARD / "bundle" / "fragment")  # half of it deleted
    build_search_index(cached, cache=cache)
    (cache / ONE_SHARD / "buckets.json").write_text("not json", encoding="utf-8")
    build_search_index(cached, cache=cache)
    build_search_index(cached, cache=cache, bucket_bytes=60)  # another option: a stale shard
    assert ran == [ONE_SHARD] * 3
    build_search_index(cached, cache=cache)
    assert ran == [ONE_SHARD] * 4
    assert _built(cached) == _built(clean)


def test_a_year_without_cases_leaves_the_index_and_the_cache(site: Path, tmp_path: Path) -> None:
    cached, cache = _copy(site, tmp_path / "cached"), tmp_path / "cache"
    build_search_index(cached, cache=cache, by_year=True)
    years = sorted(path.name for path in (cached / "pagefind").iterdir())
    shutil.rmtree(cached / "cases" / years[0])
    build_search_index(cached, cache=cache, by_year=True)
    assert sorted(path.name for path in (cached / "pagefind").iterdir()) == years[1:]
    assert sorted(path.name for path in cache.iterdir()) == years[1:]
    page = (cached / "search" / "index.html").read_text(encoding="utf-8")
    shards = json.loads(re.findall(r'data-shards="([^"]*)"', page)[0].replace("&quot;", '"'))
    assert [name for name, *_ in shards] == years[1:]


def test_a_large_preview_leaves_the_index_to_mkdocs_build() -> None:
    """Up to the limit a serve rebuild indexes; above it, the reason names the count and the command."""
    assert serve_index_skipped(SERVE_INDEX_LIMIT) == ""
    reason = serve_index_skipped(20_000)
    assert "20,000 case pages" in reason
    assert "`mkdocs build` makes it" in reason
