"""An incremental build, after random edits, writes the very bytes a clean build writes.

Three copies of the repository's sample publication get the same seeded random edits (add,
edit, rename, redate, delete and hold a case; a keyword, a verdict, a vocabulary label; a
narrative; a template in `overrides/`; a setting in `mkdocs.yml`). After each round:

- the copy built by successive `mkdocs build` processes (same site folder, cache kept) must
  equal a clean `mkdocs build` (a new site folder, no cache);
- the copy rebuilt in this process as `mkdocs serve` does (same hooks module, same site
  folder) must equal a clean preview build in a new process.

`DEBUNK_INCREMENTAL_SEEDS=1,2,3` picks the seeds and `DEBUNK_INCREMENTAL_ROUNDS=N` the rounds
per seed (more edits, slower); the failure message names the seed and every edit so far.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from incremental_edits import EDITS, apply, edit_sequence
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

REPO = Path(__file__).parent.parent
CONTENT = ("cases", "narratives", "vocabularies", "reviews", "docs", "overrides", "hooks", "mkdocs.yml")
ENV = {"SOURCE_DATE_EPOCH": "1700000000", "DEBUNK_TODAY": "2026-12-06", "NO_MKDOCS_2_WARNING": "1"}
SEEDS = [int(seed) for seed in os.environ.get("DEBUNK_INCREMENTAL_SEEDS", "24").split(",")]
ROUNDS = int(os.environ.get("DEBUNK_INCREMENTAL_ROUNDS", "4"))


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(built: dict[str, bytes], clean: dict[str, bytes]) -> list[str]:
    """The files that differ between two sites, each with how."""
    found = [f"only in the incremental build: {name}" for name in sorted(set(built) - set(clean))]
    found += [f"missing from the incremental build: {name}" for name in sorted(set(clean) - set(built))]
    both = sorted(set(built) & set(clean))
    found += [f"different bytes: {name}" for name in both if built[name] != clean[name]]
    return found


def copy_sample(target: Path) -> Path:
    """The repository's sample publication (its content, templates and hooks)."""
    target.mkdir(parents=True)
    for name in CONTENT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)
    return target


# --- the builds ---------------------------------------------------------------------------------


_PREVIEW = (
    "import sys; from mkdocs.config import load_config; from mkdocs.commands.build import build; "
    "c = load_config(sys.argv[1], site_dir=sys.argv[2]); "
    "c.plugins['hooks/debunk_hooks.py'].on_startup(command='serve', dirty=False); build(c)"
)


def run(repo: Path, command: list[str]) -> str:
    """Run a build; its log."""
    env = {**os.environ, **ENV}
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def kept(log: str) -> int:
    """How many pages a build took back from the last one (`debunk_mkdocs.theme_pages`)."""
    found = re.search(r"(\d+) unchanged kept from the last build", log)
    return int(found.group(1)) if found else 0


def clean_build(repo: Path, preview: bool) -> dict[str, bytes]:
    """A build with nothing kept: a new site folder, no cache, a new process."""
    site = repo / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(repo / ".cache", ignore_errors=True)
    if preview:
        run(repo, [sys.executable, "-c", _PREVIEW, str(repo / "mkdocs.yml"), str(site)])
    else:
        run(repo, [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"])
    return tree(site)


def cli_build(repo: Path) -> tuple[dict[str, bytes], int]:
    """`mkdocs build` in a new process, into the site folder and with the cache of the last one;
    the site, and how many pages it took back from the last build."""
    log = run(repo, [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"])
    return tree(repo / "site"), kept(log)


class Serve:
    """Rebuilds in this process into one site folder, as `mkdocs serve` makes them."""

    def __init__(self, repo: Path, caplog: pytest.LogCaptureFixture) -> None:
        self.repo = repo
        self.started = False
        self.caplog = caplog

    def build(self) -> tuple[dict[str, bytes], int]:
        """The site, and how many pages the rebuild took back from the last one."""
        config: Any = load_config(str(self.repo / "mkdocs.yml"), site_dir=str(self.repo / "site"))
        if not self.started:  # `mkdocs serve` starts once, then rebuilds
            config.plugins["hooks/debunk_hooks.py"].on_startup(command="serve", dirty=False)
            self.started = True
        self.caplog.clear()
        with self.caplog.at_level("INFO"):
            mkdocs_build(config)
        return tree(self.repo / "site"), kept(self.caplog.text)


@pytest.mark.parametrize("seed", SEEDS)
def test_incremental_builds_equal_clean_builds_after_random_edits(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    clean, built, served = (copy_sample(tmp_path / name) for name in ("clean", "built", "served"))
    serve = Serve(served, caplog)
    rng = random.Random(seed)
    done: list[str] = []
    assert cli_build(built)[1] == serve.build()[1] == 0  # nothing to take back the first time
    taken_back = {"build": 0, "serve": 0}
    for round_number, kinds in enumerate(edit_sequence(seed, ROUNDS), start=1):
        for kind in kinds:
            change = EDITS[kind](clean, rng, len(done) + 1)
            apply(change, [clean, built, served])
            done.append(f"{kind} ({', '.join(sorted(change))})")
        history = f"seed {seed}, round {round_number}; edits so far:\n  " + "\n  ".join(done)
        site, count = cli_build(built)
        taken_back["build"] += count
        found = differences(site, clean_build(clean, preview=False))
        assert not found, f"`mkdocs build` kept its site and cache; {history}\n" + "\n".join(found)
        site, count = serve.build()
        taken_back["serve"] += count
        found = differences(site, clean_build(clean, preview=True))
        assert not found, f"`mkdocs serve` rebuild; {history}\n" + "\n".join(found)
    # The incremental paths were taken (not after every edit: a template's changes every page).
    assert taken_back["build"] > 0 and taken_back["serve"] > 0, taken_back
