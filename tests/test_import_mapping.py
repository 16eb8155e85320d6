"""Issue 22: an export in a layout debunk had never met, imported whole with the documented mapping.

The fixture (`tests/fixtures/import/labelled/`, written for these tests) puts a verdict label before
each title, joins multi-word tags with spaces and repeats the title after them, names outlets by
URL or domain, and lists several links and archives in one cell.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from debunk.cli import main
from debunk.content.repository import load_content
from debunk.content.vocab import Vocabulary, fold, load_vocabularies
from debunk.importer import ImportOptions, ImportReport, load_mapping, run_import
from debunk.importer.errors import MappingError
from debunk.importer.mapping import mapping_from_data
from debunk.importer.split import split_by_vocabulary

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "import" / "labelled"
CASES = FIXTURE / "cases.csv"
MAPPING = REPO / "examples" / "import-mapping-labelled.yml"
"""The mapping the README documents for this layout: what a user would copy."""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE / "vocabularies", tmp_path / "vocabularies")
    return tmp_path


def _rows() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _import(repo: Path, source: Path = CASES, **options: bool) -> ImportReport:
    return run_import(
        "mapped", load_mapping(MAPPING), [source], ImportOptions(repo, repo / "cases", **options)
    )


def _cli(repo: Path, *args: str, source: Path = CASES) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["import", "mapped", str(source), "--mapping", str(MAPPING), "--root", str(repo), *args]
    )
    return result.exit_code, result.output


def _expected_keywords(cell: str, title: str, vocabulary: Vocabulary) -> list[str]:
    """The vocabulary's terms in the cell, leftmost-longest, once the repeated title is cut off."""
    cell = re.sub(r"\s*(?:[A-Z][A-Z ]*[A-Z]\s*:\s*)?" + re.escape(title) + r"\s*$", "", cell)
    spellings = sorted(vocabulary._lookup, key=len, reverse=True)
    pattern = r"(?<!\S)(" + "|".join(map(re.escape, spellings)) + r")(?!\S)"
    found = [vocabulary._lookup[fold(m.group(1))] for m in re.finditer(pattern, cell, re.IGNORECASE)]
    return list(dict.fromkeys(found))


def test_the_labelled_export_imports_whole(repo: Path) -> None:
    report = _import(repo)
    content = load_content(repo)
    assert content.errors == []
    rows = {row["Claim ID"]: row for row in _rows()}
    assert report.counts()["imported"] == len(rows) and report.error_skips() == 0
    mapping = load_mapping(MAPPING)
    assert mapping.verdict_from is not None
    verdicts = load_vocabularies(repo).verdicts
    by_label = {fold(v.label): v.id for v in verdicts.values()} | {v: v for v in verdicts}
    vocabulary = load_vocabularies(repo).keywords
    by_date = {case.date.strftime("%d/%m/%Y"): case for case in content.cases}
    for row in rows.values():
        case = by_date[row["Published on"]]
        label = mapping.verdict_from.label_in(row["Headline"])
        assert label is not None
        assert not case.title.startswith(label) and label.lower() not in case.id.split("-")
        assert case.title in row["Headline"] and case.id.endswith(case.title.lower().split()[-1])
        assert case.verdict == by_label[fold(mapping.verdict_from.labels[label])]
        assert list(case.keywords) == _expected_keywords(row["Topics"], case.title, vocabulary)
    # Every archive link of the input is kept (needs the importer to know archive.euvsd.info).
    written = "\n".join(path.read_text(encoding="utf-8") for path in (repo / "cases").glob("*/*.md"))
    archives = [link.strip() for row in rows.values() for link in row["Archived copies"].split("|")]
    assert [link for link in archives if link and link not in written] == []


def test_outlets_given_as_urls_and_domains_are_matched_by_domain(repo: Path) -> None:
    report = _import(repo)
    content = load_content(repo)
    outlets = load_vocabularies(repo).outlets
    for row in _rows():
        case = next(c for c in content.cases if c.date.strftime("%d/%m/%Y") == row["Published on"])
        host = re.sub(r"^(?:https?://)?(?:www\.)?([^/]+).*$", r"\1", row["Media"])
        owner = next((name for domain, name in outlets.domains.items() if host.endswith(domain)), None)
        if owner is not None:
            assert case.outlets == (owner,)
        else:  # not a known domain: reduced to it, flagged, never added as a URL
            assert case.outlets == ()
            flags = [e.message for e in report.entries if e.kind == "flagged" and host in e.message]
            assert any("written as its domain" in message for message in flags)


