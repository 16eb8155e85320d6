"""`debunk new`: a correctly named case file from the one template."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

import jinja2
from slugify import slugify

from debunk.content.files import create_file
from debunk.content.load import CASES_DIR, MAX_SLUG_CHARS
from debunk.content.vocab import load_vocabularies


def yaml_string(value: str) -> str:
    """A double-quoted YAML string that keeps letters readable (`"Ветряки"`, not `"\\u0412..."`).

    JSON's escapes are YAML's; only characters that are not printable are escaped, so that no
    line separator or invisible character ends up in the file as it is.
    """
    quoted = json.dumps(value, ensure_ascii=False)
    return "".join(ch if ch.isprintable() else json.dumps(ch)[1:-1] for ch in quoted)


_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("debunk", "templates"),
    autoescape=False,  # noqa: S701 - renders YAML and Markdown, values go through |yaml_string
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
_TEMPLATES.filters["yaml_string"] = yaml_string


class ScaffoldError(Exception):
    """The case cannot be created; the message says why."""


def case_slug(title: str) -> str:
    """A file-name slug from a title, transliterated to ASCII (Cyrillic titles too)."""
    return slugify(title, max_length=60, word_boundary=True, save_order=True)


def new_case(
    root: Path,
    title: str,
    date: dt.date,
    *,
    slug: str | None = None,
    verdict: str = "disinformation",
    narratives: Sequence[str] = (),
    keywords: Sequence[str] = (),
    countries: Sequence[str] = (),
    languages: Sequence[str] = (),
    outlets: Sequence[str] = (),
    url: str | None = None,
) -> Path:
    """Write `cases/<year>/<date>-<slug>.md` and return its path; never overwrite a case."""
    if not title.strip():
        raise ScaffoldError("the title must not be empty")
    slug = slug or case_slug(title)
    if not slug or slug != case_slug(slug) or len(slug) > MAX_SLUG_CHARS:
        raise ScaffoldError(
            f"cannot use {slug!r} as a slug; pass --slug with lowercase letters, digits and hyphens"
        )
    case_id = f"{date.isoformat()}-{slug}"
    existing = sorted((root / CASES_DIR).glob(f"*/{case_id}.md")) if (root / CASES_DIR).is_dir() else []
    path = root / CASES_DIR / str(date.year) / f"{case_id}.md"
    if existing or path.exists():
        raise ScaffoldError(f"{(existing or [path])[0].as_posix()} already exists; choose another --slug")
    text = _TEMPLATES.get_template("case.md.j2").render(
        title=title.strip(),
        date=date.isoformat(),
        verdict=verdict,
        verdicts=sorted(load_vocabularies(root).verdicts) or [verdict],
        narratives=list(narratives),
        keywords=list(keywords),
        countries=list(countries),
        languages=list(languages),
        outlets=list(outlets),
        url=url,
        today=dt.date.today().isoformat(),
    )
    try:
        create_file(path, text)
    except FileExistsError:
        raise ScaffoldError(f"{path.as_posix()} already exists; choose another --slug") from None
    return path
