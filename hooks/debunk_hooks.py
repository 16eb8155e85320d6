"""MkDocs adapter: a few event functions that call the `debunk` package, which holds the rules."""

from __future__ import annotations

import html
import logging
import os
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from debunk.collisions import check_unique_urls
from debunk.config import Settings
from debunk.email import write_review_emails
from debunk.export import export_files
from debunk.feeds import write_feeds
from debunk.history import branch_of, case_history, current_commit, history_url
from debunk.model import Problem, Severity
from debunk.pages import GeneratedPage, build_pages, build_site
from debunk.render import Extensions, RenderCache, Rendered, render_pages
from debunk.review_files import load_reviews
from debunk.reviews import build_review_pages
from debunk.search import build_search_index
from debunk.sitemap import page_dates, rewrite_sitemap
from debunk.symlinks import check_docs_links
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
    reviews, review_problems = load_reviews(root, content)
    _report(content.problems + site.problems + review_problems, settings)
    commit = current_commit(root)
    if _state.get("history_commit") != commit or "history" not in _state:
        # One `git log` per commit, not per `mkdocs serve` rebuild.
        _state["history"] = case_history(root, [case.path for case in content.cases])
        _state["history_commit"] = commit
    _state.update(root=root, settings=settings, site=site, reviews=reviews, pages={})
    for folder in ("cases", "narratives", "vocabularies", "reviews"):
        if (root / folder).is_dir() and str(root / folder) not in config.watch:
            config.watch.append(str(root / folder))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages: home, cases, narratives, terms and their indexes."""
    pages: dict[str, GeneratedPage] = {}
    site = _state["site"]
    generated = build_pages(site) + build_review_pages(site.content, _state["reviews"], _state["settings"])
    collisions = check_unique_urls(generated, [file.src_uri for file in files.documentation_pages()])
    collisions += check_docs_links(Path(config.docs_dir), _state["root"])
    if collisions:
        raise PluginError("\n".join(str(problem) for problem in collisions))
    for page in generated:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} is in the way of a generated page; remove it")
        files.append(File.generated(config, page.src_uri, content=page.markdown))
        pages[page.src_uri] = page
    for name, data in export_files(_state["site"].content, _state["settings"]).items():
        files.append(File.generated(config, f"data/{name}", content=data))
    _state["pages"] = pages
    _state["rendered"] = _prerender(pages.values(), config)
    return files


def _prerender(pages: Iterable[GeneratedPage], config: MkDocsConfig) -> dict[str, Rendered]:
    """Render every generated page's Markdown at once: cached by content, on every core."""
    names = tuple(name for name in config.markdown_extensions if isinstance(name, str))
    extensions = Extensions(names, dict(config.mdx_configs or {}))
    folder = _state["settings"].cache_dir
    cache = RenderCache(_state["root"] / folder / "render" if folder else None)
    rendered = render_pages([(page.src_uri, page.markdown) for page in pages], extensions, cache)
    log.info(f"rendered {cache.misses} pages, {cache.hits} unchanged pages from the cache")
    return rendered


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
        return ""  # rendered already, by _prerender; on_page_content puts it in
    return markdown


def on_page_content(rendered: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Generated pages get their pre-rendered HTML, cleaned to an allow-list by the sanitiser."""
    done: Rendered | None = _state["rendered"].get(page.file.src_uri)
    if done is not None:
        page.toc = get_toc(done.toc)  # type: ignore[arg-type]
        return done.html  # sanitised when rendered
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
    args = (_state["site"].content, _state["reviews"], _state["settings"], Path(config.site_dir))
    feeds, emails = write_feeds(*args), write_review_emails(*args)
    log.info(f"feeds: {len(feeds)} files; review emails: {len(emails)} files")
    log.info(build_search_index(Path(config.site_dir)))
