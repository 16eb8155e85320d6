"""Wall time of each build phase, reported in one line at the end of a build."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Phases:
    """Seconds spent in each named phase, in the order they first ran."""

    seconds: dict[str, float] = field(default_factory=dict)
    _mark: float = field(default_factory=time.perf_counter)

    @contextmanager
    def measure(self, name: str) -> Iterator[None]:
        """Add the time spent inside the block to `name`."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def mark(self) -> None:
        """Start the clock for `since_mark`."""
        self._mark = time.perf_counter()

    def since_mark(self, name: str) -> None:
        """Record the time since the last `mark()` as `name` (work done between two hooks)."""
        self.add(name, time.perf_counter() - self._mark)

    def __str__(self) -> str:
        return "debunk phases: " + ", ".join(f"{name} {value:.2f}s" for name, value in self.seconds.items())
