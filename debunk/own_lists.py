"""debunk's own list items turned into elements directly, without Python-Markdown's inline patterns.

Most of a generated page is lists that debunk writes itself: the cases of a term page, the
sources and related cases of a case page. Python-Markdown runs every inline pattern over each of
their text nodes; at 20,000 cases that was most of a cold build's render phase (a term page of
20 cases 6.3 ms, the five related cases of a case page 2.5 ms).

This Python-Markdown extension reads those lines itself and builds the same elements
(`<ul><li><a href>...`) that the list and inline processors would, so that the rest of the
pipeline (link rewriting, the table of contents, prettifying, serialising) runs unchanged on
them. It only does so where it is sure of the result:

- only in the part of a page that debunk wrote alone (`generated_from`, set by the page
  generators: everything after a contributor's Markdown), so no contributor text is read
  this way;
- only on lines of the shapes debunk's templates write (a case, a term, a source with its
  archived copy after or, when the original is gone, before it), whose text parts are exactly
  what `debunk.mdescape.md` makes of some plain text (checked by escaping it again), with no
  character the configured Markdown would not unescape and nothing that looks like an HTML
  entity (Python-Markdown keeps `&amp;` as written, the serialiser would not);
- only on a list that starts and ends a block, with no list or indented block beside it that
  Python-Markdown could join it to;
- only with Markdown extensions known not to change plain text (`SAFE_EXTENSIONS`).

Anything else is left to Python-Markdown. `tests/test_own_lists.py` renders generated pages
and hostile list lines both ways and compares the HTML byte for byte.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from xml.etree.ElementTree import Element, SubElement

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.util import ETX, STX, AtomicString

from debunk.mdescape import md, mdurl

SAFE_EXTENSIONS = frozenset(
    {
        "toc",
        "tables",
        "footnotes",
        "fenced_code",
        "attr_list",
        "def_list",
        "admonition",
        "md_in_html",
        "sane_lists",
    }
)
"""Extensions that add no inline pattern over plain text (tested with all of them on)."""

_TEXT = r"(?:\\.|[^\\\[\]()<>\n])*"  # what `md` writes: escaped specials, no bare brackets or angles
_LINK = r"[A-Za-z0-9._/-]+\.md"  # `debunk.pages.base.link`: a relative path between generated pages
_URL = r"<?[A-Za-z0-9\-._~:/?#@!$&'*+,;=%\[\]]+>?"  # `debunk.mdescape.mdurl`
_CASE = re.compile(
    rf'- \[(?P<title>{_TEXT})\]\((?P<link>{_LINK})\) <span class="debunk-list-meta">(?P<meta>{_TEXT})</span>'
)
_TERM = re.compile(  # a term, a narrative: `(12)`, `(12 cases)`, `(12 cases): summary`
    rf"- \[(?P<title>{_TEXT})\]\((?P<link>{_LINK})\) "
    rf"\((?P<count>[0-9]+(?: cases?)?)\)(?:: (?P<summary>{_TEXT}))?"
)
_OUTLET = rf"- (?:(?P<outlet>{_TEXT}): )?"
_ORIGINAL = rf"\[(?P<host>{_TEXT})\]\((?P<url>{_URL})\)"
_GONE = rf"original no longer online \(checked (?P<checked>{_TEXT})\); "
_ARCHIVED = (  # `[archived copy, Wayback Machine](...)`, or on a host no service lists:
    rf"\[archived copy(?:, (?P<service>{_TEXT}))?\]\((?P<archive>{_URL})\)"
    r"(?P<unlisted> \(unlisted archive\))?"  # `[archived copy](...) (unlisted archive)`
)
_SOURCE = re.compile(rf"{_OUTLET}{_ORIGINAL} · (?P<gone>{_GONE})?(?:{_ARCHIVED}|no archived copy)")
_DEAD = re.compile(rf"{_OUTLET}{_GONE}{_ARCHIVED} · {_ORIGINAL} \(dead link\)")
"""A source whose original the last link check found gone: its archived copy first."""
_SPECIAL = re.compile(r"\\(.)")
_ENTITY_LIKE = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.IGNORECASE)  # Python-Markdown's RE_AMP
_BLOCK_START = re.compile(r"\s|[-*+>:]|[0-9]+[.)]")
"""Indentation, or the start of a list, quote or definition: blocks Python-Markdown nests or joins."""
_MARK = f"{STX}debunk-own-list:"  # STX cannot be in the text: Python-Markdown deletes it first


class _UnsureError(Exception):
    """A line this module cannot turn into elements exactly as Python-Markdown would."""


Item = Callable[[Element], None]
"""Adds one `<li>` to a `<ul>`."""


class _Lines:
    """Reads debunk's list lines into element builders, for one Markdown instance."""

    def __init__(self, markdown: Markdown) -> None:
        self.escapable = set(markdown.ESCAPED_CHARS)

    def text(self, written: str) -> AtomicString:
        """The plain text that `md` turned into `written`, or `_UnsureError`."""
        plain = (
            html.unescape(_SPECIAL.sub(r"\1", written)) if ("\\" in written or "&" in written) else written
        )
        if md(plain) != written or _ENTITY_LIKE.search(plain):
            raise _UnsureError
        if "\\" in written and not set(_SPECIAL.findall(written)) <= self.escapable:
            raise _UnsureError  # Python-Markdown would keep this backslash
        return AtomicString(plain)

    def url(self, written: str) -> str:
        plain = written[1:-1] if written.startswith("<") and written.endswith(">") else written
        if mdurl(plain) != written:
            raise _UnsureError
        return plain

    def item(self, line: str) -> Item:
        if line[-1:].isspace() or _BLOCK_START.match(line, 2) or "]:" in line:
            # Python-Markdown strips spaces after the list marker and at the end, reads an item
            # starting `- `, `1. ` or `: ` as a list or definition inside the item, and `[x\]: y`
            # as a link reference or footnote definition (its patterns ignore the backslash).
            raise _UnsureError
        if match := _CASE.fullmatch(line):
            title, meta = self.text(match["title"]), self.text(match["meta"])
            href = match["link"]

            def case(ul: Element) -> None:
                li = SubElement(ul, "li")
                _link(li, href, title, " ")
                SubElement(li, "span", {"class": "debunk-list-meta"}).text = meta

            return case
        if match := _TERM.fullmatch(line):
            title, href = self.text(match["title"]), match["link"]
            after = f" ({match['count']})" + (
                f": {self.text(match['summary'])}" if match["summary"] is not None else ""
            )

            def term(ul: Element) -> None:
                _link(SubElement(ul, "li"), href, title, after)

            return term
        if match := _SOURCE.fullmatch(line) or _DEAD.fullmatch(line):
            return self.source(match)
        raise _UnsureError

    def source(self, match: re.Match[str]) -> Item:
        """An item of a case's Sources: the original and its archived copy, in either order."""
        outlet = self.text(match["outlet"]) + ": " if match["outlet"] is not None else ""
        host, url = self.text(match["host"]), self.url(match["url"])
        checked = match["checked"]
        gone = f"original no longer online (checked {self.text(checked)}); " if checked is not None else ""
        links: list[tuple[str, str, str | None]] = []  # (href, text, the text after it)
        if match["archive"] is not None:
            service = self.text(match["service"]) if match["service"] is not None else None
            archived = "archived copy" + (f", {service}" if service is not None else "")
            unlisted = " (unlisted archive)" if match["unlisted"] is not None else None
            links.append((self.url(match["archive"]), archived, unlisted))
        original = (url, host, " · " + gone + ("" if links else "no archived copy"))
        if match.re is _DEAD:
            lead = outlet + gone
            href, text, unlisted = links[0]
            links = [(href, text, (unlisted or "") + " · "), (url, host, " (dead link)")]
        else:
            lead = outlet
            links.insert(0, original)

        def source(ul: Element) -> None:
            li = SubElement(ul, "li")
            li.text = AtomicString(lead) if lead else None
            for href, text, tail in links:
                _link(li, href, AtomicString(text), tail)

        return source