def test_the_clean_up_is_reported_record_by_record(repo: Path) -> None:
    report = _import(repo)
    cleaned = {e.origin for e in report.entries if e.code == "cleaned" and "Headline: removed" in e.message}
    assert len(cleaned) == len(_rows())
    topics = [e.message for e in report.entries if e.code == "cleaned" and e.message.startswith("Topics")]
    repeats = [row for row in _rows() if row["Topics"].endswith(row["Headline"].split(":", 1)[1].strip())]
    assert len(topics) == len(repeats) > 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"clean": {"Headline": ["^[A-Z+:"]}}, "clean.Headline[0]: invalid regular expression '^[A-Z+:'"),
        ({"clean": {"Nope": ["x"]}}, "clean.Nope: 'Nope' is not a column of 'columns'"),
        ({"clean": {"Headline": [".*"]}}, "clean.Headline[0]: '.*' matches an empty text"),
        ({"verdict_from": {"column": "Headline", "pattern": "^([A-Z]+):"}}, "has no group named 'label'"),
        ({"verdict_from": {"column": "Headline", "pattern": "^(?P<label>[A-Z+):"}}, "at position 11"),
        ({"verdict_from": {"column": "Headline", "pattern": "^x", "label": {}}}, "unknown key 'label'"),
        ({"separators": {"languages": "vocabulary"}}, "separators.languages: 'vocabulary' splits only"),
    ],
)
def test_mapping_errors_name_the_key_and_the_bad_value(data: dict[str, object], message: str) -> None:
    base: dict[str, object] = {"columns": {"Headline": "title", "Published on": "date"}}
    with pytest.raises(MappingError) as error:
        mapping_from_data(base | data)
    assert message in str(error.value)


def test_a_label_table_naming_no_verdict_is_an_error(repo: Path, tmp_path: Path) -> None:
    text = MAPPING.read_text(encoding="utf-8").replace("MISLEADING: Misleading", "MISLEADING: half-true")
    (tmp_path / "map.yml").write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=r"verdict_from.labels.MISLEADING: 'half-true' is not a verdict"):
        run_import("mapped", load_mapping(tmp_path / "map.yml"), [CASES], ImportOptions(repo, repo / "cases"))


def test_an_unknown_label_skips_the_record_and_the_import_exits_1(repo: Path, tmp_path: Path) -> None:
    rows = _rows()
    rows[1]["Headline"] = "SATIRE: " + rows[1]["Headline"].split(":", 1)[1].strip()
    source = tmp_path / "export.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, output = _cli(repo, source=source)
    assert code == 1
    assert "verdict 'SATIRE' (from the label 'SATIRE' in Headline) is not one of" in output
    assert (
        output.rstrip("\n").rsplit("\n", 1)[-1]
        == f"1 of {len(rows)} records skipped for errors (listed above)"
    )


def test_the_normalised_and_flagged_counts_agree_with_the_table(repo: Path, tmp_path: Path) -> None:
    report_file = tmp_path / "report.json"
    code, output = _cli(repo, "--report", str(report_file))
    assert code == 0
    import json

    data = json.loads(report_file.read_text(encoding="utf-8"))
    for kind in ("normalised", "flagged"):
        origins = {entry["origin"] for entry in data["entries"] if entry["kind"] == kind}
        shown = re.search(rf"^  {kind}\s+(\d+)$", output, re.MULTILINE)
        assert shown is not None and int(shown.group(1)) == len(origins) == data["counts"][kind]


def test_when_every_record_is_skipped_the_counts_still_match_the_table(repo: Path, tmp_path: Path) -> None:
    rows = _rows()
    for row in rows:
        row["Headline"] = "RUMOUR: " + row["Headline"].split(":", 1)[1].strip()
    source = tmp_path / "export.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = _import(repo, source)
    listed = {e.origin for e in report.entries if e.kind == "normalised"}
    assert report.counts()["skipped"] == len(rows) and report.counts()["normalised"] == len(listed) > 0


