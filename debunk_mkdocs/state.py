"""What the MkDocs events of one build share, and what a `mkdocs serve` rebuild keeps of the last.

MkDocs calls a hook module's functions, one per event, and keeps the module for the life of the
process (`mkdocs serve` reuses it for every rebuild): the events find their shared objects in
the one `State` of `debunk_mkdocs.events`. Two parts, so that a rebuild can let the whole last
build go at once (`State.current = None`) and keep only what it reuses (`Served`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from debunk.build.collector import Pause
from debunk.build.previous import Previous
from debunk.build.run import Build
from debunk.build.verify import PageReads
from debunk.build.written import Written
from debunk.publish.api import ApiMemo
from debunk_mkdocs.trash import OldSite, Trash

PageKeys = dict[str, tuple[tuple[object, ...], str]]
"""{dest_uri: (what a theme page's cache key hashed, the key)} (`theme_keys.page_keys`)."""


@dataclass
class Current:
    """One build's objects, from `on_config` to `on_post_build` (or `on_build_error`)."""

    build: Build
    trash: Trash = field(default_factory=Trash)
    """The last build's files, being deleted while this build runs (`on_pre_build`)."""
    early: Trash = field(default_factory=Trash)
    """The last build's files that hold no page to take back, being deleted from the start
    while `trash` waits for the theme pages (`trash.take_out_around`)."""
    old_site: OldSite = field(default_factory=OldSite)
    """The last build's theme pages that this build may move back (`debunk.build.written`)."""
    theme_files: list[File] = field(default_factory=list)
    """The generated pages kept from MkDocs' page loop, written by `theme_pages` instead."""
    nav: Navigation | None = None
    env: Environment | None = None
    files: Files | None = None


@dataclass
class Served:
    """What a `mkdocs serve` rebuild takes over from the builds before it in the same process."""

    written: Written | None = None
    """The theme pages the last rebuild wrote (`mkdocs build` reads them from a record instead)."""
    reads: PageReads = field(default_factory=PageReads)
    """The pages the preview's checks read last time (`debunk.build.verify`)."""
    api: ApiMemo = field(default_factory=ApiMemo)
    page_keys: PageKeys = field(default_factory=dict)
    previous: Previous = field(default_factory=Previous)
    """What the last build left for the next (`debunk.build.previous`; `Build.previous`)."""


@dataclass
class State:
    """Everything the events share: the command, the build under way, and what rebuilds keep."""

    command: str = ""
    """`build`, `serve` or `gh-deploy` (`on_startup`; empty when MkDocs is driven from Python)."""
    dirty: bool = False
    """`--dirty`: the build keeps the old site's files."""
    config_file: str = ""
    """The mkdocs.yml of the site `current` and `served` belong to."""
    collector: Pause | None = None
    """The garbage collector's settings before this build paused it (`debunk.build.collector`)."""
    current: Current | None = None
    served: Served = field(default_factory=Served)

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def build(self) -> Current:
        """The build under way (MkDocs calls the later events only after `on_config` made it)."""
        if self.current is None:
            raise RuntimeError("a MkDocs event came before `on_config` made the build")
        return self.current
