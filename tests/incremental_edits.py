"""Random edits of a publication for `tests/test_incremental.py`: each kind of change a contributor
or an editor makes (cases, vocabularies, narratives, templates, settings), in words of our own.

An edit reads one copy of the repository and returns the change, which `apply` makes to every
copy alike, so that the incremental and the clean builds see the same files.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from pathlib import Path

EDITS_PER_ROUND = 3

Change = dict[str, bytes | None]
"""{path relative to the repository: its new bytes, or None to delete it}."""


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
