"""What one build hands the next in the same process: everything a rebuild may reuse.

`mkdocs serve` builds the whole site again after each edit. Most of what a build computes is
a function of inputs that one edit leaves unchanged, so the last build's results are kept here,
each with the inputs it was computed from, and reused only when the new inputs are equal
(`Memo`, `Table`: the one equality rule, written once). A build is handed a `Previous` (None: a
clean build, which starts an empty one) and fills it for the next (`debunk.build.run.Build.previous`).

Nothing else in the core keeps state between builds: a test compares a rebuild with a clean
build by passing a `Previous` or None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

    from debunk.content.batch import DiskCache, Entries, Loaded, Stamp
    from debunk.content.files import FileStamp
    from debunk.content.history import Change
    from debunk.content.linkstatus import LinkReport
    from debunk.model import Problem
    from debunk.publish.feeds import Entry
    from debunk.render.html import Rendered
    from debunk.site.pages.memo import PageMemo

Key = TypeVar("Key")
Inputs = TypeVar("Inputs")
Value = TypeVar("Value")


class Memo(Generic[Inputs, Value]):
    """One result and the inputs it was computed from."""

    def __init__(self) -> None:
        self._kept: tuple[Inputs, Value] | None = None

    def recall(self, inputs: Inputs) -> Value | None:
        """The remembered result when its inputs equal `inputs`, else None."""
        kept = self._kept
        return kept[1] if kept is not None and kept[0] == inputs else None

    def keep(self, inputs: Inputs, value: Value) -> Value:
        """Remember `value` as the result of `inputs` (forgetting the one before)."""
        self._kept = (inputs, value)
        return value


class Table(Generic[Key, Inputs, Value]):
    """Results by key with their inputs: the last round's are reused, this round's are kept.

    A round is one build's use (`turn` ends it): only what the last round kept survives, so the
    table never grows with renamed files or deleted cases.
    """

    def __init__(self) -> None:
        self._last: dict[Key, tuple[Inputs, Value]] = {}
        self._now: dict[Key, tuple[Inputs, Value]] = {}

    def recall(self, key: Key, inputs: Inputs) -> Value | None:
        """This round's or else the last round's result for `key`, when its inputs equal `inputs`."""
        kept = self._now.get(key) or self._last.get(key)
        return kept[1] if kept is not None and kept[0] == inputs else None

    def keep(self, key: Key, inputs: Inputs, value: Value) -> Value:
        """Remember `value` for `key` in this round."""
        self._now[key] = (inputs, value)
        return value

    def get(self, key: Key, inputs: Inputs, make: Callable[[], Value]) -> Value:
        """The remembered result for `key` when its inputs equal `inputs`, else `make()`; kept
        in this round either way."""
        found = self.recall(key, inputs)
        return self.keep(key, inputs, make() if found is None else found)

    def knows(self, key: Key) -> bool:
        """Whether either round holds `key` (whatever its inputs)."""
        return key in self._now or key in self._last

    def turn(self) -> None:
        """End the round: what it kept is what the next round may reuse."""
        self._last, self._now = self._now, {}

    def __len__(self) -> int:
        """How many results this round kept, or the last round when this one has kept none yet."""
        return len(self._now) or len(self._last)


@dataclass(eq=False)
class CaseFiles:
    """What this process loaded case files to (`debunk.content.batch`)."""

    loaded: Table[str, Stamp, Loaded] = field(default_factory=Table)
    """What each case file (by path) loaded to, by its modification time, size, inode and the
    digest of the vocabularies and rules: an unchanged file is not read again."""
    held: tuple[Path, bytes, FileStamp, Entries] | None = None
    """The cache file last read or written: its path, key, stamp and entries. A rebuild takes
    the entries from here while the file is unchanged, instead of unpickling 32 MB again."""
    pending: DiskCache | None = None
    """The cache whose changes wait for `debunk.content.batch.save_pending`."""
    deferring: bool = False
    """Whether saving the cache file waits (`debunk.content.batch.defer_saves`)."""


@dataclass(eq=False)
class Previous:
    """Everything the last build of this process may lend the next one, by what reads it."""

    case_files: CaseFiles = field(default_factory=CaseFiles)
    """What each case file loaded to, by path and stamp, and the case cache file last read or
    written, with the changes `mkdocs serve` keeps waiting (`debunk.content.batch`)."""
    near_duplicates: Memo[Any, list[Problem]] = field(default_factory=Memo)
    """The near-duplicate titles rule's result, by every case's path, title and line
    (`debunk.rules.validate`)."""
    related: Memo[Any, Any] = field(default_factory=Memo)
    """The related-case ranking, by the cases' ids, dates, terms and links (`debunk.site.related`)."""
    history: Memo[str, tuple[dict[str, Change], dict[str, dt.date]]] = field(default_factory=Memo)
    """Each case file's last change and first add, by commit: `git log` once per commit."""
    link_report: Memo[tuple[str, FileStamp], LinkReport] = field(default_factory=Memo)
    """The last link check's report (`debunk.content.linkstatus`), by path and stamp: a rebuild gets the
    same objects, so what is made from them compares equal at once."""
    pages: PageMemo | None = None
    """The generated pages with their inputs (`debunk.site.pages.memo`)."""
    rendered: Table[str, str, tuple[str, Rendered]] = field(default_factory=Table)
    """Each generated page's key and sanitised HTML with its table of contents, by page, with
    the HTML it was made from (`debunk.build.run.render_all`): 6 s of a serve rebuild at 5,000
    cases otherwise."""
    exports: Table[str, Any, Any] = field(default_factory=Table)
    """Each case's CSV row and JSON line, by id, with the inputs they were made from
    (`debunk.publish.export`)."""
    gzipped: Table[str, bytes, bytes] = field(default_factory=Table)
    """Each whole download gzip-compressed, by name, with the bytes it was compressed from
    (`debunk.publish.export`): 2 s of a `mkdocs serve` rebuild at 20,000 cases otherwise."""
    feed_entries: Table[Any, None, Entry] = field(default_factory=Table)
    """Feed entries by (case, settings) (`debunk.publish.feeds`)."""
    feed_files: Table[Any, None, tuple[bytes, bytes]] = field(default_factory=Table)
    """Each feed's Atom and JSON bytes by (feed, settings) (`debunk.publish.feeds`)."""
