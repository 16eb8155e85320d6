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

import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

REPO = Path(__file__).parent.parent
CONTENT = ("cases", "narratives", "vocabularies", "reviews", "docs", "overrides", "hooks", "mkdocs.yml")
ENV = {"SOURCE_DATE_EPOCH": "1700000000", "DEBUNK_TODAY": "2026-12-06", "NO_MKDOCS_2_WARNING": "1"}
SEEDS = [int(seed) for seed in os.environ.get("DEBUNK_INCREMENTAL_SEEDS", "24").split(",")]
ROUNDS = int(os.environ.get("DEBUNK_INCREMENTAL_ROUNDS", "4"))
EDITS_PER_ROUND = 3

Change = dict[str, bytes | None]
"""{path relative to the repository: its new bytes, or None to delete it}."""


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


# --- the edits: each reads one copy and returns the change, applied to every copy alike ------


def _text(repo: Path, rel: str) -> str:
    return (repo / rel).read_text(encoding="utf-8")


def _cases(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in (repo / "cases").rglob("*.md"))


def _case_id(rel: str) -> str:
    return Path(rel).stem


def _referenced(repo: Path, case_id: str) -> bool:
    """Whether another file names the case (a `related:` list): deleting it would break that file."""
    return any(case_id in _text(repo, rel) for rel in _cases(repo) if _case_id(rel) != case_id)


def _names(repo: Path, vocabulary: str) -> list[str]:
    return re.findall(r"^- name: (.+)$", _text(repo, f"vocabularies/{vocabulary}.yml"), re.M)


def _set_field(text: str, name: str, value: str) -> str:
    """The case file with front matter field `name` set to `value` (added after `date:` if absent)."""
    line = re.compile(rf"^{name}: .*$", re.M)
    if line.search(text):
        return line.sub(lambda _: f"{name}: {value}", text, count=1)
    return re.sub(r"^(date: .*)$", lambda m: f"{m.group(1)}\n{name}: {value}", text, count=1, flags=re.M)


def add_case(repo: Path, rng: random.Random, n: int) -> Change:
    year = rng.choice([2022, 2023, 2024])
    day = f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    slug = f"{day}-added-claim-{n}"
    keywords = rng.sample(_names(repo, "keywords"), 2)
    narrative = rng.choice(sorted(p.stem for p in (repo / "narratives").glob("*.md")))
    text = f"""---
title: Added claim number {n} says the harbour cranes were moved at night
date: "{day}"
verdict: {rng.choice(["disinformation", "misleading"])}
narratives: [{narrative}]
keywords: [{", ".join(keywords)}]
countries: [{rng.choice(["Poland", "Serbia", "Kazakhstan"])}]
languages: [ru]
outlets: [{rng.choice(_names(repo, "outlets"))}]
sources:
  - url: https://example.org/added/{n}
    archive: https://web.archive.org/web/20240101000000/https://example.org/added/{n}
---

## Summary

A made-up article number {n} said that cranes in a harbour were moved in secret.

## Response

Nothing in the article supports it; the port's own timetable shows ordinary work.
"""
    return {f"cases/{year}/{slug}.md": text.encode()}


def edit_body(repo: Path, rng: random.Random, n: int) -> Change:
    rel = rng.choice(_cases(repo))
    return {rel: (_text(repo, rel).rstrip("\n") + f"\n\nA sentence added in edit {n}.\n").encode()}


def edit_keywords(repo: Path, rng: random.Random, n: int) -> Change:
    rel = rng.choice(_cases(repo))
    keywords = rng.sample(_names(repo, "keywords"), rng.randint(1, 3))
    return {rel: _set_field(_text(repo, rel), "keywords", f"[{', '.join(keywords)}]").encode()}


def edit_verdict(repo: Path, rng: random.Random, n: int) -> Change:
    rel = rng.choice(_cases(repo))
    verdict = rng.choice(["disinformation", "false", "misleading", "unsupported"])
    return {rel: _set_field(_text(repo, rel), "verdict", verdict).encode()}


def _move(repo: Path, rel: str, new_id: str, text: str) -> Change:
    """Move a case to a new id, and every `related:` naming it with it."""
    old_id = _case_id(rel)
    change: Change = {rel: None, f"cases/{new_id[:4]}/{new_id}.md": text.encode()}
    for other in _cases(repo):
        if other != rel and old_id in (other_text := _text(repo, other)):
            change[other] = other_text.replace(old_id, new_id).encode()
    return change


def rename_case(repo: Path, rng: random.Random, n: int) -> Change:
    rel = rng.choice(_cases(repo))
    return _move(repo, rel, f"{_case_id(rel)[:10]}-renamed-{n}", _text(repo, rel))


