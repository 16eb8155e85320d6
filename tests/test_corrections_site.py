"""Corrections in the open, as readers and machines see them: a tiny site built with
`mkdocs build --strict`, a case's log on its page and in its feed entry, `/corrections/` and its feeds."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from html import unescape
from pathlib import Path

import feedparser
import pytest
import yaml
from test_site import make_repo, mkdocs_build

from debunk.content.repository import Content, load_content

REPO = Path(__file__).parent.parent
SITE = "https://desk.example.org/"
GAS = "cases/2023/2023-01-05-gas-storage-empty-by-february"
VOTE = "cases/2023/2023-02-10-baltic-vote-decided-abroad"
LOG = {
    GAS: """published: "2023-01-09"
updates:
  - date: "2023-02-01"
    kind: correction
    note: The column ran in the *Harbour Herald*, not its weekend edition.
  - date: "2023-03-15"
    kind: update
    note: Storage stayed above half full all winter ([the operator's figures](https://example.org/gas/levels)).
""",
    VOTE: """updates:
  - date: "2023-02-20"
    kind: clarification
    note: The vote in question is the regional one.
""",
}


def label(iso: str) -> str:
    """A date as the site writes it: `9 January 2023`."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {calendar.month_name[month]} {year}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Content]:
    repo = make_repo(tmp_path_factory.mktemp("corrections") / "repo")
    for case, front in LOG.items():
        path = repo / f"{case}.md"
        head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        path.write_text(f"{head}\n{front}---\n{body}", encoding="utf-8")
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.stderr
    content = load_content(repo)
    assert content.problems == []
    return repo, content


def page(repo: Path, url: str) -> str:
    return (repo / "site" / url / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def every_update(content: Content) -> list[tuple[str, str, str, str]]:
    """(date, kind, case path, note) of every update in the case files, newest first."""
    found = [(u.date.isoformat(), u.kind, c.path, u.note) for c in content.cases for u in c.updates]
    return sorted(found, reverse=True)


def test_the_case_page_shows_both_dates_and_the_log_under_the_verdict(built: tuple[Path, Content]) -> None:
    repo, content = built
    html = page(repo, GAS)
    case = content.case(GAS.rsplit("/", 1)[1])
    assert case is not None and case.published is not None
    dates = text(re.search(r'<p class="debunk-case__date".*?</p>', html, re.S).group(0))  # type: ignore[union-attr]
    assert dates == f"Claim published {label(str(case.date))} · Debunk published {label(str(case.published))}"
    section = re.search(r'<section class="debunk-case__updates".*?</section>', html, re.S)
    assert section is not None
    assert html.index("debunk-verdict") < section.start() < html.index('id="summary"')
    items = re.findall(r'<li class="debunk-update[^"]*" id="(update-\d+)">(.*?)</li>', section.group(0), re.S)
    words = {"correction": "Corrected", "clarification": "Clarified", "update": "Updated"}
    assert [(anchor, text(item)) for anchor, item in items] == [
        (f"update-{i + 1}", f"{words[u.kind]} {label(str(u.date))}: {text(_markdown_text(u.note))}")
        for i, u in enumerate(case.updates)
    ]
    assert '<a href="https://example.org/gas/levels"' in section.group(0)
    jsonld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert jsonld["datePublished"] == str(case.published)
    assert jsonld["dateModified"] == str(case.updates[-1].date)
    assert jsonld["itemReviewed"]["datePublished"] == str(case.date)


def _markdown_text(note: str) -> str:
    """The words of a note as the page shows them: Markdown emphasis and link syntax gone."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", note).replace("*", "")


def test_a_case_without_updates_shows_no_log(built: tuple[Path, Content]) -> None:
    repo, content = built
    plain = [case for case in content.cases if not case.updates]
    assert plain
    for case in plain:
        html = page(repo, f"cases/{case.year}/{case.id}")
        assert "debunk-case__updates" not in html and "dateModified" not in html
        assert f'Debunk published <time datetime="{case.date}">' in html  # no git, no review: the claim's


def test_the_case_feed_entry_carries_its_log(built: tuple[Path, Content]) -> None:
    repo, content = built
    parsed = feedparser.parse((repo / "site" / "feed.xml").read_bytes())
    by_id = {entry.id: entry for entry in parsed.entries}
    for case in content.cases:
        entry = by_id[f"{SITE}cases/{case.year}/{case.id}/"]
        body = text(entry.content[0].value)
        if not case.updates:
            assert "Corrections and updates" not in body
            assert calendar.timegm(entry.updated_parsed) == calendar.timegm(case.date.timetuple())
            continue
        assert body.startswith("Corrections and updates")
        for update in case.updates:
            assert f"{label(str(update.date))}: {text(_markdown_text(update.note))}" in body
        assert calendar.timegm(entry.updated_parsed) == calendar.timegm(case.updates[-1].date.timetuple())


def test_the_corrections_page_lists_every_update_newest_first(built: tuple[Path, Content]) -> None:
    repo, content = built
    html = page(repo, "corrections")
    expected = every_update(content)
    assert len(expected) == sum(len(case.updates) for case in content.cases) > 0
    items = re.findall(
        r"<li><strong>(.*?)</strong> · <a href=\"([^\"]+)\">(.*?)</a><br>\s*(.*?)</li>", html, re.S
    )
    words = {"correction": "Corrected", "clarification": "Clarified", "update": "Updated"}
    assert [(kind_date, text(note)) for kind_date, _href, _title, note in items] == [
        (f"{words[kind]} {label(date)}", text(_markdown_text(note))) for date, kind, _path, note in expected
    ]
    for _kind_date, href, _title, _note in items:
        target, anchor = href.split("#")
        assert target.startswith("../cases/") and f'id="{anchor}"' in page(repo, target[3:])
    assert '<link rel="alternate feed" type="application/atom+xml"' in html


def test_the_corrections_feeds_hold_every_update(built: tuple[Path, Content]) -> None:
    repo, content = built
    expected = every_update(content)
    atom = feedparser.parse((repo / "site" / "corrections" / "feed.xml").read_bytes())
    assert not atom.bozo
    assert [calendar.timegm(e.published_parsed) for e in atom.entries] == [
        calendar.timegm(dt.date.fromisoformat(date).timetuple()) for date, *_ in expected
    ]
    assert [e.tags[0].term for e in atom.entries] == [kind for _date, kind, _path, _note in expected]
    assert all(e.id.startswith(SITE + "cases/") and "#update-" in e.id for e in atom.entries)
    feed = json.loads((repo / "site" / "corrections" / "feed.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in feed["items"]] == [e.id for e in atom.entries]
    assert feed["feed_url"] == SITE + "corrections/feed.json"


def test_the_sample_site_links_corrections_and_its_history() -> None:
    """`/corrections/` is in the navigation and on the about page; `repo_url` makes history links."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    about = next(item["About"] for item in config["nav"] if "About" in item)
    assert {"Corrections": "corrections/index.md"} in about
    assert "(corrections/index.md)" in (REPO / "docs" / "about.md").read_text(encoding="utf-8")
    assert config["repo_url"].startswith("https://") and config["edit_uri"].startswith("edit/")
