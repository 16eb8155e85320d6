"""The search index step: what Pagefind indexes from the case pages, and a reproducible bundle."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from debunk.content.repository import Content, load_content
from debunk.search import pagefind as search
from debunk.search.bundle import (
    PAGEFIND_VERSION,
    _read,
    _write,
    canonicalise_bundle,
    patch_search_code,
    worker_code,
)
from debunk.search.filters import Buckets, filter_bucket, plan_buckets
from debunk.search.page import ShardLink, link_search_page
from debunk.search.pagefind import FILTER_BUCKET_BYTES, FILTERS, _index, build_search_index
from debunk.search.shards import ONE_SHARD

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(ROOT)


def bundle_of(site: Path) -> Path:
    """The search index of a site built as builds do: one shard of every case."""
    return site / "pagefind" / ONE_SHARD


def shards_of(page: Path) -> list[Any]:
    """The search page's list of shards: [name, cache tag, {filter: [bucket count, salt]}]."""
    text = page.read_text(encoding="utf-8")
    return list(json.loads(re.findall(r'data-shards="([^"]*)"', text)[0].replace("&quot;", '"')))


def digest(folder: Path) -> str:
    total = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        total.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return total.hexdigest()


def meta(bundle: Path) -> list[Any]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return list(_read(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"))


def filter_values(bundle: Path) -> dict[str, dict[str, list[int]]]:
    """Every filter file of the bundle: Pagefind filter name -> value -> page numbers."""
    loaded = {}
    for name, file_hash in meta(bundle)[3]:
        key, values = _read(bundle / "filter" / f"{file_hash}.pf_filter")
        assert key == name
        loaded[name] = dict(values)
    return loaded


def fragments(bundle: Path) -> list[dict[str, Any]]:
    loaded = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        loaded.append(json.loads(data[len(b"pagefind_dcd") :]))
    return loaded


def test_the_build_indexes_every_case_page_and_nothing_else(site: Path, content: Content) -> None:
    entry = json.loads((bundle_of(site) / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == PAGEFIND_VERSION
    assert sum(info["page_count"] for info in entry["languages"].values()) == len(content.cases)
    urls = sorted(fragment["url"] for fragment in fragments(bundle_of(site)))
    assert urls == sorted(f"/cases/{case.year}/{case.id}/" for case in content.cases)


def test_each_case_carries_its_filters_date_and_verdict(site: Path, content: Content) -> None:
    by_url = {fragment["url"]: fragment for fragment in fragments(bundle_of(site))}
    for case in content.cases:
        fragment = by_url[f"/cases/{case.year}/{case.id}/"]
        verdict = content.vocabularies.verdicts[case.verdict].label
        expected = {
            "verdict": [verdict],
            "narrative": sorted(content.narratives[n].title for n in case.narratives),
            "keyword": sorted(case.keywords),
            "country": sorted(case.countries),
            "language": sorted(content.vocabularies.language_name(code) for code in case.languages),
            "outlet": sorted(case.outlets),
            "year": [str(case.year)],
        }
        assert {key: sorted(values) for key, values in fragment["filters"].items()} == {
            key: values for key, values in expected.items() if values
        }, case.id
        assert fragment["meta"] == {"title": case.title, "date": case.date.isoformat(), "verdict": verdict}


def test_indexed_text_is_the_case_not_its_neighbours(site: Path, content: Content) -> None:
    by_url = {fragment["url"]: fragment for fragment in fragments(bundle_of(site))}
    for index, case in enumerate(content.cases):
        text = by_url[f"/cases/{case.year}/{case.id}/"]["content"]
        assert text.startswith(case.title)
        assert "Verdict" not in text and "Published" not in text
        for heading in ("Summary", "Response", "Sources"):  # section headings are no snippet's words
            if heading not in f"{case.summary} {case.response}":
                assert heading not in text, (case.id, heading)
        neighbours = [content.cases[i] for i in (index - 1, index + 1) if 0 <= i < len(content.cases)]
        for other in neighbours:
            if other.title not in f"{case.summary} {case.response}":
                assert other.title not in text, (case.id, other.id)


def test_indexing_again_gives_byte_identical_files(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    first = digest(bundle_of(copy)), (copy / "search" / "index.html").read_bytes()
    index = build_search_index(copy)
    assert (digest(bundle_of(copy)), (copy / "search" / "index.html").read_bytes()) == first
    assert index.pages == len(list((bundle_of(copy) / "fragment").iterdir()))
    assert str(index).startswith(f"search index: {index.pages} pages, {index.files} files, ")


def test_another_pagefind_version_is_refused(site: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    shutil.copytree(bundle_of(site), bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (bundle / "pagefind-entry.json").write_text(json.dumps({**entry, "version": "9.9.9"}), encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        canonicalise_bundle(bundle, FILTER_BUCKET_BYTES)
    assert str(raised.value) == (
        "Pagefind '9.9.9' wrote the search index; debunk.search.pagefind knows the files "
        f"of Pagefind '{PAGEFIND_VERSION}' only: install the one package.json pins (`npm ci`)"
    )


def test_the_search_code_patches_are_applied_once_and_checked(site: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    shutil.copytree(bundle_of(site), bundle)
    ours = worker_code()
    for name in ("pagefind.js", "pagefind-worker.js"):
        code = (bundle / name).read_text(encoding="utf-8")
        assert 'let index_resp=filter_only?"[]":' in code
        assert "throw this.initError;}await asyncSleep(5);}" in code
        assert "while(this.primary.wasm===null){await asyncSleep(5);}" in code  # a merged shard waits
        assert code.count('async decompress(data,file="unknown file"){') == 1
        # metadata, WebAssembly, word chunk, fragment alone and in a group
        assert code.count("=await this.decompress(new Uint8Array(") == 5
        assert "=this.decompress(" not in code
        assert code.count(ours) == (name == "pagefind-worker.js")
    worker = (bundle / "pagefind-worker.js").read_text(encoding="utf-8")
    assert worker.endswith(f"self.postMessage(response);}});\n{ours}\n}})();")  # inside Pagefind's closure
    assert "//" not in ours.replace("https://", "")  # no comment left, which would hide the line's rest
    with pytest.raises(ValueError) as raised:
        patch_search_code(bundle)  # already patched: the original lines are gone
    gone = "'let index_resp=this.backend.request_indexes(ptr,term);'"
    expected = f"{bundle / 'pagefind.js'}: Pagefind's code changed ({gone}); update debunk.search.bundle"
    assert str(raised.value) == expected


def test_fragments_are_named_by_their_rank_in_date_order(site: Path) -> None:
    """The search worker sorts by date with the rank at the end of each fragment's name."""
    pages = meta(bundle_of(site))[1]
    ranked = {}
    for name, *_ in pages:
        data = gzip.decompress((bundle_of(site) / "fragment" / f"{name}.pf_fragment").read_bytes())
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        ranked[int(name.rsplit("_", 1)[1], 36)] = (fragment["meta"]["date"], fragment["url"])
    assert sorted(ranked) == list(range(len(pages)))
    assert [ranked[rank] for rank in sorted(ranked)] == sorted(ranked.values())
    assert meta(bundle_of(site))[4] == []  # no sort order in the metadata file: 42 KB at 20,000 cases


def test_a_sort_order_from_the_pages_is_refused(site: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    _index(site.resolve(), bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_path = bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    raw = _read(meta_path)
    raw[4] = [["date", list(range(len(raw[1])))]]
    entry["languages"]["en"]["hash"] = _write(bundle, "pagefind.en_", 10, ".pf_meta", raw)
    meta_path.unlink()
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        canonicalise_bundle(bundle, FILTER_BUCKET_BYTES)
    expected = "the case pages carry data-pagefind-sort (date): the search worker sorts by date itself"
    assert str(raised.value) == expected


def test_big_filters_are_split_into_buckets_by_value(site: Path, tmp_path: Path) -> None:
    whole = filter_values(bundle_of(site))
    assert sorted(whole) == sorted(FILTERS)  # the sample site's filters are small: one file each
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    build_search_index(copy, bucket_bytes=60)
    [[name, _tag, spread]] = shards_of(copy / "search" / "index.html")
    assert name == ONE_SHARD
    assert sorted(spread) == sorted(FILTERS)
    split = filter_values(bundle_of(copy))
    for name in FILTERS:
        buckets = Buckets(*spread[name])
        assert buckets.count > 1, name
        merged: dict[str, list[int]] = {}
        for key, values in split.items():
            if key.rsplit("-", 1)[0] == name:
                for value in values:
                    assert key == f"{name}-{filter_bucket(value, buckets)}", value
                merged.update(values)
        assert merged == whole[name]


@pytest.mark.parametrize(
    ("weights", "size", "bucket_bytes", "count"),
    [
        ({"a": 5, "b": 5}, 100, 200, 1),  # small enough for one file
        ({"a": 5, "b": 5, "c": 5, "d": 5}, 400, 200, 2),
        ({"a": 5, "b": 5, "c": 5, "d": 5}, 401, 200, 3),
        ({"a": 5, "b": 5}, 10_000, 200, 2),  # never more buckets than values
    ],
)
def test_buckets_are_sized_from_the_file_and_evened_out(
    weights: dict[str, int], size: int, bucket_bytes: int, count: int
) -> None:
    buckets = plan_buckets(weights, size, bucket_bytes)
    assert buckets.count == count
    loads = [0] * count
    for value, weight in weights.items():
        loads[filter_bucket(value, buckets)] += weight

    def biggest(salt: int) -> int:
        shares = [0] * count
        for value, weight in weights.items():
            shares[filter_bucket(value, Buckets(count, salt))] += weight
        return max(shares)

    assert max(loads) == min(biggest(salt) for salt in range(256))


def test_the_search_page_is_given_the_index_files_and_preloads_them(site: Path) -> None:
    entry = json.loads((bundle_of(site) / "pagefind-entry.json").read_text(encoding="utf-8"))
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    tag = entry["languages"]["en"]["hash"]
    assert shards_of(site / "search" / "index.html") == [[ONE_SHARD, tag, {}]]
    assert '<meta name="debunk-search-index" content="../pagefind/" data-shards=' in page
    link = r'<link rel="preload" href="\.\./pagefind/([^"?]*)[^"]*" as="fetch" crossorigin>'
    preloads = re.findall(link, page)
    expected = ["pagefind-worker.js", "pagefind-entry.json", f"pagefind.{tag}.pf_meta", "wasm.en.pagefind"]
    assert preloads == [f"{ONE_SHARD}/{name}" for name in expected]
    assert all((site / "pagefind" / name).is_file() for name in preloads)


def test_a_search_page_without_the_index_tag_is_refused(site: Path, tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text("<html><head></head><body></body></html>", encoding="utf-8")
    entry = json.loads((bundle_of(site) / "pagefind-entry.json").read_text(encoding="utf-8"))
    with pytest.raises(ValueError) as raised:
        link_search_page(page, [ShardLink(ONE_SHARD, entry, {})])
    assert str(raised.value) == f'{page}: expected one <meta name="debunk-search-index">, found 0'


@pytest.mark.parametrize(
    ("original", "changed"),
    [("var getInstance=(instanceId)=>", "var instanceOf=(instanceId)=>"), ("})();", "})()")],
)
def test_a_worker_without_what_debunks_part_uses_is_refused(
    site: Path, tmp_path: Path, original: str, changed: str
) -> None:
    bundle = tmp_path / "pagefind"
    _index(site.resolve(), bundle)  # as Pagefind writes it
    worker = bundle / "pagefind-worker.js"
    code = worker.read_text(encoding="utf-8")
    at = code.rindex(original)
    worker.write_text(code[:at] + changed + code[at + len(original) :], encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        patch_search_code(bundle)
    assert str(raised.value).startswith(f"{worker}: Pagefind's worker changed (")
    assert str(raised.value).endswith("); update debunk/search_worker.js")
    assert "debunkSearch" not in worker.read_text(encoding="utf-8")  # nothing half-written


def _npm_layout(base: Path) -> Path:
    """A fake `npm ci` install of Pagefind's binary for this machine under `base`."""
    binary = search._npm_binaries(base)[0]
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\n", encoding="utf-8")
    return binary


def test_the_pagefind_binary_is_found_where_npm_put_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(search.BINARY_VARIABLE, raising=False)
    monkeypatch.setattr(search, "__file__", str(tmp_path / "installed" / "debunk" / "search.py"))
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    site = project / "site"
    site.mkdir(parents=True)
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(search.PagefindMissingError) as raised:
        search.pagefind_binary(site)
    assert str(raised.value) == (
        f"Pagefind {PAGEFIND_VERSION}, which builds the search index, is not installed: run `npm ci` "
        f"in the project (its package.json pins Pagefind), or set PAGEFIND_BINARY_PATH to a Pagefind "
        f"{PAGEFIND_VERSION} binary"
    )
    installed = _npm_layout(project)
    assert search.pagefind_binary(site) == installed  # above the site folder
    monkeypatch.chdir(project)
    assert search.pagefind_binary() == installed  # in the working folder
    own = _npm_layout(tmp_path / "installed")
    monkeypatch.chdir(elsewhere)
    assert search.pagefind_binary() == own  # beside debunk's own checkout


def test_pagefind_binary_path_names_the_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    named = tmp_path / "pagefind"
    named.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setenv(search.BINARY_VARIABLE, str(named))
    assert search.pagefind_binary() == named
    monkeypatch.setenv(search.BINARY_VARIABLE, str(tmp_path / "gone"))
    with pytest.raises(search.PagefindMissingError) as raised:
        search.pagefind_binary()
    assert str(raised.value) == f"PAGEFIND_BINARY_PATH={tmp_path / 'gone'}: no such file"


def test_a_build_without_pagefind_says_what_to_install(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", search.BINARY_VARIABLE: str(tmp_path / "no-pagefind")}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"PAGEFIND_BINARY_PATH={tmp_path / 'no-pagefind'}: no such file" in result.stderr
    assert "Traceback" not in result.stderr
