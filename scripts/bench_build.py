"""Build benchmark: this project against plain mkdocs-material + tags and Hugo, on the same cases.

Used by `python3 scripts/bench.py build --cases N`; see BENCHMARKS.md.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from debunk.content.repository import load_content
from debunk.search.pagefind import pagefind_command

TIME = "/usr/bin/time"
_PHASES = re.compile(r"debunk phases: (.*)")
_PEAKS = re.compile(r"debunk peak memory: (.*)")
_BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")


@dataclass
class Run:
    """One build: wall time, peak memory, what it wrote, and where the time went."""

    name: str
    seconds: float
    peak_mb: float
    pages: int = 0
    site_mb: float = 0.0
    case_page_kb: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """(median, 99th percentile, largest) size of a case page's HTML."""
    phases: dict[str, float] = field(default_factory=dict)
    process_peak_mb: float | None = None
    """Peak of the MkDocs process alone (its own log); `peak_mb` also counts Pagefind and workers."""
    folders: dict[str, float] = field(default_factory=dict)
    """MB of each top-level folder of the site (files at the top under "(top)")."""


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a command under GNU time: (wall seconds, peak RSS in MB, stderr)."""
    full = [TIME, "-f", "@@ %e %M", *command] if Path(TIME).exists() else command
    started = time.perf_counter()
    result = subprocess.run(full, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    match = re.search(r"@@ ([0-9.]+) ([0-9]+)", result.stderr)
    peak = int(match.group(2)) / 1024 if match else 0.0
    return wall, peak, result.stderr


def site_stats(site: Path, case_glob: str) -> tuple[int, float, tuple[float, float, float]]:
    """(HTML pages, site size in MB, (median, 99th percentile, largest) case page in KB)."""
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(folder_sizes(site).values())
    cases = sorted(p.stat().st_size / 1024 for p in site.glob(case_glob))
    if not cases:
        return pages, size, (0.0, 0.0, 0.0)
    return pages, size, (statistics.median(cases), cases[int(len(cases) * 0.99)], cases[-1])


def folder_sizes(site: Path) -> dict[str, float]:
    """MB of each top-level folder of a site (the bytes of its files, as a host counts them)."""
    sizes: dict[str, float] = {}
    for path in site.rglob("*"):
        if path.is_file():
            top = path.relative_to(site).parts[0] if len(path.relative_to(site).parts) > 1 else "(top)"
            sizes[top] = sizes.get(top, 0.0) + path.stat().st_size / 1e6
    return sizes


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


def debunk_build(project: Path, name: str, clean_cache: bool) -> Run:
    """`mkdocs build` of this project; the cache is emptied first for a cold build."""
    if clean_cache:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    site = project / "site"
    wall, peak, log = timed(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], project, _env()
    )
    phases = _numbers(_PHASES, log, "s")
    peaks = _numbers(_PEAKS, log, "MB")
    pages, size, case_kb = site_stats(site, "cases/[0-9]*/*/index.html")
    own = max(peaks.values(), default=None)
    return Run(name, wall, peak, pages, size, case_kb, phases, own, folder_sizes(site))


def _numbers(pattern: re.Pattern[str], log: str, unit: str) -> dict[str, float]:
    """{phase: value} from the last line of the log matching `pattern` (`load 5.70s, ...`)."""
    found = pattern.findall(log)
    numbers = {}
    for part in found[-1].split(", ") if found else []:
        label, _, value = part.rpartition(" ")
        numbers[label] = float(value.removesuffix(unit))
    return numbers


def pagefind_alone(site: Path) -> tuple[float, float]:
    """(seconds, peak MB) of the build's Pagefind command run by itself over a built site."""
    with tempfile.TemporaryDirectory(prefix="debunk-pagefind-") as output:
        wall, peak, _log = timed(pagefind_command(site, Path(output)), site)
    return wall, peak


