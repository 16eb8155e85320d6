"""debunk: a static site generator for debunk publications.

This package holds every rule and never imports MkDocs; `debunk_mkdocs` adapts it to MkDocs.
"""

from __future__ import annotations

__version__ = "0.1.0"
