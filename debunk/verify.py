"""After a build: prove that every expected page was written once and no case was lost."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from debunk.model import Severity
from debunk.pages import GeneratedPage, Site, case_uri, page_url

_CASE_LINK = re.compile(r'href="[^"]*?cases/(\d{4})/([a-z0-9-]+)/"')
_CASE_MARK = re.compile(r'data-case-id="([a-z0-9-]+)"')


@dataclass(frozen=True)
class Verification:
    """What the check found: problems (empty when the site is complete) and the counts."""

    problems: tuple[str, ...]
    summary: str

    @property
    def ok(self) -> bool:
        return not self.problems


def _html_path(site_dir: Path, url: str) -> Path:
    return site_dir / url / "index.html"


def _listed_cases(html: str) -> set[str]:
    return {match.group(2) for match in _CASE_LINK.finditer(html)}


def verify_site(site: Site, pages: Sequence[GeneratedPage], site_dir: Path) -> Verification:
    """Check the built site in `site_dir` against the pages the build meant to write."""
    problems: list[str] = []
    urls = Counter(page.url for page in pages)
    problems += [
        f"{count} generated pages share the URL /{url}" for url, count in sorted(urls.items()) if count > 1
    ]
    listed: dict[str, set[str]] = defaultdict(set)
    kinds: Counter[str] = Counter()
    for page in pages:
        path = _html_path(site_dir, page.url)
        if not path.is_file():
            problems.append(
                f"/{page.url} ({page.kind} page from {page.source_path or page.src_uri}) was not written"
            )
            continue
        kinds[page.kind] += 1
        html = path.read_text(encoding="utf-8")
        if page.kind == "case":
            marks = _CASE_MARK.findall(html)
            if marks != [page.meta["debunk"]["id"]]:
                problems.append(f"/{page.url} does not hold case {page.meta['debunk']['id']!r} exactly once")
        elif page.kind in {"term", "narrative"}:
            data = page.meta["debunk"]
            key = f"{data['taxonomy']}/{data['name']}" if page.kind == "term" else f"narratives/{data['id']}"
            listed[key] |= _listed_cases(html)
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
    loaded = {case.path for case in site.content.cases}
    reported = {p.path for p in site.content.problems if p.severity is Severity.ERROR}
    for name in site.content.files:
        if name.startswith("cases/") and name not in loaded and name not in reported:
            problems.append(f"{name} has no page and no error explains why")
    case_pages = kinds["case"]
    summary = (
        f"verify-site: {case_pages} of {len(site.content.cases)} case pages, "
        f"{kinds['narrative']} narrative pages, "
        f"{kinds['term']} term pages, {kinds['term-index'] + kinds['narrative-index']} indexes; "
        f"{expected} case listings on term and narrative pages checked; "
        + ("no case lost" if not problems else f"{len(problems)} problems")
    )
    return Verification(tuple(problems), summary)


def expected_case_urls(site: Site) -> set[str]:
    """The URL of every case page the build must write."""
    return {page_url(case_uri(case)) for case in site.content.cases}
