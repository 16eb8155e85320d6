"""`debunk export`: the open data files, their data package, the ClaimReview feed and the round trip."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from frictionless import validate
from hypothesis import given, settings
from hypothesis import strategies as st

from debunk.build.previous import Previous
from debunk.cli import main
from debunk.content.dates import case_dates
from debunk.content.repository import Content, load_content
from debunk.content.schema import schema_text
from debunk.content.vocab import Verdict
from debunk.importer import FORMATS, ImportOptions, run_import
from debunk.publish import export
from debunk.publish.claimreview import claim_review
from debunk.publish.export import _cell, _json, case_record, compact_json, export_files, write_exports
from debunk.publish.opendata import CASE_COLUMNS, data_page_markdown
from debunk.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "importer"
SETTINGS = Settings(
    site_name="Fact Desk",
    site_url="https://facts.example.org/",
    organisation="Fact Desk Ltd",
    organisation_url="https://facts.example.org/about/",
    license="CC-BY-SA-4.0",
)


@pytest.fixture
def content(tmp_path: Path) -> Content:
    """Six small cases imported from the fixtures, as any repository would hold them."""
    shutil.copytree(FIXTURES / "vocabularies", tmp_path / "vocabularies")
    for name, files in (
        ("euvsdisinfo-fulltext", ["fulltext.csv"]),
        ("euvsdisinfo-metadata", ["metadata.csv", "sources.csv"]),
    ):
        run_import(
            name, FORMATS[name], [FIXTURES / f for f in files], ImportOptions(tmp_path, tmp_path / "cases")
        )
    loaded = load_content(tmp_path)
    assert loaded.errors == [] and len(loaded.cases) == 8
    return loaded


def _parts(content: Content) -> list[str]:
    """The files of each year's part, from the years of the cases."""
    years = {case.date.year for case in content.cases}
    return [name for y in years for name in (f"cases-{y}.csv", f"claimreview-feed-{y}.json")]


WHOLE = ["cases.csv.gz", "cases.jsonl.gz", "claimreview-feed.json.gz"]


def test_export_files_are_written_and_deterministic(content: Content, tmp_path: Path) -> None:
    """Two exports are byte-identical, the gzip-compressed whole files too (mtime 0, no file name)."""
    first = write_exports(content, SETTINGS, tmp_path / "a")
    write_exports(content, SETTINGS, tmp_path / "b")
    names = [Path(path).name for path in first]
    assert names == sorted(["case.schema.json", "datapackage.json", *WHOLE, *_parts(content)])
    assert len({case.date.year for case in content.cases}) > 1  # the fixture has more than one part
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    for name in WHOLE:
        header = (tmp_path / "a" / name).read_bytes()[:10]
        assert header[3] & 0x08 == 0 and header[4:8] == b"\0\0\0\0"  # no FNAME flag, mtime 0
    assert (tmp_path / "a" / "case.schema.json").read_text(encoding="utf-8") == schema_text()


def test_every_case_is_in_exactly_one_part_and_the_parts_make_the_whole(content: Content) -> None:
    files = export_files(content, SETTINGS)
    whole_csv = gzip.decompress(files["cases.csv.gz"]).decode("utf-8").splitlines(keepends=True)
    whole_jsonl = gzip.decompress(files["cases.jsonl.gz"]).decode("utf-8").splitlines(keepends=True)
    whole_feed = json.loads(gzip.decompress(files["claimreview-feed.json.gz"]))["dataFeedElement"]
    rows, reviews = [], []
    for year in sorted({case.date.year for case in content.cases}):
        table = files[f"cases-{year}.csv"].decode("utf-8").splitlines(keepends=True)
        assert table[0] == whole_csv[0]  # each part has the header
        part = list(csv.DictReader(table))
        assert {row["date"][:4] for row in part} == {str(year)}
        rows += table[1:]
        feed = json.loads(files[f"claimreview-feed-{year}.json"])
        assert feed["url"] == f"{SETTINGS.site_url}data/claimreview-feed-{year}.json"  # its own address
        assert len(feed["dataFeedElement"]) == len(part)
        reviews += feed["dataFeedElement"]
    ids = sorted(row["id"] for row in csv.DictReader([whole_csv[0], *rows]))
    assert ids == sorted(case.id for case in content.cases)  # every case once
    assert sorted(rows) == sorted(whole_csv[1:])
    assert sorted(json.loads(line)["id"] for line in whole_jsonl) == ids
    assert sorted(map(json.dumps, reviews)) == sorted(map(json.dumps, whole_feed))


