"""The real EUvsDisinfo data in `../shared/corpora/`: every case imported, valid, and built into the site.

Skipped only where `../shared/` is absent (never in CI). The site build is marked `slow` so that it
can be run alone (`pytest -m slow`); it runs by default.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from debunk.content.repository import Content, load_content
from debunk.importer import FORMATS, ImportOptions, ImportReport, run_import
from debunk.rules.urls import url_key

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
FULLTEXT = CORPORA / "euvsdisinfo-2015-2017-fulltext.csv"
METADATA = CORPORA / "euvsdisinfo-2015-2021-metadata.csv"
SOURCES = CORPORA / "euvsdisinfo-2015-2020-sources.csv"

_REPAIRED = re.compile(
    r"^(?:malformed archive link|archive 'save' link) '(.+)' "
    r"(?:repaired as|written as the capture link) '(.+)'$"
)
"""An 'archive repaired' entry of the import report: the link as the data has it, and as written."""
pytestmark = pytest.mark.skipif(not FULLTEXT.is_file(), reason=f"the real corpora are not in {CORPORA}")


def _imported(tmp: Path, name: str, files: list[Path]) -> tuple[ImportReport, Content, Path]:
    shutil.copytree(REPO / "vocabularies", tmp / "vocabularies")
    start = time.perf_counter()
    report = run_import(name, FORMATS[name], files, ImportOptions(tmp, tmp / "cases", extend_vocabulary=True))
    imported = time.perf_counter() - start
    content = load_content(tmp)
    validated = time.perf_counter() - start - imported
    print(
        f"\n{report.table().split(chr(10) + chr(10))[0]}\n{name}: import {imported:.1f} s, validate {validated:.1f} s"  # noqa: E501
    )
    return report, content, tmp


@pytest.fixture(scope="module")
def fulltext(tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportReport, Content, Path]:
    return _imported(tmp_path_factory.mktemp("fulltext"), "euvsdisinfo-fulltext", [FULLTEXT])


def _accounted(report: ImportReport, content: Content, rows: int) -> Counter[str]:
    """Every row is a case file or skipped with a reason; every case file loads without errors."""
    counts = report.counts()
    skips = Counter(
        e.code for e in report.entries if e.kind == "skipped" and e.origin.startswith(report.files[0])
    )
    assert counts["records"] == rows
    assert counts["imported"] + counts["skipped"] == rows
    assert sum(skips.values()) == counts["skipped"]
    assert content.errors == []
    assert len(content.cases) == counts["imported"]
    return skips


def test_fulltext_every_case_imported_and_valid(fulltext: tuple[ImportReport, Content, Path]) -> None:
    report, content, _root = fulltext
    skips = _accounted(report, content, 3071)
    # The only records not written are rows that repeat another row in every value.
    assert set(skips) <= {"duplicate record"}
    kept = {e.origin for e in report.entries if e.case}
    for entry in report.entries:
        if entry.code == "duplicate record":
            assert entry.message.split(" ")[1] in kept


def test_metadata_with_sources_every_case_imported_and_valid(tmp_path: Path) -> None:
    report, content, _root = _imported(tmp_path, "euvsdisinfo-metadata", [METADATA, SOURCES])
    skips = _accounted(report, content, 10892)
    assert skips == Counter()
    link_skips = {e.code for e in report.entries if e.kind == "skipped" and e.origin.startswith(SOURCES.name)}
    assert link_skips <= {"link to no case"}
    _every_archive_link_kept(report, _root)


def _every_archive_link_kept(report: ImportReport, root: Path) -> None:
    """Each archive link of a source row joined to a case is in a case file, as it is or as repaired."""
    with METADATA.open(encoding="utf-8-sig", newline="") as handle:
        cases = {row["id"] for row in csv.DictReader(handle)}
    with SOURCES.open(encoding="utf-8-sig", newline="") as handle:
        links = [row["archive"].strip() for row in csv.DictReader(handle) if row["id"] in cases]
    repaired = {
        match.group(1): match.group(2)
        for entry in report.entries
        if entry.code == "archive repaired" and (match := _REPAIRED.match(entry.message))
    }
    written = "\n".join(path.read_text(encoding="utf-8") for path in (root / "cases").glob("*/*.md"))
    kept = {url_key(url) for url in re.findall(r"https?://[^\s\"<>]+", written)}
    left_out = [e.message for e in report.entries if e.code == "archive left out"]
    missing = [
        link
        for link in links
        if link
        and url_key(repaired.get(link, link)) not in kept
        and not any(repr(link) in message for message in left_out)
    ]
    assert sum(1 for link in links if link) > 8000
    assert missing == []


@pytest.mark.slow
def test_site_builds_a_page_for_every_fulltext_case(
    fulltext: tuple[ImportReport, Content, Path], tmp_path: Path
) -> None:
    _report, content, imported = fulltext
    site = tmp_path / "repo"
    site.mkdir()
    shutil.copy(REPO / "mkdocs.yml", site / "mkdocs.yml")
    for folder in ("hooks", "overrides", "docs", "narratives"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, site / folder)
    (site / "docs").mkdir(exist_ok=True)
    for folder in ("cases", "vocabularies"):
        shutil.copytree(imported / folder, site / folder)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site / "site")],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )
    print(f"\nmkdocs build of {len(content.cases)} real cases: {time.perf_counter() - start:.1f} s")
    assert result.returncode == 0, result.stderr[-3000:]
    missing = [
        c.id
        for c in content.cases
        if not (site / "site" / "cases" / str(c.year) / c.id / "index.html").is_file()
    ]
    assert missing == []
