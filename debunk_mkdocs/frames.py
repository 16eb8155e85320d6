"""A theme template rendered once per group of pages, and only the page's own blocks per page.

A case page is mkdocs-material's `base.html` around a few blocks that hold the page: its head
data, title, header, table of contents and article. Everything else (styles, scripts, the
theme's settings, the tabs, the footer, the layout between them) is the same for every page of
a group: pages with the same template that sit at the same depth of the site (so the same
relative links), hide the same parts and start their table of contents the same way. Rendering
all of it anew for each of 30,000 pages was most of a cold build's theme phase.

A `Frame` is that shared output, made by rendering the template once with each of the page's
blocks replaced by a hole (a derived template overriding them). A page is then the frame's
text with each hole filled by the template's real block, rendered with the page's context and
the template variables that were set when the block ran in the whole template (`lang`,
`features`, ...): the same functions Jinja runs for the whole template, in the same order.

What makes this safe is not the list of blocks alone: the caller (`debunk_mkdocs.framing`)
puts pages in one group only when everything the template reads outside those blocks is equal
on them (`debunk_mkdocs.frame_reads`: a custom footer showing the page's date splits the pages
by date), and before using a group's frame checks it against a second page of the group
rendered whole, byte for byte. `tests/test_theme_pages.py` compares whole sites with MkDocs'
own page loop.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import jinja2
from jinja2.runtime import Context

PAGE_BLOCKS = ("site_meta", "htmltitle", "extrahead", "header", "site_nav", "container")
"""The blocks of mkdocs-material 9's `base.html` (and debunk's `main.html`) that show the page:
its description and canonical address, `<title>`, social data and JSON-LD, the title in the
header, the table of contents, and the article. The rest of the template is the frame."""

BlockFunction = Callable[[Context], Iterator[str]]
T = TypeVar("T")


@dataclass(frozen=True)
class Hole:
    """Where one of the page's blocks goes in the frame, and the variables it saw there."""

    block: str
    variables: Mapping[str, Any]
    """The template's top-level variables when the block ran (`context.vars`), e.g. `lang`."""


@dataclass(frozen=True)
class Frame:
    """The output a template gives every page of a group, with holes for the page's blocks."""

    texts: tuple[str, ...]
    """The frame's text before the first hole, between holes, and after the last."""
    holes: tuple[Hole, ...]
    blocks: Mapping[str, Sequence[BlockFunction]]
    """Each block's implementations, most derived first, as `{% extends %}` chains them."""

    def render(self, template: jinja2.Template, context: Mapping[str, Any]) -> str:
        """The page: what `template.render(context)` gives for a page of this frame's group."""
        return "".join(interleave(self.texts, self.fill(template, context)))

    def fill(self, template: jinja2.Template, context: Mapping[str, Any]) -> list[str]:
        """The page's blocks, rendered for `context`, one for each hole."""
        ctx = template.new_context(dict(context))
        ctx.blocks = {name: list(chain) for name, chain in self.blocks.items()}
        filled = []
        for hole in self.holes:
            ctx.vars = dict(hole.variables)
            filled.append(template.environment.concat(ctx.blocks[hole.block][0](ctx)))
        return filled


def interleave(texts: Sequence[T], filled: Sequence[T]) -> list[T]:
    """A frame's texts with its holes filled, in page order: text, hole, text, ... text."""
    out = [texts[0]]
    for block, text in zip(filled, texts[1:], strict=True):
        out += [block, text]
    return out


class _Recorder:
    """Stands in for the page's blocks in the probe render: notes what each saw, leaves a mark."""

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self.seen: list[Hole] = []
        self.blocks: dict[str, list[BlockFunction]] = {}

    def mark(self, block: str) -> str:
        """A mark no filter leaves as it is, so that a block whose output the template
        escapes, strips or changes is never put in unchanged (the frame is then refused)."""
        return f"\x00<debunk-hole nonce=\"{self.nonce}\" block='{block}'>&amp;\x00"

    @jinja2.pass_context
    def __call__(self, context: Context, block: str) -> str:
        self.seen.append(Hole(block, dict(context.vars)))
        if not self.blocks:  # the chains are complete before the first block runs
            self.blocks = {name: list(chain) for name, chain in context.blocks.items()}
        return self.mark(block)


def make_frame(
    env: jinja2.Environment, name: str, context: Mapping[str, Any], blocks: Sequence[str] = PAGE_BLOCKS
) -> Frame | None:
    """The frame of template `name` for pages like the one of `context`; None when the template
    does not lend itself: a page block whose output it changes (escapes, cuts) or whose marks
    make it fail."""
    overrides = "".join(
        f'{{% block {block} %}}{{{{ debunk_frame_hole("{block}") }}}}{{% endblock %}}' for block in blocks
    )
    probe = env.from_string(f"{{% extends {json.dumps(name)} %}}{overrides}")
    recorder = _Recorder()
    try:
        output = probe.render({**context, "debunk_frame_hole": recorder})
    except Exception:  # a template that cannot take the marks is rendered whole
        return None
    texts: list[str] = []
    rest = output
    for hole in recorder.seen:
        before, found, rest = rest.partition(recorder.mark(hole.block))
        if not found:
            return None
        texts.append(before)
    texts.append(rest)
    if any(recorder.nonce in text for text in texts):
        return None
    chains = dict(recorder.blocks)
    for block in {hole.block for hole in recorder.seen}:
        if chains[block][0] is not probe.blocks[block]:
            return None
        chains[block] = chains[block][1:]
    return Frame(tuple(texts), tuple(recorder.seen), chains)
