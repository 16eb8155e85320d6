"""Independent shares of one job run in forked processes, on every core.

A forked worker starts with a copy of this process's memory: the cases, indexes and templates
are there without pickling them. What it returns is pickled back. The function must be a
module-level one reading the state its module set before `run` (a closure cannot be pickled).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Share = TypeVar("Share")
Result = TypeVar("Result")


def can_fork() -> bool:
    """Whether workers can be forked here (Linux: yes; macOS and Windows spawn instead)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def worker_count(items: int, threshold: int) -> int:
    """How many workers for `items` pieces of work: 1 below `threshold` (starting workers would
    cost more than it saves) or where none can be forked, else one per core, at most 8."""
    if items < threshold or not can_fork():
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def run(function: Callable[[Share], Result], shares: Sequence[Share]) -> list[Result]:
    """`function` over each share, each in a forked worker (in this process for one share)."""
    if len(shares) <= 1:
        return [function(share) for share in shares]
    with ProcessPoolExecutor(len(shares), mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(function, shares))
