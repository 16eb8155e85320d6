"""What the shared part of a theme template reads from the page's context, found in its source.

A frame (`debunk_mkdocs.frames`) is the output of a template outside the page's own blocks,
rendered once and reused for other pages. That is right only for pages on which everything that
part reads is equal. `template_reads` walks a template's syntax tree, skipping the bodies of the
page's blocks (rendered per page), and lists each expression that reads the context: a variable
with its constant attribute and item lookups (`page.meta.flag`, `config.extra["x"]`,
`page.meta.get("flag")`); a lookup that is not constant (`page.meta[name]`) and a method call
read the whole value before them. `frame_values.read_values` evaluates the reads for a page with Jinja's own
lookup rules: pages share a frame only when those values are equal. Which templates to walk is
recorded while the frame renders (an `{% include %}` may name its template by an expression).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeVisitor

Path = tuple[str | int, ...]
"""A variable and the constant attribute or item names looked up on it, in order."""
ATTR, ITEM, FIRST = "attr", "item", "first"
"""How a step of a path looks its name up: `x.a`, `x["a"]` (or `x.get("a")`), `x | first`."""


@dataclass(frozen=True)
class Read:
    """One expression of a template that reads the context."""

    path: Path
    kinds: tuple[str, ...] = ()
    """How each step after the variable looks up (`ATTR`, `ITEM`, `FIRST`)."""
    use: str = "value"
    """`value`; `truth` (an `if` test) or `defined` (`is defined`): only that of the value is used."""


@dataclass(frozen=True)
class Analysis:
    """What one template reads, and the variables it sets to a lookup (`{% set skip = a.b %}`)."""

    reads: frozenset[Read]
    aliases: Mapping[str, frozenset[Read]]
    """A read of `skip.url`, in this template or one it includes, is a read of `a.b.url`."""
    in_holes: frozenset[Read] = frozenset()
    """The reads inside the skipped blocks: a frame gives them the variables it set (`frames.Hole`)."""


def template_reads(env: jinja2.Environment, name: str, holes: Sequence[str]) -> Analysis:
    """The reads of template `name` itself outside the blocks `holes` (not of the templates it
    uses: the caller records which of those a render loads, `chrome.ThemeEnv`)."""
    walker = _Walker(frozenset(holes))
    walker.visit(_parse(env, name))
    aliases = {key: frozenset(value) for key, value in walker.aliases.items()}
    return Analysis(frozenset(walker.reads), aliases, frozenset(walker.in_holes))


def combine(analyses: Iterable[Analysis], ignored: frozenset[str]) -> tuple[Read, ...]:
    """The reads of templates rendered together, each read of a variable they set to a lookup
    also as a read of that lookup (a variable set in one template is seen in those it includes);
    none rooted at the `ignored` variables."""
    reads: set[Read] = set()
    in_holes: set[Read] = set()
    aliases: dict[str, set[Read]] = {}
    for analysis in analyses:
        reads |= analysis.reads
        in_holes |= analysis.in_holes
        for name, targets in analysis.aliases.items():
            aliases.setdefault(name, set()).update(targets)
    # A page's block reads the page's context, but the variables the frame set are the frame's.
    todo = [(read, frozenset[str]()) for read in [*reads, *in_holes] if str(read.path[0]) in aliases]
    while todo:
        read, through = todo.pop()
        name = str(read.path[0])
        if name in through:  # `{% set a = b.x %}{% set b = a.y %}`: each alias once per read
            continue
        for target in aliases.get(name, ()):
            expanded = Read((*target.path, *read.path[1:]), (*target.kinds, *read.kinds), read.use)
            if expanded not in reads:
                reads.add(expanded)
                todo.append((expanded, through | {name}))
    return ordered(read for read in reads if read.path[0] not in ignored)


def extends_chain(env: jinja2.Environment, name: str) -> list[str]:
    """`name` and the templates it extends, as far as they are named by a constant."""
    chain = [name]
    while True:
        found = list(_parse(env, chain[-1]).find_all(nodes.Extends))
        if len(found) != 1 or not isinstance(found[0].template, nodes.Const):
            return chain
        parent = str(found[0].template.value)
        if parent in chain:
            return chain
        chain.append(parent)


def inner_blocks(env: jinja2.Environment, chain: Sequence[str], holes: Sequence[str]) -> frozenset[str]:
    """The blocks `holes` and every block inside them in the templates of `chain`: none of them
    runs in a frame, whichever template of the chain defines it."""
    found = set(holes)
    for name in chain:
        for block in _parse(env, name).find_all(nodes.Block):
            if block.name in holes:
                found |= {inner.name for inner in block.find_all(nodes.Block)}
    return frozenset(found)


def _parse(env: jinja2.Environment, name: str) -> nodes.Template:
    source = env.loader.get_source(env, name)[0] if env.loader else ""
    return env.parse(source)


def ordered(reads: Iterable[Read]) -> tuple[Read, ...]:
    """The reads in a fixed order, for `frame_values.Reader`."""
    return tuple(sorted(set(reads), key=repr))


class _Walker(NodeVisitor):
    """Collects the reads of one template's tree, outside the page's blocks."""

    def __init__(self, holes: frozenset[str]) -> None:
        self.holes = holes
        self.reads: set[Read] = set()
        self.aliases: dict[str, set[Read]] = {}
        self.in_holes: set[Read] = set()

    def generic_visit(self, node: nodes.Node, *args: object, **kwargs: object) -> None:
        for child in node.iter_child_nodes():
            self.visit(child)

    def visit_Block(self, node: nodes.Block) -> None:  # noqa: N802 - Jinja's NodeVisitor names
        if node.name not in self.holes:
            self.generic_visit(node)
            return
        inside = _Walker(frozenset())
        inside.generic_visit(node)
        self.in_holes |= inside.reads | inside.in_holes

    def visit_Assign(self, node: nodes.Assign) -> None:  # noqa: N802 - Jinja's NodeVisitor names
        found = _chain(node.node)
        # `{% set palette = palette | first %}` reads its own variable: not an alias.
        if isinstance(node.target, nodes.Name) and found is not None and found.path[0] != node.target.name:
            self.aliases.setdefault(node.target.name, set()).add(found)  # read where it is used
        else:
            self.generic_visit(node)

    def visit_If(self, node: nodes.If) -> None:  # noqa: N802 - Jinja's NodeVisitor names
        self._test(cast(nodes.Expr, node.test))
        for child in [*node.body, *node.elif_, *node.else_]:
            self.visit(child)

    def visit_CondExpr(self, node: nodes.CondExpr) -> None:  # noqa: N802 - Jinja's NodeVisitor names
        self._test(node.test)
        self.visit(node.expr1)
        if node.expr2 is not None:
            self.visit(node.expr2)

    def _test(self, test: nodes.Expr) -> None:
        """An `if` test: a bare lookup there is read for its truth only."""
        if isinstance(test, nodes.And | nodes.Or):
            self._test(test.left)
            self._test(test.right)
        elif isinstance(test, nodes.Not):
            self._test(test.node)
        elif (found := _chain(test)) is not None:
            self.reads.add(Read(found.path, found.kinds, "truth"))
        else:
            self.visit(test)

    def visit_Test(self, node: nodes.Test) -> None:  # noqa: N802 - Jinja's NodeVisitor names
        found = _chain(node.node)
        if node.name in ("defined", "undefined") and found is not None:
            self.reads.add(Read(found.path, found.kinds, "defined"))
        else:
            self.generic_visit(node)

    def visit_Name(self, node: nodes.Name) -> None:  # noqa: N802 - Jinja's NodeVisitor names
        if node.ctx == "load":
            self.reads.add(Read((node.name,)))

    def visit_Getattr(self, node: nodes.Getattr) -> None:  # noqa: N802 - Jinja's NodeVisitor names
        self._lookup(node)

    def visit_Getitem(self, node: nodes.Getitem) -> None:  # noqa: N802 - Jinja's NodeVisitor names
        self._lookup(node)

    def visit_Filter(self, node: nodes.Filter) -> None:  # noqa: N802 - Jinja's NodeVisitor names
        self._lookup(node)

    def _lookup(self, node: nodes.Getattr | nodes.Getitem | nodes.Filter) -> None:
        found = _chain(node)
        if found is not None:
            self.reads.add(found)
        else:
            self.generic_visit(node)  # a lookup by an expression reads the whole value before it

    def visit_Call(self, node: nodes.Call) -> None:  # noqa: N802 - Jinja's NodeVisitor names
        callee = node.node
        if (
            isinstance(callee, nodes.Getattr)
            and callee.attr == "get"
            and len(node.args) == 1
            and not node.kwargs
            and isinstance(node.args[0], nodes.Const)
            and (found := _chain(callee.node)) is not None
        ):  # `x.get("a")` reads `x["a"]` only
            self.reads.add(Read((*found.path, node.args[0].value), (*found.kinds, ITEM)))
            return
        # A method may read all of its object: `callee.node` is visited whole.
        self.visit(callee.node if isinstance(callee, nodes.Getattr) else callee)
        for child in [*node.args, *node.kwargs, node.dyn_args, node.dyn_kwargs]:
            if child is not None:
                self.visit(child)


def _chain(node: nodes.Node | None) -> Read | None:
    """A variable with constant lookups on it (`a.b["c"] | first`), as a read of its value."""
    steps: list[str | int] = []
    kinds: list[str] = []
    while isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Filter):
        if isinstance(node, nodes.Getattr):
            steps.append(node.attr)
            kinds.append(ATTR)
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            if not isinstance(node.arg.value, str | int):
                return None
            steps.append(node.arg.value)
            kinds.append(ITEM)
        elif isinstance(node, nodes.Filter) and node.name == "first" and not (node.args or node.kwargs):
            steps.append(0)
            kinds.append(FIRST)
        else:
            return None
        node = node.node
    if not isinstance(node, nodes.Name) or node.ctx != "load":
        return None
    return Read((node.name, *reversed(steps)), tuple(reversed(kinds)))