def test_the_data_package_lists_every_file_and_nothing_else(content: Content, tmp_path: Path) -> None:
    written = {Path(path).name for path in write_exports(content, SETTINGS, tmp_path / "data")}
    package = json.loads((tmp_path / "data" / "datapackage.json").read_text(encoding="utf-8"))
    listed = [resource["path"] for resource in package["resources"]]
    assert sorted(listed) == sorted(written - {"datapackage.json"})
    assert {p.name for p in (tmp_path / "data").iterdir()} == written | {
        ".debunk-export.json"
    }  # its manifest


def test_datapackage_is_valid_frictionless(content: Content, tmp_path: Path) -> None:
    write_exports(content, SETTINGS, tmp_path / "data")
    report = validate(str(tmp_path / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])
    package = json.loads((tmp_path / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [
        {"name": "CC-BY-SA-4.0", "path": "https://spdx.org/licenses/CC-BY-SA-4.0.html"}
    ]


def test_frictionless_catches_a_broken_csv(content: Content, tmp_path: Path) -> None:
    write_exports(content, SETTINGS, tmp_path / "data")
    csv_path = tmp_path / "data" / "cases-2016.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",2016-04-05,", ",2016-04-35,"), "utf-8")
    report = validate(str(tmp_path / "data" / "datapackage.json"))
    types = {error[0] for error in report.flatten(["type"])}
    assert "type-error" in types and "hash-count" in types


def test_jsonl_has_every_field(content: Content, tmp_path: Path) -> None:
    write_exports(content, SETTINGS, tmp_path / "data")
    lines = gzip.decompress((tmp_path / "data" / "cases.jsonl.gz").read_bytes()).decode("utf-8").splitlines()
    bridge = next(json.loads(line) for line in lines if "bridge" in line)
    # Outside git and without `published`, the debunk is dated by its review issue: the newest
    # case reported in it.
    review_date = max(case.date for case in content.cases if case.reported_in == 13).isoformat()
    assert bridge == {
        "id": "2016-04-05-a-bridge-was-sold-twice",
        "url": "https://facts.example.org/cases/2016/2016-04-05-a-bridge-was-sold-twice/",
        "title": "A bridge was sold twice",
        "date": "2016-04-05",
        "published": review_date,
        "verdict": "disinformation",
        "narratives": [],
        "keywords": [],
        "countries": ["EU"],
        "languages": [],
        "outlets": ["Daily Example"],
        "sources": [{"url": "https://daily.example.com/a/2", "archive": None, "outlet": "Daily Example"}],
        "reported_in": 13,
        "related": [],
        "summary": "The bridge was sold to two buyers & nobody noticed.",
        "response": "\\# Not a heading: the bridge belongs to the city.\n\n1\\. It was never for sale.",
        "updates": [],
    }


@pytest.mark.parametrize("pattern", ["cases-*.csv", "cases.csv.gz", "cases.jsonl.gz"])
def test_round_trip(content: Content, tmp_path: Path, pattern: str) -> None:
    """Importing every year's CSV, or a whole file as downloaded (gzip-compressed), gives the cases back."""
    write_exports(content, SETTINGS, tmp_path / "data")
    other = tmp_path / "other"
    shutil.copytree(content.root / "vocabularies", other / "vocabularies")
    parts = sorted((tmp_path / "data").glob(pattern))
    report = run_import("debunk", FORMATS["debunk"], parts, ImportOptions(other, other / "cases"))
    assert report.counts()["written"] == 8 and report.counts()["skipped"] == 0
    again = load_content(other)
    assert again.errors == []
    # The export writes each case's debunk date, default or not: the import keeps it in the file.
    strip = lambda cases: [  # noqa: E731
        case.__dict__ | {"lines": None, "path": case.path, "published": None} for case in cases
    ]
    assert strip(again.cases) == strip(content.cases)
    effective = lambda found: {k: v.published for k, v in case_dates(found.cases).items()}  # noqa: E731
    assert effective(again) == effective(content)
    assert all(case.published is not None for case in again.cases)


def test_claim_review(content: Content) -> None:
    case = content.case("2016-04-03-rainmakers-in-the-west-stole-the-spring-rain")
    assert case is not None
    review = claim_review(case, SETTINGS, Verdict("disinformation", "Disinformation", "", 1))
    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://facts.example.org/cases/2016/2016-04-03-rainmakers-in-the-west-stole-the-spring-rain/",
        "claimReviewed": "Rainmakers in the west stole the spring rain",
        "datePublished": "2016-04-03",
        "author": {
            "@type": "Organization",
            "name": "Fact Desk Ltd",
            "url": "https://facts.example.org/about/",
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "Disinformation",
            "name": "Disinformation",
        },
        "itemReviewed": {
            "@type": "Claim",
            "datePublished": "2016-04-03",
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": "https://daily.example.com/a/1",
                    "author": {"@type": "Organization", "name": "Daily Example"},
                }
            ],
            "author": {"@type": "Organization", "name": "Daily Example"},
        },
    }


