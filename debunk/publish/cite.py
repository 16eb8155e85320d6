"""How to cite a case: its CSL-JSON record, and from it the page's plain citation, BibTeX and RIS.

CSL-JSON is the source every format is made from. The plain citation is the one
`debunk/data/debunk-case.csl` renders with citeproc-py (the tests prove both agree); it is
written here, not by citeproc-py, which takes 3.4 ms a case: 68 s of a 20,000-case build.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import rispy  # type: ignore[import-untyped]
from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexEncodingMiddleware
from bibtexparser.middlewares.parsestack import default_unparse_stack
from bibtexparser.model import Entry, Field

from debunk.model import Case
from debunk.settings import Settings
from debunk.site.paths import CITE_FOLDER, cite_path

CITE_FORMATS = ("bib", "ris", "json")
"""Each case's downloads: `/cite/<id>.bib`, `.ris` and `.json`. Not in the case page's folder:
`cases/` holds only theme pages, so a `mkdocs serve` rebuild may leave it in place whole
(`debunk_mkdocs.trash.exclusive_folders`) while this folder is written anew by every build."""


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


_ENCODER = LatexEncodingMiddleware(keep_math=True)
_UNPARSE = default_unparse_stack(allow_inplace_modification=True)
"""bibtexparser's writing steps, changing the library in place: without a deep copy (0.5 ms a case)."""
_PLAIN = re.compile(r"[A-Za-z0-9 ,.:;'()?!/-]*")
"""Text that LaTeX encoding leaves as it is: most titles, written as they are."""


class _RisWriter(rispy.RisWriter):  # type: ignore[misc]
    """rispy's writer without its `1.` line before each record, which reference managers do not read."""

    def set_header(self, count: int) -> str:
        return ""


def csl_item(case: Case, settings: Settings, published: dt.date, url: str) -> dict[str, Any]:
    """The case as a CSL-JSON item: publisher, title, the debunk's publication date, address, archive."""
    item: dict[str, Any] = {
        "id": case.id,
        "type": "webpage",
        "title": case.title,
        "publisher": settings.organisation,
        "author": [{"literal": settings.organisation}],
        "issued": {"date-parts": [[published.year, published.month, published.day]]},
        "URL": url,
    }
    archive = next((source.archive for source in case.sources if source.archive), None)
    if archive:
        item["archive_location"] = archive
    return item


def plain_citation(item: dict[str, Any]) -> str:
    """The citation `debunk-case.csl` renders: `Publisher (21 November 2026) Title. Available at: URL.`"""
    year, month, day = item["issued"]["date-parts"][0]
    parts = [item["publisher"], f"({day} {_MONTHS[month - 1]} {year})", f"{item['title']}.",
             f"Available at: {item['URL']}"]  # fmt: skip
    if "archive_location" in item:
        parts.append(f"(archived source: {item['archive_location']})")
    return " ".join(parts) + "."


def bibtex(item: dict[str, Any]) -> str:
    """A biblatex `@online` entry, written by bibtexparser (special characters LaTeX-encoded)."""
    year, month, day = item["issued"]["date-parts"][0]
    text = [Field(key, item[name]) for key, name in (("title", "title"), ("author", "publisher"))]
    library = Library([Entry("online", item["id"], text)])
    if not all(_PLAIN.fullmatch(field.value) for field in text):  # pylatexenc: 1 ms a case
        library = _ENCODER.transform(library)
    # A name in braces is an organisation (not "Surname, Given"); biblatex reads `url`
    # verbatim, and `\url{}` in a note: neither is LaTeX-encoded.
    name = library.entries[0].fields_dict["author"].value
    verbatim = {"author": "{" + name + "}", "organization": name, "date": f"{year:04d}-{month:02d}-{day:02d}"}
    verbatim["url"] = _percent(item["URL"])
    if "archive_location" in item:
        verbatim["note"] = "Archived source: \\url{" + _percent(item["archive_location"]) + "}"
    for key, value in verbatim.items():
        library.entries[0].set_field(Field(key, value))
    return write_string(library, unparse_stack=_UNPARSE)


def _percent(url: str) -> str:
    """`%` escaped, as hyperref's `\\url` reads it: bare, BibTeX tools take it for a comment."""
    return url.replace("%", "\\%")


def ris(item: dict[str, Any]) -> str:
    """An RIS record (`ELEC`, a web page), written by rispy."""
    year, month, day = item["issued"]["date-parts"][0]
    record = {
        "type_of_reference": "ELEC",
        "title": item["title"],
        "authors": [item["publisher"]],
        "publisher": item["publisher"],
        "date": f"{year:04d}/{month:02d}/{day:02d}",
        "year": str(year),
        "urls": [item["URL"], *([item["archive_location"]] if "archive_location" in item else [])],
    }
    return str(rispy.dumps([record], implementation=_RisWriter))


def citation_files(item: dict[str, Any]) -> Iterable[tuple[str, bytes]]:
    """(extension, bytes) of each download: BibTeX, RIS and CSL-JSON (a list of one item)."""
    yield "bib", bibtex(item).encode("utf-8")
    yield "ris", ris(item).encode("utf-8")
    yield "json", orjson.dumps([item], option=orjson.OPT_APPEND_NEWLINE)  # compact: 9.0 MB, not 12.1


def write_citations(items: Iterable[tuple[str, dict[str, Any]]], site_dir: Path) -> list[str]:
    """Write the downloads of each (case id, CSL item) into `cite/`; the site-relative paths."""
    written = []
    (site_dir / CITE_FOLDER).mkdir(parents=True, exist_ok=True)
    for case_id, item in items:
        for extension, data in citation_files(item):
            path = cite_path(case_id, extension)
            (site_dir / path).write_bytes(data)
            written.append(path)
    return written
