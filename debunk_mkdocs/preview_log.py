"""A `mkdocs serve` preview with content errors keeps serving, and shows them on every page."""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import CountHandler

from debunk.build.preview import failing, preview_notice
from debunk.build.run import Build

PREVIEW = {"debunk_preview": True}
"""Marks a log record that a `mkdocs serve` preview shows on its pages rather than fail on."""


def _not_preview(record: logging.LogRecord) -> bool:
    return not getattr(record, "debunk_preview", False)


def uncount_preview_problems() -> None:
    """Keep the records marked `PREVIEW` out of this build's count of errors.

    MkDocs' strict mode fails a build on any logged error, and a failed `mkdocs serve` rebuild
    leaves every request waiting for a build that never comes: the counter of this build skips
    the records marked `PREVIEW`, which the banner names instead (`preview_problems`).
    `mkdocs build` counts them as before.
    """
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):  # MkDocs adds it for `strict` before `on_config`
            handler.addFilter(_not_preview)


def preview_problems(build: Build, config: MkDocsConfig, log: logging.Logger) -> None:
    """The banner's data in `config.extra` (so in the pages' cache keys too), and a log line."""
    notice = preview_notice(build.site.content, build.problems, build.settings.fail_on_warnings)
    if notice["problems"] or notice["left_out"]:
        config.extra["debunk_preview"] = notice
        shown = len(failing(build.problems, build.settings.fail_on_warnings))
        log.warning(
            f"the preview shows {shown} problems on every page and leaves out "
            f"{len(notice['left_out']) + notice['left_out_more']} case files; "
            "`mkdocs build` fails until they are fixed",
            extra=PREVIEW,
        )
