"""MkDocs adapter: a few event functions that call the `debunk` package, which holds the rules."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from debunk.config import Settings
from debunk.model import Severity
from debunk.pages import GeneratedPage, build_pages
from debunk.validate import Content, load_content

log = logging.getLogger("mkdocs.hooks.debunk")

_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate the content once per build (every `mkdocs serve` rebuild too)."""
    root = Path(config.config_file_path).parent
    try:
        settings = Settings.from_mapping(config.site_name, config.site_url, config.extra)
    except (TypeError, ValueError) as exc:
        raise PluginError(str(exc)) from exc
    content = load_content(root)
    for problem in content.problems:
        if problem.severity is Severity.ERROR or settings.fail_on_warnings:
            log.log(logging.ERROR if problem.severity is Severity.ERROR else logging.WARNING, str(problem))
        else:
            log.info(str(problem))
    _state.update(root=root, settings=settings, content=content, pages={})
    for folder in ("cases", "narratives", "vocabularies"):
        if (root / folder).is_dir() and str(root / folder) not in config.watch:
            config.watch.append(str(root / folder))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages: cases, narratives, terms and indexes."""
    content: Content = _state["content"]
    pages: dict[str, GeneratedPage] = {}
    for page in build_pages(content, _state["settings"]):
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"{page.src_uri}: a generated page would overwrite a file in docs/")
        file = File.generated(config, page.src_uri, content=page.markdown)
        if page.source_path:
            file.edit_uri = page.source_path
        files.append(file)
        pages[page.src_uri] = page
    _state["pages"] = pages
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give a generated page its template and data (never parsed from case files by MkDocs)."""
    generated: GeneratedPage | None = _state["pages"].get(page.file.src_uri)
    if generated is not None:
        page.meta = dict(generated.meta)
    return markdown
