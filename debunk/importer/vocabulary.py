"""`--extend-vocabulary`: new keywords, outlets and regions appended to the vocabulary files.

The files are edited as text, appending entries in the style of the file, so that the comments and
the order of what is there stay as the editors wrote them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from debunk.content.files import write_file

_TOP_KEY = re.compile(r"^[A-Za-z_][\w ]*:")
_ENTRY = re.compile(r"^(\s*)- ")


def _entry(name: str, aliases: list[str], indent: str) -> list[str]:
    lines = [f"{indent}- name: {json.dumps(name, ensure_ascii=False)}"]
    if aliases:
        listed = ", ".join(json.dumps(alias, ensure_ascii=False) for alias in aliases)
        lines.append(f"{indent}  aliases: [{listed}]")
    return lines


def append_terms(path: Path, added: dict[str, list[str]]) -> None:
    """Append `- name:` entries to a keywords or outlets file (created when missing)."""
    if not added:
        return
    text = path.read_text(encoding="utf-8") if path.exists() else "# Controlled vocabulary.\n"
    lines = [line for name in sorted(added) for line in _entry(name, added[name], "")]
    separator = "" if text.endswith("\n") else "\n"
    write_file(path, text + separator + "\n".join(lines) + "\n")


def add_regions(path: Path, added: dict[str, list[str]]) -> None:
    """Add entries to the `regions:` list of `countries.yml`, after its last entry."""
    if not added:
        return
    lines = path.read_text(encoding="utf-8").split("\n") if path.exists() else []
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "regions:"), None)
    if start is None:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += [
            "regions:",
            *(line for name in sorted(added) for line in _entry(name, added[name], "  ")),
            "",
        ]
    else:
        end = next((i for i in range(start + 1, len(lines)) if _TOP_KEY.match(lines[i])), len(lines))
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        indents = [match.group(1) for line in lines[start + 1 : end] if (match := _ENTRY.match(line))]
        indent = indents[0] if indents else "  "
        new = [line for name in sorted(added) for line in _entry(name, added[name], indent)]
        lines[end:end] = new
    write_file(path, "\n".join(lines))
