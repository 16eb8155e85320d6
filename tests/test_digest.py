"""The weekly review: selection, grouping, counts, trends, review files and `debunk digest`.

The fixture corpus (tests/fixtures/digest/) spans ISO weeks 2024-W08 to 2025-W01 and issues
101 to 104 and 110; one case has no issue, one has two narratives, one no narrative and one
no keyword.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it.token import Token

import debunk.content.body
import debunk.render.commonmark
import debunk.review.files
from debunk.cli import main
from debunk.content.repository import Content, load_content
from debunk.render.html import Rendered
from debunk.review.digest import EmptySelectionError, Trend, build_digest
from debunk.review.files import PLACEHOLDER_INTRO, load_reviews
from debunk.review.pages import build_review_pages, digest_data, trend_phrase
from debunk.review.selection import Selection, current_week, resolve_selection, select_cases, week_days
from debunk.settings import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "digest"
W15 = [
    "2024-04-08-polish-drills-precede-attack",
    "2024-04-09-lithuania-masses-troops",
    "2024-04-10-labs-breed-pathogens",
    "2024-04-11-labs-near-border-are-bases",
    "2024-04-12-gas-sanctions-ruin-germany",
    "2024-04-13-moldova-vote-annulled-soon",
    "2024-04-14-sunday-sanctions-boomerang",
]


@pytest.fixture(scope="module")
def content() -> Content:
    loaded = load_content(FIXTURE)
    assert [str(p) for p in loaded.problems] == []
    assert len(loaded.cases) == 22
    return loaded


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    return root


def ids(cases: object) -> list[str]:
    return [case.id for case in cases]  # type: ignore[attr-defined]


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# Selection -------------------------------------------------------------------------------------


def test_every_week_of_the_corpus_selects_exactly_its_cases(content: Content) -> None:
    weeks = sorted({iso_week(case.date) for case in content.cases})
    assert weeks[0] == "2024-W08" and weeks[-1] == "2025-W01"
    for week in weeks:
        expected = {case.id for case in content.cases if iso_week(case.date) == week}
        assert set(ids(select_cases(content, Selection(week=week)))) == expected, week
    assert sum(len(select_cases(content, Selection(week=week))) for week in weeks) == len(content.cases)


def test_week_boundaries_monday_to_sunday_and_across_years(content: Content) -> None:
    assert ids(select_cases(content, Selection(week="2024-W15"))) == W15
    assert "2024-03-17-sunday-gas-blackmail-by-kyiv" in ids(select_cases(content, Selection(week="2024-W11")))
    # 30 December 2024 is a Monday of ISO week 1 of 2025, though its file is in cases/2024/.
    assert ids(select_cases(content, Selection(week="2025-W01"))) == ["2024-12-30-new-year-gas-cutoff"]
    assert select_cases(content, Selection(week="2024-W52")) == ()


@pytest.mark.parametrize(("issue", "count"), [(101, 4), (102, 3), (103, 6), (104, 7), (110, 1), (105, 0)])
def test_an_issue_selects_the_cases_reported_in_it(content: Content, issue: int, count: int) -> None:
    expected = [case.id for case in content.cases if case.reported_in == issue]
    assert ids(select_cases(content, Selection(issue=issue))) == expected
    assert len(expected) == count


def test_a_case_without_issue_is_in_no_issue(content: Content) -> None:
    issues = {case.reported_in for case in content.cases} - {None}
    listed = {case.id for issue in issues for case in select_cases(content, Selection(issue=issue))}
    assert {case.id for case in content.cases} - listed == {"2024-04-14-sunday-sanctions-boomerang"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"keywords": ("Gas",)}, ["2024-04-12-gas-sanctions-ruin-germany"]),
        ({"keywords": ("Natural gas",)}, ["2024-04-12-gas-sanctions-ruin-germany"]),  # an alias
        ({"narratives": ("bio-labs", "rigged-elections")}, [W15[2], W15[3], W15[5]]),  # OR within a kind
        ({"keywords": ("Biolabs",), "countries": ("Georgia",)}, [W15[3]]),  # AND across kinds
        ({"exclude_countries": ("Germany", "Ukraine")}, [W15[0], W15[1], W15[5]]),
        ({"narratives": ("nato-encirclement",), "exclude_keywords": ("Biolabs",)}, [W15[0], W15[1]]),
        ({"countries": ("France",)}, []),
    ],
)
def test_filters(content: Content, filters: dict[str, tuple[str, ...]], expected: list[str]) -> None:
    selection, errors = resolve_selection(content, Selection(week="2024-W15", **filters))  # type: ignore[arg-type]
    assert errors == []
    assert ids(select_cases(content, selection)) == expected


def test_unknown_tags_name_the_closest_known_ones(content: Content) -> None:
    selection = Selection(
        week="2024-W15", keywords=("Gaz",), narratives=("bio-lab",), exclude_countries=("Germny",)
    )
    _resolved, errors = resolve_selection(content, selection)
    assert errors == [
        "unknown keyword 'Gaz' (closest known: 'Gas', 'NATO', 'Biolabs')",
        "unknown narrative 'bio-lab' (did you mean 'bio-labs'?)",
        "unknown country 'Germny' (did you mean 'Germany' or 'Guernsey'?)",
    ]


@pytest.mark.parametrize("text", ["2024-15", "2024-W1", "2024-W53", "2024-W00", "week 15"])
def test_a_bad_week_is_refused_naming_the_format(text: str) -> None:
    with pytest.raises(ValueError, match=f"^{text!r} is not an ISO week; write YYYY-Www, e.g. 2026-W47$"):
        week_days(text)


def test_week_days() -> None:
    assert week_days("2020-W53") == (dt.date(2020, 12, 28), dt.date(2021, 1, 3))
    assert week_days("2024-W15") == (dt.date(2024, 4, 8), dt.date(2024, 4, 14))


def test_the_current_week_is_taken_in_the_configured_time_zone() -> None:
    sunday_night_utc = dt.datetime(2024, 4, 14, 23, 30, tzinfo=dt.UTC)
    assert current_week("UTC", sunday_night_utc) == "2024-W15"
    assert current_week("Europe/Brussels", sunday_night_utc) == "2024-W16"  # already Monday there
    assert current_week("America/New_York", dt.datetime(2024, 4, 15, 2, 0, tzinfo=dt.UTC)) == "2024-W15"


# Digest ----------------------------------------------------------------------------------------


def test_groups_by_first_narrative_then_first_keyword(content: Content) -> None:
    digest = build_digest(content, Selection(week="2024-W15"))
    shape = [(g.narrative, g.count, [(k.keyword, ids(k.cases)) for k in g.keywords]) for g in digest.groups]
    assert shape == [
        ("nato-encirclement", 2, [("NATO", [W15[0]]), (None, [W15[1]])]),  # no keyword: "Other", last
        ("bio-labs", 2, [("Biolabs", [W15[2], W15[3]])]),  # W15[3] also has nato-encirclement
        ("rigged-elections", 1, [("Elections", [W15[5]])]),
        ("energy-blackmail", 1, [("Gas", [W15[4]])]),
        (None, 1, [("Sanctions", [W15[6]])]),  # no narrative: "Other", last
    ]
    titles = [group.title for group in digest.groups]
    assert titles[:2] == ["NATO is encircling Russia", "Secret Western biological laboratories"]
    listed = [case.id for group in digest.groups for sub in group.keywords for case in sub.cases]
    assert sorted(listed) == W15  # every case exactly once


def test_counts_by_country_language_and_outlet(content: Content) -> None:
    digest = build_digest(content, Selection(week="2024-W15"))
    assert [(c.name, c.count) for c in digest.countries] == [
        ("Germany", 2), ("Ukraine", 2), ("Georgia", 1), ("Lithuania", 1), ("Moldova", 1), ("Poland", 1),
    ]  # fmt: skip
    assert [(c.name, c.label, c.count) for c in digest.languages] == [
        ("ru", "Russian", 3), ("de", "German", 2), ("en", "English", 1), ("pl", "Polish", 1),
    ]  # fmt: skip
    assert [(c.name, c.count) for c in digest.outlets] == [
        ("Harbour Herald", 3), ("Northern Wire", 2), ("Evening Signal", 1), ("Riverside Daily", 1),
    ]  # fmt: skip


def test_new_and_rising_narratives_against_the_four_weeks_before(content: Content) -> None:
    digest = build_digest(content, Selection(week="2024-W15"))
    assert digest.compared == ("2024-W11", "2024-W12", "2024-W13", "2024-W14")
    assert [(t.narrative, t.count, t.previous) for t in digest.new_narratives] == [
        ("bio-labs", 2, (0, 0, 0, 0))
    ]
    # Three cases (the two-narrative case counts too) against 0.5 a week before.
    assert [(t.narrative, t.count, t.previous) for t in digest.rising_narratives] == [
        ("nato-encirclement", 3, (1, 0, 1, 0))
    ]
    week14 = build_digest(content, Selection(week="2024-W14"))
    assert [(t.narrative, t.previous) for t in week14.rising_narratives] == [
        ("rigged-elections", (0, 0, 0, 1))
    ]
    assert week14.new_narratives == ()  # energy-blackmail: one case, not rising, not new


def test_an_issue_compares_with_the_issues_before_it(content: Content) -> None:
    digest = build_digest(content, Selection(issue=104))
    assert digest.compared == ("101", "102", "103")
    assert [t.narrative for t in digest.new_narratives] == ["bio-labs"]
    assert (digest.start, digest.end) == (dt.date(2024, 2, 20), dt.date(2024, 4, 13))


def test_filters_apply_to_the_earlier_periods_too(content: Content) -> None:
    selection = Selection(week="2024-W15", countries=("Poland",))
    digest = build_digest(content, selection)
    # Poland: nato-encirclement in W13 only, one case now: neither new nor rising.
    assert ids(digest.cases) == [W15[0]]
    assert digest.new_narratives == () and digest.rising_narratives == ()


def test_chart_counts_cases_per_day_or_per_week(content: Content) -> None:
    week = build_digest(content, Selection(week="2024-W14"))
    assert [(bar.label, bar.count) for bar in week.chart] == [
        ("Mon 1 Apr", 0), ("Tue 2 Apr", 1), ("Wed 3 Apr", 1), ("Thu 4 Apr", 0),
        ("Fri 5 Apr", 1), ("Sat 6 Apr", 0), ("Sun 7 Apr", 0),
    ]  # fmt: skip
    issue = build_digest(content, Selection(issue=104))  # 53 days: per ISO week
    assert [(bar.label, bar.count) for bar in issue.chart] == [
        ("2024-W08", 1), ("2024-W09", 0), ("2024-W10", 0), ("2024-W11", 0),
        ("2024-W12", 0), ("2024-W13", 0), ("2024-W14", 0), ("2024-W15", 6),
    ]  # fmt: skip


def test_an_empty_selection_is_an_error_not_an_empty_digest(content: Content) -> None:
    expected = r"^no cases in week 2024-W20 \(2024-05-13 to 2024-05-19\)$"
    with pytest.raises(EmptySelectionError, match=expected):
        build_digest(content, Selection(week="2024-W20"))
    with pytest.raises(EmptySelectionError, match=r"^no cases in issue 104 match the filters$"):
        build_digest(content, Selection(issue=104, countries=("France",)))


def test_the_digest_is_deterministic(content: Content) -> None:
    first = build_digest(content, Selection(issue=103))
    again = build_digest(load_content(FIXTURE), Selection(issue=103))
    assert first == again


# Review files and pages ------------------------------------------------------------------------


def write(root: Path, name: str, text: str) -> None:
    path = root / "reviews" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


NEEDS = "; the file reviews/104.md needs 'issue: 104'"
ALLOWED = "issue, week, title, keywords, narratives, countries, " + ", ".join(
    f"exclude_{kind}" for kind in ("keywords", "narratives", "countries")
)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("104.md", "---\nissue: '105'\n---\nIntro.\n", "reviews/104.md:2: issue: is '105'" + NEEDS),
        ("104.md", "---\nweek: 2024-W15\n---\nIntro.\n", "reviews/104.md:1: issue: is missing" + NEEDS),
        (
            "2024-W15.md",
            "---\nweek: 2024-W15\nissue: '104'\n---\n",
            "reviews/2024-W15.md:3: issue: a review has a week or an issue, not both",
        ),
        (
            "2024-W53.md",
            "---\nweek: 2024-W53\n---\n",
            "reviews/2024-W53.md:2: week: '2024-W53' is not an ISO week; write YYYY-Www, e.g. 2026-W47",
        ),
        (
            "104.md",
            "---\nissue: '104'\nkeyword: [Gas]\n---\n",
            "reviews/104.md:3: keyword: unknown field 'keyword' "
            "(did you mean 'keywords' or 'exclude_keywords'?); allowed: " + ALLOWED,
        ),
        (
            "104.md",
            "---\nissue: '104'\nkeywords: [Gaz]\n---\n",
            "reviews/104.md:3: keywords: unknown keyword 'Gaz' (closest known: 'Gas', 'NATO', 'Biolabs')",
        ),
        (
            "104.md",
            "---\nissue: '104'\ncountries: Germany\n---\n",
            "reviews/104.md:3: countries: must be a list of tags, e.g. [Kosovo]",
        ),
        ("105.md", "---\nissue: '105'\n---\nIntro.\n", "reviews/105.md:2: issue: no cases in issue 105"),
        (
            "104.md",
            "---\nissue: '104'\n---\n<div>raw</div>\n",
            "reviews/104.md:4: body: raw HTML is not allowed: '<div>raw</div>'; use Markdown",
        ),
        (
            "104.md",
            "---\nissue: '104'\n---\n" + PLACEHOLDER_INTRO,
            "reviews/104.md:4: introduction: warning: "
            "the introduction is still the placeholder written by 'debunk digest'; write it",
        ),
        (
            "index.md",
            "---\ntitle: x\n---\n",
            "reviews/index.md:0: file: "
            "review files must be named reviews/<issue>.md or reviews/<YYYY-Www>.md",
        ),
    ],
)
def test_review_file_problems(repo: Path, name: str, text: str, message: str) -> None:
    write(repo, name, text)
    _reviews, problems = load_reviews(repo, load_content(repo))
    assert [str(problem) for problem in problems] == [message]


def test_a_valid_review_file(repo: Path) -> None:
    front = "---\nissue: '104'\ntitle: Labs and drills\nexclude_keywords: [Natural gas]\n---\n"
    write(repo, "104.md", front + "We saw *labs*.\n")
    reviews, problems = load_reviews(repo, load_content(repo))
    assert problems == []
    [review] = reviews
    assert (review.key, review.title, review.introduction) == ("104", "Labs and drills", "We saw *labs*.\n")
    assert review.selection == Selection(issue=104, exclude_keywords=("Gas",))


def test_review_pages_and_archive(repo: Path) -> None:
    for key in ("2024-W13", "2024-W14", "2024-W15"):
        write(repo, f"{key}.md", f"---\nweek: {key}\n---\nAbout {key}.\n")
    content = load_content(repo)
    reviews, problems = load_reviews(repo, content)
    assert problems == []
    pages = build_review_pages(content, reviews, Settings())
    assert [page.src_uri for page in pages] == [
        "reviews/2024-W13.md", "reviews/2024-W14.md", "reviews/2024-W15.md", "reviews/index.md",
    ]  # fmt: skip
    middle = pages[1]
    data = middle.meta["debunk"]
    assert (middle.html, middle.source_path, middle.kind) == (
        "<p>About 2024-W14.</p>\n",
        "reviews/2024-W14.md",
        "review",
    )
    assert middle.meta["template"] == "review.html" and middle.meta["title"] == "Review of week 14, 2024"
    assert data["previous"] == {"title": "Review of week 13, 2024", "url": "reviews/2024-W13/"}
    assert data["next"] == {"title": "Review of week 15, 2024", "url": "reviews/2024-W15/"}
    assert data["period"]["label"] == "1\u20137 April 2024"
    case = data["groups"][0]["keywords"][0]["cases"][0]
    assert case["url"] == "cases/2024/2024-04-03-georgia-election-scripted/"
    atom = {"type": "application/atom+xml", "title": "Debunk: reviews (Atom)", "href": "reviews/feed.xml"}
    assert data["feeds"][0] == atom
    json.dumps(data)  # plain JSON-able values only
    archive = pages[-1].meta["debunk"]
    newest_first = ["reviews/2024-W15/", "reviews/2024-W14/", "reviews/2024-W13/"]
    assert [item["url"] for item in archive["reviews"]] == newest_first


def test_a_review_page_is_rendered_from_the_very_tokens_its_checks_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    intro = "See [the case](../cases/2024/2024-04-03-georgia-election-scripted.md).\n\n## Drills\n\nMore.\n"
    write(repo, "2024-W15.md", f"---\nweek: 2024-W15\n---\n{intro}")
    parsed: list[list[Token]] = []  # each token list made from the introduction
    rendered: list[list[Token]] = []  # each token list the review's HTML is rendered from
    real_parse, real_render = debunk.render.commonmark.parse, debunk.render.commonmark.render

    def counting_parse(text: str) -> list[Token]:
        tokens = real_parse(text)
        parsed.extend([tokens] if text == intro else [])
        return tokens

    def recording_render(tokens: list[Token], src_uri: str) -> Rendered:
        rendered.append(tokens)
        return real_render(tokens, src_uri)

    monkeypatch.setattr(debunk.render.commonmark, "parse", counting_parse)
    monkeypatch.setattr(debunk.content.body, "parse", counting_parse)  # the checks' parse
    monkeypatch.setattr(debunk.review.files, "render", recording_render, raising=False)
    content = load_content(repo)
    reviews, problems = load_reviews(repo, content)
    assert problems == []
    [page] = [page for page in build_review_pages(content, reviews, Settings()) if page.kind == "review"]
    assert len(parsed) == 1  # checked and rendered from one parse
    assert len(rendered) == 1 and rendered[0] is parsed[0]
    assert page.html == real_render(parsed[0], "reviews/2024-W15.md").html
    assert '<a href="../../cases/2024/2024-04-03-georgia-election-scripted/">the case</a>' in page.html
    assert '<h2 id="drills">Drills</h2>' in page.html


def test_digest_data_is_the_same_twice(content: Content) -> None:
    from debunk.review.files import Review

    selection = Selection(issue=103)
    review = Review("103", "reviews/103.md", selection, None, "Intro.\n")
    first = json.dumps(digest_data(review, build_digest(content, selection), content, str), sort_keys=True)
    again = json.dumps(digest_data(review, build_digest(content, selection), content, str), sort_keys=True)
    assert first == again


# `debunk digest` -------------------------------------------------------------------------------


def run(repo: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["digest", "--root", str(repo), *args])
    return result.exit_code, result.output


def test_digest_command_creates_the_review_and_the_email(repo: Path) -> None:
    code, output = run(repo, "--week", "2024-W15")
    assert code == 0, output
    email = repo / "build" / "email" / "2024-W15"
    assert output.splitlines() == [
        "created reviews/2024-W15.md: write the introduction there, then run this again",
        f"wrote {email.as_posix()}.html and {email.as_posix()}.txt",
        "Review of week 15, 2024: 7 cases; new narratives: Secret Western biological laboratories; "
        "rising: NATO is encircling Russia",
    ]
    assert (repo / "reviews/2024-W15.md").read_text() == "---\nweek: 2024-W15\n---\n" + PLACEHOLDER_INTRO
    assert (
        "Polish drills are the last step before an attack" in (repo / "build/email/2024-W15.txt").read_text()
    )


def test_rerunning_keeps_the_introduction_byte_for_byte(repo: Path) -> None:
    assert run(repo, "--issue", "104")[0] == 0
    path = repo / "reviews/104.md"
    intro = "This week: labs again.\r\n\r\nAnd *drills*, with trailing spaces   \n\n\n"
    path.write_bytes(b"---\nissue: '104'\ntitle: Labs\n---\n" + intro.encode())
    before = path.read_bytes()
    code, output = run(repo, "--issue", "104")
    assert (
        code == 0 and output.splitlines()[0] == "reviews/104.md is up to date (the introduction is unchanged)"
    )
    assert path.read_bytes() == before
    code, output = run(repo, "--issue", "104", "--exclude-keyword", "Natural gas")
    assert (code, output.splitlines()[0]) == (
        0,
        "reviews/104.md records another selection (exclude_keywords: [] -> ['Gas']); not changed: the "
        "email uses the command line's. Run again with --save to write it into the file.",
    )
    assert path.read_bytes() == before
    assert "Review 104: 5 cases" in output  # the email has the command line's selection
    code, output = run(repo, "--issue", "104", "--exclude-keyword", "Natural gas", "--save")
    assert output.splitlines()[0] == "updated the selection in reviews/104.md (the introduction is unchanged)"
    assert (
        path.read_bytes()
        == b"---\nissue: '104'\ntitle: Labs\nexclude_keywords:\n- Gas\n---\n" + intro.encode()
    )
    code, output = run(repo, "--issue", "104")  # no filter options: the file's filters stay
    assert path.read_bytes().startswith(b"---\nissue: '104'\ntitle: Labs\nexclude_keywords:\n- Gas\n---\n")
    assert "Review 104: 5 cases" in output  # 7 less the 2 on gas


def test_a_review_file_with_a_bad_filter_is_not_rewritten_silently(repo: Path) -> None:
    write(repo, "104.md", "---\nissue: '104'\nkeywords: [Gaz]\n---\nMine.\n")
    before = (repo / "reviews/104.md").read_bytes()
    code, output = run(repo, "--issue", "104")
    assert (code, output) == (
        1,
        "Error: reviews/104.md:3: keywords: unknown keyword 'Gaz' (closest known: 'Gas', 'NATO', 'Biolabs'); "
        "nothing written\n",
    )
    assert (repo / "reviews/104.md").read_bytes() == before
    code, output = run(repo, "--issue", "104", "--keyword", "Gas")  # explicit filters replace the bad ones
    assert (code, output.splitlines()[0]) == (
        0,
        "reviews/104.md records another selection (keywords: replaced (unknown keyword 'Gaz' (closest "
        "known: 'Gas', 'NATO', 'Biolabs'))); not changed: the email uses the command line's. Run again "
        "with --save to write it into the file.",
    )
    assert (repo / "reviews/104.md").read_bytes() == before
    code, output = run(repo, "--issue", "104", "--keyword", "Gas", "--save")
    assert code == 0
    assert (repo / "reviews/104.md").read_text() == "---\nissue: '104'\nkeywords:\n- Gas\n---\nMine.\n"


def test_the_output_is_the_same_twice(repo: Path) -> None:
    run(repo, "--week", "2024-W15")
    names = ("reviews/2024-W15.md", "build/email/2024-W15.html", "build/email/2024-W15.txt")
    first = [(repo / name).read_bytes() for name in names]
    run(repo, "--week", "2024-W15")
    again = [(repo / name).read_bytes() for name in names]
    assert first == again


def test_out_writes_the_email_there_and_leaves_the_review_file_alone(repo: Path, tmp_path: Path) -> None:
    code, output = run(repo, "--issue", "101", "--out", str(tmp_path / "mail" / "issue.html"))
    assert code == 0
    assert output.splitlines()[0] == (
        "reviews/101.md does not exist; not created (--out); add --save to create it"
    )
    assert sorted(p.name for p in (tmp_path / "mail").iterdir()) == ["issue.html", "issue.txt"]
    assert not (repo / "reviews").exists()
    write(repo, "101.md", "---\nissue: '101'\n---\nMine.\n")
    before = (repo / "reviews/101.md").read_bytes()
    code, output = run(repo, "--issue", "101", "--keyword", "Gas", "--out", str(tmp_path / "issue.html"))
    assert code == 0 and "not changed" in output.splitlines()[0]
    assert (repo / "reviews/101.md").read_bytes() == before


@pytest.mark.parametrize(
    ("out", "what"),
    [
        ("reviews/101.md", "inside reviews/, which holds the repository's content"),
        ("cases/2024/mail.html", "inside cases/, which holds the repository's content"),
        ("mkdocs.yml", "the site's configuration"),
    ],
)
def test_out_is_never_a_content_file(repo: Path, out: str, what: str) -> None:
    code, output = run(repo, "--issue", "101", "--out", str(repo / out))
    assert code == 2
    assert output.endswith(
        f"Error: Invalid value for --out: {(repo / out).as_posix()} is {what}; "
        "choose an --out outside cases/, narratives/, vocabularies/ and reviews/\n"
    )
    assert not (repo / "reviews").exists()
    assert sorted(p.name for p in (repo / "cases/2024").iterdir()) == sorted(
        p.name for p in (FIXTURE / "cases/2024").iterdir()
    )


def test_out_never_replaces_a_text_file_that_is_not_an_emails(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, output = run(repo, "--issue", "101", "--out", str(tmp_path / "notes.html"))
    assert code == 2
    assert output.endswith(
        f"Error: Invalid value for --out: {(tmp_path / 'notes.txt').as_posix()} exists and is not the text "
        "of an email; choose another --out\n"
    )
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "notes.html").exists()


def test_an_empty_week_writes_nothing(repo: Path) -> None:
    code, output = run(repo, "--week", "2024-W20")
    message = "Error: no cases in week 2024-W20 (2024-05-13 to 2024-05-19); nothing written\n"
    assert (code, output) == (1, message)
    assert not (repo / "reviews").exists() and not (repo / "build").exists()
    code, output = run(repo, "--issue", "104", "--country", "France")
    assert (code, output) == (1, "Error: no cases in issue 104 match the filters; nothing written\n")


def test_an_unknown_tag_is_a_usage_error(repo: Path) -> None:
    code, output = run(repo, "--issue", "104", "--narrative", "bio-lab", "--exclude-country", "Germny")
    assert code == 2
    assert output.endswith(
        "Error: unknown narrative 'bio-lab' (did you mean 'bio-labs'?)\n"
        "unknown country 'Germny' (did you mean 'Germany' or 'Guernsey'?)\n"
    )
    assert not (repo / "reviews").exists()


def test_week_and_issue_together_or_a_bad_week(repo: Path) -> None:
    code, output = run(repo, "--week", "2024-W15", "--issue", "104")
    assert code == 2 and output.endswith("Error: give --week or --issue, not both\n")
    code, output = run(repo, "--week", "2024-15")
    assert code == 2
    assert output.endswith(
        "Error: Invalid value for --week: '2024-15' is not an ISO week; write YYYY-Www, e.g. 2026-W47\n"
    )


def test_without_arguments_the_current_week_is_built(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import debunk.review.selection

    monkeypatch.setattr(debunk.review.selection, "current_week", lambda timezone, now=None: "2024-W14")
    code, output = run(repo)
    assert code == 0, output
    assert (repo / "reviews/2024-W14.md").is_file()


@pytest.mark.parametrize(
    ("count", "previous", "unit", "compared", "phrase"),
    [
        (2, (0, 0, 0, 0), "week", 4, "2 cases this week; none in the 4 weeks before"),
        (1, (0, 0, 0, 0), "issue", 1, "1 case this issue; none in the 1 issue before"),
        (2, (0, 0, 0, 1), "week", 4, "2 cases this week; usually fewer than 1 a week in the 4 weeks before"),
        (3, (1, 1, 1, 1), "week", 4, "3 cases this week; usually 1 a week in the 4 weeks before"),
        (5, (1, 2, 1, 2), "week", 4, "5 cases this week; usually 1 or 2 a week in the 4 weeks before"),
        (4, (0, 0, 2, 1), "issue", 2, "4 cases this issue; usually 1 or 2 an issue in the 2 issues before"),
    ],
)
def test_trend_phrase(count: int, previous: tuple[int, ...], unit: str, compared: int, phrase: str) -> None:
    assert trend_phrase(Trend("n", "N", count, previous), unit, compared) == phrase
