"""Case files from drafts, in the layout of `debunk new`, every value quoted as JSON (valid YAML)."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
from frontmatter.default_handlers import YAMLHandler

from debunk.content.files import create_file
from debunk.content.frontmatter import MAX_FRONT_MATTER_BYTES
from debunk.content.schema import MAX_LIST_ITEMS
from debunk.importer.normalise import Draft
from debunk.importer.sources import DraftSource

_TERMS = ("keywords", "countries", "languages", "outlets")


class CaseHandler(YAMLHandler):
    """python-frontmatter's YAML handler writing the layout of `debunk new`: fields in the order given,
    text quoted as JSON (valid YAML, read back as written), term lists on one line, sources as blocks.

    `yaml.dump` (the handler's default) sorts the keys, folds long titles at 80 characters and
    writes lists one item a line: a case would not read like the ones contributors write.
    """

    def export(self, metadata: dict[str, object], **_options: object) -> str:
        lines: list[str] = []
        for key, value in metadata.items():
            if isinstance(value, list) and value and isinstance(value[0], dict):
                lines.append(f"{key}:")
                for item in value:
                    lines += [
                        f"{'  - ' if i == 0 else '    '}{k}: {_quoted(v)}"
                        for i, (k, v) in enumerate(item.items())
                    ]
            elif isinstance(value, list):
                lines.append(f"{key}: [{', '.join(_quoted(item) for item in value)}]")
            else:
                lines.append(f"{key}: {_quoted(value)}")
        return "\n".join(lines)


def _quoted(value: object) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def render_case(draft: Draft) -> str:
    """The text of the case file. Empty lists are left out, so that the validator warns about them."""
    meta: dict[str, object] = {"title": draft.title, "date": draft.date.isoformat()}
    if draft.published is not None:
        meta["published"] = draft.published.isoformat()
    meta["verdict"] = draft.verdict
    if draft.narratives:
        meta["narratives"] = draft.narratives
    meta.update({name: draft.terms[name] for name in _TERMS if draft.terms[name]})
    if draft.sources:
        meta["sources"] = [_source(source) for source in draft.sources]
    if draft.reported_in is not None:
        meta["reported_in"] = str(draft.reported_in)
    if draft.related:
        meta["related"] = draft.related
    if draft.updates:
        meta["updates"] = [{"date": date, "kind": kind, "note": note} for date, kind, note in draft.updates]
    summary = draft.summary
    notes = [f"Also published at <{url}>{where}." for url, where in draft.shared]
    notes += [f"Also archived at <{archive}>." for archive in draft.loose_archives]
    if notes:
        summary = "\n\n".join([summary, *notes])
    body = f"## Summary\n\n{summary}\n\n## Response\n\n{draft.response}"
    # dumps strips the text it returns (the body is stripped already): the file ends with a newline.
    return frontmatter.dumps(frontmatter.Post(body, CaseHandler(), **meta)) + "\n"


def _source(source: DraftSource) -> dict[str, str]:
    item = {"url": source.url}
    if source.archive:
        item["archive"] = source.archive
    if source.outlet:
        item["outlet"] = source.outlet
    return item


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
