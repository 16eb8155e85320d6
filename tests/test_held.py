"""Held cases (`status: draft`, `publish_on`): validated like any case, never in a published site.

The site test builds the fixture publication plus a draft and an embargoed case that share a
narrative, keywords, countries, an outlet and a review week with public cases (and a
hand-picked link each way), then reads every file of the site, the search index and data
files included, for any trace of them; a case whose `publish_on` has passed must be there.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import Repo
from test_serve import free_port, wait_for
from test_site import make_repo

from debunk.cli import main
from debunk.content.dates import case_dates
from debunk.content.held import TODAY_VARIABLE, build_day, hold_label, is_held
from debunk.content.repository import load_content
from debunk.model import Severity

TODAY = "2026-12-06"
"""The day every build and check of this module runs as (`DEBUNK_TODAY`)."""
PUBLIC = "2024-03-20-nato-drills-cover-for-attack"
DRAFT = ("2024-03-21-ice-roads-closed-to-hide-troops", "Ice roads were closed to hide troop movements")
EMBARGOED = ("2024-03-22-ferry-lines-carry-tanks-at-night", "Ferry lines carry tanks across the bay at night")
RELEASED = ("2024-03-19-radar-towers-jam-phones", "New radar towers jam the phones of border villages")
NARRATIVE = "rigged-elections"


def case_file(title: str, day: str, extra: str, keyword: str = "NATO") -> str:
    """A case sharing the public drills case's keyword, countries, language and outlet."""
    return f"""---
title: {title}
date: "{day}"
verdict: disinformation
narratives: [{NARRATIVE}]
keywords: [{keyword}]
countries: [Finland, Norway]
languages: [fi]
outlets: [Northern Wire]
sources:
  - url: https://example.net/wire/{day}
    archive: https://web.archive.org/web/20240401000000/https://example.net/wire/{day}
{extra}
---

## Summary

An article repeated the claim in its own words, with no source for it.

## Response

Local officials and independent observers describe what actually happened; nothing supports it.
"""


def add_held_cases(repo: Path) -> None:
    """The draft, the embargoed case, a released one, a public case linking to the held ones,
    and a review of their week."""
    cases = repo / "cases" / "2024"
    public = cases / f"{PUBLIC}.md"
    text = public.read_text(encoding="utf-8")
    public.write_text(
        text.replace("verdict: disinformation\n", f"verdict: disinformation\nrelated: [{DRAFT[0]}]\n"),
        encoding="utf-8",
    )
    drafted = f"status: draft\nrelated: [{PUBLIC}]"
    (cases / f"{DRAFT[0]}.md").write_text(case_file(DRAFT[1], DRAFT[0][:10], drafted), encoding="utf-8")
    embargo = f"publish_on: 2026-12-12\nrelated: [{PUBLIC}]"
    (cases / f"{EMBARGOED[0]}.md").write_text(
        case_file(EMBARGOED[1], EMBARGOED[0][:10], embargo), encoding="utf-8"
    )
    released = "publish_on: 2026-12-01"
    (cases / f"{RELEASED[0]}.md").write_text(
        case_file(RELEASED[1], RELEASED[0][:10], released), encoding="utf-8"
    )
    (repo / "reviews").mkdir()
    (repo / "reviews" / "2024-W12.md").write_text(
        "---\nweek: 2024-W12\n---\nThe week's drills drew three stories about the army.\n", encoding="utf-8"
    )


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", TODAY_VARIABLE: TODAY, **extra}


# Validation ----------------------------------------------------------------------------------

KEEP_OFF = "write 'draft' to keep the case off the site, or leave the field out to publish it"
FIELD = "cases/2023/2023-06-01-wind-farms-cause-storms.md:14"
"""A field added to the test case goes after `sources`, on line 14 (see `conftest`)."""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "drafts"}, "status: unknown status 'drafts' (did you mean 'draft'?); "
         f"{KEEP_OFF}"),
        ({"status": "hidden"}, f"status: unknown status 'hidden'; {KEEP_OFF}"),
        ({"status": "[draft]"}, "status: must be plain text, not a list or mapping"),
        ({"status": '""'}, "status: must not be empty"),
        ({"publish_on": "12/12/2026"}, "publish_on: '12/12/2026' is not a date; write the day it is "
         "published, YYYY-MM-DD, e.g. 2026-12-12"),
        ({"publish_on": "2026-12-12T09:00"}, "publish_on: '2026-12-12T09:00' is not a date; write the day "
         "it is published, YYYY-MM-DD, e.g. 2026-12-12"),
        ({"publish_on": "2026-02-30"}, "publish_on: '2026-02-30' is not a real calendar date"),
    ],
)  # fmt: skip
def test_held_fields_are_checked(repo: Repo, fields: dict[str, str], message: str) -> None:
    repo.write_case(**fields)
    assert repo.messages() == [f"{FIELD}: {message}"]