def _link(parent: Element, href: str, text: str, tail: str | None) -> None:
    a = SubElement(parent, "a", {"href": href})
    a.text = text
    a.tail = AtomicString(tail) if tail is not None else None


def _safe_neighbour(line: str | None) -> bool:
    """Python-Markdown cannot join a list to a block that starts with this line (None: none)."""
    return line is None or not _BLOCK_START.match(line)


class _Find(Preprocessor):
    """Replaces each list of debunk's own lines in the generated part by a placeholder line."""

    def __init__(self, markdown: Markdown, lines: _Lines, lists: list[list[Item]]) -> None:
        super().__init__(markdown)
        self.reader = lines
        self.lists = lists
        self.generated: list[str] | None = None
        """The lines of the page's generated part, for the next `convert` only."""

    def run(self, lines: list[str]) -> list[str]:
        generated, self.generated = self.generated, None
        self.lists.clear()
        if not generated:
            return lines
        # NormalizeWhitespace ran first: it appended two empty lines and may have changed the
        # contributor's part (line breaks, tabs), never the generated part's line count.
        start = len(lines) - 2 - len(generated)
        if start < 0 or lines[start:-2] != generated or (start and lines[start - 1] != ""):
            return lines
        out = lines[:start]
        i, end = start, len(lines)
        while i < end:
            if not lines[i].startswith("- "):
                out.append(lines[i])
                i += 1
                continue
            j = i
            while j < end and lines[j] != "":
                j += 1
            items = self._items(lines, start, i, j)
            if items is None:
                out.extend(lines[i:j])
            else:
                self.lists.append(items)
                out.append(f"{_MARK}{len(self.lists) - 1}{ETX}")
            i = j
        return out

    def _items(self, lines: list[str], start: int, i: int, j: int) -> list[Item] | None:
        # The block before the list (its first line) and the one after it, inside the
        # generated part: Python-Markdown would join the list to a list or indented block.
        k = i - 1
        while k >= start and lines[k] == "":
            k -= 1
        while k > start and lines[k - 1] != "":
            k -= 1
        after = next((line for line in lines[j:] if line != ""), None)
        if i == start or lines[i - 1] != "" or k < start or not _safe_neighbour(lines[k]):
            return None
        if not _safe_neighbour(after):
            return None
        try:
            return [self.reader.item(line) for line in lines[i:j]]
        except _UnsureError:
            return None


