"""The theme's environment as `theme_pages` uses it: chrome partials rendered once, and a record
of the templates each render loads.

The navigation, tabs and footer partials (`CHROME`) give the same HTML on many pages: each is
rendered once and reused on every page where its `chrome key` (where the page sits,
`ThemePages._chrome_key`) and everything the partial reads (`debunk_mkdocs.frame_reads`) are
equal. Which templates a render loads is recorded (`ThemeEnv.recording`): those are the templates
whose reads decide it, including the ones an `{% include %}` names by an expression.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig

from debunk_mkdocs.frame_reads import Analysis, Read, combine, template_reads
from debunk_mkdocs.frame_values import Reader

CHROME = (
    "partials/nav.html", "partials/tabs.html", "partials/footer.html", "partials/logo.html",
    "partials/palette.html", "partials/javascripts/palette.html", "partials/search-box.html",
    "partials/source.html",
)  # fmt: skip
"""Theme partials that depend on where a page outside the navigation sits and on what they read.
The last five are in the header, which shows the page's title and so is rendered per page."""
ORIGINAL = "debunk-original/"
"""The prefix under which a chrome partial's own template is found (behind its stub)."""
_STUB = (
    '{%- set cached = debunk_chrome.get("NAME") -%}'
    "{%- if cached is not none -%}{{ cached }}{%- else -%}"
    '{%- set html -%}{% include "' + ORIGINAL + 'NAME" %}{%- endset -%}'
    '{{ debunk_chrome.put("NAME", html) }}{%- endif -%}'
)
"""Stands in for a chrome partial: the theme's own output, rendered once per chrome key and reads."""
OWN_NAMES = frozenset({"debunk_chrome", "debunk_frame_hole"})
"""Variables of debunk's own machinery (the stubs, `frames`), not of the page."""
SPRITE = "assets/icons.svg"
"""The theme's icons in one file, a template of `overrides/` that `partials/icon.html` refers into."""


def add_sprite(config: MkDocsConfig) -> None:
    """Have MkDocs render the icon sprite, as it renders `404.html`, when the theme has its
    template: every page's icons are drawn from it, so no site may go without it."""
    if any((Path(folder) / SPRITE).is_file() for folder in config.theme.dirs):
        config.theme.static_templates.add(SPRITE)


@dataclass
class _Variants:
    """The renderings of a chrome partial that loaded the same templates, by what they read."""

    templates: frozenset[str]
    reader: Reader
    html: dict[tuple[object, ...], str] = field(default_factory=dict)


@dataclass
class ThemeEnv:
    """The theme's environment with the chrome partials behind a memo, recording template loads."""

    env: jinja2.Environment
    _recordings: list[set[str]] = field(default_factory=list)
    _reads: dict[tuple[str, frozenset[str]], Analysis] = field(default_factory=dict)
    _memo: dict[tuple[str, str], list[_Variants]] = field(default_factory=dict)

    @classmethod
    def over(cls, theme: jinja2.Environment) -> ThemeEnv:
        """The theme's environment, with each chrome partial behind a stub."""
        stubs = {name: _STUB.replace("NAME", name) for name in CHROME}
        original = jinja2.PrefixLoader({ORIGINAL.rstrip("/"): theme.loader})  # type: ignore[dict-item]
        loader = jinja2.ChoiceLoader([jinja2.DictLoader(stubs), original, theme.loader])  # type: ignore[list-item]
        made = cls(theme.overlay(loader=loader))
        made._record_loads()
        return made

    def _record_loads(self) -> None:
        """Every template the environment hands out, cached or not, goes into the recordings
        under way: `{% extends %}`, `{% include %}` and `{% import %}` all ask for it here. The
        names asked for are recorded (a `Template`'s own name is its loader's: without the
        `ORIGINAL` prefix); of a list, every name, as any of them may be the one used."""
        env = self.env
        get_template, select_template = env.get_template, env.select_template

        def get(name: str | jinja2.Template, *args: Any, **options: Any) -> jinja2.Template:
            self._loaded([name])
            return get_template(name, *args, **options)

        def select(names: Iterable[str | jinja2.Template], *args: Any, **options: Any) -> jinja2.Template:
            names = list(names)
            self._loaded(names)
            return select_template(names, *args, **options)

        env.get_template = get  # type: ignore[method-assign]
        env.select_template = select  # type: ignore[method-assign]

    def _loaded(self, names: Iterable[str | jinja2.Template]) -> None:
        for recording in self._recordings:
            recording.update(name if isinstance(name, str) else name.name or "" for name in names)

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """The names of the templates loaded (or reused from the memo) within the block."""
        loaded: set[str] = set()
        self._recordings.append(loaded)
        try:
            yield loaded
        finally:
            self._recordings.remove(loaded)

    def reads(self, templates: Iterable[str], skipped: Mapping[str, frozenset[str]]) -> tuple[Read, ...]:
        """What the templates read, without the blocks `skipped` names for each, and without
        debunk's own variables."""
        analyses = []
        for name in templates:
            if not name:  # a template made from a string (the frame's probe): it reads nothing else
                continue
            blocks = skipped.get(name, frozenset())
            if (name, blocks) not in self._reads:
                self._reads[(name, blocks)] = template_reads(self.env, name, sorted(blocks))
            analyses.append(self._reads[(name, blocks)])
        return combine(analyses, OWN_NAMES)

    def chrome(self, where: str, context: Mapping[str, object]) -> Chrome:
        return Chrome(self, where, context)


@dataclass
class Chrome:
    """The memo of chrome partials as the stubs of one page see it."""

    theme: ThemeEnv
    where: str
    context: Mapping[str, object]
    _open: list[set[str]] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        """The partial's HTML rendered for an earlier page where it reads the same; None: render it."""
        for variants in self.theme._memo.get((name, self.where), []):
            html = variants.html.get(variants.reader.values(self.context))
            if html is not None:
                for recording in self.theme._recordings:
                    recording.update(variants.templates)  # what the partial read, as if loaded again
                return html
        loaded: set[str] = set()
        self.theme._recordings.append(loaded)  # until `put`, after the stub's include
        self._open.append(loaded)
        return None

    def put(self, name: str, html: str) -> str:
        loaded = self._open.pop()
        self.theme._recordings.remove(loaded)
        known = self.theme._memo.setdefault((name, self.where), [])
        variants = next((each for each in known if each.templates == loaded), None)
        if variants is None:
            variants = _Variants(frozenset(loaded), Reader(self.theme.env, self.theme.reads(loaded, {})))
            known.append(variants)
        variants.html[variants.reader.values(self.context)] = html
        return html


