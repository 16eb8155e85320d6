"""What one build hands the next in the same process (`debunk.build.previous`) never changes the site.

Two builds run in this process, as `mkdocs build` after `mkdocs build` would in one server:
same config file, same hooks module, one `Previous` between them, one case edited in between.
The second site must be byte for byte the one a new process writes with no cache at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from test_site import make_repo

import debunk.publish.feeds
import debunk.render.sanitize
import debunk.review.pages
import debunk.site.pages.home
import debunk.site.related
from debunk.content.repository import load_content
from debunk.review.files import load_reviews
from debunk_mkdocs import events

CASE = "cases/2024/2024-03-20-nato-drills-cover-for-attack.md"
REVIEWS = {
    "2024-W12.md": "---\nweek: 2024-W12\n---\nThe week of the drills.\n",
    "2023-W06.md": "---\nweek: 2023-W06\n---\nA week about a vote.\n",
}


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample publication with two weekly reviews."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_repo(tmp_path / "repo")
    (root / "reviews").mkdir()
    for name, text in REVIEWS.items():
        (root / "reviews" / name).write_text(text, encoding="utf-8")
    return root


def counted(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Count the calls of `module.name` from now on."""
    calls: list[int] = []
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    return calls


def build_here(repo: Path, site: Path, start: bool) -> Any:
    """`mkdocs build` in this process; `start`: as a new command (nothing remembered)."""
    config = load_config(str(repo / "mkdocs.yml"), site_dir=str(site))
    hooks = config.plugins["hooks/debunk_hooks.py"]
    if start:
        hooks.on_startup(command="build", dirty=False)
    mkdocs_build(config)
    return hooks


def clean_build(repo: Path, site: Path) -> dict[str, bytes]:
    """The same build in a new process with every cache off."""
    code = (
        "import sys; from mkdocs.config import load_config; from mkdocs.commands.build import build; "
        "c = load_config(sys.argv[1], site_dir=sys.argv[2]); c.extra['debunk']['cache_dir'] = ''; "
        "c.plugins['hooks/debunk_hooks.py'].on_startup(command='build', dirty=False); build(c)"
    )
    command = [sys.executable, "-c", code, str(repo / "mkdocs.yml"), str(site)]
    subprocess.run(command, cwd=repo, check=True, capture_output=True, env=os.environ)
    return tree(site)


def test_a_build_handed_the_previous_one_equals_a_clean_build_byte_for_byte(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked = counted(monkeypatch, debunk.site.related, "_rank")
    # A `mkdocs build` lets go of what only a next build would reuse; here a next build follows.
    monkeypatch.setattr(events, "release_sources", lambda build: None)
    monkeypatch.setattr(events, "release_pages", lambda build: None)
    build_here(repo, tmp_path / "first", start=True)
    previous = events.STATE.served.previous
    first_html = {uri: page.html for uri, page in events.STATE.build().build.pages.items()}
    sanitised = counted(monkeypatch, debunk.render.sanitize, "sanitize_html")
    path = repo / CASE
    text = path.read_text(encoding="utf-8")
    assert "Alliance drills" in text and "went home" in text
    # The title shows on other pages (lists, related cases); the body only on its own page.
    edited = text.replace("Alliance drills", "Winter drills").replace("went home", "went back")
    path.write_text(edited, encoding="utf-8")
    build_here(repo, tmp_path / "second", start=False)
    assert events.STATE.served.previous is previous and events.STATE.build().build.previous is previous
    assert ranked == [1]  # the second build took the ranking from the first: no term or date changed
    pages = events.STATE.build().build.pages
    changed = [uri for uri, page in pages.items() if first_html.get(uri) != page.html]
    assert 0 < len(changed) < len(pages) and len(sanitised) == len(changed)  # only those sanitised again
    second = tree(tmp_path / "second")
    assert any(b"Winter drills" in data for data in second.values())
    clean = clean_build(repo, tmp_path / "clean")
    assert sorted(second) == sorted(clean)
    assert [name for name, data in second.items() if clean[name] != data] == []


def test_the_review_digests_and_the_terms_are_computed_once_per_build(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review pages, feeds and emails share one digest of each review; the feeds read the
    site's terms."""
    digests = counted(monkeypatch, debunk.review.pages, "build_digest")
    terms = counted(monkeypatch, debunk.site.pages.home, "build_terms")
    terms_in_feeds = counted(monkeypatch, debunk.publish.feeds, "build_terms")
    build_here(repo, tmp_path / "site", start=True)
    reviews, _problems = load_reviews(repo, load_content(repo))
    assert len(reviews) == len(REVIEWS) == len(events.STATE.build().build.digests)
    assert len(digests) == len(reviews)
    assert (len(terms), terms_in_feeds) == (1, [])
    for review in REVIEWS:
        folder = tmp_path / "site" / "reviews" / review.removesuffix(".md")
        assert (folder / "index.html").is_file() and (folder / "email.html").is_file()
    assert b"The week of the drills." in (tmp_path / "site" / "reviews" / "feed.xml").read_bytes()


def test_letting_the_pages_go_after_their_use_changes_no_byte_of_the_site(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mkdocs build` drops each page's HTML once rendered and written, and every memo (the
    build's peak memory); the site is the one a build keeping them writes."""
    released: list[str] = []
    for name in ("release_sources", "release_pages"):
        real = getattr(events, name)
        monkeypatch.setattr(
            events, name, lambda build, real=real, name=name: released.append(name) or real(build)
        )
    build_here(repo, tmp_path / "released", start=True)
    assert released == ["release_sources", "release_pages"]
    assert all(page.html == "" for page in events.STATE.build().build.pages.values())
    monkeypatch.setattr(events, "release_sources", lambda build: None)
    monkeypatch.setattr(events, "release_pages", lambda build: None)
    build_here(repo, tmp_path / "kept", start=True)
    assert any(page.html for page in events.STATE.build().build.pages.values())
    released_tree, kept_tree = tree(tmp_path / "released"), tree(tmp_path / "kept")
    assert sorted(released_tree) == sorted(kept_tree)
    assert [name for name, data in released_tree.items() if kept_tree[name] != data] == []
