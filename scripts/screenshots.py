"""Build the sample site and take screenshots of each page kind in headless Chromium.

Usage: python3 scripts/screenshots.py [OUT_DIR]   (default: docs/screenshots)
The images go into the project's documentation so a newcomer sees the product before building it.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "",
    "case": "cases/2022/2022-12-14-us-embassy-pristina-provokes-serbia/",
    "narrative": "narratives/west-provokes-conflict/",
    "term": "keywords/kosovo/",
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["mkdocs", "build", "--quiet", "--site-dir", tmp], cwd=ROOT, check=True)
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=tmp)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for scheme in ("light", "dark"):
                for width, device in ((1280, "desktop"), (375, "mobile")):
                    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    for name, url in PAGES.items():
                        page.goto(base + url)
                        page.screenshot(path=str(out / f"{name}-{device}-{scheme}.png"), full_page=False)
                    page.close()
            browser.close()
        server.shutdown()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main()
