"""The search page, told where the index's shards are: their folders, file names and buckets."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from debunk.search.filters import Buckets

_PAGE_INDEX = re.compile(
    r'<meta name="debunk-search-index" content="([^"]*)"(?: data-[a-z]+="[^"]*")*>'
    r'(?:<link rel="preload" [^>]*>)*'
)
_PAGE_LANGUAGE = re.compile(r'<html lang="([^"]*)"')


@dataclass(frozen=True)
class ShardLink:
    """What the search page needs of one shard: its folder, its entry file and its buckets."""

    name: str
    entry: Mapping[str, Any]
    buckets: Mapping[str, Buckets]


def index_language(languages: Mapping[str, Any], page_language: str) -> str:
    """The index Pagefind loads on a page in `page_language`: its own, its base, or the biggest."""
    wanted = page_language.lower()
    for candidate in (wanted, wanted.split("-")[0]):
        if candidate in languages:
            return candidate
    return max(languages, key=lambda language: int(languages[language]["page_count"]))


def _preloads(shards: Sequence[ShardLink], page_language: str) -> list[str]:
    """The files every query loads before its first result, relative to the bundle folder."""
    names = [f"{shards[0].name}/pagefind-worker.js"]
    for number, shard in enumerate(shards):
        languages = shard.entry["languages"]
        info = languages[index_language(languages, page_language)]
        names += [f"{shard.name}/pagefind-entry.json?ts={cache_tag(shard.entry)}",
                  f"{shard.name}/pagefind.{info['hash']}.pf_meta"]  # fmt: skip
        if number == 0:  # the first shard's instance loads the WebAssembly for all of them
            names.append(f"{shard.name}/wasm.{info.get('wasm') or 'unknown'}.pagefind")
    return names


def cache_tag(entry: Mapping[str, Any]) -> str:
    """What makes a shard's `pagefind-entry.json` cacheable: its metadata files' hashes."""
    languages = entry["languages"]
    return "-".join(str(languages[language]["hash"]) for language in sorted(languages))


def link_search_page(page: Path, shards: Sequence[ShardLink]) -> None:
    """Give the search page the shards' folders, file names and buckets, known only now.

    The template leaves `<meta name="debunk-search-index" content="BUNDLE URL">` in the head;
    this fills in the shards (folder, the tag that makes `pagefind-entry.json` cacheable, the
    filter buckets the search worker maps values to), and preloads the files every query needs
    before the first result, so that they download while the page and its theme load. Running
    it again on the same page gives the same page. Without shards (no case pages) the page
    says that there is no index.
    """
    text = page.read_text(encoding="utf-8")
    found = _PAGE_INDEX.findall(text)
    if len(found) != 1:
        raise ValueError(f'{page}: expected one <meta name="debunk-search-index">, found {len(found)}')
    base = html.unescape(found[0])
    match = _PAGE_LANGUAGE.search(text)
    listed = [
        [shard.name, cache_tag(shard.entry),
         {name: [bucket.count, bucket.salt] for name, bucket in sorted(shard.buckets.items())}]
        for shard in shards
    ]  # fmt: skip
    preloads = _preloads(shards, match.group(1) if match else "unknown") if shards else []
    attribute = html.escape
    filled = (
        f'<meta name="debunk-search-index" content="{attribute(base)}" '
        f'data-shards="{attribute(json.dumps(listed, separators=(",", ":")))}">'
    ) + "".join(f'<link rel="preload" href="{attribute(base + n)}" as="fetch" crossorigin>' for n in preloads)
    page.write_text(_PAGE_INDEX.sub(lambda _: filled, text), encoding="utf-8")
