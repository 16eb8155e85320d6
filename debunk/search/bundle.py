"""Pagefind's bundle, rewritten: reproducible files, a smaller metadata file, filters in buckets.

The layout of the files is Pagefind's internal format (CBOR after a `pagefind_dcd` signature,
gzipped), so the version that wrote them is checked first, and every change is exact:
`tests/test_search.py` and the browser tests prove that the rewritten bundle still finds and
narrows to exactly the right cases. Which bucket a filter value goes in is `debunk.search.filters`'s
rule, which the search worker computes too.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import cbor2

from debunk.search.filters import Buckets, filter_bucket, plan_buckets

_SIGNATURE = b"pagefind_dcd"
"""What every decompressed Pagefind index file starts with, before its CBOR data."""

PAGEFIND_VERSION = "1.6.0"
"""The Pagefind release whose file format this module rewrites (pinned in package.json)."""


def _unpack(compressed: bytes, path: Path) -> bytes:
    data = gzip.decompress(compressed)
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind index file")
    return data[len(_SIGNATURE) :]


def _read(path: Path) -> Any:
    return cbor2.loads(_unpack(path.read_bytes(), path))


def _pack(value: Any) -> bytes:
    return gzip.compress(_SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _write(folder: Path, prefix: str, digits: int, suffix: str, value: Any) -> str:
    """Write `value` as `<prefix><content hash><suffix>` in `folder`; return the hash part."""
    data = _SIGNATURE + cbor2.dumps(value)
    digest = prefix + hashlib.sha256(data).hexdigest()[:digits]
    (folder / f"{digest}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return digest.removeprefix("pagefind.")


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if number == 0:
            return text


def _name_fragments_by_date(bundle: Path, language: str, meta: list[Any]) -> None:
    """Name fragments `<lang>_<digest>_<rank>`, the rank in base 36 in (date, address) order.

    The metadata file, which every search loads first, lists every page's fragment name, and
    Pagefind's date sort order on top: 115 KB at 20,000 cases. With the date order in the
    names, the search worker sorts results by date itself and the sort order is not needed (a sorted
    list of 20,000 numbers is 42 KB gzipped, however it is ordered). The digest of all
    original fragment hashes changes whenever any page changes, so a browser never pairs a
    cached fragment of an earlier build with a new metadata file.
    """
    if meta[4]:
        names = ", ".join(str(sort[0]) for sort in meta[4])
        raise ValueError(
            f"the case pages carry data-pagefind-sort ({names}): the search worker sorts by date itself"
        )
    folder = bundle / "fragment"
    originals = [str(page[0]) for page in meta[1]]
    contents = {name: (folder / f"{name}.pf_fragment").read_bytes() for name in set(originals)}
    keys = []
    for number, name in enumerate(originals):
        fragment = json.loads(_unpack(contents[name], folder / name))
        keys.append((str(fragment.get("meta", {}).get("date", "")), str(fragment["url"]), number))
    order = [number for *_, number in sorted(keys)]
    digest = hashlib.sha256("\n".join(originals[number] for number in order).encode()).hexdigest()[:8]
    moved: set[str] = set()  # renamed, not rewritten: 20,000 writes cost 10 s on a slow disk
    for rank, number in enumerate(order):
        name = meta[1][number][0] = f"{language}_{digest}_{_base36(rank)}"
        original = originals[number]
        if original in moved:  # two pages with one fragment: a copy for the second
            (folder / f"{name}.pf_fragment").write_bytes(contents[original])
        else:
            (folder / f"{original}.pf_fragment").rename(folder / f"{name}.pf_fragment")
            moved.add(original)


def _read_filters(bundle: Path, meta: list[Any]) -> dict[str, list[Any]]:
    """Each filter's values, sorted: Pagefind 1.5 writes them in hash-map order."""
    filters = {}
    for name, filter_hash in meta[3]:
        path = bundle / "filter" / f"{filter_hash}.pf_filter"
        _, values = _read(path)
        path.unlink()
        filters[str(name)] = sorted(values, key=lambda item: (item[0], item[1]))
    return filters


