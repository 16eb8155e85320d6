"""`debunk import` on small fixtures written for these tests, one per format and quirk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from debunk.cli import main
from debunk.content.repository import load_content
from debunk.importer import FORMATS, ImportOptions, ImportReport, load_mapping, run_import
from debunk.importer.report import Entry

FIXTURES = Path(__file__).parent / "fixtures" / "importer"
RAIN = "2016-04-03-rainmakers-in-the-west-stole-the-spring-rain"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "vocabularies", tmp_path / "vocabularies")
    return tmp_path


def _import(repo: Path, name: str, *files: str, extend: bool = False) -> ImportReport:
    mapping = load_mapping(FIXTURES / "mapping.yml") if name == "mapped" else FORMATS[name]
    return run_import(
        name, mapping, [FIXTURES / f for f in files], ImportOptions(repo, repo / "cases", extend)
    )


def _messages(report: ImportReport, origin: str) -> list[tuple[str, str, str]]:
    return [(e.kind, e.code, e.message) for e in report.entries if e.origin == origin]


def _case_files(repo: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((repo / "cases").glob("*/*.md"))}


def test_fulltext_counts_and_every_file_validates(repo: Path) -> None:
    report = _import(repo, "euvsdisinfo-fulltext", "fulltext.csv")
    assert report.counts() == {
        "records": 6,
        "imported": 5,
        "written": 5,
        "updated": 0,
        "unchanged": 0,
        "skipped": 1,
        "normalised": 5,
        "flagged": 5,
        "other rows skipped": 0,
        "vocabulary terms added": 0,
    }
    content = load_content(repo)
    assert [p for p in content.problems if p.severity.value == "error"] == []
    assert len(content.cases) == 5


def test_fulltext_duplicate_titles_get_ids_in_source_url_order(repo: Path) -> None:
    _import(repo, "euvsdisinfo-fulltext", "fulltext.csv")
    files = _case_files(repo)
    assert '"https://daily.example.com/a/1"' in files[RAIN]
    assert '"https://tv.example.com/show?t=1"' in files[RAIN + "-2"]


def test_fulltext_exact_duplicate_row_is_skipped_with_its_reason(repo: Path) -> None:
    report = _import(repo, "euvsdisinfo-fulltext", "fulltext.csv")
    assert _messages(report, "fulltext.csv:4") == [
        ("skipped", "duplicate record", "repeats fulltext.csv:2 in every value; imported once")
    ]


def test_fulltext_quirks_are_normalised_and_reported(repo: Path) -> None:
    report = _import(repo, "euvsdisinfo-fulltext", "fulltext.csv")
    row3 = _messages(report, "fulltext.csv:3")
    assert (
        "normalised",
        "outlet time code",
        "outlet 'Evening Talk Show, 21:55' written as 'Evening Talk Show'",
    ) in row3
    assert (
        "normalised",
        "keywords matched",
        "keyword 'color revolutions' written as 'Colour revolution'",
    ) in row3
    assert (
        "normalised",
        "languages matched",
        "the language column holds the country 'Bulgaria': written as its language 'bg'",
    ) in row3
    assert (
        "flagged",
        "unknown keywords",
        "unknown keyword 'Weather war' left out; add it to "
        "vocabularies/keywords.yml or import with --extend-vocabulary",
    ) in row3
    row5 = _messages(report, "fulltext.csv:5")
    assert ("normalised", "date format", "date '5.4.2016' read as 2016-04-05") in row5
    assert ("normalised", "text cleaned", "Summary: removed HTML tags") in row5
    assert (
        "flagged",
        "unknown languages",
        "the language column holds the country 'Belarus', whose main "
        "language is not clear (be, ru); left out",
    ) in row5
    assert (
        "normalised",
        "text cleaned",
        r"title 'A\ufeff bridge\nwas sold twice': removed invisible "
        "characters (U+FEFF ZERO WIDTH NO-BREAK SPACE)",
    ) in row5


def test_fulltext_case_file_content(repo: Path) -> None:
    _import(repo, "euvsdisinfo-fulltext", "fulltext.csv")
    assert _case_files(repo)["2016-04-05-a-bridge-was-sold-twice"] == (
        '---\ntitle: "A bridge was sold twice"\ndate: "2016-04-05"\nverdict: "disinformation"\n'
        'countries: ["EU"]\noutlets: ["Daily Example"]\nsources:\n  - url: "https://daily.example.com/a/2"\n'
        '    outlet: "Daily Example"\nreported_in: "13"\n---\n\n## Summary\n\n'
        "The bridge was sold to two buyers & nobody noticed.\n\n## Response\n\n"
        "\\# Not a heading: the bridge belongs to the city.\n\n1\\. It was never for sale.\n"
    )


def test_shared_source_stays_a_source_and_missing_summary_gets_a_stub(repo: Path) -> None:
    """One article can carry several claims: each case keeps it as a source (validate warns)."""
    report = _import(repo, "euvsdisinfo-fulltext", "fulltext.csv")
    text = _case_files(repo)["2016-04-06-a-second-claim-from-the-same-article"]
    assert 'sources:\n  - url: "https://daily.example.com/a/1"' in text
    stub = "Imported from the EUvsDisinfo full-text export; the summary has not been written yet."
    assert f"## Summary\n\n{stub}\n" in text
    assert ("flagged", "no text", "no summary in the data: a stub says so") in _messages(
        report, "fulltext.csv:8"
    )


def test_long_title_is_shortened_and_kept_whole_in_the_summary(repo: Path) -> None:
    _import(repo, "euvsdisinfo-fulltext", "fulltext.csv")
    case = next(c for c in load_content(repo).cases if c.title.startswith("Long"))
    assert case.title == "Long" + " claim" * 49 + "…"  # cut at a word, within 300 characters
    assert case.summary.startswith("Full title: Long claim") and case.summary.split("\n")[0].endswith(" end")


def test_reimport_is_a_no_op(repo: Path) -> None:
    _import(repo, "euvsdisinfo-fulltext", "fulltext.csv")
    before = _case_files(repo)
    again = _import(repo, "euvsdisinfo-fulltext", "fulltext.csv")
    assert again.counts()["written"] == 0 and again.counts()["unchanged"] == 5
    assert _case_files(repo) == before


def test_an_edited_case_is_never_overwritten(repo: Path) -> None:
    _import(repo, "euvsdisinfo-fulltext", "fulltext.csv")
    path = repo / "cases" / "2016" / f"{RAIN}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("The outlet said", "An editor wrote"), "utf-8")
    again = _import(repo, "euvsdisinfo-fulltext", "fulltext.csv")
    assert ("skipped", "file exists", f"cases/2016/{RAIN}.md exists with other content; not overwritten") in (
        _messages(again, "fulltext.csv:2")
    )
    assert "An editor wrote" in path.read_text(encoding="utf-8")


def test_metadata_joined_with_sources(repo: Path) -> None:
    report = _import(repo, "euvsdisinfo-metadata", "metadata.csv", "sources.csv")
    assert report.counts()["imported"] == 3
    moon = _messages(report, "metadata.csv:2")
    assert (
        "normalised",
        "archive repaired",
        "malformed archive link "
        "'https://web.archive.orghttps://daily.example.com/moon' repaired as "
        "'https://web.archive.org/web/https://daily.example.com/moon'",
    ) in moon
    assert ("normalised", "artefact removed", "outlets: dropped 'Show more', an artefact of the data") in moon
    assert ("flagged", "no archive", "no archived copy of 'https://daily.example.com/moon-2'") in moon
    assert (
        "flagged",
        "unknown countries",
        "unknown country 'Kirgizstan' left out; add it to "
        "vocabularies/countries.yml or import with --extend-vocabulary",
    ) in moon
    assert (
        "flagged",
        "unknown languages",
        "unknown language 'Castilian' left out; use an ISO 639-1 code or an English name",
    ) in moon
    trees = _messages(report, "metadata.csv:3")
    assert (
        "flagged",
        "archive is the source",
        "the archive link 'https://daily.example.com/trees' is the source URL itself, not an archived copy; "
        "kept as the source",
    ) in trees
    # the archive of an address that is not a URL keeps its evidence: what it archived becomes a source
    assert (
        "flagged",
        "archive made a source",
        "the archive link 'https://web.archive.org/web/https://daily.example.com/x' pairs with no source; "
        "its address 'https://daily.example.com/x' is added as one",
    ) in trees
    assert (
        "flagged",
        "source URL left out",
        "source 'http://N/A' left out: 'http://N/A' has no valid host name",
    ) in trees
    assert ("flagged", "no source", "no usable source URL") in _messages(report, "metadata.csv:4")
    assert _messages(report, "sources.csv:6") == [
        (
            "skipped",
            "link to no case",
            "a link for "
            "'https://db.example.org/report/not-in-metadata/', which is not a case of the cases file",
        )
    ]
    files = _case_files(repo)
    assert (
        "Imported from the EUvsDisinfo metadata export (<https://db.example.org/report/moon-is-a-hologram/>); "  # noqa: E501
        "the summary has not been written yet." in files["2020-05-01-the-moon-is-a-hologram"]
    )
    assert load_content(repo).errors == []


def test_extend_vocabulary_adds_terms_under_their_most_frequent_spelling(repo: Path) -> None:
    report = _import(repo, "euvsdisinfo-metadata", "metadata.csv", "sources.csv", extend=True)
    assert report.vocabulary == {
        "vocabularies/keywords.yml": {"Conspiracy": [], "Surveillance": []},
        "vocabularies/countries.yml": {"Kirgizstan": []},
    }
    keywords = (repo / "vocabularies" / "keywords.yml").read_text(encoding="utf-8")
    assert keywords.endswith('- name: "Conspiracy"\n- name: "Surveillance"\n')
    countries = (repo / "vocabularies" / "countries.yml").read_text(encoding="utf-8")
    assert '    aliases: [European Union]\n  - name: "Kirgizstan"\n# More spellings' in countries
    content = load_content(repo)
    assert content.errors == []
    moon = content.case("2020-05-01-the-moon-is-a-hologram")
    assert (
        moon is not None and moon.keywords == ("Conspiracy",) and moon.countries == ("Russia", "Kirgizstan")
    )
    again = _import(repo, "euvsdisinfo-metadata", "metadata.csv", "sources.csv", extend=True)
    assert again.vocabulary == {} and again.counts()["unchanged"] == 3


@pytest.mark.parametrize("data", ["spreadsheet.csv", "spreadsheet.json"])
def test_generic_mapping(repo: Path, data: str) -> None:
    report = _import(repo, "mapped", data)
    assert report.counts()["skipped"] == 0
    content = load_content(repo)
    assert content.errors == []
    first = content.cases[0]
    if data.endswith(".csv"):
        assert (first.id, first.verdict, first.keywords, first.countries, first.reported_in) == (
            "2021-02-14-clouds-are-painted-by-drones",
            "misleading",
            ("Elections", "NATO"),
            ("Russia", "EU"),
            7,
        )
        assert content.cases[1].verdict == "disinformation"
    else:
        assert (first.id, first.languages, first.reported_in) == ("2021-03-01-bridges-are-hollow", ("ru",), 9)


def test_cli_import_prints_the_table_and_writes_the_json_report(repo: Path) -> None:
    out = repo / "report.json"
    result = CliRunner().invoke(
        main,
        [
            "import",
            "euvsdisinfo-fulltext",
            str(FIXTURES / "fulltext.csv"),
            "--root",
            str(repo),
            "--report",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "  written                        5\n" in result.output
    assert "    fulltext.csv:4: repeats fulltext.csv:2 in every value; imported once" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["counts"]["skipped"] == 1
    assert Entry(**data["entries"][0]).origin == "fulltext.csv:2"


def test_cli_mapping_only_with_mapped(repo: Path) -> None:
    result = CliRunner().invoke(
        main, ["import", "mapped", str(FIXTURES / "spreadsheet.csv"), "--root", str(repo)]
    )
    assert result.exit_code == 2
    assert "--mapping goes with FORMAT 'mapped', and only with it" in result.output
