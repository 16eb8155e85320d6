"""`debunk import` keeps every archive link of the input: on any host, several to a cell, in any order."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from debunk.content.repository import load_content
from debunk.importer import ImportReport, Mapping, load_mapping, run_import
from debunk.importer.mapping import mapping_from_data
from debunk.importer.run import ImportOptions
from debunk.importer.sources import pair_archives
from debunk.model import Severity

FIXTURES = Path(__file__).parent / "fixtures" / "importer"
DATA = {"archives.csv": "archives-mapping.yml", "archives-cp1252.csv": "archives-cp1252-mapping.yml"}


@pytest.mark.parametrize(
    ("sources", "archives", "pairs"),
    [
        (["a", "b"], ["a", "b"], {0: 0, 1: 1}),
        (["a", "b"], ["b", "a"], {0: 1, 1: 0}),  # by the address each embeds
        (["a", "b"], [None, "a"], {1: 0, 0: 1}),  # one embeds nothing: in order among the rest
        (["a", "b"], ["x"], {0: 0}),  # embeds another address: still in order
        (["a", "b"], [None], {0: 0}),
        (["a"], ["a", "c", None], {0: 0}),  # two archives pair with nothing
        ([None, "b"], ["b", None], {0: 1, 1: 0}),  # a source that is not a URL keeps its place
        ([], ["a"], {}),
        (["a"], [], {}),
    ],
)
def test_pair_archives(sources: list[str | None], archives: list[str | None], pairs: dict[int, int]) -> None:
    assert pair_archives(sources, archives) == pairs


def _mapping(data: str) -> Mapping:
    return load_mapping(FIXTURES / DATA[data])


def _input_archives(data: str, mapping: Mapping) -> list[tuple[str, str]]:
    """(row origin, archive link) for every archive link of the file, read as the mapping says."""
    column = next(name for name, fields in mapping.columns.items() if "sources.archive" in fields)
    split = "|".join(re.escape(s) for s in mapping.separators["sources.archive"])
    encoding = "utf-8-sig" if mapping.encoding == "utf-8" else mapping.encoding
    found = []
    with (FIXTURES / data).open(encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle)
        start = reader.line_num + 1
        for row in reader:
            origin = f"{data}:{start}"
            start = reader.line_num + 1
            found += [(origin, value.strip()) for value in re.split(split, row[column]) if value.strip()]
    return found


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "vocabularies", tmp_path / "vocabularies")
    return tmp_path


def _import(repo: Path, data: str) -> tuple[ImportReport, str]:
    report = run_import("mapped", _mapping(data), [FIXTURES / data], ImportOptions(repo, repo / "cases"))
    written = "\n".join(p.read_text(encoding="utf-8") for p in sorted((repo / "cases").glob("*/*.md")))
    return report, written


def _repaired(report: ImportReport) -> dict[str, str]:
    """Archive link as the input has it -> as the importer repaired it, from the report's entries."""
    pattern = re.compile(r"^malformed archive link '(.+)' repaired as '(.+)'$")
    return {
        match.group(1): match.group(2)
        for entry in report.entries
        if entry.code == "archive repaired" and (match := pattern.match(entry.message))
    }


@pytest.mark.parametrize("data", sorted(DATA))
def test_every_archive_link_of_the_input_is_in_the_case_files_or_flagged(repo: Path, data: str) -> None:
    report, written = _import(repo, data)
    archives = _input_archives(data, _mapping(data))
    assert archives, "the fixture has archive links"
    repaired = _repaired(report)
    flagged = [(e.origin, e.message) for e in report.entries if e.kind == "flagged"]
    for origin, value in archives:
        if value.startswith("http"):
            assert repaired.get(value, value) in written, value
        else:  # not a URL: left out, and the report names the value
            assert any(where == origin and repr(value) in message for where, message in flagged), value
    counts = report.counts()
    assert counts["skipped"] == 0 and counts["written"] == counts["records"] > 0
    content = load_content(repo)
    assert [p for p in content.problems if p.severity is Severity.ERROR] == []
    in_front_matter = {s.archive for case in content.cases for s in case.sources if s.archive}
    assert len(in_front_matter) == written.count("    archive: ")


def _entries(report: ImportReport, origin: str) -> list[tuple[str, str, str]]:
    return [(e.kind, e.code, e.message) for e in report.entries if e.origin == origin and "archive" in e.code]


WAYBACK = "https://web.archive.org/web/20220301101010/"


