"""`debunk.content.archives`: the list of archive services, the service of a link, the address it embeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASE, Repo

from debunk.content import batch
from debunk.content.archives import (
    DEFAULT_ARCHIVES,
    ArchiveService,
    ArchiveServices,
    embedded_url,
    load_archives,
)
from debunk.content.repository import load_content
from debunk.content.vocab import load_vocabularies
from debunk.model import Problem, Severity

REPO = Path(__file__).resolve().parent.parent
FILE = "vocabularies/archives.yml"


def _load(tmp_path: Path, text: str | bytes) -> tuple[ArchiveServices, list[str]]:
    path = tmp_path / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    services = load_archives(tmp_path, problems)
    return services, [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: Wayback\nhosts: [web.archive.org]\n",
            [f"{FILE}:1: archives: must be a list of '- name: ...' entries with 'hosts'"],
        ),
        ("", [f"{FILE}:1: archives: must be a list of '- name: ...' entries with 'hosts'"]),
        ("- just a host\n", [f"{FILE}:1: [0]: each entry needs a 'name' and a list of 'hosts'"]),
        (
            "- hosts: [web.archive.org]\n",
            [f"{FILE}:1: [0].name: each entry needs a 'name', e.g. 'Wayback Machine'"],
        ),
        (
            "- name: Ours\n  hosts: archive.example.org\n",
            [f"{FILE}:2: [0].hosts: 'hosts' must be a list of host names, e.g. [web.archive.org]"],
        ),
        (
            "- name: Ours\n  hosts: []\n",
            [f"{FILE}:2: [0].hosts: 'hosts' must be a list of host names, e.g. [web.archive.org]"],
        ),
        (
            "- name: Ours\n",
            [f"{FILE}:1: [0].hosts: 'hosts' must be a list of host names, e.g. [web.archive.org]"],
        ),
        (
            "- name: Ours\n  hosts:\n    - archive.example.org\n    - https://archive.example.org/x\n",
            [
                f"{FILE}:4: [0].hosts: 'https://archive.example.org/x' is not a host name; write it "
                "without scheme or path, e.g. 'web.archive.org'"
            ],
        ),
        (
            "- name: One\n  hosts: [keep.example.org]\n- name: Two\n  hosts:\n    - x.example.org\n"
            "    - Keep.example.org\n",
            [
                f"{FILE}:6: [1].hosts: host 'keep.example.org' is listed twice (also under 'One'); "
                "list it once"
            ],
        ),
        (
            "- name: Ours\n  hosts: [a.example.org]\n  url: https://a.example.org\n",
            [f"{FILE}:3: [0].url: unknown key 'url'; allowed: 'name', 'hosts'"],
        ),
        (
            # every problem of an entry is reported, not only the first
            "- hosts: [no host]\n  site: x\n",
            [
                f"{FILE}:1: [0].name: each entry needs a 'name', e.g. 'Wayback Machine'",
                f"{FILE}:2: [0].site: unknown key 'site'; allowed: 'name', 'hosts'",
                f"{FILE}:1: [0].hosts: 'no host' is not a host name; write it without scheme or path, "
                "e.g. 'web.archive.org'",
            ],
        ),
        (
            b"- name: Caf\xe9 archive\n  hosts: [a.example.org]\n",
            [f"{FILE}:1: file: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"],
        ),
        (
            "- name: [x\n",
            [
                f"{FILE}:1: front matter: invalid YAML: '[' opened on line 1 is never closed; "
                "close the list with ']'"
            ],
        ),
    ],
)
def test_loader_errors(tmp_path: Path, text: str | bytes, expected: list[str]) -> None:
    _services, problems = _load(tmp_path, text)
    assert problems == expected


def test_loader_keeps_the_good_entries_and_hosts(tmp_path: Path) -> None:
    text = (
        "- name: Ours\n  hosts: [WWW.Archive.Example.org, 'bad host']\n- name: Broken\n"
        "- name: Two\n  hosts: [b.example.org]\n"
    )
    services, problems = _load(tmp_path, text)
    assert len(problems) == 2
    assert services == ArchiveServices(
        (ArchiveService("Ours", ("archive.example.org",)), ArchiveService("Two", ("b.example.org",)))
    )


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("- name: Ours\n  hosts: [a.example.org]\n", encoding="utf-8")
    (tmp_path / "vocabularies").mkdir()
    (tmp_path / FILE).symlink_to(outside)
    problems: list[Problem] = []
    assert load_archives(tmp_path, problems) == ArchiveServices()
    assert [str(p) for p in problems] == [
        f"{FILE}:0: file: is a symbolic link; vocabulary files must be regular files in the repository"
    ]


def test_a_folder_in_its_place_is_refused(tmp_path: Path) -> None:
    (tmp_path / FILE).mkdir(parents=True)
    problems: list[Problem] = []
    assert load_archives(tmp_path, problems) == ArchiveServices()
    assert [str(p) for p in problems] == [f"{FILE}:0: file: is not a regular file"]


@pytest.mark.parametrize(
    "text",
    [b"- name: Ours\n  hosts: [caf\xe9.example.org]\n", b"- name: Ours\n  name: Theirs\n", b"- name: [a\n"],
)
def test_its_file_checks_are_those_of_every_vocabulary_file(tmp_path: Path, text: bytes) -> None:
    """Bad bytes or bad YAML get the same message, on the same line, in archives.yml as in keywords.yml."""
    (tmp_path / "vocabularies").mkdir()
    for name in ("keywords.yml", "archives.yml"):
        (tmp_path / "vocabularies" / name).write_bytes(text)
    problems = load_vocabularies(tmp_path).problems
    keywords = [(p.line, p.field, p.message) for p in problems if p.path == "vocabularies/keywords.yml"]
    archives = [(p.line, p.field, p.message) for p in problems if p.path == FILE]
    assert keywords != []
    assert archives == keywords


def test_without_the_file_debunks_own_list_is_used(tmp_path: Path) -> None:
    problems: list[Problem] = []
    services = load_archives(tmp_path, problems)
    assert problems == []
    assert services.service("https://web.archive.org/web/2020/https://example.org/") is not None


def test_the_sample_file_loads_cleanly_and_equals_the_default(tmp_path: Path) -> None:
    sample = (REPO / FILE).read_text(encoding="utf-8")
    assert sample == DEFAULT_ARCHIVES.read_text(encoding="utf-8")
    services, problems = _load(tmp_path, sample)
    assert problems == []
    assert services == load_archives(tmp_path / "no-repository", [])
    assert load_vocabularies(REPO).archives == services
    hosts = services.hosts()
    assert len(hosts) == len(set(hosts)) > 0


@pytest.fixture(scope="module")
def services() -> ArchiveServices:
    problems: list[Problem] = []
    loaded = load_archives(REPO, problems)
    assert problems == []
    return loaded


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://web.archive.org/web/20221215000000/https://example.org/a", "Wayback Machine"),
        ("https://www.web.archive.org/web/2022/https://example.org/a", "Wayback Machine"),
        ("http://WEB.ARCHIVE.ORG/web/2022/https://example.org/a", "Wayback Machine"),
        ("https://archive.org/details/x", "Wayback Machine"),
        ("https://archive.ph/AbC12", "archive.today"),
        ("https://archive.is/AbC12", "archive.today"),
        ("https://perma.cc/ABCD-1234", "Perma.cc"),
        ("http://app.cappture.cc/snapshots/1234", "Cappture"),  # a subdomain of a listed host
        ("https://wayback.archive-it.org/1/2022/https://example.org/", "Archive-It"),
        ("https://archive.euvsd.info/x/1", "EUvsDisinfo archive"),
        ("https://notarchive.org/x", None),  # not a subdomain: only a suffix of the name
        ("https://archive.org.example.net/x", None),
        ("https://x.example/1", None),
        ("web.archive.org/web/2022/https://example.org/a", None),  # no scheme: no host
        ("not a url", None),
        ("https://[broken/", None),
        ("", None),
    ],
)
def test_service(services: ArchiveServices, url: str, name: str | None) -> None:
    service = services.service(url)
    assert (service.name if service else None) == name


def test_a_repository_adds_its_own_service(tmp_path: Path) -> None:
    services, problems = _load(tmp_path, "- name: Our archive\n  hosts: [keep.example.org]\n")
    assert problems == []
    found = services.service("https://copies.keep.example.org/1")
    assert found is not None and found.name == "Our archive"
    assert services.service("https://web.archive.org/web/2022/https://example.org/") is None


@pytest.mark.parametrize(
    ("archive", "embedded"),
    [
        (
            "https://web.archive.org/web/20221215000000/https://example.org/a?x=1",
            "https://example.org/a?x=1",
        ),
        ("https://web.archive.org/web/20221215000000id_/http://example.org/a", "http://example.org/a"),
        ("https://web.archive.org/web/2022/HTTPS://Example.org/A", "https://Example.org/A"),
        ("https://web.archive.org/web/2022/http:/example.org/a", "http://example.org/a"),
        ("https://web.archive.org/web/20200101000000/example.org/a", "http://example.org/a"),
        ("https://archive.ph/2022.12.15-000000/https://example.org/a", "https://example.org/a"),
        (
            "https://wayback.archive-it.org/1234/20221215000000/http://example.org/a",
            "http://example.org/a",
        ),
        (
            "https://arquivo.pt/wayback/20221215000000/https%3A%2F%2Fexample.org%2Fa%3Fb%3D1",
            "https://example.org/a?b=1",
        ),
        (
            # percent-encoding inside the address stays when the scheme itself is not encoded
            "https://web.archive.org/web/2022/https://example.org/a%20b",
            "https://example.org/a%20b",
        ),
        ("https://archive.ph/AbC12", None),
        ("https://perma.cc/ABCD-1234", None),
        ("http://app.cappture.cc/snapshots/1eaf6693-dc7a", None),
        ("https://web.archive.org/web/2022/https://", None),
        ("https://web.archive.org/web/2022/https://localhost/a", None),
        ("not a url", None),
        ("https://[broken/", None),
    ],
)
def test_embedded_url(archive: str, embedded: str | None) -> None:
    assert embedded_url(archive) == embedded


WAYBACK = "https://web.archive.org/web/20230602000000/https://example.org/herald/wind-storms"


def _sources(archive: str, url: str = "https://example.org/herald/wind-storms") -> str:
    return f"\n  - url: {url}\n    archive: {archive}\n    outlet: Harbour Herald"


@pytest.mark.parametrize(
    ("archive", "url", "warning"),
    [
        (WAYBACK, "https://example.org/herald/wind-storms", None),
        ("https://archive.ph/AbC12", "https://example.org/herald/wind-storms", None),
        ("https://archive.euvsd.info/r/1", "https://example.org/herald/wind-storms", None),
        (
            "https://x.example/1",
            "https://example.org/herald/wind-storms",
            "'https://x.example/1' is not on a known web archive (host 'x.example'); "
            "add the service to vocabularies/archives.yml",
        ),
        (
            "https://www.mirror.example.net/1",
            "https://example.org/herald/wind-storms",
            "'https://www.mirror.example.net/1' is not on a known web archive (host 'mirror.example.net'); "
            "add the service to vocabularies/archives.yml",
        ),
        (
            "https://www.example.org/herald/wind-storms/",
            "https://example.org/herald/wind-storms",
            "'https://www.example.org/herald/wind-storms/' is the source URL itself, not an archived copy; "
            "link a copy on a web archive (e.g. web.archive.org)",
        ),
    ],
)
def test_validate_warns_about_an_archive_that_is_not_on_a_known_service(
    repo: Repo, archive: str, url: str, warning: str | None
) -> None:
    repo.write_case(sources=_sources(archive, url))
    expected = [] if warning is None else [f"{CASE}:12: sources[0].archive: warning: {warning}"]
    assert [m for m in repo.messages() if "archive" in m] == expected
    assert not [p for p in repo.problems() if p.severity is Severity.ERROR]
    case = load_content(repo.root).cases
    assert [s.archive for c in case if c.path == CASE for s in c.sources] == [archive]


def test_a_repository_that_lists_the_service_gets_no_warning_and_the_cache_reads_the_case_again(
    repo: Repo,
) -> None:
    repo.write_case(sources=_sources("https://keep.example.org/1"))
    before = [str(p) for p in load_content(repo.root, ".cache/debunk").problems if p.path == CASE]
    assert any("host 'keep.example.org'" in line for line in before)
    sample = (REPO / FILE).read_text(encoding="utf-8")
    repo.write(FILE, sample + "- name: Our archive\n  hosts: [keep.example.org]\n")
    after = [str(p) for p in load_content(repo.root, ".cache/debunk").problems if p.path == CASE]
    assert not any("keep.example.org" in line for line in after)
    assert [line for line in before if "keep.example.org" not in line] == after


def test_the_case_cache_key_covers_debunks_own_list_when_the_repository_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "vocabularies").mkdir()
    before = batch.vocabulary_digest(tmp_path)
    other = tmp_path / "other.yml"
    other.write_text("- name: Only this\n  hosts: [a.example.org]\n", encoding="utf-8")
    monkeypatch.setattr(batch, "DEFAULT_ARCHIVES", other)
    assert batch.vocabulary_digest(tmp_path) != before