def edit_one_case(project: Path) -> Path:
    """Change one case's response, as an editor would."""
    path = sorted((project / "cases").rglob("*.md"))[len(list((project / "cases").rglob("*.md"))) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nAn editor added this sentence.\n", encoding="utf-8")
    return path


def serve_rebuild(project: Path, timeout: float = 600) -> tuple[float, float | None, dict[str, float]]:
    """Seconds `mkdocs serve` takes to rebuild after one case file changes (its own report), the
    peak MB of the server process during that rebuild and its phases (from its log)."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:8799"]
    server = subprocess.Popen(
        command, cwd=project, env=_env(), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    assert server.stderr is not None
    builds: list[float] = []
    peak: float | None = None
    phases: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    try:
        for line in server.stderr:
            peaks = _numbers(_PEAKS, line, "MB")
            peak = max(peaks.values(), default=peak)
            phases = _numbers(_PHASES, line, "s") or phases
            match = _BUILT_IN.search(line)
            if match:
                builds.append(float(match.group(1)))
                if len(builds) == 1:
                    peak = None  # the first build's; the rebuild reports its own
                    time.sleep(1)
                    edit_one_case(project)
                else:
                    return builds[-1], peak, phases
            if time.monotonic() > deadline:
                break
    finally:
        server.terminate()
        server.wait(timeout=30)
    raise RuntimeError("mkdocs serve did not rebuild in time")


def validate_time(project: Path, cached: bool) -> float:
    """`debunk validate` of every case: reading every file (`--no-cache`), or with the case cache
    the builds before it left (`.cache/debunk/cases.pickle`)."""
    command = [
        sys.executable,
        "-c",
        "from debunk.cli import main; main()",
        "validate",
        "--root",
        str(project),
        *([] if cached else ["--no-cache"]),
    ]
    wall, _peak, _log = timed(command, project)  # the generated corpus validates: exit 0
    return wall


def run_validate(project: Path, runs: int) -> dict[str, list[float]]:
    """`debunk validate` of every case `runs` times each way, cold and cached taking turns (on a
    noisy machine, compare the two columns of one run, not runs of different hours)."""
    validate_time(project, cached=True)  # writes the case cache the cached runs read
    times: dict[str, list[float]] = {"cold": [], "cached": [], "load": []}
    for _ in range(runs):
        times["load"].append(os.getloadavg()[0])
        times["cold"].append(validate_time(project, cached=False))
        times["cached"].append(validate_time(project, cached=True))
    return times


def print_validate(cases: int, times: dict[str, list[float]]) -> None:
    print(f"\n## `debunk validate`, {cases} cases, {len(times['cold'])} runs\n")
    print("| | each run, s | median | best |")
    print("| --- | --- | ---: | ---: |")
    for name, label in (("cold", "reading every file (`--no-cache`)"), ("cached", "with the case cache")):
        values = times[name]
        each = ", ".join(f"{value:.2f}" for value in values)
        print(f"| {label} | {each} | {statistics.median(values):.2f} | {min(values):.2f} |")
    print(f"\nLoad average (1 min) before each run: {', '.join(f'{v:.1f}' for v in times['load'])}")


def material_project(project: Path, out: Path) -> Path:
    """The same cases as plain pages for mkdocs-material with the tags plugin, out of the nav."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "cases").mkdir(parents=True)
    content = load_content(project)
    for case in content.cases:
        tags = [*case.keywords, *case.countries, *case.languages, *case.outlets, *case.narratives]
        meta = yaml.safe_dump({"title": case.title, "tags": tags}, allow_unicode=True)
        body = f"## Summary\n\n{case.summary}\n\n## Response\n\n{case.response}\n"
        target = docs / "cases" / str(case.year) / f"{case.id}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{meta}---\n\n{body}", encoding="utf-8")
    (docs / "index.md").write_text("# Cases\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    config = {
        "site_name": "Plain material",
        "theme": {"name": "material", "font": False},
        "plugins": ["tags"],
        "nav": ["index.md", "tags.md"],
        "not_in_nav": "/cases/\n",
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return out


def material_build(project: Path) -> Run:
    site = project / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)]
    wall, peak, _log = timed(command, project, _env())
    pages, size, case_kb = site_stats(site, "cases/[0-9]*/*/index.html")
    return Run("mkdocs-material + tags", wall, peak, pages, size, case_kb)


HUGO_LAYOUT = {
    "_default/baseof.html": "<!doctype html><html><head><title>{{ .Title }}</title></head>"
    '<body>{{ block "main" . }}{{ end }}</body></html>\n',
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}'
    "{{ range $t, $_ := .Site.Taxonomies }}{{ range ($.GetTerms $t) }}"
    '<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}{{ end }}{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}'
    '<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ end }}\n',
    "_default/terms.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Data.Terms.Alphabetical }}'
    '<p><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</p>{{ end }}{{ end }}\n',
}


def hugo_project(project: Path, out: Path) -> Path:
    """The same cases for Hugo, with a taxonomy per facet and minimal layouts."""
    if out.exists():
        shutil.rmtree(out)
    content = load_content(project)
    for case in content.cases:
        meta = {
            "title": case.title, "date": case.date.isoformat(), "keywords": list(case.keywords),
            "countries": list(case.countries), "languages": list(case.languages),
            "outlets": list(case.outlets), "narratives": list(case.narratives),
        }  # fmt: skip
        target = out / "content" / "cases" / str(case.year) / f"{case.id}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        body = f"## Summary\n\n{case.summary}\n\n## Response\n\n{case.response}\n"
        target.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n{body}", encoding="utf-8")
    for name, text in HUGO_LAYOUT.items():
        (out / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "layouts" / name).write_text(text, encoding="utf-8")
    taxonomies = {k: k for k in ("keywords", "countries", "languages", "outlets", "narratives")}
    config = {"baseURL": "https://example.org/", "title": "Hugo", "taxonomies": taxonomies, "paginate": 50}
    (out / "hugo.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return out


def hugo_build(project: Path) -> Run | None:
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    wall, peak, _log = timed([hugo, "--quiet", "--destination", "public"], project)
    pages, size, case_kb = site_stats(project / "public", "cases/[0-9]*/*/index.html")
    return Run("Hugo (minimal layouts)", wall, peak, pages, size, case_kb)


def run_build(project: Path, work: Path, serve: bool = True, others: bool = True) -> dict[str, object]:
    """Every measurement of `bench.py build`, for one generated project (`others`: also
    mkdocs-material + tags, Hugo, `debunk validate` and Pagefind alone)."""
    runs = [debunk_build(project, "debunk, cold (empty cache)", clean_cache=True)]
    runs.append(debunk_build(project, "debunk, warm (cache, nothing changed)", clean_cache=False))
    edit_one_case(project)
    runs.append(debunk_build(project, "debunk, warm after editing one case", clean_cache=False))
    if not others:  # the largest sizes: debunk's three builds only
        return {"runs": runs, "serve_rebuild": None}
    pagefind = pagefind_alone(project / "site")
    runs.append(material_build(material_project(project, work / "material")))
    hugo = hugo_build(hugo_project(project, work / "hugo")) if shutil.which("hugo") else None
    if hugo is not None:
        runs.append(hugo)
    return {
        "runs": runs,
        "validate_seconds": validate_time(project, cached=False),
        "validate_cached_seconds": validate_time(project, cached=True),
        "serve_rebuild": serve_rebuild(project) if serve else None,
        "pagefind": pagefind,
    }
