"""MkDocs adapter: a few event functions that call the `debunk` package, which holds the rules."""

from __future__ import annotations

import html
import logging
import os
import posixpath
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from debunk.config import Settings
from debunk.export import export_files
from debunk.history import branch_of, case_history, current_commit, history_url
from debunk.model import Problem, Severity
from debunk.pages import GeneratedPage, build_pages, build_site
from debunk.sanitize import sanitize_html
from debunk.search import build_search_index
from debunk.sitemap import page_dates, rewrite_sitemap
from debunk.validate import load_content
from debunk.verify import verify_site

log = logging.getLogger("mkdocs.hooks.debunk")

_state: dict[str, Any] = {}


def _report(problems: list[Problem], settings: Settings) -> None:
    """Errors fail `mkdocs build --strict`; warnings only with `fail_on_warnings`."""
    for problem in problems:
        if problem.severity is Severity.ERROR:
            log.error(str(problem))
        elif settings.fail_on_warnings:
            log.warning(str(problem))
        else:
            log.info(str(problem))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the content once per build (every `mkdocs serve` rebuild too)."""
    root = Path(config.config_file_path).parent
    try:
        settings = Settings.from_mapping(config.site_name, config.site_url, config.extra)
    except (TypeError, ValueError) as exc:
        raise PluginError(str(exc)) from exc
    content = load_content(root)
    site = build_site(content, settings)
    _report(content.problems + site.problems, settings)
    commit = current_commit(root)
    if _state.get("history_commit") != commit or "history" not in _state:
        # One `git log` per commit, not per `mkdocs serve` rebuild.
        _state["history"] = case_history(root, [case.path for case in content.cases])
        _state["history_commit"] = commit
    _state.update(root=root, settings=settings, site=site, pages={})
    for folder in ("cases", "narratives", "vocabularies"):
        if (root / folder).is_dir() and str(root / folder) not in config.watch:
            config.watch.append(str(root / folder))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages: home, cases, narratives, terms and their indexes."""
    pages: dict[str, GeneratedPage] = {}
    for page in build_pages(_state["site"]):
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} is in the way of a generated page; remove it")
        files.append(File.generated(config, page.src_uri, content=page.markdown))
        pages[page.src_uri] = page
    for name, data in export_files(_state["site"].content, _state["settings"]).items():
        files.append(File.generated(config, f"data/{name}", content=data))
    _state["pages"] = pages
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give a generated page its template and data (never parsed from case files by MkDocs)."""
    generated: GeneratedPage | None = _state["pages"].get(page.file.src_uri)
    if generated is not None:
        # mkdocs-material prints page.meta.title unescaped in <title> and the header.
        page.meta = {**generated.meta, "title": html.escape(generated.meta["title"])}
        change = _state["history"].get(generated.source_path) if generated.kind == "case" else None
        if change is not None:
            branch = branch_of(config.edit_uri)
            url = history_url(config.repo_url, branch, generated.source_path) if config.repo_url else None
            history = {"date": change.date.isoformat(), "commit": change.short, "url": url}
            page.meta["debunk"] = {**page.meta["debunk"], "history": history}
        if generated.source_path and config.repo_url and config.edit_uri:
            source = os.path.relpath(_state["root"] / generated.source_path, config.docs_dir)
            path = posixpath.normpath(config.edit_uri.strip("/") + "/" + Path(source).as_posix())
            page.edit_url = config.repo_url.rstrip("/") + "/" + path
    return markdown


def on_page_content(rendered: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Clean the rendered HTML of generated pages to an allow-list, whatever got past validation."""
    if page.file.src_uri in _state["pages"]:
        return sanitize_html(rendered)
    return rendered


def on_post_build(config: MkDocsConfig) -> None:
    """Prove that no page was lost: every expected page written once, every case listed."""
    result = verify_site(_state["site"], list(_state["pages"].values()), Path(config.site_dir))
    for problem in result.problems:
        log.error(problem)
    log.info(result.summary)
    changed = {path: change.date for path, change in _state["history"].items()}
    dates = page_dates(_state["site"], _state["pages"].values(), changed)
    rewrite_sitemap(Path(config.site_dir), config.site_url or "", dates)
    log.info(build_search_index(Path(config.site_dir)))
