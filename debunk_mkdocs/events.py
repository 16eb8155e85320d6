"""The MkDocs events: short functions that call `debunk.build.run`, which holds the logic.

`hooks/debunk_hooks.py` star-imports them: MkDocs registers the `on_*` attributes of a hook
module as event handlers and keeps the module for the life of the process, so every `mkdocs
serve` rebuild finds the same `STATE` (`debunk_mkdocs.state`).
"""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from debunk.build import collector
from debunk.build.previous import Previous
from debunk.build.report import log_records
from debunk.build.run import (
    WATCHED,
    finish,
    generate_pages,
    load_build,
    page_meta,
    release_pages,
    release_sources,
    render_all,
)
from debunk.build.written import Written, record_store, save_record, take_record
from debunk.content import batch
from debunk.publish.export import export_files
from debunk.search.pagefind import PagefindMissingError, pagefind_missing, serve_index_skipped
from debunk.settings import SettingsError, settings_from_config
from debunk.site.paths import DATA_FOLDER
from debunk_mkdocs import plugins, theme_keys
from debunk_mkdocs.chrome import add_sprite
from debunk_mkdocs.preview_log import PREVIEW, preview_problems, uncount_preview_problems
from debunk_mkdocs.state import Current, Served, State
from debunk_mkdocs.theme_pages import write_theme_pages
from debunk_mkdocs.trash import OldSite, Trash, exclusive_folders, set_aside, take_out, take_out_around
from debunk_mkdocs.whitespace import collapse_whitespace

__all__ = [
    "on_build_error", "on_config", "on_env", "on_files", "on_nav", "on_page_content",
    "on_page_markdown", "on_post_build", "on_post_page", "on_pre_build", "on_shutdown", "on_startup",
]  # fmt: skip

log = logging.getLogger("mkdocs.hooks.debunk")

