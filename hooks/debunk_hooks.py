"""MkDocs adapter: a few event functions that call `debunk.build`, which holds the logic."""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path
from typing import Any

import debunk_theme
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

from debunk import batch, collector
from debunk.api import ApiMemo
from debunk.build import WATCHED, Build, finish, generate_pages, load_build, page_meta, render_all
from debunk.config import SettingsError, settings_from_config
from debunk.export import export_files
from debunk.pagecache import PageCache
from debunk.preview import failing, preview_notice
from debunk.report import log_records
from debunk.search import PagefindMissingError
from debunk.trash import OldSite, Trash, exclusive_folders, set_aside, take_out
from debunk.verify import PageReads
from debunk.whitespace import collapse_whitespace

log = logging.getLogger("mkdocs.hooks.debunk")

_state: dict[str, Any] = {}
"""The current build and MkDocs objects its events share; kept until the next `mkdocs serve`
rebuild starts, which keeps only `Build.known()` of it."""


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve` (its rebuilds skip the search index) and whether
    the build keeps the old site's files (`--dirty`)."""
    _state["command"], _state["dirty"] = command, dirty


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the content once per build (every `mkdocs serve` rebuild too)."""
    root = Path(config.config_file_path).parent
    try:
        settings = settings_from_config(
            config.config_file_path, config.site_name, config.site_url, config.extra, log.warning
        )
    except SettingsError as exc:
        raise PluginError(str(exc)) from None
    _resume_collector()  # in case neither `on_post_build` nor `on_build_error` ran last time
    previous: Build | None = _state.get("build")
    known = None
    if previous is not None:
        known = previous.known()
        # A `mkdocs serve` rebuild: let the last build's pages and MkDocs objects go before this
        # one is made (holding both was 1.28 GB instead of 0.83 GB at 20,000 cases). They hold
        # reference cycles (pages and files point at each other), hence the collection.
        for name in [name for name in _state if name not in {"command", "dirty", "written", "reads", "api"}]:
            del _state[name]
        del previous
        gc.collect()
    # Until `on_post_build` (or `on_build_error`): 9 s of an 86 s 20,000-case rebuild was
    # garbage collection (`debunk.collector`).
    _state["collector"] = collector.pause()
    serving = _state.get("command") == "serve"
    try:
        build = load_build(root, settings, known, log.info, preview=serving)
    except ValueError as exc:  # DEBUNK_TODAY is not a date, or the time zone is unknown
        raise PluginError(str(exc)) from exc
    if serving:
        _uncount_preview_problems()
    # Errors fail `mkdocs build --strict`; warnings only with `fail_on_warnings`. Many warnings
    # are summarised by kind, and the errors come last (`debunk.report.log_records`).
    for level, line in log_records(
        build.problems, logging.WARNING if settings.fail_on_warnings else logging.INFO
    ):
        log.log(level, line, extra=_PREVIEW if serving else None)
    if serving:
        _preview_problems(build, config)
    _state["build"] = build
    config.watch.extend(str(root / name) for name in WATCHED if (root / name).is_dir())
    return config


_PREVIEW = {"debunk_preview": True}
"""Marks a log record that a `mkdocs serve` preview shows on its pages rather than fail on."""


def _not_preview(record: logging.LogRecord) -> bool:
    return not getattr(record, "debunk_preview", False)


def _uncount_preview_problems() -> None:
    """A preview with content errors keeps serving, and shows them on every page.

    MkDocs' strict mode fails a build on any logged error, and a failed `mkdocs serve` rebuild
    leaves every request waiting for a build that never comes: the counter of this build skips
    the records marked `_PREVIEW`, which the banner names instead (`_preview_problems`).
    `mkdocs build` counts them as before.
    """
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):  # MkDocs adds it for `strict` before `on_config`
            handler.addFilter(_not_preview)


def _preview_problems(build: Build, config: MkDocsConfig) -> None:
    """The banner's data in `config.extra` (so in the pages' cache keys too), and a log line."""
    notice = preview_notice(build.site.content, build.problems, build.settings.fail_on_warnings)
    if notice["problems"] or notice["left_out"]:
        config.extra["debunk_preview"] = notice
        shown = len(failing(build.problems, build.settings.fail_on_warnings))
        log.warning(
            f"the preview shows {shown} problems on every page and leaves out "
            f"{len(notice['left_out']) + notice['left_out_more']} case files; "
            "`mkdocs build` fails until they are fixed",
            extra=_PREVIEW,
        )


def on_pre_build(config: MkDocsConfig) -> None:
    """Move the last build's files aside and delete them while this build runs (`debunk.trash`):
    MkDocs' own emptying of the site folder, next, then has nothing left to do.

    A `mkdocs serve` rebuild first takes back the pages this process wrote there last time that
    are unchanged (`_theme_pages`); their deletion starts after that. The folders that held
    only such pages are not taken out: they wait under a hidden name (`set_aside`).
    """
    written: tuple[str, dict[str, str], frozenset[str]] | None = _state.pop("written", None)
    if _state.get("dirty"):
        return
    site_dir = Path(config.site_dir)
    # Not when another plugin's `on_post_build` may have changed the written pages.
    reuse = (
        written is not None
        and written[0] == str(site_dir)
        and _state.get("command") == "serve"
        and not debunk_theme.foreign_handlers(config, __name__, ["post_build"])
    )
    kept = set_aside(site_dir, written[2]) if reuse and written is not None else {}
    trash = _state["trash"] = take_out(site_dir, start=not reuse, keep=kept.values())
    if reuse and written is not None:
        _state["old_site"] = OldSite(trash.folder, written[1], kept)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages and the data downloads, and render their Markdown at once.

    Only the generated pages that `nav` names become MkDocs files; the others are put through
    the theme by `debunk_theme` in `on_post_build` (unless a plugin needs them, `enabled`)."""
    build: Build = _state["build"]
    docs_pages = [file.src_uri for file in files.documentation_pages()]
    # Links to the search page ("Search within NATO", the 404 page's form) only when there is
    # one; in `config.extra`, so in every page's cache key too.
    config.extra["debunk_search_page"] = bool({"search.md", "search/index.md"} & set(docs_pages))
    problems = generate_pages(build, Path(config.docs_dir), docs_pages)
    if problems:
        raise PluginError("\n".join(str(problem) for problem in problems))
    use, why = debunk_theme.enabled(config, __name__)
    in_nav = debunk_theme.nav_paths(config.nav) if use else None
    theme_files: list[File] = []
    _state["theme_files"] = theme_files
    for page in build.pages.values():
        file = File.generated(config, page.src_uri, content=page.html)
        if in_nav is None or page.src_uri in in_nav:
            files.append(file)
        else:
            theme_files.append(file)  # MkDocs never sees it: `on_post_build` writes it
    if not use:
        log.info(f"generated pages are rendered by MkDocs' page loop ({why})")
    for name, data in export_files(build.published, build.settings, build.site.dates).items():
        files.append(File.generated(config, f"data/{name}", content=data))
    log.info(render_all(build))
    build.phases.mark()
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A generated page gets its template data; its HTML is rendered already (`render_all`)."""
    build: Build = _state["build"]
    generated = build.pages.get(page.file.src_uri)
    if generated is None:
        return markdown
    page.meta, edit_url = page_meta(build, generated, config.repo_url, config.edit_uri, Path(config.docs_dir))
    page.edit_url = edit_url or page.edit_url
    return ""


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put in the pre-rendered, sanitised HTML of a generated page and its table of contents."""
    rendered = _state["build"].body(page.file.src_uri)
    if rendered is None:
        return html
    page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]
    return str(rendered.html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Every page without the theme's indentation (`debunk.whitespace`): 8 KB less per page."""
    return collapse_whitespace(output)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """The navigation, for the pages written in `on_post_build`."""
    _state["nav"] = nav
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # `|tojson` (the JSON-LD of a case page, the theme's settings) without spaces after `,` and `:`.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    _state["env"], _state["files"] = env, files
    return env


def _theme_pages(build: Build, config: MkDocsConfig) -> tuple[list[str], dict[str, str]]:
    """Write the pages kept from MkDocs in `on_files`; their sitemap locations and {dest_uri: key}."""
    pages = []
    docs_dir = Path(config.docs_dir)
    for file in _state["theme_files"]:
        meta, edit_url = page_meta(
            build, build.pages[file.src_uri], config.repo_url, config.edit_uri, docs_dir
        )
        pages.append(debunk_theme.ThemePage(file, meta, edit_url))
    folder = build.settings.cache_dir
    cache = PageCache(build.root / folder / "pages" if folder else None)
    old_site: OldSite = _state.pop("old_site", OldSite())
    nav, env, files = _state["nav"], _state["env"], _state["files"]
    job = debunk_theme.ThemePages(config, nav, env, files, pages, build.rendered, build.body, cache, old_site)
    # No other plugin handles page events here (`debunk_theme.enabled`): `on_post_page` is ours.
    job.collapse = config.plugins.events["post_page"] == [on_post_page]
    log.info(job.build())
    return debunk_theme.sitemap_urls(config, _state["theme_files"]), job.written


def on_post_build(config: MkDocsConfig) -> None:
    """Prove that no page was lost; write the sitemap dates, feeds and the search index."""
    build: Build = _state["build"]
    build.phases.since_mark("mkdocs pages")
    with build.phases.measure("theme pages"):
        locations, written = _theme_pages(build, config)
    trash: Trash = _state.pop("trash", Trash())
    trash.start()  # what the theme pages did not take back (`on_pre_build`)
    serving = _state.get("command") == "serve"
    site_dir, site_url = Path(config.site_dir), config.site_url or ""
    reads = _state.setdefault("reads", PageReads()) if serving else None  # kept across rebuilds
    try:
        errors, left_out, notes, others = finish(
            build,
            site_dir,
            site_url,
            search=not serving,
            sitemap=locations,
            reads=reads,
            preview=serving,
            api=_state.setdefault("api", ApiMemo()) if serving else None,
        )
    except PagefindMissingError as exc:  # what to install, without a traceback
        raise PluginError(str(exc)) from exc
    for line in left_out:  # a preview serves without them, and says so on every page
        log.error(line, extra=_PREVIEW if serving else None)
    if trash.folder is not None:
        started = time.perf_counter()
        trash.wait()
        waited = time.perf_counter() - started
        notes.append(f"old site deleted alongside the build; waited {waited:.2f}s for it")
    for error in errors:
        log.error(error)
    for note in notes:
        log.info(note)
    if serving:
        batch.defer_saves()  # the case cache file: written when the server stops (`on_shutdown`)
    if serving and not errors:
        # The pages a next rebuild may take back: only after a build that finished, and only
        # the theme pages, which nothing after `_theme_pages` writes to.
        others += [file.dest_uri for file in _state["files"]]
        _state["written"] = (str(site_dir), written, exclusive_folders(written, others))
    _resume_collector()


def on_shutdown() -> None:
    """`mkdocs serve` stops: write the case cache its rebuilds kept in memory."""
    batch.save_pending()


def on_build_error(error: Exception) -> None:
    """A failed build leaves the garbage collector as it found it, too, and deletes the old site."""
    _state.pop("old_site", None)
    trash: Trash = _state.pop("trash", Trash())
    trash.start()
    _resume_collector()


def _resume_collector() -> None:
    paused: collector.Pause | None = _state.pop("collector", None)
    if paused is not None:
        collector.resume(paused)
        log.info(paused.summary())
