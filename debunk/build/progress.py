"""Feedback on long jobs: a progress bar on a terminal, a line every few seconds in a build log.

Small jobs stay quiet (`THRESHOLD`): a repository of a few dozen cases prints what it printed
before. On a terminal the command-line tools draw a bar with rich (on standard error, gone when
the job ends); a build (whose output is MkDocs' log, often a CI log) passes `report` and gets
a line such as `loading cases: 8,000 of 20,000 (40%), 6 s` every `EVERY` seconds instead.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Report = Callable[[str], None]
"""Where a build's progress lines go (a logger's `info`)."""
Item = TypeVar("Item")
THRESHOLD = 1000
"""Fewer items than this finish in a few seconds: no progress is shown."""
EVERY = 3.0
"""Seconds between two progress lines of a build log."""


def track(
    items: Iterable[Item],
    total: int,
    label: str,
    report: Report | None = None,
    *,
    every: float | None = None,
    threshold: int = THRESHOLD,
) -> Iterator[Item]:
    """Yield `items` while showing how far the job is: `report` lines (every `EVERY` seconds by
    default), else a bar on a terminal."""
    if total < threshold:
        yield from items
    elif report is not None:
        yield from _lines(items, total, label, report, EVERY if every is None else every)
    elif sys.stderr.isatty():
        yield from _bar(items, total, label)
    else:
        yield from items


def _lines(items: Iterable[Item], total: int, label: str, report: Report, every: float) -> Iterator[Item]:
    started = last = time.monotonic()
    done = 0
    for item in items:
        yield item
        done += 1
        now = time.monotonic()
        if now - last >= every and done < total:
            report(f"{label}: {done:,} of {total:,} ({100 * done // total}%), {now - started:.0f} s")
            last = now
    if time.monotonic() - started >= every:
        report(f"{label}: {done:,} of {total:,} done in {time.monotonic() - started:.0f} s")


def _bar(items: Iterable[Item], total: int, label: str) -> Iterator[Item]:
    from rich.console import Console  # noqa: PLC0415 - only on a terminal
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)