class _Build(BlockProcessor):
    """Turns a placeholder line back into the `<ul>` Python-Markdown would have made."""

    def __init__(self, parser: BlockParser, lists: list[list[Item]], owner: OwnLists) -> None:
        super().__init__(parser)
        self.lists = lists
        self.owner = owner

    def test(self, parent: Element, block: str) -> bool:
        return block.startswith(_MARK)

    def run(self, parent: Element, blocks: list[str]) -> bool:
        block = blocks[0]
        if not block.endswith(ETX) or "\n" in block:
            return False
        blocks.pop(0)
        ul = SubElement(parent, "ul")
        for item in self.lists[int(block[len(_MARK) : -1])]:
            item(ul)
        self.owner.built += 1
        return True


class OwnLists(Extension):
    """Registers the two halves; `generated` sets the generated part before each `convert`."""

    def __init__(self) -> None:
        super().__init__()
        self.find: _Find | None = None
        self.built = 0
        """Lists built this way by this instance, for tests and profiling."""

    def extendMarkdown(self, markdown: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        lists: list[list[Item]] = []
        self.find = _Find(markdown, _Lines(markdown), lists)
        markdown.preprocessors.register(self.find, "debunk_own_lists", 25)  # after normalize_whitespace
        markdown.parser.blockprocessors.register(
            _Build(markdown.parser, lists, self), "debunk_own_lists", 110
        )

    def generated(self, markdown: str, generated_from: int | None) -> None:
        """Tell the next `convert` where debunk's own Markdown starts (None: nowhere)."""
        assert self.find is not None
        if generated_from is None or generated_from >= len(markdown):
            self.find.generated = None
        else:
            self.find.generated = markdown[generated_from:].split("\n")


def usable(names: tuple[str, ...]) -> bool:
    """Whether every configured extension is one this module is tested with."""
    return all(name.removeprefix("markdown.extensions.") in SAFE_EXTENSIONS for name in names)