STATE = State()
"""What the events share: the one object that MkDocs' hook protocol (module functions, the
module kept across `mkdocs serve` rebuilds) makes module-level."""


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve` (a preview: held cases shown, errors on pages) and whether
    the build keeps the old site's files (`--dirty`). A command starts with nothing remembered."""
    STATE.command, STATE.dirty = command, dirty
    STATE.served.previous = Previous()


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
    if STATE.config_file != config.config_file_path:
        # Another site built in this process (MkDocs' Python API): nothing of the last one is reused.
        STATE.current, STATE.served, STATE.config_file = None, Served(), config.config_file_path
    previous = STATE.served.previous
    if STATE.current is not None:
        # A `mkdocs serve` rebuild: let the last build's pages and MkDocs objects go before this
        # one is made (holding both was 1.28 GB instead of 0.83 GB at 20,000 cases). They hold
        # reference cycles (pages and files point at each other), hence the collection.
        STATE.current = None
        gc.collect()
    # Until `on_post_build` (or `on_build_error`): 9 s of an 86 s 20,000-case rebuild was
    # garbage collection (`debunk.build.collector`).
    STATE.collector = collector.pause()
    serving = STATE.serving
    if not serving:
        batch.save_pending(previous)  # only `mkdocs serve` keeps the case cache file waiting
    try:
        build = load_build(root, settings, previous, log.info, preview=serving)
    except ValueError as exc:  # DEBUNK_TODAY is not a date, or the time zone is unknown
        raise PluginError(str(exc)) from exc
    if serving:
        uncount_preview_problems()
    # Errors fail `mkdocs build --strict`; warnings only with `fail_on_warnings`. Many warnings
    # are summarised by kind, and the errors come last (`debunk.build.report.log_records`).
    for level, line in log_records(
        build.problems, logging.WARNING if settings.fail_on_warnings else logging.INFO
    ):
        log.log(level, line, extra=PREVIEW if serving else None)
    if serving:
        preview_problems(build, config, log)
    STATE.current = Current(build)
    add_sprite(config)
    config.watch.extend(str(root / name) for name in WATCHED if (root / name).is_dir())
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Move the last build's files aside and delete them while this build runs (`debunk_mkdocs.trash`):
    MkDocs' own emptying of the site folder, next, then has nothing left to do.

    When this build knows what the last one wrote there (`debunk.build.written`: kept in memory
    by `mkdocs serve`, in a record under the cache folder by `mkdocs build`), it first takes back
    the pages that are unchanged (`write_theme_pages`); their deletion starts after that. The
    folders that held only such pages are not taken out: they wait under a hidden name (`set_aside`).
    """
    current = STATE.build()
    site_dir = Path(config.site_dir)
    written, STATE.served.written = STATE.served.written, None
    if not STATE.serving:  # taken (deleted) even by a `--dirty` build, which changes the folder
        written = take_record(record_store(current.build.cache("site")), site_dir)
    if STATE.dirty:
        return
    # Not when another plugin's `on_post_build` may have changed the written pages.
    reuse = (
        written is not None
        and written.site_dir == str(site_dir)
        and not plugins.foreign_handlers(config, __name__, ["post_build"])
    )
    if not reuse or written is None:
        current.trash = take_out(site_dir)
        return
    kept = set_aside(site_dir, written.folders)
    current.early, current.trash = take_out_around(site_dir, written.keys, kept)
    current.old_site = OldSite(current.trash.folder, written.keys, written.stamps, kept)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages and the data downloads, and render their Markdown at once.

    Only the generated pages that `nav` names become MkDocs files; the others are put through
    the theme by `debunk_mkdocs.theme_pages` in `on_post_build` (unless a plugin needs them,
    `plugins.enabled`)."""
    current = STATE.build()
    build = current.build
    docs_pages = [file.src_uri for file in files.documentation_pages()]
    # Links to the search page ("Search within NATO", the 404 page's form) only when there is
    # one; in `config.extra`, so in every page's cache key too.
    config.extra["debunk_search_page"] = bool({"search.md", "search/index.md"} & set(docs_pages))
    problems = generate_pages(build, Path(config.docs_dir), docs_pages)
    if problems:
        raise PluginError("\n".join(str(problem) for problem in problems))
    use, why = plugins.enabled(config, __name__)
    in_nav = theme_keys.nav_paths(config.nav) if use else None
    current.theme_files = []
    for page in build.pages.values():
        file = File.generated(config, page.src_uri, content=page.html)
        if in_nav is None or page.src_uri in in_nav:
            files.append(file)
        else:
            current.theme_files.append(file)  # MkDocs never sees it: `on_post_build` writes it
    if not use:
        log.info(f"generated pages are rendered by MkDocs' page loop ({why})")
    # Only a rebuild reuses the exports' rows and compressed files: a build keeps none of them.
    reuse = build.previous if STATE.serving else None
    for name, data in export_files(build.published, build.settings, build.site.dates, reuse).items():
        files.append(File.generated(config, DATA_FOLDER + name, content=data))
    log.info(render_all(build))
    if not STATE.serving:  # no rebuild follows: the rendered pages' sources go now
        release_sources(build)
        STATE.served.previous = build.previous
        for file in current.theme_files:
            file.content_string = ""
    build.phases.mark()
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A generated page gets its template data; its HTML is rendered already (`render_all`)."""
    build = STATE.build().build
    generated = build.pages.get(page.file.src_uri)
    if generated is None:
        return markdown
    page.meta, edit_url = page_meta(build, generated, config.repo_url, config.edit_uri, Path(config.docs_dir))
    page.edit_url = edit_url or page.edit_url
    return ""


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put in the pre-rendered, sanitised HTML of a generated page and its table of contents."""
    rendered = STATE.build().build.body(page.file.src_uri)
    if rendered is None:
        return html
    page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]
    return str(rendered.html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Every page without the theme's indentation (`debunk_mkdocs.whitespace`): 8 KB less per page."""
    return collapse_whitespace(output)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """The navigation, for the pages written in `on_post_build`."""
    STATE.build().nav = nav
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # `|tojson` (the JSON-LD of a case page, the theme's settings) without spaces after `,` and `:`.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    current = STATE.build()
    current.env, current.files = env, files
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Prove that no page was lost; write the sitemap dates, feeds and the search index."""
    current = STATE.build()
    build = current.build
    build.phases.since_mark("mkdocs pages")
    with build.phases.measure("theme pages"):
        # No other plugin handles page events here (`plugins.enabled`): `on_post_page` is ours.
        collapse = config.plugins.events["post_page"] == [on_post_page]
        line, locations, written, stamps = write_theme_pages(current, config, STATE.served, collapse)
        log.info(line)
    serving = STATE.serving
    if not serving:  # no rebuild follows: the rendered pages go before the checks and feeds
        release_pages(build)
        current.theme_files = []
    trash, current.trash = current.trash, Trash()
    trash.start()  # what the theme pages did not take back (`on_pre_build`)
    site_dir, site_url = Path(config.site_dir), config.site_url or ""
    # A preview without Pagefind still serves; a large one leaves the index to `mkdocs build`.
    missing = serving and pagefind_missing(site_dir)
    skipped = serving and not missing and serve_index_skipped(len(build.site.content.cases))
    if missing:
        log.warning(missing)
    elif skipped:
        log.info(skipped)
    try:
        errors, left_out, notes, others = finish(
            build,
            site_dir,
            site_url,
            search=not (missing or skipped),  # serve too: an unchanged index is copied from the cache
            sitemap=locations,
            reads=STATE.served.reads if serving else None,  # kept across rebuilds
            preview=serving,
            api=STATE.served.api if serving else None,
        )
    except PagefindMissingError as exc:  # what to install, without a traceback
        raise PluginError(str(exc)) from exc
    for line in left_out:  # a preview serves without them, and says so on every page
        log.error(line, extra=PREVIEW if serving else None)
    early, current.early = current.early, Trash()
    if trash.folder is not None or early.folder is not None:
        started = time.perf_counter()
        early.wait()
        trash.wait()
        waited = time.perf_counter() - started
        notes.append(f"old site deleted alongside the build; waited {waited:.2f}s for it")
    for error in errors:
        log.error(error)
    for note in notes:
        log.info(note)
    if serving:
        batch.defer_saves(STATE.served.previous)  # the case cache file: written when the server stops
    if not errors and current.files is not None:
        # The pages a next build may take back: only after a build that finished, and only
        # the theme pages, which nothing after `write_theme_pages` writes to.
        others += [file.dest_uri for file in current.files]
        record = Written(str(site_dir), written, stamps, exclusive_folders(written, others))
        if serving:
            STATE.served.written = record
        else:
            save_record(record_store(current.build.cache("site")), record)
    _resume_collector()


def on_shutdown() -> None:
    """`mkdocs serve` stops: write the case cache its rebuilds kept in memory."""
    batch.save_pending(STATE.served.previous)


def on_build_error(error: Exception) -> None:
    """A failed build leaves the garbage collector as it found it, too, and deletes the old site."""
    if STATE.current is not None:
        STATE.current.old_site = OldSite()
        trash, STATE.current.trash = STATE.current.trash, Trash()
        trash.start()  # `current.early` is being deleted already
    _resume_collector()


def _resume_collector() -> None:
    paused, STATE.collector = STATE.collector, None
    if paused is not None:
        collector.resume(paused)
        log.info(paused.summary())
