"""Golden files: the generated Markdown (with its front matter) of each page kind.

A reviewer reads a change to the generated pages as a diff of `tests/golden/pages/`.
Regenerate after an intended change with `UPDATE_GOLDEN=1 python3 -m pytest tests/test_pages_golden.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from debunk.content.repository import load_content
from debunk.settings import load_settings
from debunk.site.pages import build_pages, build_site, page_source

FIXTURE = Path(__file__).parent / "fixtures" / "site"
GOLDEN = Path(__file__).parent / "golden" / "pages"
PAGES = [
    "index.md",
    "cases/2023/2023-02-10-baltic-vote-decided-abroad.md",
    "cases/2024/2024-03-20-nato-drills-cover-for-attack.md",
    "cases/index.md",
    "narratives/index.md",
    "narratives/energy-blackmail.md",
    "keywords/index.md",
    "outlets/northern-wire.md",
    "outlets/northern-wire/page/2.md",
    "languages/ru.md",
    "ratings/index.md",
]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    site = build_site(load_content(FIXTURE), load_settings(FIXTURE))
    return {page.src_uri: page_source(page) for page in build_pages(site)}


@pytest.mark.parametrize("src_uri", PAGES)
def test_generated_page_matches_golden_file(pages: dict[str, str], src_uri: str) -> None:
    golden = GOLDEN / src_uri
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[src_uri], encoding="utf-8")
    assert pages[src_uri] == golden.read_text(encoding="utf-8")


def test_every_page_kind_has_a_golden_file(pages: dict[str, str]) -> None:
    kinds = {uri.split("/")[0] if "/" in uri else uri for uri in PAGES}
    assert kinds == {"index.md", "cases", "narratives", "keywords", "outlets", "languages", "ratings"}
    assert set(PAGES) <= set(pages)
