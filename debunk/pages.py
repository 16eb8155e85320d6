"""Generated pages as Markdown plus template data, for MkDocs or any other engine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from debunk.config import Settings
from debunk.model import Case
from debunk.validate import Content


@dataclass(frozen=True)
class GeneratedPage:
    """One page the build adds: its path in the docs tree, Markdown and template data."""

    src_uri: str
    """Path as if it were a file in docs/, e.g. `cases/2022/2022-12-14-foo.md`."""
    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)
    """Page metadata for templates (`template`, `title`, `debunk`)."""
    source_path: str | None = None
    """The content file the page comes from, for edit links."""


def case_uri(case: Case) -> str:
    """The docs path of a case page: `cases/<year>/<id>.md` -> `/cases/<year>/<id>/`."""
    return f"cases/{case.year}/{case.id}.md"


def case_page(case: Case) -> GeneratedPage:
    """A case page: the claim, then Summary and Response."""
    markdown = f"## Summary\n\n{case.summary}\n\n## Response\n\n{case.response}\n"
    return GeneratedPage(case_uri(case), markdown, {"title": case.title}, case.path)


def build_pages(content: Content, settings: Settings) -> Iterable[GeneratedPage]:
    """Every generated page of the site, in a stable order."""
    for case in content.cases:
        yield case_page(case)
