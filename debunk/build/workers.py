"""The one way debunk runs work on every core: forked workers where the platform can, else in place.

A forked worker starts with a copy of this process's memory, so the cases, indexes and
templates a job reads are there without pickling them; only what a worker returns is pickled
back. Where processes cannot be forked (macOS and Windows spawn them, which would pickle
everything), the same work runs in this process.

Whether parallel work pays is one rule (`worker_count`) with one threshold per kind of job
(`THRESHOLDS`), measured on a 2-core and an 8-core machine.

The state a worker reads is the one value a job hands to `sharing` just before the workers
fork; the worker's function (a module-level one: a closure cannot be pickled) reads it with
`shared()`. It is held in `_inherited` only while the job runs, and is the only module-level
state of the package outside `debunk.build.previous`.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any, Final, TypeVar, cast

Share = TypeVar("Share")
Result = TypeVar("Result")

THRESHOLDS: Final = MappingProxyType({
    "cases": 1000,  # reading case files (`debunk.content.batch`)
    "rules": 2000,  # the near-duplicate titles rule, beside the others (`debunk.rules.validate`)
    "related": 2000,  # ranking related cases (`debunk.site.related`)
    "search input": 500,  # cutting pages down for the search index (`debunk.search.indexed`)
    "theme pages": 200,  # writing pages through the theme (the MkDocs adapter)
})
"""Below this many items of a kind, starting workers costs more than it saves."""

MAX_WORKERS = 8
"""More workers than this only add memory: the jobs are short and share the disk."""

_inherited: list[object] = []
"""The value of the running `sharing` block: set before the workers fork, read in them."""


def can_fork() -> bool:
    """Whether workers can be forked here (Linux: yes; macOS and Windows spawn instead)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def worker_count(items: int, threshold: int | str, workers: int | None = None) -> int:
    """How many workers for `items` pieces of work: 1 below the threshold (a number, or a kind
    of `THRESHOLDS`) or where none can be forked, else `workers` (default one per core, at most
    `MAX_WORKERS`)."""
    limit = THRESHOLDS[threshold] if isinstance(threshold, str) else threshold
    if items < limit or not can_fork():
        return 1
    wanted = workers if workers is not None else min(os.cpu_count() or 1, MAX_WORKERS)
    return max(1, wanted)


@contextmanager
def sharing(value: object) -> Iterator[None]:
    """Make `value` what `shared()` returns in this block and in the workers it forks."""
    _inherited.append(value)
    try:
        yield
    finally:
        _inherited.pop()


def shared() -> Any:
    """The value of the innermost `sharing` block (in a worker: of the block that forked it)."""
    return _inherited[-1]


def _pool(count: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"))


def run(function: Callable[[Share], Result], shares: Sequence[Share]) -> list[Result]:
    """`function` over each share, each in a forked worker (in this process for one share)."""
    if len(shares) <= 1 or not can_fork():
        return [function(share) for share in shares]
    with _pool(len(shares)) as pool:
        return list(pool.map(function, shares))


def each(
    function: Callable[[Share], Result], items: Sequence[Share], count: int, chunksize: int = 64
) -> Iterator[Result]:
    """`function` over each item in order, on `count` forked workers (in place for 1)."""
    if count <= 1 or not can_fork():
        yield from map(function, items)
        return
    with _pool(count) as pool:
        yield from pool.map(function, items, chunksize=chunksize)


def alongside(function: Callable[[], Iterable[Result]], fork: bool) -> Callable[[], list[Result]]:
    """Start `function` in one forked process while this one goes on (in place when not `fork`
    or where none can be forked); call the result for what it returned."""
    if not fork or not can_fork():
        return lambda: list(function())
    pool = _pool(1)
    with sharing(function):
        future = pool.submit(_run_shared)  # the process forks here, inheriting `function`

    def result() -> list[Result]:
        try:
            return cast("list[Result]", future.result())
        finally:
            pool.shutdown()

    return result


def _run_shared() -> list[object]:
    function: Callable[[], Iterable[object]] = shared()
    return list(function())
