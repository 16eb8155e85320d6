"""Case files from drafts, in the layout of `debunk new`, every value quoted as JSON (valid YAML)."""

from __future__ import annotations

import json
from pathlib import Path

from debunk.files import create_file
from debunk.frontmatter import MAX_FRONT_MATTER_BYTES
from debunk.importer.normalise import Draft
from debunk.schema import MAX_LIST_ITEMS

_TERMS = ("keywords", "countries", "languages", "outlets")


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _list(values: list[str]) -> str:
    return "[" + ", ".join(_quoted(value) for value in values) + "]"


def render_case(draft: Draft) -> str:
    """The text of the case file. Empty lists are left out, so that the validator warns about them."""
    lines = [
        "---",
        f"title: {_quoted(draft.title)}",
        f"date: {_quoted(draft.date.isoformat())}",
    ]
    if draft.published is not None:
        lines.append(f"published: {_quoted(draft.published.isoformat())}")
    lines.append(f"verdict: {_quoted(draft.verdict)}")
    if draft.narratives:
        lines.append(f"narratives: {_list(draft.narratives)}")
    lines += [f"{name}: {_list(draft.terms[name])}" for name in _TERMS if draft.terms[name]]
    if draft.sources:
        lines.append("sources:")
        for source in draft.sources:
            lines.append(f"  - url: {_quoted(source.url)}")
            if source.archive:
                lines.append(f"    archive: {_quoted(source.archive)}")
            if source.outlet:
                lines.append(f"    outlet: {_quoted(source.outlet)}")
    if draft.reported_in is not None:
        lines.append(f"reported_in: {_quoted(str(draft.reported_in))}")
    if draft.related:
        lines.append(f"related: {_list(draft.related)}")
    if draft.updates:
        lines.append("updates:")
        for date, kind, note in draft.updates:
            lines += [
                f"  - date: {_quoted(date)}",
                f"    kind: {_quoted(kind)}",
                f"    note: {_quoted(note)}",
            ]
    summary = draft.summary
    notes = [f"Also published at <{url}>{where}." for url, where in draft.shared]
    notes += [f"Also archived at <{archive}>." for archive in draft.loose_archives]
    if notes:
        summary = "\n\n".join([summary, *notes])
    lines += ["---", "", "## Summary", "", summary, "", "## Response", "", draft.response, ""]
    return "\n".join(lines)


def _front_matter_bytes(text: str) -> int:
    return len(text.split("\n---\n", 1)[0].encode("utf-8"))


def fit_sources(draft: Draft) -> int:
    """Move the last sources into the summary until the front matter fits its limits; how many moved."""
    moved = 0
    while draft.sources and (
        len(draft.sources) > MAX_LIST_ITEMS
        or _front_matter_bytes(render_case(draft)) > MAX_FRONT_MATTER_BYTES
    ):
        source = draft.sources.pop()
        where = f", archived at <{source.archive}>" if source.archive else ""
        draft.shared.insert(len(draft.shared) - moved, (source.url, where))
        moved += 1
    return moved


def case_path(cases_dir: Path, draft: Draft) -> Path:
    return cases_dir / str(draft.date.year) / f"{draft.case_id}.md"


def write_case(path: Path, text: str) -> str:
    """Write the file unless it exists: 'written', 'unchanged' (same text) or 'conflict' (not overwritten)."""
    if path.exists() or path.is_symlink():
        same = path.is_file() and path.read_bytes() == text.encode("utf-8")
        return "unchanged" if same else "conflict"
    try:
        create_file(path, text)
    except FileExistsError:
        return "conflict"
    return "written"