@pytest.mark.parametrize(
    ("fields", "status", "publish_on"),
    [
        ({}, "published", None),
        ({"status": "published"}, "published", None),
        ({"status": "draft"}, "draft", None),
        ({"publish_on": '"2026-12-12"'}, "published", dt.date(2026, 12, 12)),
        ({"status": "draft", "publish_on": "2026-12-12"}, "draft", dt.date(2026, 12, 12)),
    ],
)
def test_held_fields_load(
    repo: Repo, fields: dict[str, str], status: str, publish_on: dt.date | None
) -> None:
    repo.write_case(**fields)
    content = load_content(repo.root)
    assert [p for p in content.problems if p.severity is Severity.ERROR] == []
    case = content.case("2023-06-01-wind-farms-cause-storms")
    assert case is not None
    assert (case.status, case.publish_on) == (status, publish_on)


def test_status_stays_forbidden_in_narratives(repo: Repo) -> None:
    path = next((repo.root / "narratives").glob("*.md"))
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\nstatus: draft\n", 1), "utf-8")
    messages = repo.messages(path.relative_to(repo.root).as_posix())
    assert messages == [
        f"{path.relative_to(repo.root).as_posix()}:2: status: 'status' changes how the page renders "
        "and is not allowed in content files"
    ]


def test_build_day() -> None:
    late = dt.datetime(2026, 12, 11, 23, 30, tzinfo=dt.UTC)
    assert build_day("UTC", {}, late) == dt.date(2026, 12, 11)
    assert build_day("Europe/Brussels", {}, late) == dt.date(2026, 12, 12)  # already midnight there
    assert build_day("Europe/Brussels", {TODAY_VARIABLE: "2030-01-02"}, late) == dt.date(2030, 1, 2)
    with pytest.raises(ValueError, match=r"^DEBUNK_TODAY='tomorrow' is not a date; write YYYY-MM-DD$"):
        build_day("UTC", {TODAY_VARIABLE: "tomorrow"})
    with pytest.raises(ValueError, match=r"^extra.debunk.timezone: unknown time zone 'Mars/Olympus'$"):
        build_day("Mars/Olympus", {})


def test_labels_and_the_day_itself(repo: Repo) -> None:
    repo.write_case(publish_on="2026-12-12")
    case = load_content(repo.root).case("2023-06-01-wind-farms-cause-storms")
    assert case is not None
    assert hold_label(case) == "Publishes on 12 December 2026"
    assert is_held(case, dt.date(2026, 12, 11))
    assert not is_held(case, dt.date(2026, 12, 12))  # public from its day on
    repo.write_case(status="draft", publish_on="2026-12-12")
    draft = load_content(repo.root).case("2023-06-01-wind-farms-cause-storms")
    assert draft is not None
    assert hold_label(draft) == "DRAFT \u2014 not published"
    assert is_held(draft, dt.date(2030, 1, 1))  # a draft waits for its status, not its day


# The published site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def held_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("held") / "repo")
    add_held_cases(repo)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=repo, capture_output=True, text=True, env=env(), check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return repo