def test_claimreview_feed(content: Content, tmp_path: Path) -> None:
    write_exports(content, SETTINGS, tmp_path / "data")
    feed = json.loads(gzip.decompress((tmp_path / "data" / "claimreview-feed.json.gz").read_bytes()))
    assert feed["@type"] == "DataFeed" and feed["dateModified"] == "2020-05-03"
    assert feed["url"] == "https://facts.example.org/data/claimreview-feed.json.gz"  # its own address
    assert len(feed["dataFeedElement"]) == 8
    assert {element["@type"] for element in feed["dataFeedElement"]} == {"ClaimReview"}


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(_JSON)
def test_the_indented_json_is_what_the_standard_library_writes(data: object) -> None:
    """The data package is written by orjson for speed; its bytes stay those of `json`."""
    assert _json(data) == (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@settings(max_examples=500, deadline=None)
@given(_JSON)
def test_the_compact_json_is_what_the_standard_library_writes_and_reads_back(data: object) -> None:
    """The feeds, the API and the CSL-JSON files: the bytes of `json` without indentation, the same object."""
    compact = compact_json(data)
    assert compact == (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    assert json.loads(compact) == json.loads(_json(data))


def test_data_page_names_every_file_and_the_license(content: Content) -> None:
    years = {
        year: sum(case.date.year == year for case in content.cases)
        for year in {c.date.year for c in content.cases}
    }
    page = data_page_markdown(SETTINGS, years)
    assert (
        "**License:** the data is published under [CC-BY-SA-4.0](https://spdx.org/licenses/CC-BY-SA-4.0.html)."
        in page
    )
    for name in ("datapackage.json", "case.schema.json", *WHOLE, *_parts(content)):
        assert f"[`{name}`]({name})" in page
    for year, count in years.items():
        assert f"| {year} | {count} | [`cases-{year}.csv`]" in page


def test_cli_export(content: Content, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(tmp_path / "out"), "--root", str(content.root)])
    assert result.exit_code == 0, result.output
    assert result.output.count("wrote ") == 5 + len(_parts(content))


def test_cells_that_look_like_formulas_are_guarded_and_round_trip(tmp_path: Path) -> None:
    """A title starting with `=` must not run as a formula in a spreadsheet (CSV injection)."""
    from debunk.importer.formats import _unguard
    from debunk.publish.export import _cell

    for text in ('=HYPERLINK("https://example.org")', "+1", "-2", "@SUM(A1)"):
        assert _cell(text) == "'" + text
        assert _unguard(_cell(text)) == text
    assert _cell("Plain title") == "Plain title"
    assert _unguard("'quoted") == "'quoted"


def _direct(content: Content, settings: Settings) -> dict[str, bytes]:
    """What the case files hold, made from every case without anything remembered."""
    columns = [name for name, _type, _description in CASE_COLUMNS]
    records = [case_record(case, settings) for case in content.cases]
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(record[name]) for name in columns] for record in records)
    newest = sorted(content.cases, key=lambda case: (case.date, case.id), reverse=True)
    verdicts = content.vocabularies.verdicts
    feed = json.loads(gzip.decompress(export_files(content, settings)["claimreview-feed.json.gz"]))
    feed["dataFeedElement"] = [
        claim_review(case, settings, verdicts.get(case.verdict) or Verdict(case.verdict, case.verdict, "", 1))
        for case in newest
    ]
    return {
        "cases.csv": table.getvalue().encode("utf-8"),
        "cases.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8"),
        "claimreview-feed.json": compact_json(feed),
    }


