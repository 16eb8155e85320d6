"""What a `mkdocs serve` preview shows of the content problems that fail `mkdocs build`.

A preview keeps serving when a file is broken: the site without the cases that did not load,
and on every page a banner naming each problem and each case left out
(`overrides/partials/debunk-problems.html`). `mkdocs build` fails on the same problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from debunk.build.verify import unloaded_case_files
from debunk.content.repository import Content
from debunk.model import Problem, Severity

SHOWN = 100
"""Problems listed on every page at most: an import gone wrong can have thousands, all in the
terminal and in `debunk validate`; the banner says how many more there are."""


def failing(problems: Sequence[Problem], fail_on_warnings: bool) -> list[Problem]:
    """The problems that fail `mkdocs build --strict`: errors, and warnings if they fail too."""
    return [p for p in problems if p.severity is Severity.ERROR or fail_on_warnings]


def preview_notice(content: Content, problems: Sequence[Problem], fail_on_warnings: bool) -> dict[str, Any]:
    """The banner's data: each failing problem as `path:line: field: message`, and each case
    file left out, with its id. Empty lists when there is nothing to show."""
    shown = failing(problems, fail_on_warnings)
    left_out = unloaded_case_files(content)
    return {
        "problems": [str(problem) for problem in shown[:SHOWN]],
        "more": max(0, len(shown) - SHOWN),
        "left_out": [{"path": path, "id": PurePosixPath(path).stem} for path in left_out[:SHOWN]],
        "left_out_more": max(0, len(left_out) - SHOWN),
    }