def _plan(languages: Iterable[dict[str, list[Any]]], bucket_bytes: int) -> dict[str, Buckets]:
    """Buckets per filter name, sized by the biggest language's file of that filter."""
    sizes: Counter[str] = Counter()
    weights: dict[str, Counter[str]] = {}
    for filters in languages:
        for name, values in filters.items():
            sizes[name] = max(sizes[name], len(_pack([name, values])))
            for value, pages in values:
                weights.setdefault(name, Counter())[value] += len(pages) + 2
    return {name: plan_buckets(weights[name], sizes[name], bucket_bytes) for name in sorted(sizes)}


def _write_filters(
    bundle: Path, language: str, filters: dict[str, list[Any]], plan: Mapping[str, Buckets]
) -> list[list[str]]:
    """One file per filter, or per bucket of a big one; the sorted `[name, file hash]` list."""
    written = []
    for name, values in filters.items():
        buckets = plan[name]
        groups: dict[str, list[Any]] = {}
        for value in values:
            key = f"{name}-{filter_bucket(value[0], buckets)}" if buckets.count > 1 else name
            groups.setdefault(key, []).append(value)
        for key, group in groups.items():
            written.append([key, _write(bundle / "filter", f"{language}_", 7, ".pf_filter", [key, group])])
    return sorted(written)


def canonicalise_bundle(bundle: Path, bucket_bytes: int) -> dict[str, Buckets]:
    """Make the bundle byte-identical from one run to the next, its metadata file smaller, and
    split every filter file bigger than `bucket_bytes` (gzipped) into buckets; return them.

    Pagefind 1.5 writes filter values and the filter list in hash-map order, which changes
    between runs (its fragments and word index are already stable). This sorts them, names
    fragments by date, and renames the rewritten files by the hash of their content.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if entry.get("version") != PAGEFIND_VERSION:
        raise ValueError(
            f"Pagefind {entry.get('version')!r} wrote the search index; debunk.search.pagefind knows "
            f"the files of Pagefind {PAGEFIND_VERSION!r} only: install the one package.json pins (`npm ci`)"
        )
    metas, filters = {}, {}
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        metas[language] = _read(meta_path)
        meta_path.unlink()
        _name_fragments_by_date(bundle, language, metas[language])
        filters[language] = _read_filters(bundle, metas[language])
    plan = _plan(filters.values(), bucket_bytes)
    for language, meta in metas.items():
        meta[3] = _write_filters(bundle, language, filters[language], plan)
        entry["languages"][language]["hash"] = _write(bundle, f"pagefind.{language}_", 10, ".pf_meta", meta)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {name: buckets for name, buckets in plan.items() if buckets.count > 1}


_PATCHES = (
    (
        "let index_resp=this.backend.request_indexes(ptr,term);",
        'let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);',
        1,
    ),
    (
        "while(this.raw_ptr===null){if(this.initError){throw this.initError;}await asyncSleep(50);}",
        "while(this.raw_ptr===null){if(this.initError){throw this.initError;}await asyncSleep(5);}",
        1,
    ),
    (
        "while(this.primary.wasm===null){await asyncSleep(50);}",
        "while(this.primary.wasm===null){await asyncSleep(5);}",
        1,
    ),
    (
        'decompress(data,file="unknown file"){',
        'async decompress(data,file="unknown file"){if(typeof DecompressionStream==="function"'
        "&&data[0]===31&&data[1]===139){data=new Uint8Array(await new Response(new Blob([data])"
        '.stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());}',
        1,
    ),
    # Every caller of `decompress` awaits it; a fragment is loaded alone or in a group
    # (`--max-fragments`), two places with the same line.
    *(
        (f"{found}=this.decompress(new Uint8Array(", f"{found}=await this.decompress(new Uint8Array(", times)
        for found, times in (
            ("this.searchMeta", 1),
            ("const final_wasm", 1),
            ("let chunk", 1),
            ("let fragment", 2),
        )
    ),
)
"""Changes to Pagefind's search code: (text, replacement, how many times the text must be there)."""

_WORKER_END = (
    'self.addEventListener("message",async(event)=>{const message=event.data;'
    "const response=await handleMessage(message);self.postMessage(response);});})();"
)
"""The end of Pagefind's worker: its message listener, which calls `handleMessage` by name."""

