"""`mkdocs serve` rebuilds when a case file changes, shows the edited case, and searches it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError
from test_site import make_repo

CASE = "cases/2024/2024-03-20-nato-drills-cover-for-attack.md"
URL = "cases/2024/2024-03-20-nato-drills-cover-for-attack/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_picks_up_an_edited_case(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/{URL}"
        assert wait_for(url, "Alliance drills in the north are a cover for an attack")
        path = repo / CASE
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("Alliance drills in the north", "Winter drills in the north"), encoding="utf-8"
        )
        assert wait_for(url, "Winter drills in the north are a cover for an attack")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_preview_searches_and_indexes_an_edited_case_again(tmp_path: Path, browser: Browser) -> None:
    """Search works under `mkdocs serve`, and a rebuild after an edit finds the new words."""
    repo = make_repo(tmp_path / "repo")
    shutil.copy(Path(__file__).parent.parent / "docs" / "search.md", repo / "docs" / "search.md")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    page = browser.new_page()

    def found(word: str) -> list[str] | None:
        """The results for `word`; None when a rebuild's live reload cut the page short."""
        try:
            page.goto(f"http://127.0.0.1:{port}/search/?q={word}")
            page.wait_for_selector(".debunk-search[data-state=done], .debunk-search[data-state=unavailable]")
        except PlaywrightError:
            return None
        hrefs = page.locator(".debunk-search__claim a").evaluate_all("links => links.map(a => a.href)")
        return [urlsplit(href).path for href in hrefs]

    try:
        assert wait_for(f"http://127.0.0.1:{port}/{URL}", "Alliance drills in the north")
        assert f"/{URL}" in (found("Alliance") or [])
        assert found("Quokkaword") == []
        path = repo / CASE
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("Alliance drills in the north", "Quokkaword drills in the north"), "utf-8"
        )
        assert wait_for(f"http://127.0.0.1:{port}/{URL}", "Quokkaword drills in the north")
        deadline = time.monotonic() + 60  # the page is served before its index is finished
        while found("Quokkaword") != [f"/{URL}"] and time.monotonic() < deadline:
            time.sleep(0.5)
        assert found("Quokkaword") == [f"/{URL}"]
    finally:
        page.close()
        server.terminate()
        server.wait(timeout=10)
