"""After a build: prove that every expected page was written once and no case was lost."""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import stat
import sys
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from debunk.content.files import FileStamp, file_stamp
from debunk.content.load import CASES_DIR
from debunk.content.repository import Content
from debunk.model import Case, Severity
from debunk.site.pages import GeneratedPage, Site
from debunk.site.paths import case_uri, page_url

_CASE_LINK = re.compile(r'href="[^"]*?cases/(\d{4})/([a-z0-9-]+)/"')
_LISTED_CASE_LINK = re.compile(r'href="(?:\.\./)*(\d{4})/([a-z0-9-]+)/"')
"""A case on the pages of all cases, which sit in `cases/` themselves."""
_CASE_MARK = re.compile(r'data-case-id="([a-z0-9-]+)"')


@dataclass(frozen=True)
class Verification:
    """What the check found: problems (empty when the site is complete) and the counts."""

    problems: tuple[str, ...]
    summary: str
    left_out: tuple[str, ...] = ()
    """A line for each case file with no page because it did not load (its errors say why)."""

    @property
    def ok(self) -> bool:
        return not self.problems and not self.left_out


def case_files(content: Content) -> list[str]:
    """Every case file of the repository (`cases/**/*.md`), whether it loaded or not."""
    return [name for name in content.files if name.startswith(CASES_DIR + "/") and name.endswith(".md")]


def _loaded(content: Content) -> set[str]:
    """The paths of the files that loaded to a case, held ones too (`debunk.content.held`): not lost."""
    return {case.path for case in (*content.cases, *content.held)}


def unloaded_case_files(content: Content) -> list[str]:
    """The case files that have no case, hence no page: each has an error, or a bug lost it."""
    loaded = _loaded(content)
    return [name for name in case_files(content) if name not in loaded]


def _listed_cases(html: str) -> set[str]:
    return {match.group(2) for match in _CASE_LINK.finditer(html)}


def _links_to_cases(html: str) -> list[str]:
    """Each case a page of all cases links to, as often as it does."""
    return [match.group(2) for match in _LISTED_CASE_LINK.finditer(html)]


_READ_KINDS = frozenset({"case", "term", "narrative", "case-index"})
"""The pages whose content is checked; of the others, only that they were written."""


@dataclass
class PageReads:
    """What each checked page held when it was last read, by its file's mtime, size and inode.

    `mkdocs serve` keeps one across rebuilds: a rebuild writes the pages an edit changed and
    leaves or puts the others back unchanged (`debunk_mkdocs.trash`: left in place or renamed, so
    mtime and inode stay), and the check then reads only the pages written since it last read
    them (at 20,000 cases, reading all 30,000 took 3.8 s of every rebuild). `mkdocs build` and
    `debunk verify-site` read every page. A file rewritten in place within one tick of the clock
    with the same size would look unchanged: rebuilds are seconds apart.
    """

    pages: dict[str, tuple[FileStamp, str, tuple[str, ...]]] = field(default_factory=dict)


def _case_ids(
    path: str, kind: str, reads: PageReads | None, seen: PageReads | None
) -> tuple[str, ...] | None:
    """The case ids a written page holds (case) or lists (term, narrative); None if not written."""
    try:
        status = os.stat(path)  # noqa: PTH116 - a str: building 30,000 Paths was most of a re-check
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    if kind not in _READ_KINDS:
        return ()
    stamp = file_stamp(status)
    known = reads.pages.get(path) if reads is not None else None
    if known is not None and known[:2] == (stamp, kind):
        found = known[2]
    else:
        html = Path(path).read_text(encoding="utf-8")
        if kind == "case":
            ids = _CASE_MARK.findall(html)
        else:
            ids = _links_to_cases(html) if kind == "case-index" else list(_listed_cases(html))
        found = tuple(map(sys.intern, ids))  # one string per case, not one per listing (17 MB held)
    if seen is not None:
        seen.pages[path] = (stamp, kind, found)
    return found