_WORKER_NEEDS = (
    "var handleMessage=async(message)=>{const{id,method,args}=message;"
    "const instanceId=message.instanceId??DEFAULT_INSTANCE;",
    'case"init":{const[options]=args;instances.set(instanceId,new Pagefind(options));'
    "return{id,result:true};}",
    "var getInstance=(instanceId)=>{const instance=instances.get(instanceId);",
    "async filters(){let filters=await Promise.all(this.instances.map((i2)=>i2.filters()));",
    "async preload(term,options={}){await Promise.all(this.instances.map((i2)=>i2.preload(term,options)));}",
    "async search(term,options={}){let search=await Promise.all("
    "this.instances.map((i2)=>i2.search(term,options)));",
    "data:async()=>await this.loadFragment(result2.p,result2.g,weighted_locations,term)};",
    "fragment.locations=weighted_locations.map((l)=>l.location);if(!fragment.raw_content){"
    'fragment.raw_content=fragment.content.replace(/</g,"&lt;").replace(/>/g,"&gt;");'
    'fragment.content=fragment.content.replace(/\\u200B/g,"");}',
    "return{id,error:error instanceof Error?error.message:String(error)};",
    "async mergeIndex(indexPath,options={}){",
    "let newInstance=new PagefindInstance({primary:false,basePath:indexPath,...options});"
    "this.instances.push(newInstance);",
    _WORKER_END,
)
"""What debunk/search_worker.js uses of Pagefind's worker (Pagefind's internal code), each once."""

WORKER_CODE = Path(__file__).with_name("search_worker.js")
"""debunk's part of the web worker: a query in one message, and a worker that starts on its own."""


def worker_code() -> str:
    """`WORKER_CODE` as it goes into the site: without its comment lines and indentation.

    Every search downloads the worker before its first result: the comments would be 1.3 of
    its 2.5 KB gzipped. The file has no comment after code on a line, so whole lines go.
    """
    lines = (line.strip() for line in WORKER_CODE.read_text(encoding="utf-8").splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


def patch_search_code(bundle: Path) -> None:
    """Change Pagefind's search code, in both its copies (the page's and the worker's), and put
    debunk's part (`WORKER_CODE`) into the worker, which is the only copy the search page loads.

    1. A search without words (filters only) no longer downloads the whole word index.
       Pagefind 1.5 asks for the word chunks of the empty query, and its loose prefix match
       takes every chunk: 5 MB at 20,000 cases for a view such as `?year=2020`, which needs
       none of them (the filter files and the page list answer it).
    2. A search that arrives before the index is loaded checks every 5 ms instead of every
       50 ms whether it is: the worker gets the query in the URL while it is still starting,
       and the first results then wait up to 50 ms for nothing. So does a shard merged into
       the first (`mergeIndex`), which waits for the first's WebAssembly.
    3. Index files are inflated by the browser (`DecompressionStream`, where there is one)
       instead of by Pagefind's gunzip in JavaScript, which took 60 to 80 ms for the 380 KB of
       metadata every first query loads at 20,000 cases.

    A different Pagefind build fails here instead of silently losing any of it.
    """
    for name in ("pagefind.js", "pagefind-worker.js"):
        path = bundle / name
        code = path.read_text(encoding="utf-8")
        for original, replacement, times in _PATCHES:
            if code.count(original) != times:
                raise ValueError(
                    f"{path}: Pagefind's code changed ({original!r}); update debunk.search.bundle"
                )
            code = code.replace(original, replacement)
        if name == "pagefind-worker.js":
            code = _with_worker_code(path, code)
        path.write_text(code, encoding="utf-8")


def _with_worker_code(path: Path, code: str) -> str:
    """Pagefind's worker with debunk's part inside its closure, after its message listener."""
    for expected in _WORKER_NEEDS:
        if code.count(expected) != 1:
            raise ValueError(
                f"{path}: Pagefind's worker changed ({expected!r}); update debunk/search_worker.js"
            )
    if "debunkSearch" in code:
        raise ValueError(f"{path}: the worker already uses the name debunkSearch")
    listener = _WORKER_END.removesuffix("})();")
    return code.replace(_WORKER_END, f"{listener}\n{worker_code()}\n}})();")