def test_split_by_vocabulary_takes_the_longest_term_at_each_point() -> None:
    vocabulary = Vocabulary("keyword")
    for name in ("Energy", "Energy crisis", "European Union", "IS"):
        vocabulary.add(name)
    assert split_by_vocabulary("energy crisis Energy European  union", vocabulary) == [
        "energy crisis",
        "Energy",
        "European  union".replace("  ", " "),
    ]
    # Unknown words stay together; a short code counts only in capitals ("is" is a word, "IS" a term).
    assert split_by_vocabulary("Energy what is this IS", vocabulary) == ["Energy", "what is this", "IS"]


def test_extend_vocabulary_adds_terms_never_junk(repo: Path, tmp_path: Path) -> None:
    """Without the clean-up, the repeated titles would become 'keywords': they are flagged instead."""
    text = MAPPING.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  Topics: \[.*$", "", text)
    assert "Topics: [" not in text
    (tmp_path / "map.yml").write_text(text, encoding="utf-8")
    rows = _rows()
    rows[0]["Topics"] = (
        "Propaganda Day https://example.org/tag Is it true? Yes; no. Maybe " + rows[0]["Topics"]
    )
    source = tmp_path / "export.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    options = ImportOptions(repo, repo / "cases", extend_vocabulary=True)
    report = run_import("mapped", load_mapping(tmp_path / "map.yml"), [source], options)
    before = load_vocabularies(FIXTURE).keywords
    most = max(len(s.split()) for s in before._lookup)
    added = report.vocabulary.get("vocabularies/keywords.yml", {})
    for name in added:
        assert "://" not in name and ":" not in name and not re.search(r"[?!;]", name)
        assert len(name.split()) <= most
    flagged = [e for e in report.entries if "not added to the vocabulary" in e.message]
    flags = [e.message for e in flagged]
    repeats = {
        f"export.csv:{n}"
        for n, row in enumerate(rows, 2)
        if row["Headline"].split(":")[1].strip() in row["Topics"]
    }
    assert repeats and repeats <= {e.origin for e in flagged}
    assert any("holds a URL" in flag for flag in flags) and any(
        "starts with the label" in flag for flag in flags
    )
    after = (repo / "vocabularies" / "keywords.yml").read_text(encoding="utf-8")
    assert all(f'"{name}"' in after for name in added)
    assert "DISINFO" not in after and "http" not in after


def _tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_dry_run_prints_the_report_and_writes_nothing(repo: Path) -> None:
    _import(repo)  # a first import, so that the dry run has a manifest and cases to compare with
    cases = repo / "cases"
    first = next(cases.glob("*/*.md"))
    first.write_text(first.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    before = _tree(repo)
    code, output = _cli(repo, "--dry-run", "--extend-vocabulary", "--update")
    assert _tree(repo) == before
    assert code == 0 and "dry run: nothing written" in output
    assert "edited since import" in output and "unknown-portal.example" in output


def _changed_export(tmp_path: Path, change: dict[str, dict[str, str]]) -> Path:
    rows = _rows()
    for row in rows:
        row.update(change.get(row["Claim ID"], {}))
    source = tmp_path / "newer.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return source


def test_update_changes_what_was_imported_and_keeps_what_was_edited(repo: Path, tmp_path: Path) -> None:
    _import(repo)
    manifest = repo / "imports" / "the-case-database-export.json"
    assert manifest.is_file()
    files = {path.name: path for path in (repo / "cases").glob("*/*.md")}
    rows = _rows()
    summary = "The agency now says the quota is weekly, not monthly."
    newer = _changed_export(tmp_path, {"L-101": {"Claim summary": summary, "Topics": "Migration"}})
    code, output = _cli(repo, "--update", source=newer)
    assert code == 0, output
    rationing = next(path for name, path in files.items() if "rationing" in name)
    text = rationing.read_text(encoding="utf-8")
    assert summary in text and 'keywords: ["Migration"]' in text
    assert f"updated {rationing.relative_to(repo).as_posix()}:" in output
    assert (
        'keywords: ["Elections", "Election meddling", "Viktor Orban", "European Commission"] -> ["Migration"]'
        in output
    )
    assert "summary: A state agency wrote" in output
    unchanged = {path: path.read_bytes() for path in files.values() if path != rationing}
    assert all(path.read_bytes() == data for path, data in unchanged.items())

    wind = next(path for name, path in files.items() if "wind" in name)
    edited = wind.read_text(encoding="utf-8").replace("A radio segment", "A radio programme")
    wind.write_text(edited, encoding="utf-8")
    newest = _changed_export(tmp_path, {"L-102": {"Debunk": "Measurements show no such effect."}})
    code, output = _cli(repo, "--update", source=newest)
    assert wind.read_text(encoding="utf-8") == edited
    assert code == 0  # an edit kept is what the user asked for, not an error
    assert f"{wind.relative_to(repo).as_posix()} was changed after it was imported" in output
    assert len(rows) == len(list((repo / "cases").glob("*/*.md")))


def test_without_update_an_imported_case_is_not_overwritten(repo: Path, tmp_path: Path) -> None:
    _import(repo)
    before = _tree(repo / "cases")
    newer = _changed_export(tmp_path, {"L-101": {"Claim summary": "Another summary."}})
    code, output = _cli(repo, source=newer)
    assert _tree(repo / "cases") == before
    assert code == 1
    assert "not overwritten (an earlier import wrote it and nobody edited it: --update updates it)" in output


def test_outlet_domains_are_host_names_listed_once(repo: Path) -> None:
    (repo / "vocabularies" / "outlets.yml").write_text(
        "- name: TASS\n  domains: [tass.ru, 'https://tass.com/', www.tass.ru]\n"
        "- name: Copy\n  domains: [TASS.ru, copy.example]\n- name: Odd\n  domains: tass.ru\n",
        encoding="utf-8",
    )
    vocabularies = load_vocabularies(repo)
    messages = [f"{p.line}: {p.message}" for p in vocabularies.problems if p.field == "domains"]
    assert messages == [
        "1: 'https://tass.com/' is not a host name; write the domain alone, without 'https://', 'www.' "
        "or a path, e.g. 'tass.ru'",
        "1: 'www.tass.ru' is not a host name; write the domain alone, without 'https://', 'www.' "
        "or a path, e.g. 'tass.ru'",
        "3: domain 'tass.ru' is listed twice (also under 'TASS')",
        "5: 'domains' must be a list of host names, e.g. [tass.ru]",
    ]
    assert vocabularies.outlets.domains == {"tass.ru": "TASS", "copy.example": "Copy"}


def test_the_commented_options_of_the_general_example_load(tmp_path: Path) -> None:
    """What examples/import-mapping.yml shows in comments works when a user uncomments it."""
    lines = (REPO / "examples" / "import-mapping.yml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# clean:"))
    end = next(i for i, line in enumerate(lines) if line.startswith("# separators: {keywords: vocabulary}"))
    lines[start:end] = [line[2:] for line in lines[start:end]]
    (tmp_path / "map.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = load_mapping(tmp_path / "map.yml")
    assert set(mapping.clean) == {"Claim", "Tags"} and mapping.verdict_from is not None
    assert mapping.verdict_from.label_in("DISINFO: Rain is forbidden") == "DISINFO"


def test_a_verdict_written_as_its_label_is_read_as_its_id(repo: Path, tmp_path: Path) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(
        "Claim,Published,Rating\nClouds are painted,2021-02-14,MISLEADING\nRain is rented,2021-02-15,"
        "Disinformation\nFog is sold,2021-02-16,half true\n",
        encoding="utf-8",
    )
    mapping = mapping_from_data({"columns": {"Claim": "title", "Published": "date", "Rating": "verdict"}})
    report = run_import("mapped", mapping, [source], ImportOptions(repo, repo / "cases"))
    verdicts = {case.title: case.verdict for case in load_content(repo).cases}
    assert verdicts == {"Clouds are painted": "misleading", "Rain is rented": "disinformation"}
    skipped = [e.message for e in report.entries if e.kind == "skipped"]
    assert skipped == [
        "verdict 'half true' is not one of disinformation (Disinformation), misleading (Misleading)"
    ]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("see https://example.org/x", "it holds a URL"),
        ("www.example.org/news", "it holds a URL"),
        ("DISINFO: Rain is rented", "it starts with the label 'DISINFO:'"),
        ("Is rain rented?", "it has sentence punctuation"),
        ("Rain; snow", "it has sentence punctuation"),
        ("Rain is rented. Snow too", "it has sentence punctuation"),
        ("one two three four", "it has 4 words, more than any term of the vocabulary (3)"),
        ("U.S. elections", None),
        ("Vesti - YouTube channel", None),
        ("aeronet.cz", None),
    ],
)
def test_what_extend_vocabulary_never_adds(value: str, reason: str | None) -> None:
    from debunk.importer.terms import not_a_term

    assert not_a_term(value, 3) == reason