def verify_site(
    site: Site,
    pages: Sequence[GeneratedPage],
    site_dir: Path,
    reads: PageReads | None = None,
    *,
    preview: bool = False,
) -> Verification:
    """Check the built site in `site_dir` against the pages the build meant to write.

    With `reads` (what an earlier check of the same folder read, see `PageReads`), a page
    whose file is unchanged since is not read again; `reads` then holds this check's reads.
    Case pages are counted against the case files, not the cases that loaded: a file left out
    is named (`left_out`), in the words of a `mkdocs serve` preview when `preview`.
    """
    problems: list[str] = []
    urls = Counter(page.url for page in pages)
    problems += [
        f"{count} generated pages share the URL /{url}" for url, count in sorted(urls.items()) if count > 1
    ]
    listed: dict[str, set[str]] = defaultdict(set)
    in_all: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    seen = PageReads() if reads is not None else None  # this check's reads, for the next one
    folder = str(site_dir)
    for page in pages:
        found = _case_ids(os.path.join(folder, page.url, "index.html"), page.kind, reads, seen)  # noqa: PTH118
        if found is None:
            problems.append(
                f"/{page.url} ({page.kind} page from {page.source_path or page.src_uri}) was not written"
            )
            continue
        kinds[page.kind] += 1
        if page.kind == "case":
            if list(found) != [page.meta["debunk"]["id"]]:
                problems.append(f"/{page.url} does not hold case {page.meta['debunk']['id']!r} exactly once")
        elif page.kind in {"term", "narrative"}:
            data = page.meta["debunk"]
            key = f"{data['taxonomy']}/{data['name']}" if page.kind == "term" else f"narratives/{data['id']}"
            listed[key].update(found)
        elif page.kind == "case-index":
            in_all.update(found)
    if reads is not None and seen is not None:
        reads.pages = seen.pages  # only the pages of this build: renamed and deleted ones go
    expected = 0
    for case in site.content.cases:
        where = [f"narratives/{n}" for n in case.narratives if n in site.content.narratives]
        for taxonomy, terms in site.terms.items():
            values = getattr(case, taxonomy)
            where += [f"{taxonomy}/{name}" for name in values if name in terms]
        for key in where:
            expected += 1
            if case.id not in listed[key]:
                problems.append(f"case {case.id!r} ({case.path}) is missing from the {key} page(s)")
    problems += _all_cases_problems(site, in_all)
    files = case_files(site.content)
    left_out, unexplained = _left_out(site.content, "preview" if preview else "site")
    problems += unexplained
    summary = (
        f"verify-site: {kinds['case']} case pages for {len(files)} case files"
        + (f" ({len(site.content.held)} held, not published), " if site.content.held else ", ")
        + f"{kinds['narrative']} narrative pages, "
        f"{kinds['term']} term pages, {kinds['term-index'] + kinds['narrative-index']} indexes, "
        f"{kinds['case-index']} pages of all cases; "
        f"{expected} case listings on term and narrative pages checked, "
        f"{in_all.total()} on the pages of all cases; " + _outcome(left_out, problems)
    )
    return Verification(tuple(problems), summary, tuple(left_out))


def _all_cases_problems(site: Site, listed: Counter[str]) -> list[str]:
    """Each case on the pages of all cases (`/cases/`) exactly once, and nothing else there."""
    problems = []
    for case in site.content.cases:
        if listed[case.id] != 1:
            times = "is missing from" if not listed[case.id] else f"is listed {listed[case.id]} times on"
            problems.append(f"case {case.id!r} ({case.path}) {times} the pages of all cases (/cases/)")
    known = {case.id for case in site.content.cases}
    problems += [
        f"the pages of all cases list {name!r}, which is no case" for name in sorted(listed.keys() - known)
    ]
    return problems


def _left_out(content: Content, where: str) -> tuple[list[str], list[str]]:
    """(case files left out for their errors, problems for files left out with no error)."""
    reported = {p.path for p in content.problems if p.severity is Severity.ERROR}
    left_out, unexplained = [], []
    loaded = _loaded(content)
    for name in content.files:
        if not name.startswith(CASES_DIR + "/") or name in loaded:
            continue
        if name not in reported:
            unexplained.append(f"{name} has no page and no error explains why")
        elif name.endswith(".md"):
            left_out.append(f"{name}: left out of the {where}: see the problem above")
    return left_out, unexplained


def _outcome(left_out: list[str], problems: list[str]) -> str:
    """The end of the summary: never "no case lost" when a case file has no page."""
    if not left_out and not problems:
        return "no case lost"
    parts = [f"{len(left_out)} case files left out (named above)"] if left_out else []
    return "; ".join(parts + ([f"{len(problems)} problems"] if problems else []))


def expected_case_urls(site: Site) -> set[str]:
    """The URL of every case page the build must write."""
    return {page_url(case_uri(case)) for case in site.content.cases}


def _needles(case: Case) -> list[tuple[bytes, str]]:
    """What would show a held case in a file: its id (in every link and data row) and its
    title as text, HTML and JSON write it."""
    titles = {case.title, html.escape(case.title), json.dumps(case.title)[1:-1]}
    titles.add(json.dumps(case.title, ensure_ascii=False)[1:-1])
    return [(case.id.encode(), "id"), *((title.encode(), "title") for title in sorted(titles))]


def _file_bytes(path: Path) -> bytes:
    """A file's bytes, gunzipped when it is gzip (sitemap.xml.gz, Pagefind's index files)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return data
    return data


def held_in_site(site_dir: Path, held: Sequence[Case]) -> list[str]:
    """Every file of the site that shows a held case (`debunk.content.held`): its page, a link to it,
    its title in a list, the search index, a feed, the sitemap or a data file."""
    if not held:
        return []
    needles = [(case, needle, what) for case in held for needle, what in _needles(case)]
    problems = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        data = _file_bytes(path)
        rel = path.relative_to(site_dir).as_posix()
        shown = {case.id: what for case, needle, what in reversed(needles) if needle in data}
        shown.update({case.id: "page" for case in held if case.id in rel})  # whatever it holds
        problems += [
            f"{rel} shows held case {case.id!r} ({case.path}): its {shown[case.id]}"
            for case in held
            if case.id in shown
        ]
    return problems
