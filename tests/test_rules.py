"""Every validation rule, valid and invalid, with the exact problem as `debunk validate` prints it.

Each table writes one case (see the line map in conftest.py) with some fields replaced and
lists the problems of that file. A printed problem carries its severity: warnings read
`path:line: field: warning: message`, errors have no tag.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from conftest import BODY, CASE, Repo, case_text

from debunk.build import workers
from debunk.build.previous import Previous
from debunk.content.load import load_case
from debunk.content.repository import load_content
from debunk.content.vocab import load_vocabularies
from debunk.model import Case, Problem, Severity
from debunk.rules import validate
from debunk.rules.validate import check_unique_ids

GAS = "cases/2023/2023-01-05-gas-storage-empty-by-february.md"
VOTE = "cases/2023/2023-02-10-baltic-vote-decided-abroad.md"
ALLOWED = (
    "title, date, verdict, narratives, keywords, countries, languages, outlets, sources, reported_in, "
    "related, published, updates, status, publish_on"
)
ARCHIVE = "https://archive.ph/abc12"


def at(*lines: str) -> list[str]:
    """Problems of the test case, written without the path: `7: countries[0]: ...`."""
    return [f"{CASE}:{line}" for line in lines]


def sources(*entries: str) -> str:
    """The raw YAML of a `sources` list from `url` / `url|archive` / `url|archive|outlet` entries."""
    text = ""
    for entry in entries:
        keys = ("url", "archive", "outlet")
        for index, (key, value) in enumerate(zip(keys, entry.split("|"), strict=False)):
            if value:
                text += f"\n  {'- ' if index == 0 else '  '}{key}: {value}"
    return text


def body(summary: str = "A.", response: str = "B.") -> str:
    return f"\n## Summary\n\n{summary}\n\n## Response\n\n{response}\n"


def test_problem_prints_its_severity() -> None:
    assert str(Problem("a.md", 3, "title", "bad")) == "a.md:3: title: bad"
    assert str(Problem("a.md", 3, "title", "odd", Severity.WARNING)) == "a.md:3: title: warning: odd"


def test_the_fixture_repository_and_the_base_case_are_valid(repo: Repo) -> None:
    repo.write_case()
    content = load_content(repo.root)
    assert content.problems == []
    assert [case.id for case in content.cases] == [
        "2023-01-05-gas-storage-empty-by-february",
        "2023-02-10-baltic-vote-decided-abroad",
        "2023-06-01-wind-farms-cause-storms",
        "2024-03-20-nato-drills-cover-for-attack",
    ]


def check(repo: Repo, fields: dict[str, str | None], expected: list[str], text_body: str = BODY) -> None:
    repo.write_case(body=text_body, **fields)
    assert repo.messages() == expected


REQUIRED = [
    ({"title": None}, at("2: title: required field 'title' is missing")),
    ({"date": None}, at("2: date: required field 'date' is missing")),
    ({"verdict": None}, at("2: verdict: required field 'verdict' is missing")),
    (
        {"title": None, "date": None, "verdict": None},
        at(
            "2: date: required field 'date' is missing",
            "2: title: required field 'title' is missing",
            "2: verdict: required field 'verdict' is missing",
        ),
    ),
    ({"title": '""'}, at("2: title: must not be empty")),
    ({"title": "' '"}, at("2: title: must not be empty")),
    ({"title": ""}, at("2: title: must not be empty")),
    ({"title": "[a, b]"}, at("2: title: must be plain text, not a list or mapping")),
    ({"verdict": "{a: b}"}, at("4: verdict: must be plain text, not a list or mapping")),
    # Optional fields: missing is fine for some, a warning for those readers browse by.
    ({"narratives": None}, []),
    (
        {"keywords": None},
        at("2: keywords: warning: no 'keywords' field: readers cannot find this case by keyword"),
    ),
    (
        {"countries": None},
        at("2: countries: warning: no 'countries' field: readers cannot find this case by country"),
    ),
    (
        {"languages": None},
        at("2: languages: warning: no 'languages' field: readers cannot find this case by language"),
    ),
    (
        {"outlets": None},
        at("2: outlets: warning: no 'outlets' field: readers cannot find this case by outlet"),
    ),
    (
        {"sources": None},
        at("2: sources: warning: no 'sources' field: add the original publication and an archived copy"),
    ),
    ({"keywords": "[]", "countries": "[]", "languages": "[]", "outlets": "[]"}, []),
    ({"reported_in": "321"}, []),
    ({"reported_in": '"7"'}, []),
    ({"reported_in": "0"}, at("14: reported_in: '0' is not a review issue number (a whole number from 1)")),
    ({"reported_in": "3a"}, at("14: reported_in: '3a' is not a review issue number (a whole number from 1)")),
    (
        {"reported_in": "1234567"},
        at("14: reported_in: '1234567' is not a review issue number (a whole number from 1)"),
    ),
]


@pytest.mark.parametrize(("fields", "expected"), REQUIRED)
def test_required_fields(fields: dict[str, str | None], expected: list[str], repo: Repo) -> None:
    check(repo, fields, expected)


CLOSED_SCHEMA = [
    ({"titel": "a"}, at(f"14: titel: unknown field 'titel' (did you mean 'title'?); allowed: {ALLOWED}")),
    (
        {"keyword": "[Energy]"},
        at(f"14: keyword: unknown field 'keyword' (did you mean 'keywords'?); allowed: {ALLOWED}"),
    ),
    (
        {"reportedin": "3"},
        at(f"14: reportedin: unknown field 'reportedin' (did you mean 'reported_in'?); allowed: {ALLOWED}"),
    ),
    ({"tags": "[a]"}, at(f"14: tags: unknown field 'tags'; allowed: {ALLOWED}")),
    ({"id": "x"}, at("14: id: 'id' is inferred from the file name; remove it")),
    ({"slug": "x"}, at("14: slug: 'slug' is inferred from the file name; remove it")),
    ({"year": "2023"}, at("14: year: 'year' is inferred from the file's folder; remove it")),
    (
        {"template": "x.html"},
        at("14: template: 'template' changes how the page renders and is not allowed in content files"),
    ),
    (
        {"hide": "[toc]"},
        at("14: hide: 'hide' changes how the page renders and is not allowed in content files"),
    ),
    (
        {"search": "{exclude: true}"},
        at("14: search: 'search' changes how the page renders and is not allowed in content files"),
    ),
    (
        {"sources": sources(f"https://example.org/a|{ARCHIVE}") + "\n    link: https://example.org/b"},
        at("13: sources[0].link: unknown field 'link'"),
    ),
    (
        {"sources": sources(f"https://example.org/a|{ARCHIVE}") + "\n    archived: https://example.org/b"},
        at("13: sources[0].archived: unknown field 'archived' (did you mean 'archive'?)"),
    ),
]


@pytest.mark.parametrize(("fields", "expected"), CLOSED_SCHEMA)
def test_closed_schema(fields: dict[str, str | None], expected: list[str], repo: Repo) -> None:
    check(repo, fields, expected)


PATHS = [
    ("cases/2023/2023-06-01-wind-farms-cause-storms.md", '"2023-06-01"', []),
    ("cases/2023/2023-06-01-a.md", '"2023-06-01"', []),
    (
        "cases/2023/2023-06-01-wind-farms-cause-storms.md",
        '"2023-06-02"',
        [f"{CASE}:3: date: '2023-06-02' does not match the file name date '2023-06-01'"],
    ),
    (
        "cases/2024/2023-06-01-wind-farms.md",
        '"2023-06-01"',
        [
            "cases/2024/2023-06-01-wind-farms.md:0: file: the date '2023-06-01' is not in the year folder "
            "'2024'"
        ],
    ),
    (
        "cases/2023/2023-06-01-Wind-Farms.md",
        '"2023-06-01"',
        [
            "cases/2023/2023-06-01-Wind-Farms.md:0: file: "
            "slug 'Wind-Farms' must be 1-80 lowercase letters, digits and hyphens"
        ],
    ),
    (
        "cases/2023/2023-06-01-wind--farms.md",
        '"2023-06-01"',
        [
            "cases/2023/2023-06-01-wind--farms.md:0: file: "
            "slug 'wind--farms' must be 1-80 lowercase letters, digits and hyphens"
        ],
    ),
    (
        "cases/2023/2023-06-01-wind_farms.md",
        '"2023-06-01"',
        [
            "cases/2023/2023-06-01-wind_farms.md:0: file: "
            "slug 'wind_farms' must be 1-80 lowercase letters, digits and hyphens"
        ],
    ),
    (
        "cases/2023/2023-06-01-" + "a" * 81 + ".md",
        '"2023-06-01"',
        [
            f"cases/2023/2023-06-01-{'a' * 81}.md:0: file: "
            f"slug '{'a' * 81}' must be 1-80 lowercase letters, digits and hyphens"
        ],
    ),
    (
        "cases/2023/2023-06-01-wind\n.md",
        '"2023-06-01"',
        [
            "cases/2023/2023-06-01-wind\n.md:0: file: slug 'wind\\n' must be 1-80 lowercase letters, digits "
            "and hyphens"
        ],
    ),
    (
        "cases/2023/wind-farms.md",
        '"2023-06-01"',
        ["cases/2023/wind-farms.md:0: file: case files must be named cases/<year>/<yyyy-mm-dd>-<slug>.md"],
    ),
    (
        "cases/2023-06-01-wind-farms.md",
        '"2023-06-01"',
        [
            "cases/2023-06-01-wind-farms.md:0: file: case files must be named "
            "cases/<year>/<yyyy-mm-dd>-<slug>.md"
        ],
    ),
    (
        "cases/2023/2023-06-01-wind-farms.txt",
        '"2023-06-01"',
        ["cases/2023/2023-06-01-wind-farms.txt:0: file: is not a case file: case files end in .md"],
    ),
    (
        "cases/2023/2023-06-01-wind-farms.MD",
        '"2023-06-01"',
        ["cases/2023/2023-06-01-wind-farms.MD:0: file: is not a case file: case files end in .md"],
    ),
    (
        "cases/2023/2023-02-30-wind-farms.md",
        '"2023-02-30"',
        ["cases/2023/2023-02-30-wind-farms.md:3: date: '2023-02-30' is not a real calendar date"],
    ),
    (
        "cases/2023/2023-06-01-wind-farms.md",
        "2023-6-1",
        [
            "cases/2023/2023-06-01-wind-farms.md:3: date: "
            "'2023-6-1' is not a date; write YYYY-MM-DD, e.g. 2022-12-14"
        ],
    ),
    (
        "cases/2023/2023-06-01-wind-farms.md",
        "01/06/2023",
        [
            "cases/2023/2023-06-01-wind-farms.md:3: date: "
            "'01/06/2023' is not a date; write YYYY-MM-DD, e.g. 2022-12-14"
        ],
    ),
    (
        "cases/2023/2023-06-01-wind-farms.md",
        "2023-06-01T10:00:00",
        [
            "cases/2023/2023-06-01-wind-farms.md:3: date: "
            "'2023-06-01T10:00:00' is not a date; write YYYY-MM-DD, e.g. 2022-12-14"
        ],
    ),
    (
        "cases/2023/2023-06-01-wind-farms.md",
        "[2023-06-01]",
        ["cases/2023/2023-06-01-wind-farms.md:3: date: must be plain text, not a list or mapping"],
    ),
]


@pytest.mark.parametrize(("rel", "date", "expected"), PATHS)
def test_path_id_and_date_agree(rel: str, date: str, expected: list[str], repo: Repo) -> None:
    repo.write_case(rel, date=date)
    assert repo.messages(rel) == expected


def test_the_id_is_the_file_stem(repo: Repo) -> None:
    repo.write_case()
    case = load_content(repo.root).case("2023-06-01-wind-farms-cause-storms")
    assert case is not None
    assert (case.path, case.year, case.slug) == (CASE, 2023, "wind-farms-cause-storms")


SECTIONS = [
    (body(), []),
    (body("Several paragraphs.\n\nAnd a [link](https://example.org).", "A list:\n\n- one\n- two"), []),
    # Setext headings are level-2 headings too.
    ("\nSummary\n-------\n\nA.\n\nResponse\n--------\n\nB.\n", []),
    ("\n## Summary\n\nA.\n\n### Detail\n\nMore.\n\n## Response\n\nB.\n", []),
    (
        "",
        at("15: Response: section '## Response' is missing", "15: Summary: section '## Summary' is missing"),
    ),
    (
        "\nJust a paragraph.\n",
        at("15: Response: section '## Response' is missing", "15: Summary: section '## Summary' is missing"),
    ),
    ("\n## Summary\n\nA.\n", at("20: Response: section '## Response' is missing")),
    (
        "\n## Response\n\nB.\n",
        at("16: Summary: section '## Summary' is missing; add it before '## Response'"),
    ),
    ("\n## Summary\n\n## Response\n\nB.\n", at("16: Summary: section '## Summary' is empty")),
    ("\n## Summary\n\nA.\n\n## Response\n\n   \n", at("20: Response: section '## Response' is empty")),
    (
        "\n## Response\n\nB.\n\n## Summary\n\nA.\n",
        at("20: Summary: section '## Summary' must come before '## Response'"),
    ),
    (
        "\n## Summary\n\nA.\n\n## Summary\n\nA2.\n\n## Response\n\nB.\n",
        at("20: Summary: section '## Summary' appears twice"),
    ),
    (
        "\n## Summary\n\nA.\n\n## Background\n\nC.\n\n## Response\n\nB.\n",
        at("20: body: unknown section '## Background'; allowed: '## Summary', '## Response'"),
    ),
    (
        "\n## summary\n\nA.\n\n## Response\n\nB.\n",
        at(
            "16: body: unknown section '## summary' (did you mean '## Summary'?); allowed: '## Summary', "
            "'## Response'",
            "20: Summary: section '## Summary' is missing; add it before '## Response'",
        ),
    ),
    (
        "\nAn introduction.\n\n## Summary\n\nA.\n\n## Response\n\nB.\n",
        at("15: body: text before '## Summary'; every paragraph belongs in a section"),
    ),
    ("\n# The claim\n" + body(), at("16: body: level-1 heading 'The claim': the title comes from 'title'")),
]


@pytest.mark.parametrize(("text", "expected"), SECTIONS)
def test_summary_and_response_sections(text: str, expected: list[str], repo: Repo) -> None:
    check(repo, {}, expected, text)


@pytest.mark.parametrize(
    "text",
    [
        body("What was said.\n\nMore of it.", "Why it is wrong."),
        "\nSummary\n-------\n\nWhat was said.\n\nMore of it.\n\nResponse\n--------\nWhy it is wrong.\n",
    ],
)
def test_sections_are_split_into_the_case(text: str, repo: Repo) -> None:
    repo.write_case(body=text)
    case = load_content(repo.root).case("2023-06-01-wind-farms-cause-storms")
    assert case is not None
    assert (case.summary, case.response) == ("What was said.\n\nMore of it.", "Why it is wrong.")


NARRATIVES = [
    ({"narratives": "[energy-blackmail, rigged-elections]"}, []),
    ({"narratives": "[]"}, []),
    (
        {"narratives": "[energy-blackmial]"},
        at("5: narratives[0]: unknown narrative 'energy-blackmial' (did you mean 'energy-blackmail'?)"),
    ),
    (
        {"narratives": "[energy-blackmail, moon-landing]"},
        at("5: narratives[1]: unknown narrative 'moon-landing'"),
    ),
    (
        {"narratives": "[Energy Blackmail]"},
        at("5: narratives[0]: 'Energy Blackmail' is not an id: lowercase letters, digits and hyphens"),
    ),
    (
        {"narratives": "[energy-blackmail, energy-blackmail]"},
        at("5: narratives[1]: 'energy-blackmail' is listed twice"),
    ),
    ({"narratives": "energy-blackmail"}, at("5: narratives: must be a list, e.g. [energy-blackmail]")),
    ({"narratives": "\n  - energy-blackmail\n  - moon"}, at("7: narratives[1]: unknown narrative 'moon'")),
]


@pytest.mark.parametrize(("fields", "expected"), NARRATIVES)
def test_narratives_exist(fields: dict[str, str | None], expected: list[str], repo: Repo) -> None:
    check(repo, fields, expected)


NARRATIVE_FILES = [
    ("narratives/new-one.md", "---\ntitle: A new one\nsummary: One sentence.\n---\nIts description.\n", []),
    (
        "narratives/new-one.md",
        "---\ntitle: A new one\n---\nIts description.\n",
        ["narratives/new-one.md:2: summary: required field 'summary' is missing"],
    ),
    (
        "narratives/new-one.md",
        "---\ntitle: A new one\nsummary: One sentence.\n---\n\n",
        ["narratives/new-one.md:2: body: the description (the text after the front matter) is empty"],
    ),
    (
        "narratives/new-one.md",
        "---\ntitle: A new one\nsummary: One sentence.\nsumary: x\n---\nText.\n",
        [
            "narratives/new-one.md:4: sumary: unknown field 'sumary' (did you mean 'summary'?); "
            "allowed: title, summary"
        ],
    ),
    (
        "narratives/New_One.md",
        "---\ntitle: A new one\nsummary: One sentence.\n---\nText.\n",
        [
            "narratives/New_One.md:0: file: narrative files must be named narratives/<id>.md with a "
            "lowercase id"
        ],
    ),
    (
        "narratives/new-one.md",
        "---\ntitle: TODO\nsummary: One sentence.\n---\nText <i>here</i>.\n",
        [
            "narratives/new-one.md:2: title: 'TODO' is a placeholder left by 'debunk new'; fill it in",
            "narratives/new-one.md:5: body: raw HTML is not allowed: '</i>'; use Markdown",
            "narratives/new-one.md:5: body: raw HTML is not allowed: '<i>'; use Markdown",
        ],
    ),
]


@pytest.mark.parametrize(("rel", "text", "expected"), NARRATIVE_FILES)
def test_narrative_files(rel: str, text: str, expected: list[str], repo: Repo) -> None:
    repo.write(rel, text)
    assert repo.messages(rel) == expected


VOCABULARIES = [
    # Keywords: canonical names; aliases and other spellings normalise with a warning.
    ({"keywords": "[Energy, Sanctions, NATO]"}, []),
    ({"keywords": "[Enrgy]"}, at("6: keywords[0]: unknown keyword 'Enrgy' (did you mean 'Energy'?)")),
    (
        {"keywords": "[Quantum physics]"},
        at(
            "6: keywords[0]: unknown keyword 'Quantum physics'; add it to vocabularies/keywords.yml if it "
            "is new"
        ),
    ),
    (
        {"keywords": "[Gas supplies]"},
        at("6: keywords[0]: warning: 'Gas supplies' is another name for 'Energy'; write 'Energy'"),
    ),
    (
        {"keywords": "[energy]"},
        at("6: keywords[0]: warning: 'energy' is another name for 'Energy'; write 'Energy'"),
    ),
    (
        {"keywords": "[Energy, Gas supplies]"},
        at(
            "6: keywords[1]: warning: 'Gas supplies' is another name for 'Energy'; write 'Energy'",
            "6: keywords[1]: 'Gas supplies' repeats 'Energy'; list each keyword once",
        ),
    ),
    ({"keywords": "Energy"}, at("6: keywords: must be a list, e.g. [Energy]")),
    ({"keywords": "{a: b}"}, at("6: keywords: must be a list, e.g. [a mapping]")),
    ({"keywords": "[[Energy]]"}, at("6: keywords[0]: must be plain text, not a list or mapping")),
    # Countries: ISO 3166 names, codes and official names, and the listed regions.
    ({"countries": "[United States, Baltic states, Western Balkans, Russia]"}, []),
    (
        {"countries": "[USA]"},
        at("7: countries[0]: warning: 'USA' is another name for 'United States'; write 'United States'"),
    ),
    (
        {"countries": "[DK]"},
        at("7: countries[0]: warning: 'DK' is another name for 'Denmark'; write 'Denmark'"),
    ),
    (
        {"countries": "[Russian Federation]"},
        at("7: countries[0]: warning: 'Russian Federation' is another name for 'Russia'; write 'Russia'"),
    ),
    (
        {"countries": "[Baltics]"},
        at("7: countries[0]: warning: 'Baltics' is another name for 'Baltic states'; write 'Baltic states'"),
    ),
    ({"countries": "[Denmrk]"}, at("7: countries[0]: unknown country 'Denmrk' (did you mean 'Denmark'?)")),
    (
        {"countries": "[Atlantis]"},
        at(
            "7: countries[0]: unknown country 'Atlantis'; "
            "use an ISO 3166 country name or a region from vocabularies/countries.yml"
        ),
    ),
    (
        {"countries": "[Denmark, DK]"},
        at(
            "7: countries[1]: warning: 'DK' is another name for 'Denmark'; write 'Denmark'",
            "7: countries[1]: 'DK' repeats 'Denmark'; list each country once",
        ),
    ),
    # Languages: ISO 639-1 codes; English names and listed spellings normalise to the code.
    ({"languages": "[da, en, ru, uk]"}, []),
    (
        {"languages": "[English]"},
        at("8: languages[0]: warning: 'English' is another name for 'en'; write 'en'"),
    ),
    ({"languages": "[EN]"}, at("8: languages[0]: warning: 'EN' is another name for 'en'; write 'en'")),
    (
        {"languages": "[Ukranian]"},
        at("8: languages[0]: warning: 'Ukranian' is another name for 'uk'; write 'uk'"),
    ),
    ({"languages": "[eng]"}, at("8: languages[0]: unknown language 'eng' (did you mean 'en' or 'ng'?)")),
    (
        {"languages": "[xx]"},
        at("8: languages[0]: unknown language 'xx'; use an ISO 639-1 code such as 'en' or 'ru'"),
    ),
    # Outlets.
    ({"outlets": "[Northern Wire]"}, []),
    (
        {"outlets": "[The Harbour Herald]"},
        at(
            "9: outlets[0]: warning: 'The Harbour Herald' is another name for 'Harbour Herald'; write "
            "'Harbour Herald'"
        ),
    ),
    (
        {"outlets": '["Harbour\\u00a0Herald"]'},
        at(
            "9: outlets[0]: warning: 'Harbour\\xa0Herald' is another name for 'Harbour Herald'; write "
            "'Harbour Herald'"
        ),
    ),
    (
        {"outlets": "[Harbor Herald]"},
        at("9: outlets[0]: unknown outlet 'Harbor Herald' (did you mean 'Harbour Herald'?)"),
    ),
    # Verdicts: the id; its label or the id in another letter case is read as the id, with a warning.
    ({"verdict": "misleading"}, []),
    (
        {"verdict": "Misleading"},
        at("4: verdict: warning: 'Misleading' is another name for 'misleading'; write 'misleading'"),
    ),
    (
        {"verdict": "DISINFORMATION"},
        at(
            "4: verdict: warning: 'DISINFORMATION' is another name for 'disinformation'; "
            "write 'disinformation'"
        ),
    ),
    (
        {"verdict": "Misleading   "},  # YAML drops the spaces after a plain value
        at("4: verdict: warning: 'Misleading' is another name for 'misleading'; write 'misleading'"),
    ),
    (
        {"verdict": "Misleadin"},
        at(
            "4: verdict: unknown verdict 'Misleadin' (did you mean 'misleading'?); allowed: "
            "disinformation, misleading"
        ),
    ),
    ({"verdict": "true"}, at("4: verdict: unknown verdict 'true'; allowed: disinformation, misleading")),
]


@pytest.mark.parametrize(("fields", "expected"), VOCABULARIES)
def test_vocabularies(fields: dict[str, str | None], expected: list[str], repo: Repo) -> None:
    check(repo, fields, expected)


def test_a_verdict_written_as_its_label_is_read_as_its_id(repo: Repo) -> None:
    verdicts = (repo.root / "vocabularies/verdicts.yml").read_text(encoding="utf-8")
    extra = "- id: no-evidence\n  label: Missing Evidence\n  description: Nothing supports it.\n  rating: 2\n"
    repo.write("vocabularies/verdicts.yml", verdicts.rstrip("\n") + "\n" + extra)
    repo.write_case(verdict="missing evidence")
    assert repo.messages() == at(
        "4: verdict: warning: 'missing evidence' is another name for 'no-evidence'; write 'no-evidence'"
    )
    case = load_content(repo.root).case("2023-06-01-wind-farms-cause-storms")
    assert case is not None and case.verdict == "no-evidence"


def test_aliases_normalise_to_the_canonical_form(repo: Repo) -> None:
    repo.write_case(keywords="[Gas supplies]", countries="[USA, Baltics]", languages="[English]")
    case = load_content(repo.root).case("2023-06-01-wind-farms-cause-storms")
    assert case is not None
    assert (case.keywords, case.countries, case.languages) == (
        ("Energy",),
        ("United States", "Baltic states"),
        ("en",),
    )


VOCABULARY_FILES = [
    (
        "vocabularies/keywords.yml",
        "- name: NATO\n",
        ["vocabularies/keywords.yml:10: name: 'NATO' is listed twice"],
    ),
    (
        "vocabularies/keywords.yml",
        "- name: Gas\n  aliases: [gas supplies]\n",
        ["vocabularies/keywords.yml:10: name: 'Gas' clashes with 'Energy' (same name or alias)"],
    ),
    (
        "vocabularies/outlets.yml",
        "- name: Coastal Courier\n  alias: [Courier]\n",
        ["vocabularies/outlets.yml:5: [2].alias: unknown key 'alias' (did you mean 'aliases'?)"],
    ),
    (
        "vocabularies/verdicts.yml",
        "- id: satire\n  rating: 9\n",
        ["vocabularies/verdicts.yml:9: rating: rating '9' must be a whole number from 1 to 5"],
    ),
    (
        "vocabularies/countries.yml",
        "  - name: Denmark\n",
        ["vocabularies/countries.yml:8: regions: region 'Denmark' clashes with a country"],
    ),
]


@pytest.mark.parametrize(("rel", "text", "expected"), VOCABULARY_FILES)
def test_vocabulary_files(rel: str, text: str, expected: list[str], repo: Repo) -> None:
    with (repo.root / rel).open("a", encoding="utf-8") as handle:
        handle.write(text)
    assert repo.messages(None) == expected


def test_a_verdict_with_a_bad_entry_is_unknown(repo: Repo) -> None:
    repo.write(
        "vocabularies/verdicts.yml", "- id: disinformation\n  rating: 1\n- id: misleading\n  rating: 9\n"
    )
    assert repo.messages(None) == [
        f"{VOTE}:4: verdict: unknown verdict 'misleading'; allowed: disinformation",
        "vocabularies/verdicts.yml:3: rating: rating '9' must be a whole number from 1 to 5",
    ]


def test_a_missing_vocabulary_file_is_reported(repo: Repo) -> None:
    (repo.root / "vocabularies/outlets.yml").unlink()
    messages = repo.messages(None)
    assert "vocabularies/outlets.yml:0: vocabulary: file is missing" in messages
    assert (
        f"{GAS}:9: outlets[0]: unknown outlet 'Harbour Herald'; add it to vocabularies/outlets.yml if it is "
        "new" in messages
    )


SOURCES = [
    ({"sources": sources(f"https://example.org/a|{ARCHIVE}|Harbour Herald")}, []),
    ({"sources": sources(f"https://example.org/a|{ARCHIVE}", f"https://example.org/b|{ARCHIVE}")}, []),
    (
        {"sources": sources("https://example.org/a")},
        at(
            "11: sources[0]: warning: no archived copy of 'https://example.org/a'; add 'archive:' (e.g. a "
            "web.archive.org link)"
        ),
    ),
    (
        {"sources": sources(f"http://example.org/a|{ARCHIVE}")},
        at(
            "11: sources[0].url: warning: 'http://example.org/a' uses http; use https where the site offers "
            "it"
        ),
    ),
    (
        {"sources": sources("https://example.org/a|http://archive.org/a")},
        at(
            "12: sources[0].archive: warning: 'http://archive.org/a' uses http; use https where the site "
            "offers it"
        ),
    ),
    (
        {"sources": sources(f"ftp://example.org/a|{ARCHIVE}")},
        at("11: sources[0].url: 'ftp://example.org/a' must be an absolute https:// URL"),
    ),
    (
        {"sources": sources(f"example.org/a|{ARCHIVE}")},
        at("11: sources[0].url: 'example.org/a' must be an absolute https:// URL"),
    ),
    (
        {"sources": sources(f"javascript:alert(1)|{ARCHIVE}")},
        at("11: sources[0].url: 'javascript:alert(1)' must be an absolute https:// URL"),
    ),
    (
        {"sources": sources(f"https://localhost/a|{ARCHIVE}")},
        at("11: sources[0].url: 'https://localhost/a' has no valid host name"),
    ),
    (
        {"sources": sources(f"https://user:pw@example.org/a|{ARCHIVE}")},
        at("11: sources[0].url: 'https://user:pw@example.org/a' has no valid host name"),
    ),
    (
        {"sources": sources(f"https://exa mple.org/a|{ARCHIVE}")},
        at("11: sources[0].url: 'https://exa mple.org/a' contains spaces; encode them as %20"),
    ),
    (
        {"sources": sources("https://example.org/a|archive.ph/a")},
        at("12: sources[0].archive: 'archive.ph/a' must be an absolute https:// URL"),
    ),
    (
        {"sources": sources("https://example.org/a|not archived")},
        at("12: sources[0].archive: 'not archived' contains spaces; encode them as %20"),
    ),
    ({"sources": sources("https://example.org/a|''")}, at("12: sources[0].archive: must not be empty")),
    ({"sources": f"\n  - archive: {ARCHIVE}"}, at("11: sources[0]: required field 'url' is missing")),
    (
        {"sources": sources(f"https://example.org/a|{ARCHIVE}|Unknown Times")},
        at(
            "13: sources[0].outlet: unknown outlet 'Unknown Times'; add it to vocabularies/outlets.yml if "
            "it is new"
        ),
    ),
    (
        {"sources": sources(f"https://example.org/a|{ARCHIVE}|The Harbour Herald")},
        at(
            "13: sources[0].outlet: warning: 'The Harbour Herald' is another name for 'Harbour Herald'; "
            "write 'Harbour Herald'"
        ),
    ),
    ({"sources": "https://example.org/a"}, at("10: sources: must be a list of '- url: ...' entries")),
    (
        {"sources": "\n  - https://example.org/a"},
        at("11: sources[0]: must be a mapping with 'url', 'archive' and 'outlet'"),
    ),
    (
        {"sources": sources(f"https://example.org/{'a' * 1990}|{ARCHIVE}")},
        at("11: sources[0].url: is 2010 characters long; the limit is 2000"),
    ),
]


@pytest.mark.parametrize(("fields", "expected"), SOURCES)
def test_sources(fields: dict[str, str | None], expected: list[str], repo: Repo) -> None:
    check(repo, fields, expected)


RELATED = [
    ({"related": "[2023-01-05-gas-storage-empty-by-february, 2024-03-20-nato-drills-cover-for-attack]"}, []),
    (
        {"related": "[2023-01-05-gas-storage-empty]"},
        at(
            "14: related[0]: unknown case '2023-01-05-gas-storage-empty' "
            "(did you mean '2023-01-05-gas-storage-empty-by-february'?)"
        ),
    ),
    (
        {"related": "[2023-06-01-wind-farms-cause-storms]"},
        at("14: related[0]: '2023-06-01-wind-farms-cause-storms' is this case itself"),
    ),
    (
        {"related": "[gas-storage]"},
        at("14: related[0]: 'gas-storage' is not an id: lowercase letters, digits and hyphens"),
    ),
    (
        {"related": "[2023-01-05-gas-storage-empty-by-february, 2023-01-05-gas-storage-empty-by-february]"},
        at("14: related[1]: '2023-01-05-gas-storage-empty-by-february' is listed twice"),
    ),
]


@pytest.mark.parametrize(("fields", "expected"), RELATED)
def test_related_ids_exist(fields: dict[str, str | None], expected: list[str], repo: Repo) -> None:
    check(repo, fields, expected)


def test_related_case_with_errors_is_unknown(repo: Repo) -> None:
    """A case that fails to load cannot be linked: the link would be broken on the site."""
    repo.write_case(related="[2023-01-05-gas-storage-empty-by-february]")
    gas = (repo.root / GAS).read_text(encoding="utf-8")
    repo.write(GAS, gas.replace("verdict: disinformation", "verdict: nonsense"))
    assert repo.messages() == at("14: related[0]: unknown case '2023-01-05-gas-storage-empty-by-february'")


def _loaded(repo: Repo, rel: str = CASE) -> Case:
    case, problems = load_case(repo.root / rel, repo.root, load_vocabularies(repo.root))
    assert case is not None, problems
    return case


def test_no_two_cases_share_an_id_ignoring_case(repo: Repo) -> None:
    repo.write_case()
    case = _loaded(repo)
    twin = dataclasses.replace(case, path="cases/2023/copy.md")
    shouted = dataclasses.replace(case, id=case.id.upper(), path="cases/2023/shouted.md")
    assert [str(p) for p in check_unique_ids([case, twin, shouted])] == [
        "cases/2023/copy.md:0: file: id '2023-06-01-wind-farms-cause-storms' is already used by " + CASE,
        "cases/2023/shouted.md:0: file: id '2023-06-01-WIND-FARMS-CAUSE-STORMS' is already used by " + CASE,
    ]


def test_the_same_id_cannot_be_written_twice_on_disk(repo: Repo) -> None:
    """On disk a second file with one id is either in the wrong year or differs in case only."""
    repo.write_case()
    repo.write_case("cases/2024/2023-06-01-wind-farms-cause-storms.md")
    repo.write_case("cases/2023/2023-06-01-Wind-Farms-Cause-Storms.md")
    assert [m for m in repo.messages(None) if "wind" in m.lower()] == [
        "cases/2023/2023-06-01-Wind-Farms-Cause-Storms.md:0: file: "
        "slug 'Wind-Farms-Cause-Storms' must be 1-80 lowercase letters, digits and hyphens",
        "cases/2024/2023-06-01-wind-farms-cause-storms.md:0: file: "
        "the date '2023-06-01' is not in the year folder '2024'",
    ]


SHARED_URLS = [
    # The same page however it is written: scheme, host case, www, trailing slash, fragment.
    (
        "https://example.org/herald/gas-storage",
        at(
            "11: sources[0].url: warning: 'https://example.org/herald/gas-storage' is also a source of "
            f"{GAS}; check that it is not the same case"
        ),
    ),
    (
        "https://www.EXAMPLE.org/herald/gas-storage/#top",
        at(
            "11: sources[0].url: warning: 'https://www.EXAMPLE.org/herald/gas-storage/#top' is also a source "
            f"of {GAS}; check that it is not the same case"
        ),
    ),
    (
        "http://example.org/herald/gas-storage",
        at(
            "11: sources[0].url: warning: 'http://example.org/herald/gas-storage' is also a source of "
            f"{GAS}; check that it is not the same case",
            "11: sources[0].url: warning: 'http://example.org/herald/gas-storage' uses http; "
            "use https where the site offers it",
        ),
    ),
    # A path differing only in letter case is probably the same page: a warning.
    (
        "https://example.org/Herald/Gas-Storage",
        at(
            "11: sources[0].url: warning: 'https://example.org/Herald/Gas-Storage' differs only in letter "
            "case "
            f"from 'https://example.org/herald/gas-storage' in {GAS}; check that it is not the same page"
        ),
    ),
    ("https://example.org/herald/gas-storage?page=2", []),
    ("https://example.com/herald/gas-storage", []),
]


@pytest.mark.parametrize(("url", "expected"), SHARED_URLS)
def test_a_url_shared_by_two_cases_is_a_warning(url: str, expected: list[str], repo: Repo) -> None:
    check(repo, {"sources": sources(f"{url}|{ARCHIVE}")}, expected)


def test_one_case_cannot_list_a_url_twice(repo: Repo) -> None:
    repo.write_case(sources=sources(f"https://example.org/a|{ARCHIVE}", f"https://EXAMPLE.org/a/|{ARCHIVE}"))
    assert repo.messages() == at("13: sources[1].url: 'https://EXAMPLE.org/a/' is listed twice in this case")


NEAR_DUPLICATES = [
    (
        "Wind farms in the North Sea cause winter storms",
        "'Wind farms in the North Sea cause winter storms' is 96% similar to "
        f"{CASE} ('Wind farms in the North Sea cause the winter storms'); check that it is not the same case",
    ),
    (
        "WIND FARMS in the north sea cause the winter storms!",
        "'WIND FARMS in the north sea cause the winter storms!' is 99% similar to "
        f"{CASE} ('Wind farms in the North Sea cause the winter storms'); check that it is not the same case",
    ),
    ("Solar panels in the desert cause the summer droughts", None),
    ("Wind farms in the Baltic Sea are a target for sabotage", None),
]


@pytest.mark.parametrize(("title", "message"), NEAR_DUPLICATES)
def test_near_duplicate_title_names_the_other_case(title: str, message: str | None, repo: Repo) -> None:
    repo.write_case()
    later = "cases/2023/2023-06-02-offshore-turbines.md"
    repo.write_case(
        later, title=title, date='"2023-06-02"', sources=sources(f"https://example.org/other|{ARCHIVE}")
    )
    expected = [f"{later}:2: title: warning: {message}"] if message else []
    assert repo.messages(later) == expected
    assert repo.messages() == []


def near_duplicate_pair(repo: Repo) -> tuple[str, str, dict[str, str], list[str]]:
    """The default case and a later one with a nearly equal title, checked to be reported:
    (the later case's path, its title, its other fields, the expected warning)."""
    repo.write_case()
    later = "cases/2023/2023-06-02-offshore-turbines.md"
    title, message = NEAR_DUPLICATES[0]
    fields = {"date": '"2023-06-02"', "sources": sources(f"https://example.org/o|{ARCHIVE}")}
    repo.write_case(later, title=title, **fields)
    expected = [f"{later}:2: title: warning: {message}"]
    assert repo.messages(later) == expected
    return later, title, fields, expected


def test_near_duplicates_found_in_a_forked_process_are_the_same(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With many cases, `debunk validate` looks for near-duplicate titles in a second process."""
    later, _title, _fields, expected = near_duplicate_pair(repo)
    original = validate.check_near_duplicates

    def where(cases: tuple[Case, ...]) -> list[Problem]:
        found = list(original(cases))
        return [dataclasses.replace(p, message=f"{p.message} (pid {os.getpid()})") for p in found]

    monkeypatch.setattr(validate, "check_near_duplicates", where)
    monkeypatch.setattr(workers, "THRESHOLDS", {**workers.THRESHOLDS, "rules": 1})
    forked = repo.messages(later)
    pids = {int(line.rsplit("(pid ", 1)[1].rstrip(")")) for line in forked}
    assert [line.rsplit(" (pid ", 1)[0] for line in forked] == expected
    assert pids and os.getpid() not in pids


def test_near_duplicates_are_looked_for_again_only_when_a_title_changed(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `mkdocs serve` rebuild after an edit that changed no title reuses the last result."""
    later, title, fields, expected = near_duplicate_pair(repo)
    repo.previous = Previous()
    assert repo.messages(later) == expected
    calls: list[int] = []
    original = validate.check_near_duplicates
    monkeypatch.setattr(validate, "check_near_duplicates", lambda cases: calls.append(1) or original(cases))
    repo.write_case(
        later, title=title, body=BODY.replace("## Response\n", "## Response\n\nEdited.\n"), **fields
    )
    assert repo.messages(later) == expected and calls == []
    repo.write_case(later, title="Solar panels in the desert cause the summer droughts", **fields)
    assert repo.messages(later) == [] and calls == [1]
    repo.write_case(later, title=title, **fields)
    assert repo.messages(later) == expected and calls == [1, 1]
    repo.write_case("cases/2023/2023-06-03-again.md", title=title, date='"2023-06-03"')  # one more case
    again = [line for line in repo.messages("cases/2023/2023-06-03-again.md") if ": title: " in line]
    assert len(again) == 2 and calls == [1, 1, 1]


BODIES = [
    (
        body(
            "[a](https://example.org) [b](http://example.org) [c](mailto:desk@example.org) [d](../x.md) "
            "[e](#top)"
        ),
        [],
    ),
    (body("![chart](chart.png)"), []),
    (body("`<b>` in code is text"), []),
    (body("    <b>indented code</b>"), []),
    (body("<https://example.org/auto>"), []),
    (
        body("A <b>bold</b> claim."),
        at(
            "18: body: raw HTML is not allowed: '</b>'; use Markdown",
            "18: body: raw HTML is not allowed: '<b>'; use Markdown",
        ),
    ),
    (
        body("<script>alert(1)</script>"),
        at("18: body: raw HTML is not allowed: '<script>alert(1)</script>'; use Markdown"),
    ),
    (
        body("<!-- hidden note -->"),
        at("18: body: raw HTML is not allowed: '<!-- hidden note -->'; use Markdown"),
    ),
    (
        body("A.", '<div markdown="1">\nB.\n</div>'),
        at("22: body: raw HTML is not allowed: '<div markdown=\"1\">'; use Markdown"),
    ),
    (
        body("[x](javascript:alert(1))"),
        at(
            "18: body: link 'javascript:alert(1)' uses the scheme 'javascript'; allowed: https, http, "
            "mailto, relative"
        ),
    ),
    (
        body("[x](JaVaScRiPt:alert(1))"),
        at(
            "18: body: link 'JaVaScRiPt:alert(1)' uses the scheme 'javascript'; allowed: https, http, "
            "mailto, relative"
        ),
    ),
    (
        body("[x](&#106;avascript:alert(1))"),
        at(
            "18: body: link 'javascript:alert(1)' uses the scheme 'javascript'; allowed: https, http, "
            "mailto, relative"
        ),
    ),
    # Python-Markdown keeps `&#x09;` in the href, and browsers drop the tab: javascript:.
    (
        body("[x](java&#x09;script:alert(1))"),
        at(
            "18: body: link 'java\\tscript:alert(1)' uses the scheme 'javascript'; allowed: https, http, "
            "mailto, relative"
        ),
    ),
    (
        body("<javascript:alert(1)>"),
        at(
            "18: body: link 'javascript:alert(1)' uses the scheme 'javascript'; allowed: https, http, "
            "mailto, relative"
        ),
    ),
    (
        body("[x][ref]\n\n[ref]: vbscript:msgbox"),
        at(
            "18: body: link 'vbscript:msgbox' uses the scheme 'vbscript'; allowed: https, http, mailto, "
            "relative"
        ),
    ),
    (
        body("[x](data:text/html,hi)"),
        at(
            "18: body: link 'data:text/html,hi' uses the scheme 'data'; allowed: https, http, mailto, "
            "relative"
        ),
    ),
    (body("[x](//evil.example/x)"), at("18: body: link '//evil.example/x' has no scheme; write https://")),
    (
        body("![x](https://tracker.example/pixel.gif)"),
        at(
            "18: body: image 'https://tracker.example/pixel.gif' loads from another site; images must be "
            "files in the repository"
        ),
    ),
    (
        body("A \u202eB"),
        at("18: body: direction control character U+202E RIGHT-TO-LEFT OVERRIDE is not allowed; remove it"),
    ),
    (
        body("A.", "B \u2067C"),
        at("22: body: direction control character U+2067 RIGHT-TO-LEFT ISOLATE is not allowed; remove it"),
    ),
    (body("x" * 100_000), at("15: body: is 100,031 characters long; the limit is 100,000")),
]


@pytest.mark.parametrize(("text", "expected"), BODIES)
def test_raw_html_and_link_schemes_in_bodies(text: str, expected: list[str], repo: Repo) -> None:
    check(repo, {}, expected, text)


METADATA_TEXT = [
    (
        {"title": '"Wind\\u202efarms"'},
        at(
            "2: title: 'Wind\\u202efarms' contains invisible or control characters (U+202E RIGHT-TO-LEFT "
            "OVERRIDE); remove them"
        ),
    ),
    (
        {"title": '"Wind\\u2066farms"'},
        at(
            "2: title: 'Wind\\u2066farms' contains invisible or control characters (U+2066 LEFT-TO-RIGHT "
            "ISOLATE); remove them"
        ),
    ),
    (
        {"title": '"Wind\\u200bfarms"'},
        at(
            "2: title: 'Wind\\u200bfarms' contains invisible or control characters (U+200B ZERO WIDTH "
            "SPACE); remove them"
        ),
    ),
    (
        {"title": '"Wind\\u00adfarms"'},
        at(
            "2: title: 'Wind\\xadfarms' contains invisible or control characters (U+00AD SOFT HYPHEN); "
            "remove them"
        ),
    ),
    (
        {"title": '"Wind\\afarms"'},
        at(
            "2: title: 'Wind\\x07farms' contains invisible or control characters (U+0007 CONTROL "
            "CHARACTER); remove them"
        ),
    ),
    ({"title": '"Wind\\nfarms"'}, at("2: title: 'Wind\\nfarms' must be a single line")),
    ({"title": '" Wind farms"'}, at("2: title: ' Wind farms' has leading or trailing spaces")),
    (
        {"title": '"Cafe\\u0301 owners"'},
        at("2: title: 'Cafe\u0301 owners' is not in Unicode NFC form; retype it or save the file as NFC"),
    ),
    ({"title": '"Caf\\u00e9 owners"'}, []),
    ({"title": "Ветряки вызывают бури"}, []),
    (
        {"keywords": '["Ener\\u200bgy"]'},
        at(
            "6: keywords[0]: 'Ener\\u200bgy' contains invisible or control characters (U+200B ZERO WIDTH "
            "SPACE); remove them",
            "6: keywords[0]: unknown keyword 'Ener\\u200bgy' (did you mean 'Energy'?)",
        ),
    ),
    (
        {"sources": sources('"https://example.org/a\\u202e"|' + ARCHIVE)},
        at(
            "11: sources[0].url: 'https://example.org/a\\u202e' contains invisible or control characters "
            "(U+202E RIGHT-TO-LEFT OVERRIDE); remove them"
        ),
    ),
    ({"title": '"' + "x" * 301 + '"'}, at("2: title: is 301 characters long; the limit is 300")),
    (
        {"keywords": f"[{'k' * 121}]"},
        at(
            "6: keywords[0]: is 121 characters long; the limit is 120",
            f"6: keywords[0]: unknown keyword '{'k' * 121}'; add it to vocabularies/keywords.yml if it is "
            "new",
        ),
    ),
    (
        {"narratives": "[" + ", ".join(f"n{i}" for i in range(51)) + "]"},
        at("5: narratives: has 51 items; the limit is 50"),
    ),
]


@pytest.mark.parametrize(("fields", "expected"), METADATA_TEXT)
def test_metadata_is_plain_visible_text(
    fields: dict[str, str | None], expected: list[str], repo: Repo
) -> None:
    check(repo, fields, expected)


PLACEHOLDERS = [
    ({"title": "TODO"}, BODY, at("2: title: 'TODO' is a placeholder left by 'debunk new'; fill it in")),
    (
        {"title": "TODO write the claim"},
        BODY,
        at("2: title: 'TODO write the claim' is a placeholder left by 'debunk new'; fill it in"),
    ),
    (
        {"keywords": "[TODO]"},
        BODY,
        at("6: keywords[0]: 'TODO' is a placeholder left by 'debunk new'; fill it in"),
    ),
    (
        {"sources": sources("TODO|TODO|TODO")},
        BODY,
        at(
            "11: sources[0].url: 'TODO' is a placeholder left by 'debunk new'; fill it in",
            "12: sources[0].archive: 'TODO' is a placeholder left by 'debunk new'; fill it in",
            "13: sources[0].outlet: 'TODO' is a placeholder left by 'debunk new'; fill it in",
        ),
    ),
    (
        {},
        body("TODO: what was claimed."),
        at("18: Summary: placeholder text 'TODO' left by 'debunk new'; replace it"),
    ),
    (
        {},
        body("A.", "Still TODO."),
        at("22: Response: placeholder text 'TODO' left by 'debunk new'; replace it"),
    ),
    # Only the whole word in capitals is a placeholder.
    ({"title": "Todo lists and TODOS are fine"}, body("A todo list."), []),
]


@pytest.mark.parametrize(("fields", "text", "expected"), PLACEHOLDERS)
def test_placeholders_are_errors(
    fields: dict[str, str | None], text: str, expected: list[str], repo: Repo
) -> None:
    check(repo, fields, expected, text)


def test_links_and_files_outside_the_repository(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(case_text(), encoding="utf-8")
    link = repo.root / "cases/2023/2023-06-01-linked.md"
    link.symlink_to(outside)
    assert repo.messages("cases/2023/2023-06-01-linked.md") == [
        "cases/2023/2023-06-01-linked.md:0: file: is a symbolic link; content files must be regular files "
        "in the repository"
    ]


def test_every_problem_of_a_file_is_reported_at_once(repo: Repo) -> None:
    repo.write_case(
        title="TODO",
        verdict="fake",
        keywords="[Enrgy]",
        countries="[USA]",
        related="[2023-01-01-nothing]",
        body=body("TODO"),
    )
    # The related id is not checked: cross-file rules only see cases that loaded.
    assert repo.messages() == at(
        "2: title: 'TODO' is a placeholder left by 'debunk new'; fill it in",
        "4: verdict: unknown verdict 'fake'; allowed: disinformation, misleading",
        "6: keywords[0]: unknown keyword 'Enrgy' (did you mean 'Energy'?)",
        "7: countries[0]: warning: 'USA' is another name for 'United States'; write 'United States'",
        "19: Summary: placeholder text 'TODO' left by 'debunk new'; replace it",
    )
