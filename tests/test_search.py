"""The search index step: what Pagefind indexes from the case pages, and a reproducible bundle."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from debunk.search import PAGEFIND_VERSION, build_search_index, canonicalise_bundle, patch_filter_only
from debunk.validate import Content, load_content

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


def digest(folder: Path) -> str:
    total = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        total.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return total.hexdigest()


def fragments(bundle: Path) -> list[dict[str, Any]]:
    loaded = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        loaded.append(json.loads(data[len(b"pagefind_dcd") :]))
    return loaded


def test_the_build_indexes_every_case_page_and_nothing_else(site: Path, content: Content) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == PAGEFIND_VERSION
    assert sum(info["page_count"] for info in entry["languages"].values()) == len(content.cases)
    urls = sorted(fragment["url"] for fragment in fragments(site / "pagefind"))
    assert urls == sorted(f"/cases/{case.year}/{case.id}/" for case in content.cases)


def test_each_case_carries_its_filters_date_and_verdict(site: Path, content: Content) -> None:
    by_url = {fragment["url"]: fragment for fragment in fragments(site / "pagefind")}
    for case in content.cases:
        fragment = by_url[f"/cases/{case.year}/{case.id}/"]
        expected = {
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
        verdict = content.vocabularies.verdicts[case.verdict].label
        assert fragment["meta"] == {"title": case.title, "date": case.date.isoformat(), "verdict": verdict}


def test_indexed_text_is_the_case_not_its_neighbours(site: Path, content: Content) -> None:
    by_url = {fragment["url"]: fragment for fragment in fragments(site / "pagefind")}
    for index, case in enumerate(content.cases):
        text = by_url[f"/cases/{case.year}/{case.id}/"]["content"]
        assert text.startswith(case.title)
        assert "Verdict" not in text and "Published" not in text
        neighbours = [content.cases[i] for i in (index - 1, index + 1) if 0 <= i < len(content.cases)]
        for other in neighbours:
            if other.title not in f"{case.summary} {case.response}":
                assert other.title not in text, (case.id, other.id)


def test_indexing_again_gives_byte_identical_files(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    first = digest(copy / "pagefind")
    index = build_search_index(copy)
    assert digest(copy / "pagefind") == first
    assert index.pages == len(list((copy / "pagefind" / "fragment").iterdir()))
    assert str(index).startswith(f"search index: {index.pages} pages, {index.files} files, ")


def test_another_pagefind_version_is_refused(site: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    shutil.copytree(site / "pagefind", bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (bundle / "pagefind-entry.json").write_text(json.dumps({**entry, "version": "9.9.9"}), encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        canonicalise_bundle(bundle)
    assert str(raised.value) == (
        "Pagefind '9.9.9' wrote the search index; debunk.search knows the files "
        f"of Pagefind '{PAGEFIND_VERSION}' only: pin pagefind[bin]=={PAGEFIND_VERSION}"
    )


def test_the_filter_only_patch_is_applied_once_and_checked(site: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    shutil.copytree(site / "pagefind", bundle)
    for name in ("pagefind.js", "pagefind-worker.js"):
        assert 'let index_resp=filter_only?"[]":' in (bundle / name).read_text(encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        patch_filter_only(bundle)  # already patched: the original line is gone
    expected = f"{bundle / 'pagefind.js'}: Pagefind's chunk request changed; update debunk.search"
    assert str(raised.value) == expected
