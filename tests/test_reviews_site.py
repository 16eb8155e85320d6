"""Review pages in a real MkDocs build (strict): the template renders, links resolve, feeds and
emails are published, and `<link rel="alternate">` points at the reviews feed.

The hook below is the wiring the site hooks need (three calls); it stands alone here so that
this test does not depend on the rest of the site's pages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "digest"
HOOK = """
import logging
from pathlib import Path

from mkdocs.structure.files import File

from debunk.settings import Settings
from debunk.review.email import write_review_emails
from debunk.publish.feeds import write_feeds
from debunk.review.files import load_reviews
from debunk.review.pages import build_review_pages
from debunk.content.repository import load_content

log = logging.getLogger("mkdocs.hooks.reviews")
state = {}


def on_config(config):
    root = Path(config.config_file_path).parent
    settings = Settings.from_mapping(config.site_name, config.site_url, config.extra)
    content = load_content(root)
    reviews, problems = load_reviews(root, content)
    for problem in problems:
        log.warning(str(problem))
    state.update(root=root, settings=settings, content=content, reviews=reviews)


def on_files(files, config):
    state["pages"] = {}
    for page in build_review_pages(state["content"], state["reviews"], state["settings"]):
        files.append(File.generated(config, page.src_uri, content=page.html))
        state["pages"][page.src_uri] = page
    return files


def on_page_markdown(markdown, page, config, files):
    generated = state["pages"].get(page.file.src_uri)
    if generated is not None:
        page.meta = dict(generated.meta)
    return markdown


def on_post_build(config):
    site_dir = Path(config.site_dir)
    args = (state["content"], state["reviews"], state["settings"], site_dir)
    write_feeds(*args)
    write_review_emails(*args)
"""
MKDOCS = """site_name: Review test
site_url: https://debunk.example.org/
strict: true
theme:
  name: material
  custom_dir: {overrides}
  font: false
hooks:
  - hooks.py
extra:
  debunk:
    timezone: Europe/Brussels
nav:
  - Home: index.md
not_in_nav: |
  /reviews/
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reviews-site") / "repo"
    shutil.copytree(FIXTURE, root)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "hooks.py").write_text(HOOK, encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS.format(overrides=REPO / "overrides"), encoding="utf-8")
    (root / "reviews").mkdir()
    for key, text in {
        "2024-W14": "---\nweek: 2024-W14\n---\nElections *everywhere*.\n",
        "2024-W15": "---\nweek: 2024-W15\ntitle: Labs & drills\n---\n"
        "A week of labs. See [last week](2024-W14.md).\n",
    }.items():
        (root / "reviews" / f"{key}.md").write_text(text, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    return root / "site"


def test_the_review_page(site: Path) -> None:
    html = (site / "reviews/2024-W15/index.html").read_text(encoding="utf-8")
    assert "<h1>Labs &amp; drills</h1>" in html
    assert '<p>A week of labs. See <a href="../2024-W14/">last week</a>.</p>' in html
    assert html.count('href="../../cases/2024/') == 7
    assert 'href="../../cases/2024/2024-04-12-gas-sanctions-ruin-germany/"' in html
    assert "Brussels&#39; gas sanctions &#34;ruin&#34; German industry &amp; households" in html
    assert (
        'href="../../narratives/bio-labs/"' in html
        and 'href="../../keywords/military-exercises/"' not in html
    )
    assert '<rect class="debunk-chart__bar"' in html
    assert 'rel="prev"' in html and 'href="../2024-W14/"' in html and 'rel="next"' not in html
    assert 'href="email.html"' in html and 'href="email.txt"' in html
    feed = '<link rel="alternate feed" type="application/atom+xml" title="Review test: reviews (Atom)"'
    feed += ' href="../feed.xml">'
    assert feed in html


def test_the_archive(site: Path) -> None:
    html = (site / "reviews/index.html").read_text(encoding="utf-8")
    assert html.index('href="2024-W15/"') < html.index('href="2024-W14/"')


def test_feeds_and_emails_are_published(site: Path) -> None:
    parsed = feedparser.parse((site / "reviews/feed.xml").read_bytes())
    assert not parsed.bozo
    assert [entry.title for entry in parsed.entries] == ["Labs & drills", "Review of week 14, 2024"]
    assert (site / "feed.xml").is_file() and (site / "keywords/military-exercises/feed.json").is_file()
    email = (site / "reviews/2024-W15/email.html").read_text(encoding="utf-8")
    assert "<style>\n/*" in email and 'href="https://debunk.example.org/reviews/2024-W14/"' in email
    assert (site / "reviews/2024-W15/email.txt").read_text(encoding="utf-8").startswith("REVIEW TEST - ")


def test_each_entry_shows_its_verdict_and_groups_say_what_they_are(site: Path) -> None:
    from debunk.content.repository import load_content
    from debunk.review.digest import build_digest
    from debunk.review.selection import Selection

    content = load_content(FIXTURE)
    digest = build_digest(content, Selection(week="2024-W15"))
    html = (site / "reviews/2024-W15/index.html").read_text(encoding="utf-8")
    verdicts = content.vocabularies.verdicts
    for case in digest.cases:
        label = verdicts[case.verdict].label
        entry = re.search(
            rf'<li><span class="debunk-verdict debunk-verdict--{case.verdict}">'
            rf'<span class="debunk-visually-hidden">Verdict: </span>([^<]+)</span> '
            rf'<a href="../../cases/{case.year}/{case.id}/">',
            html,
        )
        assert entry is not None and entry.group(1) == label, case.id
    for group in digest.groups:
        heading = f"Narrative: {group.title}" if group.narrative else "No narrative"
        shown = html.replace("&#39;", "'")
        assert re.search(rf">{re.escape(heading)}(</a>)? <span class=\"debunk-count\">", shown)
        for sub in group.keywords:
            assert f">{'Keyword: ' + sub.keyword if sub.keyword else 'No keyword'}</" in html


def test_trends_and_counts_in_plain_words(site: Path) -> None:
    html = (site / "reviews/2024-W15/index.html").read_text(encoding="utf-8")
    assert "on average" not in html and "against" not in html
    assert "cases this week; none in the 4 weeks before" in html


def test_the_archive_counts_in_plain_words(site: Path) -> None:
    html = (site / "reviews/index.html").read_text(encoding="utf-8")
    assert "2 weekly reviews" in html
    assert re.search(r"\b1 cases\b|\b0 case\b", html) is None
