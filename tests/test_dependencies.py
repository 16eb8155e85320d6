"""pyproject.toml tells the truth: its runtime dependencies are exactly what the package and its
MkDocs adapter import (or name for `importlib.metadata.version`), and what the tests import is declared."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterable
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = ["debunk", "debunk_mkdocs", "hooks"]
"""The code that runs in a build: the core, the adapter package (once it exists) and `hooks/`."""


def canonical(name: str) -> str:
    """A distribution name as PyPI compares them (PEP 503): `Jinja2` and `jinja2` are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements: Iterable[str]) -> set[str]:
    return {canonical(re.split(r"[\s=<>!~;\[]", requirement, maxsplit=1)[0]) for requirement in requirements}


def python_files(folders: Iterable[str]) -> list[Path]:
    return [path for folder in folders for path in sorted((REPO / folder).rglob("*.py"))]


def used(files: list[Path]) -> dict[str, str]:
    """Each third-party distribution the files use, with the first file that does."""
    local = {path.stem for path in python_files(["hooks", "tests", "scripts"])}  # run from their folder
    providers = packages_distributions()
    found: dict[str, str] = {}
    own = canonical(PROJECT["name"])
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module.split(".")[0]]
            elif _version_call(node) and canonical(node.args[0].value) != own:  # type: ignore[attr-defined]
                found.setdefault(canonical(node.args[0].value), path.relative_to(REPO).as_posix())  # type: ignore[attr-defined]
            for name in names:
                if name in sys.stdlib_module_names or name in local or name.startswith("debunk"):
                    continue
                assert name in providers, (
                    f"{path}: imports {name!r}, which no installed distribution provides"
                )
                for distribution in providers[name]:
                    found.setdefault(canonical(distribution), path.relative_to(REPO).as_posix())
    return found


def _version_call(node: ast.AST) -> bool:
    """`version("mkdocs-material")`: a distribution used by name (the theme), not imported."""
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "version"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def test_runtime_dependencies_are_exactly_what_the_package_imports() -> None:
    runtime = used(python_files(RUNTIME))
    dependencies = declared(PROJECT["dependencies"])
    undeclared = {name: where for name, where in runtime.items() if name not in dependencies}
    assert not undeclared, f"used but not in [project] dependencies of pyproject.toml: {undeclared}"
    unused = sorted(dependencies - set(runtime))
    assert not unused, f"in [project] dependencies but imported by none of {RUNTIME}: {unused}"


def test_what_tests_and_scripts_import_is_declared() -> None:
    everything = declared(PROJECT["dependencies"]) | declared(PROJECT["optional-dependencies"]["test"])
    found = used(python_files(["tests", "scripts"]))
    undeclared = {name: where for name, where in found.items() if name not in everything}
    assert not undeclared, (
        f"imported by tests or scripts but not declared (add to the test extra): {undeclared}"
    )


def test_test_only_packages_are_not_runtime_dependencies() -> None:
    runtime = declared(PROJECT["dependencies"])
    assert not runtime & declared(PROJECT["optional-dependencies"]["test"])
