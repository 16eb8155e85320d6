"""Pages outside the navigation written by debunk (debunk_mkdocs/theme_pages.py) are MkDocs' own pages.

Every test compares whole built sites byte for byte: the theme-page loop against MkDocs' page
loop, a cached build against a clean one after the inputs change, and the forked workers
against one process.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_cache import tree
from test_site import make_repo

from debunk_mkdocs.theme_keys import _plain, nav_paths, sitemap_urls

HOOKS = "hooks:\n  - hooks/debunk_hooks.py\n"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))


def build(repo: Path, site: str, **env: str) -> tuple[dict[str, bytes], str]:
    """Build into `repo/site`; return every file of the site and the build log."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site],
        cwd=repo, capture_output=True, text=True, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", **env},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return tree(repo / site), result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def theme_line(log: str) -> str:
    return next(line for line in log.splitlines() if "theme pages:" in line or "page loop" in line)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


@pytest.fixture
def big_repo(tmp_path: Path) -> Path:
    """The fixture site with 60 generated real-shaped cases instead of its own three."""
    from corpus import generate_corpus

    repo = make_repo(tmp_path / "big")
    for folder in ("cases", "narratives", "vocabularies"):
        shutil.rmtree(repo / folder)
    generate_corpus(60, repo, seed=3)
    return repo


def test_theme_pages_are_byte_identical_to_mkdocs_page_loop(big_repo: Path) -> None:
    repo = big_repo
    ours, ours_log = build(repo, "ours")
    assert "theme pages: " in theme_line(ours_log)
    taken = int(theme_line(ours_log).split("theme pages: ")[1].split()[0])
    assert taken > 200  # enough pages that the forked workers render them
    theirs, log = build(repo, "theirs", DEBUNK_THEME_PAGES="mkdocs")
    assert "rendered by MkDocs' page loop (DEBUNK_THEME_PAGES=mkdocs)" in theme_line(log)
    assert sorted(ours) == sorted(theirs)
    different = [name for name in ours if ours[name] != theirs[name]]
    assert different == []
    framed = int(theme_line(ours_log).split("; ")[1].split()[0])
    assert framed >= taken * 3 // 4  # most pages went through their group's frame
    assert theme_line(ours_log).endswith(" in a shared frame (its whitespace collapsed once)")


def test_a_template_showing_page_data_outside_the_page_blocks_is_rendered_whole(big_repo: Path) -> None:
    """A publication's own `main.html` may show page data anywhere (here the title in the
    footer): the frame made from one page then fails on the next, and every page is rendered
    whole, as MkDocs would."""
    footer = (
        "{% block footer %}<p class=custom>{{ page.meta.title if page else '' }}</p>"
        "{{ super() }}{% endblock %}\n"
    )
    main = big_repo / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + footer, encoding="utf-8")
    ours, log = build(big_repo, "ours")
    assert "; 0 rendered in a shared frame" in theme_line(log)
    theirs, _ = build(big_repo, "theirs", DEBUNK_THEME_PAGES="mkdocs")
    assert ours == theirs
    case = next(name for name in ours if name.startswith("cases/") and name.endswith("index.html"))
    assert b"<p class=custom>" in ours[case]


FLAG = "{% if page and page.meta.debunk and page.meta.debunk.next %}<p class=flag>newer cases</p>{% endif %}"
"""True on every case page but the newest, which is rendered last: pages A and B of a group agree
on it, page C does not."""


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("main.html", "{% block footer %}" + FLAG + "{{ super() }}{% endblock %}\n"),
        ("partials/footer.html", "<footer class=md-footer>" + FLAG + "</footer>\n"),
    ],
    ids=["frame", "chrome partial"],
)
def test_a_flag_the_shared_part_reads_splits_the_group_where_it_differs(
    repo: Path, path: str, template: str
) -> None:
    """The flag is read outside the page's blocks (in `main.html`'s footer block, or in a chrome
    partial rendered once per place): pages share that part only where the flag is equal, so
    the third case page gets its own footer, as MkDocs' own loop gives it."""
    target = repo / "overrides" / path
    kept = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(kept + template, encoding="utf-8")
    ours, log = build(repo, "ours")
    theirs, _ = build(repo, "theirs", DEBUNK_THEME_PAGES="mkdocs")
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    cases = sorted((repo / "cases").rglob("*.md"))
    pages = [ours[f"cases/{case.parent.name}/{case.stem}/index.html"] for case in cases]
    assert [b"<p class=flag>newer cases</p>" in page for page in pages] == [True] * (len(cases) - 1) + [False]
    assert int(theme_line(log).split("; ")[1].split()[0]) > 0  # the other pages still share frames


