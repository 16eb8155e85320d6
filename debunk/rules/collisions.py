"""One URL, one source: two pages that would be written to the same place are an error.

MkDocs lets a later file overwrite an earlier one, and a case-insensitive file system (macOS,
Windows, many artefact stores) merges `Index/` and `index/`. Content decides some page paths (a
narrative id, a keyword's slug), so a contributor could otherwise replace the list of narratives
with a narrative called `index`, or a keyword page with the keyword index.
"""

from __future__ import annotations

from collections.abc import Iterable

from debunk.model import Problem
from debunk.site.pages import GeneratedPage
from debunk.site.paths import page_url

_TERM_FILES = {
    "keywords": "vocabularies/keywords.yml",
    "countries": "vocabularies/countries.yml",
    "outlets": "vocabularies/outlets.yml",
    "languages": "vocabularies/languages.yml",
}


def _origin(page: GeneratedPage) -> str:
    """The file a contributor would change to move the page."""
    if page.source_path:
        return page.source_path
    taxonomy = str(page.meta.get("debunk", {}).get("taxonomy", ""))
    fallback = f"docs/{page.src_uri}"
    return _TERM_FILES.get(taxonomy, fallback) if page.kind == "term" else fallback


def _describe(page: GeneratedPage) -> str:
    return f"the page {str(page.meta.get('title', page.src_uri))!r}"


def check_unique_urls(pages: Iterable[GeneratedPage], docs_files: Iterable[str] = ()) -> list[Problem]:
    """A problem for each page whose URL (ignoring letter case) is already taken.

    `docs_files` are the paths of the hand-written pages in `docs/` (`about.md`); the first page
    to claim a URL keeps it, and the problem names both.
    """
    taken: dict[str, str] = {}
    for path in sorted(docs_files):
        if path.endswith(".md"):
            taken.setdefault(page_url(path).casefold(), f"docs/{path}")
    problems = []
    for page in pages:
        key = page.url.casefold()
        if key in taken:
            problems.append(
                Problem(
                    _origin(page), 0, page.kind,
                    f"{_describe(page)} would be published at /{page.url}, which is already {taken[key]}; "
                    "rename one of them",
                )
            )  # fmt: skip
        else:
            taken[key] = _describe(page)
    return problems
