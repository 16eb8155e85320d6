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
from debunk.model import Problem, Severity
from debunk.pages import GeneratedPage, build_pages, build_site
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
    _state["pages"] = pages
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give a generated page its template and data (never parsed from case files by MkDocs)."""
    generated: GeneratedPage | None = _state["pages"].get(page.file.src_uri)
    if generated is not None:
        # mkdocs-material prints page.meta.title unescaped in <title> and the header.
        page.meta = {**generated.meta, "title": html.escape(generated.meta["title"])}
        if generated.source_path and config.repo_url and config.edit_uri:
            source = os.path.relpath(_state["root"] / generated.source_path, config.docs_dir)
            path = posixpath.normpath(config.edit_uri.strip("/") + "/" + Path(source).as_posix())
            page.edit_url = config.repo_url.rstrip("/") + "/" + path
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    """Prove that no page was lost: every expected page written once, every case listed."""
    result = verify_site(_state["site"], list(_state["pages"].values()), Path(config.site_dir))
    for problem in result.problems:
        log.error(problem)
    log.info(result.summary)