def test_unchanged_pages_come_from_the_cache_and_changed_inputs_miss_it(repo: Path) -> None:
    first, log = build(repo, "first")
    assert ", 0 unchanged from the cache" in theme_line(log)
    second, log = build(repo, "second")
    assert " 0 rendered," in theme_line(log)
    assert second == first

    # A template, the site's name and one case change: every affected page is written anew,
    # and the cached build equals a clean one.
    edit(repo / "overrides" / "case.html", "Claim published", "Claim first published")
    edit(repo / "mkdocs.yml", "site_name: ", "site_name: The ")
    warm, log = build(repo, "warm")
    assert " 0 unchanged from the cache" in theme_line(log)
    case = next(name for name in warm if name.startswith("cases/") and name.endswith("index.html"))
    assert b"Claim first published" in warm[case]
    assert b"<title>" in warm[case] and b"The " in warm[case]
    edit(repo / "mkdocs.yml", "    page_size: 1\n", "    page_size: 1\n    cache_dir: ''\n")
    clean, _ = build(repo, "clean")
    assert warm == clean


def test_one_edited_case_renders_only_the_pages_that_show_it(repo: Path) -> None:
    build(repo, "first")
    added = "## Response\n\nA sentence added by an editor.\n"
    edit(next((repo / "cases").rglob("*.md")), "## Response\n", added)
    warm, log = build(repo, "warm")
    line = theme_line(log)
    rendered = int(line.split(", ")[1].split()[0])
    total = int(line.split("theme pages: ")[1].split()[0])
    assert 1 <= rendered < total
    assert any(b"A sentence added by an editor." in data for data in warm.values())
    clean, _ = build(repo, "clean", DEBUNK_THEME_PAGES="mkdocs")
    assert warm == clean


def test_another_plugin_handling_pages_gets_them_from_mkdocs(repo: Path) -> None:
    stamp = "def on_page_content(html, page, config, files):\n    return html + '<p>stamped</p>'\n"
    (repo / "hooks" / "stamp.py").write_text(stamp, encoding="utf-8")
    edit(repo / "mkdocs.yml", HOOKS, HOOKS + "  - hooks/stamp.py\n")
    site, log = build(repo, "site")
    assert "plugins that handle page events: hooks/stamp.py" in theme_line(log)
    case = next(name for name in site if name.startswith("cases/") and name.endswith("index.html"))
    assert b"<p>stamped</p>" in site[case]


def test_a_plugin_that_may_change_the_navigation_gets_every_generated_page(repo: Path) -> None:
    """A plugin's `on_nav` may put a generated page into the navigation: MkDocs then has every
    generated page as a file, as without debunk's loop."""
    hook = (
        "from mkdocs.structure.nav import Section\n"
        "def on_nav(nav, config, files):\n"
        "    page = files.get_file_from_path('narratives/index.md').page\n"
        "    nav.items.append(Section('Found by a plugin', [page]))\n"
        "    return nav\n"
    )
    (repo / "hooks" / "navigation.py").write_text(hook, encoding="utf-8")
    edit(repo / "mkdocs.yml", HOOKS, HOOKS + "  - hooks/navigation.py\n")
    site, log = build(repo, "site")
    assert "plugins that handle the files or the navigation: hooks/navigation.py" in theme_line(log)
    assert b"Found by a plugin" in site["index.html"]


def test_the_navigation_paths_are_those_mkdocs_looks_up() -> None:
    nav = [
        "index.md",
        {"Keywords": "./keywords/index.md"},
        {"About": ["/about.md", {"Team": "about//team.md"}, {"Out": "https://example.org/"}]},
    ]
    found = nav_paths(nav)
    assert {"index.md", "keywords/index.md", "about.md", "about/team.md"} <= found
    assert "narratives/index.md" not in found