def test_exports_after_edits_hold_every_case_as_it_is_now(content: Content) -> None:
    """`mkdocs serve` rebuilds reuse each unchanged case's row, line and ClaimReview
    (`Previous.exports`); the files always hold every case as it is now."""
    edits = [
        lambda c: c,
        lambda c: replace(c, cases=(replace(c.cases[0], title="=A new title"), *c.cases[1:])),
        lambda c: replace(c, cases=(*c.cases[:2], replace(c.cases[2], response="Rewritten."), *c.cases[3:])),
        lambda c: replace(c, cases=c.cases[1:]),  # a case deleted
        lambda c: replace(
            c,
            vocabularies=replace(
                c.vocabularies,
                verdicts={k: replace(v, label="X") for k, v in c.vocabularies.verdicts.items()},
            ),
        ),
        lambda c: replace(c, cases=(*c.cases, replace(c.cases[0], id=c.cases[0].id + "-copy"))),  # added
    ]
    previous = Previous()
    for publication in (SETTINGS, replace(SETTINGS, site_url="https://other.example.org/")):
        for edit in edits:
            content = edit(content)
            files = export_files(content, publication, previous=previous)
            expected = _direct(content, publication)
            assert {name: gzip.decompress(files[name + ".gz"]) for name in expected} == expected
            assert files == export_files(content, publication)  # each year's part too, as a clean run
            assert len(previous.exports) == len(content.cases)


def test_a_rebuild_compresses_only_the_whole_files_that_changed(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gzip-compressed whole files are kept with the bytes they were made from
    (`Previous.gzipped`): a rebuild with nothing changed compresses none of them again, and one
    with a case edited compresses the three again (each holds every case), to the clean bytes."""
    compressed: list[bytes] = []
    real = export._gzip
    monkeypatch.setattr(export, "_gzip", lambda data: compressed.append(data) or real(data))
    previous = Previous()
    first = export_files(content, SETTINGS, previous=previous)
    assert len(compressed) == 3
    assert export_files(content, SETTINGS, previous=previous) == first
    assert len(compressed) == 3  # nothing changed: nothing compressed again
    changed = replace(content.cases[0], title="A title an editor changed")
    edited = replace(content, cases=(changed, *content.cases[1:]))
    files = export_files(edited, SETTINGS, previous=previous)
    assert len(compressed) == 6
    assert files == export_files(edited, SETTINGS)  # as a clean run


_GUARDED_TITLES = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from(["", "'", "''", "'+1'", "'=", "=", "+", "-", "@", "'@", "' "]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(titles=st.lists(_GUARDED_TITLES, min_size=1, max_size=5))
def test_every_title_survives_export_then_import(titles: list[str]) -> None:
    """The exporter's formula guard is removed exactly: a title may itself begin with `'`."""
    from debunk.importer.formats import read_records
    from debunk.publish.export import _cell

    columns = [name for name, _type, _description in CASE_COLUMNS]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for title in titles:
                record = dict.fromkeys(columns, "") | {"title": title, "date": "2024-01-02"}
                writer.writerow([_cell(record[name]) for name in columns])
        records, skipped = read_records([path], FORMATS["debunk"])
    assert skipped == [] and [record.title for record in records] == titles


def test_a_title_starting_with_an_apostrophe_round_trips(content: Content, tmp_path: Path) -> None:
    """`'+1' is ...`: once, the importer took its apostrophe for the exporter's guard."""
    path = content.root / content.cases[0].path
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(f"title: {json.dumps(content.cases[0].title)}", "title: \"'+1' is the new minus\"")
    )
    edited = load_content(content.root)
    assert edited.errors == [] and edited.cases[0].title == "'+1' is the new minus"
    write_exports(edited, SETTINGS, tmp_path / "data")
    other = tmp_path / "other"
    shutil.copytree(content.root / "vocabularies", other / "vocabularies")
    parts = sorted((tmp_path / "data").glob("cases-*.csv"))
    run_import("debunk", FORMATS["debunk"], parts, ImportOptions(other, other / "cases"))
    assert sorted(case.title for case in load_content(other).cases) == sorted(
        case.title for case in edited.cases
    )