def traces(case_id: str, title: str) -> list[bytes]:
    """Every way a file could show a case: its id (in its URL too) and its title as written,
    as HTML escapes it and as JSON does."""
    forms = {title, html.escape(title), json.dumps(title)[1:-1], f"/cases/{case_id[:4]}/{case_id}/"}
    return [case_id.encode(), *(form.encode() for form in sorted(forms))]


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of the site, gunzipped when it is gzip (the sitemap, Pagefind's files)."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            unzipped = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            files[path.relative_to(site).as_posix()] = unzipped
    return files


def test_no_file_of_the_site_shows_a_held_case(held_site: Path) -> None:
    files = site_files(held_site / "site")
    # the search index is read too
    assert any(name.startswith("pagefind/") and "/fragment/" in name for name in files)
    for name in ("feed.xml", "feed.json", "sitemap.xml", "data/cases.csv.gz", "data/cases.jsonl.gz",
                 "data/claimreview-feed.json.gz", "data/cases-2024.csv", "data/claimreview-feed-2024.json",
                 "reviews/2024-W12/index.html", "reviews/2024-W12/email.txt",
                 "keywords/nato/feed.xml", f"narratives/{NARRATIVE}/index.html", "api/index.json",
                 "api/keywords/nato.json"):  # fmt: skip
        assert name in files, name
    for case_id, title in (DRAFT, EMBARGOED):
        found = [(name, t) for name, data in files.items() for t in traces(case_id, title) if t in data]
        assert found == []
    assert not (held_site / "site" / "cases" / "2024" / DRAFT[0]).exists()


def test_a_case_whose_day_has_come_is_everywhere(held_site: Path) -> None:
    files = site_files(held_site / "site")
    case_id, title = RELEASED
    showing = {name for name, data in files.items() if case_id.encode() in data}
    for name in (f"cases/2024/{case_id}/index.html", "index.html", "feed.xml", "sitemap.xml",
                 "data/cases.csv.gz", "data/claimreview-feed-2024.json", "keywords/nato/feed.xml",
                 f"narratives/{NARRATIVE}/index.html",
                 "reviews/2024-W12/index.html", "reviews/2024-W12/email.html", f"api/cases/{case_id}.json",
                 "api/keywords/nato.json"):  # fmt: skip
        assert name in showing, name
    assert any(name.startswith("pagefind/") and "/fragment/" in name for name in showing)
    assert title.encode() in files[f"cases/2024/{case_id}/index.html"]


def test_term_counts_leave_held_cases_out(held_site: Path) -> None:
    content = load_content(held_site)
    public = [case for case in content.cases if not is_held(case, dt.date.fromisoformat(TODAY))]
    nato = sum(1 for case in public if "NATO" in case.keywords)
    index = (held_site / "site" / "keywords" / "index.html").read_text(encoding="utf-8")
    assert f"NATO</a> ({nato})</li>" in index
    assert len(content.cases) - len(public) == 2


def verify(repo: Path) -> Result:
    return CliRunner().invoke(main, ["verify-site", str(repo / "site"), "--root", str(repo)], env=env())


def test_verify_site_counts_held_cases_as_held_not_lost(held_site: Path) -> None:
    result = verify(held_site)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "no case lost" in result.stdout
    assert "held cases (drafts and embargoed): 2, none shown in the site" in result.stdout


def test_verify_site_finds_a_held_case_put_into_the_site(held_site: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(held_site, repo)
    page = repo / "site" / "cases" / "2024" / EMBARGOED[0] / "index.html"
    page.parent.mkdir()
    page.write_text("<h1>Soon</h1>", encoding="utf-8")
    feed = repo / "site" / "feed.json"
    feed.write_text(feed.read_text(encoding="utf-8") + json.dumps(EMBARGOED[1]), encoding="utf-8")
    home = repo / "site" / "index.html"
    home.write_text(
        home.read_text(encoding="utf-8") + f'<a href="cases/2024/{DRAFT[0]}/">later</a>', encoding="utf-8"
    )
    result = verify(repo)
    assert result.exit_code == 1
    held = f"held case '{EMBARGOED[0]}' (cases/2024/{EMBARGOED[0]}.md)"
    assert result.stderr.splitlines() == [
        f"cases/2024/{EMBARGOED[0]}/index.html shows {held}: its page",
        f"feed.json shows {held}: its title",
        f"index.html shows held case '{DRAFT[0]}' (cases/2024/{DRAFT[0]}.md): its id",
    ]
    assert "held cases (drafts and embargoed): 2, 3 shown in the site" in result.stdout


def test_on_its_day_the_embargoed_case_is_published(held_site: Path, tmp_path: Path) -> None:
    """The daily build of 12 December: the same files, one day later."""
    repo = tmp_path / "repo"
    shutil.copytree(held_site, repo, ignore=shutil.ignore_patterns("site"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=repo, capture_output=True, text=True, env=env(DEBUNK_TODAY="2026-12-12"), check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (repo / "site" / "cases" / "2024" / EMBARGOED[0] / "index.html").is_file()
    assert EMBARGOED[0] in (repo / "site" / "feed.xml").read_text(encoding="utf-8")
    assert not (repo / "site" / "cases" / "2024" / DRAFT[0]).exists()


# The preview -----------------------------------------------------------------------------------


def test_serve_shows_held_cases_with_their_banner(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    add_held_cases(repo)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=repo, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}/"
        banner = '<p class="debunk-held" role="status" data-pagefind-ignore>{}</p>'
        assert wait_for(f"{base}cases/2024/{DRAFT[0]}/", banner.format("DRAFT \u2014 not published"))
        assert wait_for(f"{base}cases/2024/{EMBARGOED[0]}/", banner.format("Publishes on 12 December 2026"))
        assert wait_for(base, f"{EMBARGOED[1]} (Publishes on 12 December 2026)")  # listed, marked
        assert wait_for(f"{base}cases/2024/{PUBLIC}/", f"{DRAFT[1]} (DRAFT \u2014 not published)")
        assert not wait_for(f"{base}cases/2024/{PUBLIC}/", 'class="debunk-held"', seconds=1)
    finally:
        server.terminate()
        server.wait(timeout=10)


# The weekly review -----------------------------------------------------------------------------


def digest(repo: Path, *args: str) -> tuple[int, str]:
    runner = CliRunner()
    result = runner.invoke(main, ["digest", "--root", str(repo), "--week", "2024-W12", *args], env=env())
    return result.exit_code, result.output


def test_digest_leaves_held_cases_out_unless_asked(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    add_held_cases(repo)
    code, output = digest(repo)
    assert code == 0, output
    email = (repo / "build" / "email" / "2024-W12.txt").read_text(encoding="utf-8")
    assert EMBARGOED[1] not in email and DRAFT[1] not in email and RELEASED[1] in email
    assert (
        f"left out 2 held case(s): {DRAFT[0]} (DRAFT \u2014 not published); "
        f"{EMBARGOED[0]} (Publishes on 12 December 2026)\n"
        "--include-held adds the ones that publish on or before the review's day\n"
    ) in output
    review = (repo / "reviews" / "2024-W12.md").read_bytes()

    code, output = digest(repo, "--include-held", "--review-day", "2026-12-12")
    assert code == 0, output
    email = (repo / "build" / "email" / "2024-W12.txt").read_text(encoding="utf-8")
    assert EMBARGOED[1] in email and DRAFT[1] not in email
    assert f"included 1 held case(s) that publish on or before 2026-12-12: {EMBARGOED[0]}\n" in output
    assert f"left out 1 held case(s): {DRAFT[0]} (DRAFT \u2014 not published)\n" in output
    assert (repo / "reviews" / "2024-W12.md").read_bytes() == review  # the selection, not the cases

    code, output = digest(repo, "--include-held", "--review-day", "2026-12-11")  # a day too early
    assert code == 0, output
    assert EMBARGOED[1] not in (repo / "build" / "email" / "2024-W12.txt").read_text(encoding="utf-8")
    assert "included" not in output and "--include-held adds" not in output
    assert f"left out 2 held case(s): {DRAFT[0]} (DRAFT \u2014 not published); " in output


def test_digest_include_held_with_an_issue_needs_the_day(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    result = CliRunner().invoke(main, ["digest", "--root", str(repo), "--issue", "3", "--include-held"])
    assert result.exit_code == 2
    assert "--include-held with --issue needs --review-day, the day the review is out" in result.output


def test_an_embargoed_case_is_published_on_its_day_not_when_merged(repo: Repo) -> None:
    """The debunk's default `published` date is its `publish_on` when that is after git's add."""
    repo.write_case(publish_on="2026-12-12")
    case = load_content(repo.root).case("2023-06-01-wind-farms-cause-storms")
    assert case is not None
    merged = {case.path: dt.date(2026, 12, 3)}
    assert case_dates([case], merged)[case.id].published == dt.date(2026, 12, 12)
    assert case_dates([case], {case.path: dt.date(2026, 12, 20)})[case.id].published == dt.date(2026, 12, 20)
