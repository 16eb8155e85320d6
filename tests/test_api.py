"""Data for tools: a JSON file per case and per term, valid against the JSON Schemas published
beside them, with the same cases, terms and related cases as the pages; made again only where a
case changed, and then equal to a clean build."""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from test_site import make_repo, mkdocs_build

from debunk.content.repository import load_content
from debunk.publish.api import ApiMemo, all_terms, api_files, case_data
from debunk.settings import load_settings
from debunk.site.pages import build_site
from debunk.site.paths import case_path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("api") / "repo")
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.stderr
    return repo


def read(repo: Path, path: str) -> dict:  # type: ignore[type-arg]
    return json.loads((repo / "site" / path).read_text(encoding="utf-8"))


def validator(repo: Path, name: str) -> jsonschema.Draft202012Validator:
    schema = read(repo, f"api/{name}.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_every_case_has_a_valid_file_with_every_field(built: Path) -> None:
    content = load_content(built)
    check = validator(built, "case")
    files = sorted((built / "site/api/cases").glob("*.json"))
    assert [path.stem for path in files] == sorted(case.id for case in content.cases)
    records = {
        json.loads(line)["id"]: json.loads(line)
        for line in gzip.decompress((built / "site/data/cases.jsonl.gz").read_bytes()).decode().splitlines()
    }
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert list(check.iter_errors(data)) == [], path.name
        assert {key: data[key] for key in records[path.stem]} == records[path.stem]  # every field
        assert data["claimreview"]["url"] == data["url"]


def test_related_cases_are_those_of_the_page(built: Path) -> None:
    content = load_content(built)
    site = build_site(content, load_settings(built))
    for case in content.cases:
        data = read(built, f"api/cases/{case.id}.json")
        shown = site.related.get(case.id, ())
        assert [item["id"] for item in data["related_cases"]] == [r.case.id for r in shown]
        page = (built / "site" / case_path(case) / "index.html").read_text(encoding="utf-8")
        for item in data["related_cases"]:
            assert f"{item['id']}/" in page  # the page links the same related case


def test_every_term_lists_its_cases_newest_first(built: Path) -> None:
    content = load_content(built)
    check = validator(built, "term")
    kinds = {
        "keywords": lambda c: c.keywords,
        "countries": lambda c: c.countries,
        "languages": lambda c: c.languages,
        "outlets": lambda c: c.outlets,
        "narratives": lambda c: c.narratives,
    }
    seen = 0
    for taxonomy, values in kinds.items():
        for path in sorted((built / "site/api" / taxonomy).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            assert list(check.iter_errors(data)) == [], path
            carrying = [c for c in content.cases if data["name"] in values(c)]
            newest_first = sorted(carrying, key=lambda c: (c.date, c.id), reverse=True)
            assert data["cases"] == [c.id for c in newest_first]
            assert data["count"] == len(carrying)
            seen += 1
    names = {(t, n) for t, values in kinds.items() for c in content.cases for n in values(c)}
    assert seen == len(names) and seen > 0


def test_the_index_and_the_data_page_point_to_the_files(built: Path) -> None:
    index = read(built, "api/index.json")
    assert index["cases"]["count"] == len(load_content(built).cases)
    page = (built / "site/data/index.html").read_text(encoding="utf-8")
    assert "api/index.json" in page and "api/case.schema.json" in page and "api/term.schema.json" in page


def test_a_rebuild_makes_only_changed_cases_again_and_equals_a_clean_build(built: Path) -> None:
    content = load_content(built)
    site = build_site(content, load_settings(built))
    memo = ApiMemo()
    first = dict(api_files(site, memo))
    kept = {case_id: entry[1] for case_id, entry in memo.cases.items()}
    again = dict(api_files(site, memo))
    assert again == first
    assert all(memo.cases[case_id][1] is kept[case_id] for case_id in kept)  # reused, not made again
    assert dict(api_files(site)) == first  # a clean run gives the same bytes
    edited = replace(content.cases[0], title=content.cases[0].title + " (corrected)")
    content.cases = (edited, *content.cases[1:])
    changed_site = build_site(content, load_settings(built))
    rebuilt = dict(api_files(changed_site, memo))
    assert rebuilt == dict(api_files(changed_site))  # equal to a clean build of the edited content
    differ = {path for path in first if first[path] != rebuilt.get(path)}
    assert f"api/cases/{edited.id}.json" in differ
    assert not {path for path in differ if path.startswith("api/cases/")} - {
        f"api/cases/{edited.id}.json",
        *(f"api/cases/{r.case.id}.json" for r in changed_site.related.get(edited.id, ())),
        *(
            f"api/cases/{c.id}.json"
            for c in content.cases
            if edited.id in {r.case.id for r in changed_site.related.get(c.id, ())}
        ),
    }


def test_the_data_package_lists_every_file_the_build_wrote_under_data(built: Path) -> None:
    """Each year's part and each whole file is a resource with its own size and hash; nothing else
    (the /data/ page aside) is there."""
    data = built / "site/data"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    written = {p.name for p in data.iterdir() if p.is_file()} - {"index.html", "datapackage.json"}
    assert sorted(resource["path"] for resource in package["resources"]) == sorted(written)
    for resource in package["resources"]:
        file = (data / resource["path"]).read_bytes()
        assert resource["bytes"] == len(file), resource["path"]
        assert resource["hash"] == f"sha256:{hashlib.sha256(file).hexdigest()}", resource["path"]
    years = {case.date.year for case in load_content(built).cases}
    assert {name for name in written if name.startswith(("cases-", "claimreview-feed-"))} == {
        name for year in years for name in (f"cases-{year}.csv", f"claimreview-feed-{year}.json")
    }


def _links(data: object) -> list[str]:
    """Every string of a JSON document that is an address."""
    if isinstance(data, dict):
        return [link for value in data.values() for link in _links(value)]
    if isinstance(data, list):
        return [link for value in data for link in _links(value)]
    return [data] if isinstance(data, str) and data.startswith("https://") else []


def test_every_link_of_the_index_is_a_file_of_the_site(built: Path) -> None:
    """The bulk files, the schemas and the address patterns (one case, one term of each taxonomy)."""
    index = read(built, "api/index.json")
    url = load_settings(built).site_url
    site = build_site(load_content(built), load_settings(built))
    examples = {"cases": site.content.cases[0].id} | {
        term.taxonomy: term.slug for term in reversed(all_terms(site))
    }
    links = _links(index)
    assert {"bulk", "schemas"} <= index.keys() and len(links) >= len(index["bulk"]) + len(examples)
    for link in links:
        taxonomy = link.removeprefix(f"{url}api/").split("/")[0]
        path = link.removeprefix(url).format(id=examples.get(taxonomy), slug=examples.get(taxonomy))
        assert link.startswith(url) and (built / "site" / path).is_file(), link


def test_the_api_files_are_compact_json_of_the_same_objects(built: Path) -> None:
    """No indentation, keys in the order written: each file parses to the data it was made from,
    every case's to its `case_data` (what the indented file held)."""
    content = load_content(built)
    site = build_site(content, load_settings(built))
    api = built / "site/api"
    files = {p.relative_to(built / "site").as_posix(): p.read_bytes() for p in api.rglob("*") if p.is_file()}
    assert files.keys() == dict(api_files(site)).keys()
    for data in files.values():
        compact = json.dumps(json.loads(data), ensure_ascii=False, separators=(",", ":")) + "\n"
        assert data == compact.encode("utf-8")
    verdicts = content.vocabularies.verdicts
    for case in content.cases:
        expected = json.loads(json.dumps(case_data(case, site, verdicts[case.verdict]), indent=2))
        assert json.loads(files[f"api/cases/{case.id}.json"]) == expected