def test_each_decision_about_an_archive_link_is_in_the_report(repo: Path) -> None:
    report, written = _import(repo, "archives.csv")
    for row in ("archives.csv:2", "archives.csv:3", "archives.csv:4", "archives.csv:5", "archives.csv:6"):
        assert _entries(report, row) == []  # Wayback, the publisher's own, archive.today, Perma.cc
    assert _entries(report, "archives.csv:7") == [
        (
            "flagged",
            "unknown archive service",
            "the archive link 'https://snapshots.example.info/77' is not on a known web archive "
            "(host 'snapshots.example.info'); kept. If it is one, add the service to "
            "vocabularies/archives.yml",
        )
    ]
    assert '    archive: "https://snapshots.example.info/77"' in written
    assert _entries(report, "archives.csv:8") == []  # two and two, paired by the address they embed
    assert (
        f'url: "https://a.example.com/one"\n    archive: "{WAYBACK}https://a.example.com/one"\n'
        f'  - url: "https://b.example.com/two"\n    archive: "{WAYBACK}https://b.example.com/two"'
    ) in written
    two_one = (
        "flagged",
        "archive count differs",
        "2 source URLs and 1 archive link in one cell: archives paired by the address they embed, "
        "else in order",
    )
    no_archive = ("flagged", "no archive", "no archived copy of 'https://d.example.com/wind-tax'")
    assert _entries(report, "archives.csv:9") == [two_one, no_archive]
    assert 'url: "https://c.example.com/wind"\n    archive: "https://archive.ph/Zx9Yw"' in written
    assert _entries(report, "archives.csv:11") == [
        (
            "flagged",
            "archive count differs",
            "1 source URL and 3 archive links in one cell: archives paired by the address they embed, "
            "else in order",
        ),
        (
            "flagged",
            "archive made a source",
            "the archive link 'https://archive.ph/2022.03.09-000000/https://f.example.com/bees-copy' pairs "
            "with no source; its address 'https://f.example.com/bees-copy' is added as one",
        ),
        (
            "flagged",
            "archive in the summary",
            "the archive link 'https://perma.cc/ZZ99-YY88' pairs with no source; named in the summary "
            "instead",
        ),
    ]
    assert "Also archived at <https://perma.cc/ZZ99-YY88>." in written
    assert _entries(report, "archives.csv:14") == [
        (
            "normalised",
            "archive repaired",
            "malformed archive link 'https://web.archive.orghttps://g.example.com/rain' repaired as "
            "'https://web.archive.org/web/https://g.example.com/rain'",
        )
    ]
    assert _entries(report, "archives.csv:15") == [
        (
            "flagged",
            "archive left out",
            "archive link 'see the printed edition' left out: it is not a URL",
        ),
        ("flagged", "no archive", "no archived copy of 'https://h.example.com/clocks'"),
    ]
    assert _entries(report, "archives.csv:16") == [
        (
            "flagged",
            "archive is the source",
            "the archive link 'https://i.example.com/snowmen' is the source URL itself, not an archived "
            "copy; kept as the source",
        ),
        ("flagged", "no archive", "no archived copy of 'https://i.example.com/snowmen'"),
    ]


def test_a_repository_that_lists_its_archive_service_gets_no_flag(repo: Path) -> None:
    sample = (Path(__file__).resolve().parent.parent / "vocabularies" / "archives.yml").read_text("utf-8")
    extra = "- name: Snapshots\n  hosts: [snapshots.example.info]\n"
    (repo / "vocabularies" / "archives.yml").write_text(sample + extra, encoding="utf-8")
    report, _written = _import(repo, "archives.csv")
    assert not [e for e in report.entries if e.code == "unknown archive service"]


def test_an_archive_moved_to_the_summary_with_its_source_is_kept(repo: Path) -> None:
    urls = "\n".join(f"https://many.example.com/{number}" for number in range(60))
    archives = "\n".join(f"{WAYBACK}https://many.example.com/{number}" for number in range(60))
    data = repo / "many.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["Ref", "Claim", "Seen on", "Where published", "Saved copies", "Our note"],
                ["m1", "Sixty sites say the same", "2022-05-01", urls, archives, "Many copies."],
            ]
        )
    run_import("mapped", _mapping("archives.csv"), [data], ImportOptions(repo, repo / "cases"))
    (case,) = (repo / "cases").glob("*/*.md")
    text = case.read_text(encoding="utf-8")
    for number in range(60):
        assert f"{WAYBACK}https://many.example.com/{number}" in text
    assert (
        f"Also published at <https://many.example.com/59>, archived at <{WAYBACK}https://many.example.com/59>."
        in text
    )


def test_an_archive_without_its_source_in_a_json_list_is_kept(repo: Path) -> None:
    data = repo / "cases.jsonl"
    sources = [
        {"url": "", "archive": f"{WAYBACK}https://j.example.com/lost-source"},
        {"url": "https://k.example.com/a", "archive": "https://archive.ph/Kk1Aa"},
        {"url": "", "archive": "https://archive.ph/Nn2Bb"},
    ]
    record = {"title": "Kites spy on farmers", "date": "2022-06-01", "sources": sources}
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")
    mapping = mapping_from_data(
        {
            "format": "json",
            "columns": {n: n for n in ("title", "date", "sources")},
            "defaults": {"verdict": "disinformation"},
        }
    )
    report = run_import("mapped", mapping, [data], ImportOptions(repo, repo / "cases"))
    (case,) = (repo / "cases").glob("*/*.md")
    text = case.read_text(encoding="utf-8")
    for source in sources:
        assert source["archive"] in text
    assert (
        f'url: "https://j.example.com/lost-source"\n    archive: "{WAYBACK}https://j.example.com/lost-source"'
        in text
    )
    assert "Also archived at <https://archive.ph/Nn2Bb>." in text
    codes = [e.code for e in report.entries if e.kind == "flagged"]
    assert "archive count differs" in codes  # "0 source URLs and 1 archive link", reported once
    assert codes.count("archive made a source") == codes.count("archive in the summary") == 1
