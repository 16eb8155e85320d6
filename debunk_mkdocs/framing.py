"""How a page outside the navigation goes through the theme: through its group's frame.

The theme's output outside the page's own blocks is the same for every page of a group: it is
rendered once (`debunk_mkdocs.frames`) and the page's blocks are put into it. A group is the
pages of a family (same template, place in the site and first table-of-contents entry) on which
everything that shared part reads is equal (`debunk_mkdocs.frame_reads`), so that no page gets
another page's frame; a second page of each group is also rendered whole and compared, byte for
byte, before the frame is used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from debunk_mkdocs.chrome import ThemeEnv
from debunk_mkdocs.frame_reads import extends_chain, inner_blocks, ordered
from debunk_mkdocs.frame_values import Reader
from debunk_mkdocs.frames import PAGE_BLOCKS, Frame, interleave, make_frame
from debunk_mkdocs.whitespace import Collapsed, collapse_piece, join_collapsed

FamilyKey = tuple[str, str, str | None]
"""(template, chrome key, address of the first table-of-contents entry)."""


@dataclass
class _Family:
    """The groups of a family of pages (`Framer.page`), by the values of what frames read."""

    reader: Reader
    """What the frames of the family read: the reads of every template they loaded."""
    groups: dict[tuple[object, ...], _Group] = field(default_factory=dict)


@dataclass(frozen=True)
class _Group:
    """The frame of a group of pages (`Framer.page`) and whether it was checked."""

    frame: Frame | None
    """None: this group's pages are rendered whole."""
    texts: tuple[Collapsed, ...]
    """The frame's texts with their whitespace collapsed (`Framer.collapse`), or none."""
    checked: bool


@dataclass
class Framer:
    """Puts pages through the theme, each through its group's frame once that is checked."""

    theme: ThemeEnv
    config: MkDocsConfig
    post_page: Callable[..., Any]
    """MkDocs' `on_post_page` event of the plugins."""
    collapse: bool = False
    """`on_post_page` is `debunk_mkdocs.whitespace.collapse_whitespace` and nothing else: a frame's
    shared texts are collapsed once, not on every page."""
    framed_pages: int = 0
    """Pages rendered through their group's frame."""
    _families: dict[FamilyKey, _Family] = field(default_factory=dict)
    _skips: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)

    def _post_page(self, page: Page, output: str) -> str:
        return str(self.post_page(output, page=page, config=self.config))

    def page(self, page: Page, template: jinja2.Template, context: dict[str, Any], key: FamilyKey) -> str:
        """The finished page of `context` (after `on_post_page`), through its group's frame
        (`debunk_mkdocs.frames`) once a second page of the group has shown the frame right.

        A family is the pages with the same template and chrome (`ThemePages._chrome_key`) whose table of
        contents starts the same way (`base.html` links its first entry outside any block); a
        group, the pages of a family on which everything the frame reads is equal
        (`debunk_mkdocs.frame_reads`): the templates its first render loaded, outside the
        page's blocks. A page that makes a frame load other templates widens its family's reads
        and starts its groups again.
        """
        theme = self.theme
        family = self._families.get(key)
        values = family.reader.values(context) if family is not None else ()
        state = family.groups.get(values) if family is not None else None
        if state is not None and state.checked:
            if state.frame is None:
                return self._post_page(page, template.render(context))
            self.framed_pages += 1
            return self._assemble(page, state, template, context)
        whole = self._post_page(page, template.render(context))
        if state is None:
            with theme.recording() as loaded:
                frame = make_frame(theme.env, template.name or "", context)
            reads = theme.reads(loaded, self._skipped(template.name or ""))
            if family is None or not set(reads) <= set(family.reader.reads):
                known = family.reader.reads if family is not None else ()
                family = _Family(Reader(theme.env, ordered([*reads, *known])))
                self._families[key] = family
                values = family.reader.values(context)
            texts = tuple(collapse_piece(text) for text in frame.texts) if frame and self.collapse else ()
            family.groups[values] = _Group(frame, texts, checked=frame is None)
        elif state.frame is not None and family is not None:
            right = self._assemble(page, state, template, context) == whole
            family.groups[values] = _Group(state.frame if right else None, state.texts, checked=True)
        return whole

    def _skipped(self, name: str) -> dict[str, frozenset[str]]:
        """{template: blocks that do not run in a frame} for the chain `name` extends."""
        if name not in self._skips:
            theme = self.theme.env
            chain = extends_chain(theme, name)
            blocks = inner_blocks(theme, chain, PAGE_BLOCKS)
            self._skips[name] = dict.fromkeys(chain, blocks)
        return self._skips[name]

    def _assemble(
        self, page: Page, group: _Group, template: jinja2.Template, context: dict[str, Any]
    ) -> str:
        """The page in its group's frame. When `on_post_page` is only debunk's whitespace
        collapsing, the frame's texts were collapsed once, and only the page's blocks are."""
        assert group.frame is not None
        filled = group.frame.fill(template, context)
        if group.texts:
            joined = join_collapsed(interleave(group.texts, [collapse_piece(block) for block in filled]))
            if joined is not None:
                return joined
        return self._post_page(page, "".join(interleave(group.frame.texts, filled)))
