"""Bytes per part of a built site's pages: where a case page's and a term page's weight goes.

    python3 scripts/page_weight.py SITE [--sample 200]

For case pages (`cases/<year>/<id>/`) and term pages (`keywords/<slug>/`, ... and their
`page/<n>/`), the median bytes of each part (the first element of the page that matches it:
the JSON-LD, the rest of the head, the header, tabs, navigation drawer, table of contents, the
article, footer, Material's `__config`), the inline SVG within them, and the rest; then the whole
site's size and its size per case. Parts are measured on the finished file, in UTF-8 bytes.
"""

from __future__ import annotations

import argparse
import statistics
from html.parser import HTMLParser
from pathlib import Path

PARTS = (
    ("json-ld", "script", ("type", "application/ld+json")),
    ("header", "header", ("class", "md-header")),
    ("tabs", "nav", ("class", "md-tabs")),
    ("drawer", "div", ("class", "md-sidebar--primary")),
    ("toc", "div", ("class", "md-sidebar--secondary")),
    ("article", "div", ("class", "md-content")),
    ("footer", "footer", ("class", "md-footer")),
    ("config", "script", ("id", "__config")),
    ("head", "head", None),
)  # fmt: skip
"""(part, tag, (attribute, a word of its value)): the first element that matches is the part."""
TERM_FOLDERS = ("keywords", "countries", "languages", "outlets", "narratives")
VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)


class _Parts(HTMLParser):
    """The bytes of each part of one page (a part inside another is taken out of the outer one)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.spans: dict[str, int] = {}
        self.svg = 0
        self._stack: list[tuple[str, int, str | None]] = []
        self._closed: list[tuple[int, int]] = []
        self._lines = [0]
        for line in text.splitlines(keepends=True):
            self._lines.append(self._lines[-1] + len(line))

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def _bytes(self, start: int, end: int) -> int:
        return len(self.text[start:end].encode())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        values = dict(attrs)
        part = None
        for name, wanted, attribute in PARTS:
            if name in self.spans or tag != wanted:
                continue
            if attribute is None or attribute[1] in (values.get(attribute[0]) or "").split():
                part = name
                self.spans[name] = 0
                break
        self._stack.append((tag, self._offset(), part))

    def handle_endtag(self, tag: str) -> None:
        if not any(opened == tag for opened, _, _ in self._stack):
            return
        while True:
            opened, start, part = self._stack.pop()
            if opened == tag:
                break
        end = self.text.find(">", self._offset()) + 1
        if tag == "svg":
            self.svg += self._bytes(start, end)
        if part is not None:
            whole = self._bytes(start, end)
            self.spans[part] = whole - sum(size for begun, size in self._closed if begun > start)
            self._closed = [(begun, size) for begun, size in self._closed if begun < start]
            self._closed.append((start, whole))


def weigh(path: Path) -> dict[str, int]:
    """{part: bytes} of one page, with "svg" (inline SVG anywhere) and "rest" and "total"."""
    text = path.read_text(encoding="utf-8")
    parser = _Parts(text)
    parser.feed(text)
    parser.close()
    total = len(text.encode())
    spans = {name: parser.spans.get(name, 0) for name, _, _ in PARTS}
    spans["rest"] = total - sum(spans.values())
    spans["svg"] = parser.svg
    spans["total"] = total
    return spans


def case_pages(site: Path) -> list[Path]:
    return sorted(site.glob("cases/[0-9][0-9][0-9][0-9]/*/index.html"))


def term_pages(site: Path) -> list[Path]:
    found: list[Path] = []
    for folder in TERM_FOLDERS:
        found += list(site.glob(f"{folder}/*/index.html"))
        found += list(site.glob(f"{folder}/*/page/*/index.html"))
    return sorted(found)


def medians(pages: list[Path], sample: int) -> dict[str, float]:
    step = max(1, len(pages) // sample)
    weights = [weigh(page) for page in pages[::step]]
    return {part: statistics.median(w[part] for w in weights) for part in weights[0]} if weights else {}


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--sample", type=int, default=200, help="pages of each kind measured (spread)")
    args = parser.parse_args()
    cases, terms = case_pages(args.site), term_pages(args.site)
    kinds = {"case": medians(cases, args.sample), "term": medians(terms, args.sample)}
    parts = [*(name for name, _, _ in PARTS), "rest", "svg", "total"]
    print(f"{'median bytes':<14}" + "".join(f"{kind + ' page':>12}" for kind in kinds))
    for part in parts:
        print(f"{part:<14}" + "".join(f"{kinds[kind].get(part, 0):>12,.0f}" for kind in kinds))
    total = site_bytes(args.site)
    per_case = total / len(cases) / 1024 if cases else 0
    print(
        f"pages: {len(cases)} case, {len(terms)} term; site {total / 1e6:.1f} MB, {per_case:.1f} KB per case"
    )


if __name__ == "__main__":
    main()
