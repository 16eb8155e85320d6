"""A `mkdocs serve` rebuild lets the previous build go before it makes the next one.

Holding both was 1.28 GB instead of 0.83 GB in a 20,000-case rebuild (docs/benchmarks-history.md). This runs
two builds in one process, as `mkdocs serve` does: same config file, same hooks module.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site import make_repo

from debunk.build import collector
from debunk.build.timing import Phases, peak_mb
from debunk_mkdocs import events


def test_a_serve_rebuild_frees_the_last_build_before_loading_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    repo = make_repo(tmp_path / "repo")

    def config() -> Any:
        return load_config(str(repo / "mkdocs.yml"), site_dir=str(tmp_path / "site"))

    first = config()
    hooks = first.plugins["hooks/debunk_hooks.py"]
    hooks.on_startup(command="serve", dirty=False)
    build(first)
    current = events.STATE.build()
    last_build, last_nav = weakref.ref(current.build), weakref.ref(current.nav)
    last_files = weakref.ref(current.files)
    del current
    seen: list[tuple[object, object, object]] = []
    load_build = events.load_build

    def watched(*args: Any, **options: Any) -> Any:
        seen.append((last_build(), last_nav(), last_files()))
        return load_build(*args, **options)

    monkeypatch.setattr(events, "load_build", watched)
    second = config()
    assert second.plugins["hooks/debunk_hooks.py"] is hooks  # what `mkdocs serve` relies on too
    build(second)
    assert seen == [(None, None, None)]
    # The new build is whole: every case of the fixture has its page.
    cases = sorted((repo / "cases").rglob("*.md"))
    built = {page.source_path for page in events.STATE.build().build.pages.values() if page.kind == "case"}
    assert built == {case.relative_to(repo).as_posix() for case in cases}


def test_a_build_collects_garbage_less_often_and_leaves_the_collector_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a build runs the collector is paused (`debunk.build.collector`); after it, also after a
    failed one, its settings are the caller's again."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    repo = make_repo(tmp_path / "repo")
    config = load_config(str(repo / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    hooks = config.plugins["hooks/debunk_hooks.py"]
    hooks.on_startup(command="build", dirty=False)
    before = (gc.get_threshold(), gc.get_freeze_count())
    during: list[tuple[tuple[int, int, int], int]] = []
    load_build = events.load_build

    def watched(*args: Any, **options: Any) -> Any:
        during.append((gc.get_threshold(), gc.get_freeze_count()))
        return load_build(*args, **options)

    monkeypatch.setattr(events, "load_build", watched)
    build(config)
    assert during[0][0][0] >= collector.YOUNG and during[0][1] > 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == before

    def broken(*args: Any) -> Any:
        raise RuntimeError("a failing build")

    monkeypatch.setattr(events, "generate_pages", broken)
    with pytest.raises(RuntimeError, match="a failing build"):
        build(load_config(str(repo / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_the_build_log_names_the_peak_memory_after_each_phase() -> None:
    phases = Phases()  # starts the peak again from the current size
    before = peak_mb()
    with phases.measure("load"):
        held = bytearray(64 * 1024 * 1024)
        held[::4096] = b"x" * len(held[::4096])  # touched, so resident
    del held
    with phases.measure("pages"):
        pass
    assert list(phases.peaks) == ["load", "pages"]
    assert phases.peaks["load"] >= before + 60  # what the phase held, above where it started
    assert phases.memory() == "debunk peak memory: " + ", ".join(
        f"{name} {value:.0f}MB" for name, value in phases.peaks.items()
    )
