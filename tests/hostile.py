"""Shared by the hostile-content tests: build the hostile fixture and scan HTML for live script.

`build_hostile_site` copies `tests/fixtures/hostile/` with this repository's hooks and templates
and runs `mkdocs build --strict`; with `bypass=True` the validator's HTML and link rules are off
(`bypass_validation.py`), which is how a case that slipped past validation would be built.
`live_script` lists everything in a page that a browser could run or load from elsewhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).parent.parent
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
BYPASS_HOOK = "  - bypass_validation.py\n"


def build_hostile_site(target: Path, bypass: bool = True) -> subprocess.CompletedProcess[str]:
    """Copy the hostile fixture to `target` and build it into `target/site`."""
    shutil.copytree(HOSTILE, target, ignore=shutil.ignore_patterns(".cache"))  # loaded without the bypass
    shutil.copytree(REPO / "hooks", target / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "overrides", target / "overrides")
    if not bypass:
        config = target / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(BYPASS_HOOK, ""), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=target, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip


_URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster", "background",
}  # fmt: skip
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
_FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "base", "applet"}


_LOADING = {"src", "srcset", "poster", "data", "background"}
_ABSOLUTE = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")


def browser_url(value: str) -> str:
    """A (decoded) attribute value as a browser's URL parser reads it (WHATWG URL standard): C0
    controls and spaces trimmed from both ends, tabs and line breaks removed anywhere.

    Checked in Chromium: `\\x10javascript:` runs, `java\\x10script:` is a harmless relative URL.
    """
    return re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21)))))


class _Scanner(HTMLParser):
    """Collects what could run: content scripts, event handlers, script URLs, frames, refreshes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.remote: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in _FORBIDDEN_TAGS:
            self.found.append(f"<{tag}> element")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append(f"meta refresh {values.get('content')!r}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and _BAD_SCHEME.match(browser_url(value or "")):
                self.found.append(f"<{tag} {name}={value!r}>")
        self.remote += [
            f"<{tag} {name}={value!r}>"
            for name, value in values.items()
            if name in _LOADING and _ABSOLUTE.match(value)
        ]
        if tag == "link" and values.get("rel") == "stylesheet" and _ABSOLUTE.match(values.get("href", "")):
            self.remote.append(f"<link href={values['href']!r}>")
        if tag == "script":
            self._script = values.get("type", "")
            if re.match(r"^\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|//)", values.get("src", "")):
                self.found.append(f"<script src={values['src']!r}> from another site")

    def handle_data(self, data: str) -> None:
        if self._script is not None and self._script != "application/ld+json" and "alert" in data:
            self.found.append(f"script {data.strip()[:80]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def live_script(page_html: str) -> list[str]:
    """Everything in a page that could run script or navigate away on its own; [] when safe."""
    scanner = _Scanner()
    scanner.feed(page_html)
    scanner.close()
    return scanner.found


def remote_resources(page_html: str) -> list[str]:
    """Everything a browser would load from another site on its own (images, frames, styles)."""
    scanner = _Scanner()
    scanner.feed(page_html)
    scanner.close()
    return scanner.remote
