"""Typed settings: each wrong value of `extra.debunk` is reported at its line with what to write."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from debunk.cli import main
from debunk.model import Severity
from debunk.settings import Settings, SettingsError, check_settings, checked_settings, settings_from_config

REPO = Path(__file__).parent.parent
ZONE = "write an IANA name such as 'Europe/Brussels' or 'UTC'"
SITE_FIXTURE = Path(__file__).parent / "fixtures" / "site"


def line_of(text: str, key: str) -> int:
    """The 1-based line on which `key:` is written in `text`."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.strip().startswith(f"{key}:"))


def messages(extra: dict[str, Any]) -> list[str]:
    """Each problem as `key: message`, the key under `extra.debunk`."""
    problems = check_settings("Desk", None, {"debunk": extra})[1]
    return [f"{p.field.removeprefix('extra.debunk.')}: {p.message}" for p in problems]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"page_size": "twenty"}, "page_size: 'twenty' is not a whole number; write a number such as 50"),
        ({"page_size": "20"}, "page_size: '20' is not a whole number; write a number such as 50"),
        ({"page_size": 20.5}, "page_size: 20.5 is not a whole number; write a number such as 50"),
        ({"page_size": True}, "page_size: True is not a whole number; write a number such as 50"),
        (
            {"page_size": 0},
            "page_size: 0 is too small; write a whole number of at least 1, such as 50",
        ),
        (
            {"cases_page_size": -5},
            "cases_page_size: -5 is too small; write a whole number of at least 1, such as 100",
        ),
        (
            {"related_count": -1},
            "related_count: -1 is too small; write a whole number of at least 0, such as 5",
        ),
        (
            {"fail_on_warnings": "yes please"},
            "fail_on_warnings: 'yes please' is not true or false; write true or false",
        ),
        ({"fail_on_warnings": 1}, "fail_on_warnings: 1 is not true or false; write true or false"),
        ({"license": 4}, "license: 4 is not text; write text, such as 'CC-BY-4.0'"),
        ({"timezone": ["UTC"]}, "timezone: ['UTC'] is not text; write text, such as 'UTC'"),
        (
            {"timezone": "Europe/Atlantis"},
            f"timezone: 'Europe/Atlantis' is not a time zone; {ZONE}",
        ),
        (
            {"timezone": "../../etc/passwd"},
            f"timezone: '../../etc/passwd' is not a time zone; {ZONE}",
        ),
        (
            {"organisation": "Desk"},
            "organisation: 'Desk' is not a mapping; write 'name:' and 'url:' lines under it",
        ),
        ({"organisation": {"name": 7}}, "organisation.name: 7 is not text; write text, such as 'Debunk'"),
        ({"pag_size": 20}, "pag_size: unknown setting 'pag_size' is ignored; did you mean 'page_size'?"),
        (
            {"organisation": {"nmae": "Desk"}},
            "organisation.nmae: unknown setting 'nmae' is ignored; did you mean 'name'?",
        ),
    ],
)  # fmt: skip
def test_a_wrong_setting_names_the_key_the_value_and_what_to_write(
    extra: dict[str, Any], expected: str
) -> None:
    assert messages(extra) == [expected]


def test_every_problem_is_reported_at_once() -> None:
    extra = {"page_size": "twenty", "colour": "red", "related_count": "five", "fail_on_warnings": "no"}
    assert [m.split(":")[0] for m in messages(extra)] == list(extra)


def test_an_unknown_setting_is_a_warning_and_the_others_still_apply() -> None:
    settings, problems = check_settings("Desk", None, {"debunk": {"page_size": 7, "pagesize": 8}})
    assert settings.page_size == 7
    assert [p.severity for p in problems] == [Severity.WARNING]


def test_a_wrong_setting_leaves_the_defaults_and_the_error() -> None:
    settings, problems = check_settings("Desk", None, {"debunk": {"page_size": 7, "related_count": "x"}})
    assert settings == Settings()
    assert [p.severity for p in problems] == [Severity.ERROR]


