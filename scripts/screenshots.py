"""Build the sample site and photograph what a reader sees, for the project's documentation.

Usage: python3 scripts/screenshots.py [OUT_DIR]   (default: docs/screenshots)

Writes one PNG per shot into OUT_DIR (viewport-sized, not full pages: small enough to commit) and
a Markdown page listing them with captions beside it (`docs/screenshots.md` for the default), so a
newcomer sees the product before building it. Run it again after changing templates or styles.
Drives Debian's Chromium (never a browser that Playwright downloads); needs no network.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
CASE = "cases/2022/2022-12-14-us-embassy-pristina-provokes-serbia/"
DEVICES = {"desktop": (1280, 800), "phone": (375, 740)}


@dataclass(frozen=True)
class Shot:
    """One screenshot: a page of the sample site as a reader sees it."""

    name: str
    """File name, without `.png`."""
    path: str
    """Site-relative URL, with its query and fragment."""
    title: str
    caption: str
    device: Literal["desktop", "phone"] = "desktop"
    scheme: Literal["light", "dark"] = "light"


SHOTS = [
    Shot("home", "", "Home", "The latest cases, the narratives, and a search box."),
    Shot("case", CASE, "A case",
         "The claim, its verdict (a link to what the rating means), the claim's date and the "
         "debunk's own, its log of corrections, and the metadata panel that links to every "
         "narrative, keyword, country, language and outlet."),
    Shot("case-cite", CASE + "#cite-title", "Citing a case",
         "Cite this case: the citation, the permanent link (copied with one click), and BibTeX, RIS "
         "and CSL-JSON to download."),
    Shot("case-sources-dark", CASE + "#sources", "A dead source, and related cases (dark scheme)",
         "Further down the same case: its source is no longer online (the last link check found it "
         "gone), so the archived copy, on the Wayback Machine, comes first. Then the related cases, "
         "each with the reason it is related. The dark scheme follows the reader's system setting; "
         "the sun and moon button switches it."),
    Shot("case-phone", CASE, "A case on a phone",
         "The same case 375 px wide: one column, nothing to scroll sideways.", device="phone"),
    Shot("narrative", "narratives/west-provokes-conflict/", "A narrative",
         "Its description, its cases per month, and the countries, languages and outlets it spread to."),
    Shot("chart-phone", "narratives/nato-provokes-russia/#narrative-chart-title", "A chart on a phone",
         "Cases per month, 375 px wide: the axis and the years stay 12 px or more; 'The numbers' "
         "opens the table of every month.", device="phone"),
    Shot("keyword-phone-dark", "keywords/kosovo/", "A keyword on a phone (dark scheme)",
         "Every case with the keyword, newest first, paginated.", device="phone", scheme="dark"),
    Shot("search", "search/?q=Russia&keyword=NATO&year=2021&year=2022", "Search",
         "Results as the reader types, with filters by verdict, narrative, keyword, country, language, "
         "outlet and year: any of the values ticked in one filter, and every filter, each value with "
         "what ticking it gives. The chosen values are chips above the results. The query and the "
         "filters live in the address, so a search can be bookmarked and shared."),
    Shot("search-phone", "search/?q=Russia&keyword=NATO&year=2021&year=2022", "Search on a phone",
         "The results come first; the Filters button opens the filters above them.", device="phone"),
    Shot("review", "reviews/321/", "A weekly review",
         "The editor's introduction, the narratives to watch, then the cases grouped by narrative and "
         "keyword."),
]  # fmt: skip


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def take(browser: Browser, base: str, shot: Shot, out: Path) -> None:
    """Open the shot's page in a fresh context and save the visible part as PNG."""
    width, height = DEVICES[shot.device]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=shot.scheme)
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort()
    )
    page = context.new_page()
    page.goto(base + shot.path, wait_until="networkidle")
    settle(page)
    page.screenshot(path=str(out / f"{shot.name}.png"), animations="disabled", caret="hide")
    context.close()


def settle(page: Page) -> None:
    """Wait for what scripts draw: search results and their filters."""
    if page.locator(".debunk-search").count():
        page.wait_for_selector(".debunk-search[data-state=done]")
    page.evaluate("document.fonts.ready")


def markdown(shots: list[Shot], folder: str) -> str:
    """The documentation page listing the screenshots."""
    lines = [
        "# Screenshots",
        "",
        "What a reader sees on the sample site of this repository. The pictures are made by",
        "`python3 scripts/screenshots.py`, which builds the site and opens it in headless Chromium:",
        "run it again after changing the templates or the styles.",
        "",
    ]
    for shot in shots:
        lines += [f"## {shot.title}", "", shot.caption, "", f"![{shot.title}]({folder}/{shot.name}.png)", ""]
    return "\n".join(lines)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", tmp], cwd=ROOT, check=True
        )
        handler = functools.partial(_QuietHandler, directory=tmp)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for shot in SHOTS:
                take(browser, base, shot, out)
            browser.close()
        server.shutdown()
    page = out.with_suffix(".md")
    page.write_text(markdown(SHOTS, out.name), encoding="utf-8")
    print(f"{len(SHOTS)} screenshots written to {out}, listed in {page}")


if __name__ == "__main__":
    main()
