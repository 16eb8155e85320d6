"""MkDocs loads this file for `hooks:` in mkdocs.yml: the events are `debunk_mkdocs.events`."""

from debunk_mkdocs.events import *  # noqa: F403