def test_a_serve_rebuild_keeps_unchanged_pages_and_equals_a_clean_build(
    big_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """`mkdocs serve` rebuilds into the same folder: unchanged pages are moved back from the
    last build's files (`debunk_mkdocs.trash.OldSite`), and the result is what a clean build writes."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    repo = big_repo
    case_cache = repo / ".cache" / "debunk" / "cases.pickle"

    started: list[bool] = []

    def serve_build(site: Path) -> str:
        config = load_config(str(repo / "mkdocs.yml"), site_dir=str(site))
        if not started:  # `mkdocs serve` starts once, then rebuilds
            config.plugins["hooks/debunk_hooks.py"].on_startup(command="serve", dirty=False)
            started.append(True)
        caplog.clear()
        with caplog.at_level("INFO"):
            mkdocs_build(config)
        return theme_line(caplog.text)

    def fresh_build(site: Path) -> dict[str, bytes]:
        """The same build in a new process: nothing remembered from the builds before it."""
        code = (
            "import sys; from mkdocs.config import load_config; from mkdocs.commands.build import build; "
            "c = load_config(sys.argv[1], site_dir=sys.argv[2]); "
            "c.plugins['hooks/debunk_hooks.py'].on_startup(command='serve', dirty=False); build(c)"
        )
        command = [sys.executable, "-c", code, str(repo / "mkdocs.yml"), str(site)]
        subprocess.run(command, cwd=repo, check=True, capture_output=True)
        return tree(site)

    site = tmp_path / "served"
    assert "kept from the last build" not in serve_build(site)  # nothing to keep the first time
    cases = sorted((repo / "cases").rglob("*.md"))
    edit(cases[0], "## Response\n", "## Response\n\nA sentence added while serving.\n")
    edit(cases[1], "\ntitle: ", "\ntitle: Retitled ")  # shown on other cases' pages too
    cases[2].unlink()  # its page must not come back from the last build
    folder = (site / "cases").stat().st_ino
    cached = case_cache.read_bytes()
    line = serve_build(site)
    assert (site / "cases").stat().st_ino == folder  # only case pages in it: left in place
    assert case_cache.read_bytes() == cached  # the case cache file waits for the server to stop
    kept = int(line.split(", ")[-1].split()[0])
    rendered = int(line.split(", ")[1].split()[0])
    total = int(line.split("theme pages: ")[1].split()[0])
    assert "unchanged kept from the last build" in line
    assert 0 < rendered < total and total // 2 < kept < total
    served = tree(site)
    assert not [name for name in served if name.startswith(".")]  # the old site is deleted
    assert any(b"A sentence added while serving." in data for data in served.values())

    reference = fresh_build(tmp_path / "reference")
    assert sorted(served) == sorted(reference)
    assert [name for name, data in served.items() if reference[name] != data] == []

    # A page of the docs folder lands in `cases/` (so MkDocs writes there before the case pages
    # are put back: they come back one by one), then goes again.
    (repo / "docs" / "cases").mkdir(exist_ok=True)
    (repo / "docs" / "cases" / "notes.md").write_text("# Notes\n\nAbout the cases.\n", encoding="utf-8")
    text = cases[10].read_text(encoding="utf-8")  # in the page's template data, not in its Markdown
    verdict = "unsupported" if 'verdict: "unsupported"' not in text else "false"
    cases[10].write_text(re.sub(r'verdict: "[a-z]+"', f'verdict: "{verdict}"', text), encoding="utf-8")
    assert "kept from the last build" in serve_build(site)
    assert (site / "cases" / "notes" / "index.html").is_file()
    assert tree(site) == fresh_build(tmp_path / "reference-with-notes")
    (repo / "docs" / "cases" / "notes.md").unlink()
    assert "kept from the last build" in serve_build(site)
    assert not (site / "cases" / "notes").exists()
    assert tree(site) == fresh_build(tmp_path / "reference-again")
    before = case_cache.stat().st_ino
    load_config(str(repo / "mkdocs.yml"), site_dir=str(site)).plugins.on_shutdown()
    assert case_cache.stat().st_ino != before  # the server stops: the case cache is written anew


@pytest.mark.parametrize(
    "site_url",
    ["https://facts.example.org/", "https://example.org/sub", "http://x.test", "", "https://x.org/a/../b/"],
)
@pytest.mark.parametrize("directory_urls", [True, False])
def test_sitemap_locations_are_the_canonical_urls_mkdocs_pages_would_have(
    tmp_path: Path, site_url: str, directory_urls: bool
) -> None:
    """The pages outside the navigation get no MkDocs `Page` unless rendered; their sitemap
    locations are computed as `Page.canonical_url` is (MkDocs lists no page without a site URL)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: x\nsite_url: '{site_url}'\nuse_directory_urls: {str(directory_urls).lower()}\n",
        encoding="utf-8",
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins._current_plugin = None
    uris = [
        "index.md",
        "cases/2023/2023-01-02-a-b.md",
        "keywords/nato/page/2.md",
        "narratives/x y.md",
        "a/index.md",
        "outlets/a:b/c.md",
        "a;b/c?d.md",
        "terms/%41/x#y.md",
    ]
    files = [File.generated(config, uri, content="") for uri in uris]
    expected = [Page(None, File.generated(config, uri, content=""), config).canonical_url for uri in uris]
    assert sitemap_urls(config, files) == [url for url in expected if url]


_URL_PARTS = ["a", "B", "0", "/", ".", "..", "-", "_", "~", "%20", ":", "?", "#", ";", "//", "\\", " "]


@given(st.lists(st.sampled_from(_URL_PARTS)))
def test_a_page_address_joined_as_text_only_where_urljoin_gives_the_same(parts: list[str]) -> None:
    from urllib.parse import urljoin

    url = "".join(parts)
    for base in ("https://facts.example.org/", "https://example.org/sub/", "http://x.test/a%20b/"):
        if _plain(url):
            assert urljoin(base, url) == base + url