def redate_case(repo: Path, rng: random.Random, n: int) -> Change:
    """An earlier date: the file name follows, and it stays before the debunk's publication."""
    rel = rng.choice(_cases(repo))
    old_id = _case_id(rel)
    day = dt.date.fromisoformat(old_id[:10]) - dt.timedelta(days=rng.randint(1, 60))
    text = _set_field(_text(repo, rel), "date", f'"{day.isoformat()}"')
    return _move(repo, rel, day.isoformat() + old_id[10:], text)


def delete_case(repo: Path, rng: random.Random, n: int) -> Change:
    free = [rel for rel in _cases(repo) if not _referenced(repo, _case_id(rel))]
    return {rng.choice(free): None}


def hold_case(repo: Path, rng: random.Random, n: int) -> Change:
    rel = rng.choice([rel for rel in _cases(repo) if "publish_on:" not in _text(repo, rel)])
    text = _set_field(_text(repo, rel), "publish_on", '"2027-01-15"')
    return {rel: re.sub(r"^published: .*\n", "", text, flags=re.M).encode()}


def relabel_verdict(repo: Path, rng: random.Random, n: int) -> Change:
    rel = "vocabularies/verdicts.yml"
    text = _text(repo, rel)
    labels = re.findall(r"^  label: (.+)$", text, re.M)
    old = rng.choice(labels)
    return {rel: text.replace(f"  label: {old}\n", f"  label: {old} ({n})\n", 1).encode()}


def rename_keyword(repo: Path, rng: random.Random, n: int) -> Change:
    """A keyword's name (its label) changes, in the vocabulary and in every case that has it."""
    old = rng.choice(_names(repo, "keywords"))
    new = f"{old} {n}"
    rel = "vocabularies/keywords.yml"
    change: Change = {rel: _text(repo, rel).replace(f"- name: {old}\n", f"- name: {new}\n").encode()}
    pattern = re.compile(rf"^(keywords: \[.*?)(?<=[\[ ]){re.escape(old)}(?=[,\]])", re.M)
    for case in _cases(repo):
        text = _text(repo, case)
        if pattern.search(text):
            change[case] = pattern.sub(lambda m: m.group(1) + new, text).encode()
    return change


def edit_narrative(repo: Path, rng: random.Random, n: int) -> Change:
    if rng.random() < 0.4:
        text = f"---\ntitle: Added storyline {n}\nsummary: A storyline added in edit {n}.\n---\nTold often.\n"
        return {f"narratives/added-storyline-{n}.md": text.encode()}
    rel = rng.choice(sorted(p.relative_to(repo).as_posix() for p in (repo / "narratives").glob("*.md")))
    text = _text(repo, rel)
    text = re.sub(r"^summary: (.*)$", rf"summary: \1 Edited ({n}).", text, count=1, flags=re.M)
    return {rel: text.encode()}


def edit_template(repo: Path, rng: random.Random, n: int) -> Change:
    rel = rng.choice(sorted(p.relative_to(repo).as_posix() for p in (repo / "overrides").glob("*.html")))
    text = _text(repo, rel)
    marker = f'<span hidden data-edit="{n}"></span>'
    if "{% endblock %}" in text:
        return {rel: text.replace("{% endblock %}", marker + "{% endblock %}", 1).encode()}
    return {rel: (text + marker).encode()}


def edit_setting(repo: Path, rng: random.Random, n: int) -> Change:
    text = _text(repo, "mkdocs.yml")
    if rng.random() < 0.6:
        size = rng.choice([2, 3, 5, 20])
        text = re.sub(r"^    page_size: \d+$", f"    page_size: {size}", text, flags=re.M)
    else:
        count = rng.randint(1, 6)
        text = re.sub(r"^    related_count: \d+$", f"    related_count: {count}", text, flags=re.M)
    return {"mkdocs.yml": text.encode()}


EDITS: dict[str, Callable[[Path, random.Random, int], Change]] = {
    "add a case": add_case,
    "edit a case's body": edit_body,
    "edit a case's keywords": edit_keywords,
    "edit a case's verdict": edit_verdict,
    "rename a case file": rename_case,
    "move a case to an earlier date": redate_case,
    "delete a case": delete_case,
    "hold a case": hold_case,
    "relabel a verdict": relabel_verdict,
    "rename a keyword": rename_keyword,
    "add or edit a narrative": edit_narrative,
    "change a template": edit_template,
    "change a setting": edit_setting,
}


def apply(change: Change, repos: list[Path]) -> None:
    for repo in repos:
        for rel, data in change.items():
            path = repo / rel
            if data is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)


def edit_sequence(seed: int, rounds: int) -> list[list[str]]:
    """The edits of each round: every kind at least once (when the rounds allow), then at random."""
    rng = random.Random(seed)
    kinds = list(EDITS)
    rng.shuffle(kinds)
    while len(kinds) < rounds * EDITS_PER_ROUND:
        kinds.append(rng.choice(list(EDITS)))
    return [kinds[i : i + EDITS_PER_ROUND] for i in range(0, rounds * EDITS_PER_ROUND, EDITS_PER_ROUND)]


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
