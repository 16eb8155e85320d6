"""No `debunk` command destroys a file it did not write: every command, run the way users run it.

Each command of the CLI runs on a copy of the sample repository with typical arguments and the
dangerous ones (`generate .`, `export` into the content, `digest --out` onto the review file...);
the hash of every content file before and after proves that none changed unless the command
exists to change it. A command added later fails here until it says how it is run.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from debunk.cli import main
from debunk.publish.outputs import Output, OutputRefusedError, write_output

ROOT = Path(__file__).parent.parent
COPIED = ("cases", "narratives", "vocabularies", "reviews", "docs", "overrides", "mkdocs.yml")
CONTENT = ("cases", "narratives", "vocabularies", "reviews", "mkdocs.yml", "mine")
"""What is hashed: the repository's content, and `mine/`, files of the user's own next to it."""
CASE = "cases/2022/2022-12-14-us-embassy-pristina-provokes-serbia.md"
REVIEW = "reviews/321.md"

Hashes = dict[str, str]
Check = Callable[[Hashes, Hashes], None]


def hashes(repo: Path) -> Hashes:
    found = {}
    for name in CONTENT:
        top = repo / name
        for path in [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()):
            found[path.relative_to(repo).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def nothing(before: Hashes, after: Hashes) -> None:
    assert after == before


def adds(count: int, folder: str) -> Check:
    """Adds `count` files under `folder` (at least one when count is -1); changes nothing else."""

    def check(before: Hashes, after: Hashes) -> None:
        new = sorted(set(after) - set(before))
        assert {name: after[name] for name in before} == before, "an existing file changed or went"
        assert all(name.startswith(folder + "/") for name in new), new
        assert len(new) == count if count >= 0 else new

    return check


def changes_only(name: str) -> Check:
    def check(before: Hashes, after: Hashes) -> None:
        assert set(after) == set(before)
        assert {key for key in before if before[key] != after[key]} == {name}

    return check


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample repository, with files of the user's own under `mine/`, as the cwd."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name)
        else:
            shutil.copy2(source, repo / name)
    (repo / "mine" / "site" / "cases" / "2022").mkdir(parents=True)
    shutil.copy2(repo / CASE, repo / "mine" / "site" / CASE)  # a folder holding a case file
    (repo / "mine" / "cases-2022.csv").write_text("my,own,spreadsheet\n", encoding="utf-8")
    (repo / "mine" / "mail.txt").write_text("my notes\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    return repo


def import_file(repo: Path, changed: bool = False) -> str:
    """A `debunk export` CSV of the repository; `changed`: each case's summary differs from the file's."""
    data = repo.parent / "data"
    if not data.exists():
        assert CliRunner().invoke(main, ["export", str(data)]).exit_code == 0
    whole = data / "all.csv"  # the whole file, as a reader unzips it
    if not whole.exists():
        whole.write_bytes(gzip.decompress((data / "cases.csv.gz").read_bytes()))
    if not changed:
        return whole.as_posix()
    with whole.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    path = data / "changed.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "summary": row["summary"] + " Changed."} for row in rows)
    return path.as_posix()


def git_repository(repo: Path) -> None:
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


Run = tuple[list[str], Check]
SCENARIOS: dict[str, Callable[[Path], list[Run]]] = {
    "validate": lambda repo: [
        (["validate"], nothing),
        (["validate", "cases", "--strict", "--no-cache"], nothing),
    ],
    "new": lambda repo: [
        (["new", "A claim written for the test", "--date", "2024-06-01"], adds(1, "cases/2024")),
        (["new", "x", "--date", "2022-12-14", "--slug", "us-embassy-pristina-provokes-serbia"], nothing),
    ],
    "generate": lambda repo: [
        (["generate", "."], nothing),
        (["generate", str(repo)], nothing),
        (["generate", "cases"], nothing),
        (["generate", "cases/new"], nothing),
        (["generate", "reviews"], nothing),
        (["generate", "mine/site"], nothing),
        (["generate", "mine"], nothing),
        (["generate", "generated"], nothing),
        (["generate", "generated"], nothing),
    ],
    "verify-site": lambda repo: [(["verify-site", "."], nothing), (["verify-site", "mine"], nothing)],
    "schema": lambda repo: [(["schema"], nothing), (["schema", "--check"], nothing)],
    "pr-check": lambda repo: [(["pr-check", "--base", "HEAD"], nothing)],
    "digest": lambda repo: [
        (["digest", "--issue", "321", "--out", "mail.html"], nothing),
        (["digest", "--issue", "321", "--keyword", "Provocation"], nothing),
        (["digest", "--issue", "321", "--keyword", "Provocation", "--out", "mail.html"], nothing),
        (["digest", "--issue", "321", "--out", REVIEW], nothing),
        (["digest", "--issue", "321", "--out", "mkdocs.yml"], nothing),
        (["digest", "--issue", "321", "--out", "mine/mail.html"], nothing),  # mine/mail.txt is kept
        (["digest", "--issue", "321", "--out", CASE.replace(".md", ".html")], nothing),
        (["digest", "--issue", "321"], nothing),
        (["digest", "--issue", "321", "--keyword", "Provocation", "--save"], changes_only(REVIEW)),
    ],
    "import": lambda repo: [
        (["import", "debunk", import_file(repo)], adds(-1, "cases")),  # new files, nothing replaced
        (["import", "debunk", import_file(repo)], nothing),
        (["import", "debunk", import_file(repo, changed=True), "--into", "cases"], nothing),
        (["import", "debunk", import_file(repo), "--into", "mine/site/cases"], adds(-1, "mine/site/cases")),
    ],
    # Every request of `links` goes to a closed port on 127.0.0.1 (`OFFLINE`): nothing answers,
    # no case may change for it; `--json` into the content folders is refused or harmless.
    "links": lambda repo: [
        (["links", "check", "--per-host-interval", "0", "--timeout", "1"], nothing),
        (
            [
                "links",
                "check",
                "cases",
                "--per-host-interval",
                "0",
                "--timeout",
                "1",
                "--json",
                "mine/l.json",
            ],
            adds(1, "mine"),  # the file it was asked to write, and nothing else
        ),
        (["links", "archive", "--dry-run"], nothing),
        (["links", "archive", "--limit", "2", "--interval", "0"], nothing),
    ],
    "export": lambda repo: [
        (["export", "."], nothing),
        (["export", "."], nothing),
        (["export", "mine"], nothing),
        (["export", "cases"], nothing),
        (["export", "vocabularies"], nothing),
    ],
}


OFFLINE = "http://127.0.0.1:9"
"""A closed port: what the network commands reach instead of the internet."""


@pytest.mark.parametrize("command", sorted(main.commands))
def test_no_command_changes_a_file_it_does_not_exist_to_change(
    repo: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, OFFLINE)
    monkeypatch.setenv("DEBUNK_WAYBACK_URL", OFFLINE)
    if command not in SCENARIOS:
        pytest.fail(
            f"'debunk {command}' is not in tests/test_cli_safety.py: add to SCENARIOS how it is run "
            "(typical and dangerous arguments) and which content files it may change"
        )
    git_repository(repo)
    for args, check in SCENARIOS[command](repo):
        before = hashes(repo)
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        try:
            check(before, hashes(repo))
        except AssertionError as error:
            raise AssertionError(f"debunk {' '.join(args)}: {error}\n{result.output}") from error


def test_the_repository_root_is_refused_naming_what_it_holds(repo: Path) -> None:
    result = CliRunner().invoke(main, ["generate", "."])
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: refusing to write into .: it is a repository (it holds cases, narratives, vocabularies, "
        "reviews, mkdocs.yml, overrides, docs), and debunk generate did not write "
    )
    assert result.output.endswith("Give a new or empty folder (e.g. debunk generate generated/)\n")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_generate_again_replaces_its_own_files_and_refuses_edited_or_foreign_ones(repo: Path) -> None:
    code, output = run("generate", "out")
    assert code == 0, output
    pages = sorted(p.relative_to(repo / "out").as_posix() for p in (repo / "out").rglob("*.md"))
    assert output == f"wrote {len(pages)} pages to out\n"
    assert run("generate", "out") == (0, output)  # its own output: replaced
    page = repo / "out" / CASE
    page.write_text(page.read_text(encoding="utf-8") + "My note.\n", encoding="utf-8")
    (repo / "out" / "notes.md").write_text("mine\n", encoding="utf-8")
    code, output = run("generate", "out")
    assert (code, output) == (
        1,
        f"Error: refusing to write into out: changed since debunk generate wrote them: {CASE}; not "
        "written by debunk generate: notes.md. Move these files out of the folder (or delete them if "
        "you do not need them), or give another folder, then run this again\n",
    )
    assert page.read_text(encoding="utf-8").endswith("My note.\n")
    page.unlink()
    (repo / "out" / "notes.md").unlink()
    assert run("generate", "out")[0] == 0
    assert sorted(p.relative_to(repo / "out").as_posix() for p in (repo / "out").rglob("*.md")) == pages


def test_a_case_deleted_from_the_repository_goes_from_the_output(repo: Path) -> None:
    assert run("generate", "out")[0] == 0
    (repo / CASE).unlink()
    assert run("generate", "out")[0] == 0
    assert not (repo / "out" / CASE).exists()
    assert (repo / "out" / "cases" / "2022").is_dir()  # other cases of 2022 are still there


def test_an_output_cut_short_is_still_its_own(tmp_path: Path) -> None:
    output = Output(tmp_path / "out", "generate", exclusive=True)

    def interrupted() -> object:
        yield "a.md", b"a"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_output(output, ["a.md", "b/c.md"], interrupted())  # type: ignore[arg-type]
    assert write_output(output, ["b/c.md"], [("b/c.md", b"c")]) == [tmp_path / "out" / "b" / "c.md"]
    assert sorted(p.name for p in (tmp_path / "out").rglob("*")) == [".debunk-generate.json", "b", "c.md"]
    (tmp_path / "out" / "b" / "c.md").write_bytes(b"edited")
    with pytest.raises(OutputRefusedError, match=r"changed since debunk generate wrote them: b/c\.md"):
        write_output(output, ["b/c.md"], [("b/c.md", b"c")])


def test_export_replaces_only_its_own_files(repo: Path) -> None:
    code, output = run("export", "mine")
    assert code == 1
    refused = "refusing to write into mine: it is not empty, and debunk export did not write cases-2022.csv"
    assert refused in output
    assert (repo / "mine" / "cases-2022.csv").read_text(encoding="utf-8") == "my,own,spreadsheet\n"
    assert run("export", "data")[0] == 0
    (repo / "data" / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert run("export", "data")[0] == 0  # other files in the folder are left alone
    assert (repo / "data" / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_export_removes_its_own_files_it_no_longer_writes_and_no_other(repo: Path) -> None:
    """The whole files an earlier version wrote uncompressed and a year that has no case now go;
    files it did not write stay as they are; one of its own edited since is refused, not removed."""
    data = repo / "data"
    earlier = dict.fromkeys(("cases.csv", "cases.jsonl", "claimreview-feed.json"), b"an earlier export\n")
    write_output(Output(data, "export", exclusive=False), list(earlier), earlier.items())
    foreign = {"notes.txt": b"mine\n", "cases-1999.csv": b"my,own,spreadsheet\n"}
    for name, text in foreign.items():
        (data / name).write_bytes(text)
    manifest = data / ".debunk-export.json"

    def own() -> set[str]:
        return set(json.loads(manifest.read_text(encoding="utf-8"))["files"])

    assert run("export", "data")[0] == 0
    assert not own() & set(earlier) and not any((data / name).exists() for name in earlier)
    assert {p.name for p in data.iterdir()} == own() | set(foreign) | {manifest.name}
    by_year = {folder.name: sorted(folder.glob("*.md")) for folder in (repo / "cases").iterdir()}
    lone, (case,) = next((year, files) for year, files in sorted(by_year.items()) if len(files) == 1)
    gone = {f"cases-{lone}.csv", f"claimreview-feed-{lone}.json"}
    assert gone <= own()
    text = case.read_bytes()
    case.unlink()  # the year has no case now
    assert run("export", "data")[0] == 0
    assert not own() & gone and not any((data / name).exists() for name in gone)
    assert {p.name for p in data.iterdir()} == own() | set(foreign) | {manifest.name}
    assert {name: (data / name).read_bytes() for name in foreign} == foreign

    case.write_bytes(text)
    assert run("export", "data")[0] == 0 and (data / f"cases-{lone}.csv").is_file()
    (data / f"cases-{lone}.csv").write_text("edited by hand\n", encoding="utf-8")
    case.unlink()
    code, output = run("export", "data")
    assert code == 1 and f"changed since debunk export wrote them: cases-{lone}.csv" in output
    assert (data / f"cases-{lone}.csv").read_text(encoding="utf-8") == "edited by hand\n"
