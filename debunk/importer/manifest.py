"""What an import wrote, kept in the repository: `imports/<name>.json`, record key -> case file + hash.

`debunk import --update` reads it to tell a case that is still as imported (its bytes have the
recorded SHA-256: updated from the newer export) from one edited since (skipped, never overwritten).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from debunk.content.files import write_file
from debunk.content.frontmatter import parse_yaml
from debunk.importer.errors import MappingError
from debunk.site.paths import term_slug

MANIFEST_DIR = "imports"


@dataclass(frozen=True)
class Imported:
    """A case file an import wrote: its path (relative to the repository) and the hash of its bytes."""

    path: str
    sha256: str


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_path(root: Path, name: str) -> Path:
    """`imports/<slug of the data's label, else of the first file's name>.json`."""
    return root / MANIFEST_DIR / f"{term_slug(name) or 'import'}.json"


def read_manifest(path: Path) -> dict[str, Imported]:
    """The records of a manifest (none when there is no file); a damaged file is an error, not ignored."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        records = data["records"].items()
        return {str(key): Imported(str(item["case"]), str(item["sha256"])) for key, item in records}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise MappingError(
            f"{path}: not a manifest of 'debunk import' ({exc!r}); restore it from git or remove it "
            "(then --update treats every case as new)"
        ) from None


def write_manifest(path: Path, label: str, records: dict[str, Imported]) -> None:
    """Write the manifest through a temporary file and `os.replace`: never half a file."""
    data = {
        "imported_from": label,
        "records": {key: {"case": item.path, "sha256": item.sha256} for key, item in sorted(records.items())},
    }
    write_file(path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def _fields(text: str) -> dict[str, str]:
    """A case file's front matter values (as JSON text) and its sections, for comparing two versions."""
    front, _sep, body = text.removeprefix("---\n").partition("\n---\n")
    parsed = parse_yaml(front)
    values = parsed[0] if not isinstance(parsed, list) and isinstance(parsed[0], dict) else {}
    fields = {key: json.dumps(value, ensure_ascii=False) for key, value in values.items()}
    summary, _sep, response = body.partition("\n## Response\n")
    fields["summary"] = summary.replace("## Summary", "", 1).strip()
    fields["response"] = response.strip()
    return fields


def changes(old: str, new: str) -> list[str]:
    """`field: old -> new` for every field that differs between two versions of a case file."""
    before, after = _fields(old), _fields(new)
    return [
        f"{name}: {_short(before.get(name, '(none)'))} -> {_short(after.get(name, '(none)'))}"
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    ]


def _short(value: str, limit: int = 100) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