def test_right_settings_are_read_as_written() -> None:
    extra = {
        "organisation": {"name": "Desk FC", "url": "https://desk.example/"},
        "page_size": 7, "cases_page_size": 9, "related_count": 0, "timezone": "Europe/Riga",
        "fail_on_warnings": True, "cache_dir": None, "archive_required_from": dt.date(2027, 1, 1),
    }  # fmt: skip
    settings, problems = check_settings("Desk", "https://desk.example/site", {"debunk": extra})
    assert problems == []
    assert dataclasses.asdict(settings) == {
        **dataclasses.asdict(Settings()),
        "site_name": "Desk", "site_url": "https://desk.example/site/", "organisation": "Desk FC",
        "organisation_url": "https://desk.example/", "page_size": 7, "cases_page_size": 9,
        "related_count": 0, "timezone": "Europe/Riga", "fail_on_warnings": True, "cache_dir": "",
        "archive_required_from": dt.date(2027, 1, 1),
    }  # fmt: skip


def test_the_organisation_defaults_to_the_site() -> None:
    settings = Settings.from_mapping("Desk", "https://desk.example", {})
    assert (settings.organisation, settings.organisation_url) == ("Desk", "https://desk.example/")


def test_from_mapping_raises_every_error() -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_mapping("Desk", None, {"debunk": {"page_size": "a", "related_count": "b"}})
    assert [p.field for p in raised.value.problems] == [
        "extra.debunk.page_size",
        "extra.debunk.related_count",
    ]


def test_problems_are_at_the_line_of_their_key(tmp_path: Path) -> None:
    text = (
        "site_name: Desk\nmarkdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
        "        - format: !!python/name:pymdownx.superfences.fence_code_format\n"
        "extra:\n  debunk:\n    organisation:\n      name: 12\n    page_size: twenty\n    pag_size: 2\n"
    )
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    settings, problems = checked_settings(tmp_path)
    assert settings == Settings()
    assert [(p.line, p.field) for p in problems] == [
        (line_of(text, "name"), "extra.debunk.organisation.name"),
        (line_of(text, "page_size"), "extra.debunk.page_size"),
        (line_of(text, "pag_size"), "extra.debunk.pag_size"),
    ]
    assert str(problems[1]) == (
        f"mkdocs.yml:{line_of(text, 'page_size')}: extra.debunk.page_size: 'twenty' is not a whole number; "
        "write a number such as 50"
    )


def test_the_adapter_gets_the_lines_of_its_config_file(tmp_path: Path) -> None:
    text = "site_name: Desk\nextra:\n  debunk:\n    page_siz: 3\n    page_size: 4\n"
    (tmp_path / "site.yml").write_text(text, encoding="utf-8")
    warned: list[str] = []
    settings = settings_from_config(
        tmp_path / "site.yml", "Desk", None, {"debunk": {"page_siz": 3, "page_size": 4}}, warned.append
    )
    assert settings.page_size == 4
    assert warned == [
        f"site.yml:{line_of(text, 'page_siz')}: extra.debunk.page_siz: "
        "warning: unknown setting 'page_siz' is ignored; did you mean 'page_size'?"
    ]


def test_mkdocs_build_fails_on_a_wrong_setting_without_a_traceback(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SITE_FIXTURE, repo)
    shutil.copytree(REPO / "hooks", repo / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "overrides", repo / "overrides")
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("page_size: 1\n", "page_size: twenty\n    related: 2\n")
    config.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"],
        cwd=repo, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"mkdocs.yml:{line_of(text, 'page_size')}: extra.debunk.page_size: 'twenty' is not a whole number"
        in result.stderr
    )
    assert (
        f"mkdocs.yml:{line_of(text, 'related')}: extra.debunk.related: warning: unknown setting"
        in result.stderr
    )
    assert not (repo / "site").exists()


@pytest.mark.parametrize("command", [["export", "out"], ["links", "check"], ["digest", "--week", "2022-W50"]])
def test_every_command_stops_on_a_wrong_setting_with_its_line(tmp_path: Path, command: list[str]) -> None:
    """Not only the build and `validate`: a command that reads the settings names the wrong one."""
    repo = tmp_path / "repo"
    shutil.copytree(SITE_FIXTURE, repo)
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("page_size: 1\n", "page_size: twenty\n")
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, [*command, "--root", str(repo)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"mkdocs.yml:{line_of(text, 'page_size')}: extra.debunk.page_size: 'twenty'" in result.stderr
    assert not (repo / "out").exists()
