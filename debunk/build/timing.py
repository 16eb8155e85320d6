"""Wall time and peak memory of each build phase, reported at the end of a build."""

from __future__ import annotations

import contextlib
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


def peak_mb() -> float:
    """The largest resident size of this process since `reset_peak()` (or its start), in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes there, KB here


def reset_peak() -> None:
    """Start the peak again from the current size, where the system allows it (Linux): so each
    `mkdocs serve` rebuild reports its own peak, not the largest since the server started."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


@dataclass
class Phases:
    """Seconds spent in each named phase, in the order they first ran, and the peak after it."""

    seconds: dict[str, float] = field(default_factory=dict)
    peaks: dict[str, float] = field(default_factory=dict)
    """Peak resident MB of the process when the phase last ended: where the peak grows."""
    _mark: float = field(default_factory=time.perf_counter)

    def __post_init__(self) -> None:
        reset_peak()

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
        self.peaks[name] = peak_mb()

    def mark(self) -> None:
        """Start the clock for `since_mark`."""
        self._mark = time.perf_counter()

    def since_mark(self, name: str) -> None:
        """Record the time since the last `mark()` as `name` (work done between two hooks)."""
        self.add(name, time.perf_counter() - self._mark)

    def __str__(self) -> str:
        return "debunk phases: " + ", ".join(f"{name} {value:.2f}s" for name, value in self.seconds.items())

    def memory(self) -> str:
        """The peak after each phase: the phase after which it jumps is the one that holds more."""
        peaks = ", ".join(f"{name} {value:.0f}MB" for name, value in self.peaks.items())
        return f"debunk peak memory: {peaks}"
