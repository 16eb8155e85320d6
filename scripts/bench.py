"""Benchmarks at scale, on generated real-shaped cases (scripts/corpus.py).

    python3 scripts/bench.py build [--cases 1000 5000 20000] [--seed 1] [--work DIR] [--no-serve]
    python3 scripts/bench.py validate [--cases 20000] [--seed 1] [--work DIR] [--runs 5]
    python3 scripts/bench.py search [--cases 20000] [--seed 1] [--work DIR] [--no-material] [--queries-only]

`search` builds the site for N cases (the normal `mkdocs build`, which writes the Pagefind
index), checks that indexing twice gives byte-identical files, then serves the site on
127.0.0.1 and measures in headless Chromium, for a set of queries, the bytes transferred and
the time until the first results are on screen, and the same once the filter counts are in.
It also builds the same cases with mkdocs-material's built-in search plugin and reports the
size of its single index, and the size of a single JSON file of every case's searchable
fields (what any one-file client-side engine such as lunr or MiniSearch starts from).
Results are printed as Markdown tables and written to WORK/search.json.

The server sends files as a static host does: text gzipped, Pagefind's index files as
Pagefind compressed them, with `Cache-Control: max-age=600`.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_build import print_validate, run_build, run_validate
from bench_report import print_build, print_scaling
from corpus import generate_corpus
from playwright.sync_api import Browser, Page, sync_playwright

from debunk.content.repository import load_content
from debunk.search.pagefind import build_search_index

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("mkdocs.yml", "hooks", "overrides", "docs")
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
]  # fmt: skip
RUNS = 3


def prepare_project(work: Path, cases: int, seed: int) -> Path:
    """A copy of this project's site config and templates, with N generated cases instead of ours."""
    project = work / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy2(source, project / name)
    generate_corpus(cases, project, seed)
    return project


def mkdocs_build(project: Path, site: Path, config: str = "mkdocs.yml") -> float:
    """Run `mkdocs build`; return its wall time in seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", config, "--site-dir", str(site)]
    started = time.perf_counter()
    subprocess.run(command, cwd=project, check=True, env=env)
    return time.perf_counter() - started


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def material_index(project: Path, work: Path) -> dict[str, Any]:
    """Build the same cases with mkdocs-material's search plugin; the size of its one index file."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^plugins: \[\]$", "plugins:\n  - search", config)
    (project / "mkdocs-material-search.yml").write_text(config, encoding="utf-8")
    site = work / "site-material"
    seconds = mkdocs_build(project, site, "mkdocs-material-search.yml")
    index = (site / "search" / "search_index.json").read_bytes()
    compressed = len(gzip.compress(index, 6))
    return {"build_seconds": round(seconds, 1), "bytes": len(index), "gzip_bytes": compressed}


def single_json_index(project: Path) -> dict[str, Any]:
    """Every case's searchable fields in one JSON file: the floor for any one-file engine."""
    content = load_content(project)
    records = [
        {
            "url": f"/cases/{case.year}/{case.id}/", "title": case.title, "date": case.date.isoformat(),
            "verdict": case.verdict, "narratives": case.narratives, "keywords": case.keywords,
            "countries": case.countries, "languages": case.languages, "outlets": case.outlets,
            "text": f"{case.summary}\n{case.response}",
        }
        for case in content.cases
    ]  # fmt: skip
    data = json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode()
    return {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, 6))}


COMPRESSIBLE = {".html", ".js", ".css", ".json", ".svg", ".xml"}


@dataclass(frozen=True)
class Sent:
    """One response as the server sent it."""

    at: float
    """When the last byte was written, in epoch milliseconds (the browser's clock too)."""
    path: str
    sent: int
    """Bytes sent, gzip-compressed when the browser accepts it (as static hosts do)."""
    raw: int
    """Bytes of the file."""


class _MeasuringHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like any static host (gzip for text) and logs every response's size.

    Counting on the server is what sees the requests of Pagefind's web worker, which the
    page's own resource timing does not list.
    """

    sent: ClassVar[list[Sent]] = []
    _compressed: ClassVar[dict[str, bytes]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file():
            super().do_GET()
            return
        body = path.read_bytes()
        raw = len(body)
        gzipped = path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = self._compressed.setdefault(str(path), gzip.compress(body, 6, mtime=0))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        self.sent.append(Sent(time.time() * 1000, self.path.split("?")[0], len(body), raw))


@contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_MeasuringHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def pick_queries(project: Path) -> list[tuple[str, dict[str, str]]]:
    """Queries by how many generated cases have the word, from nearly all to a handful, and filters."""
    content = load_content(project)
    words = Counter(
        word
        for case in content.cases
        for word in set(re.findall(r"[a-z]{4,}", f"{case.title} {case.summary} {case.response}".lower()))
    )

    def share(fraction: float) -> str:
        target = fraction * len(content.cases)
        return min(words, key=lambda word: (abs(words[word] - target), word))

    def commonest(values: Counter[str]) -> str:
        return values.most_common(1)[0][0]

    keyword = commonest(Counter(k for case in content.cases for k in case.keywords))
    outlet = commonest(Counter(o for case in content.cases for o in case.outlets))
    country = commonest(Counter(c for case in content.cases for c in case.countries))
    broad, middling, rare = share(0.10), share(0.01), share(0.0005)
    return [
        ("word in 60% of cases", {"q": share(0.60)}),
        ("word in 10% of cases", {"q": broad}),
        ("word in 1% of cases", {"q": middling}),
        ("word in 0.05% of cases", {"q": rare}),
        ("two words", {"q": f"{broad} {middling}"}),
        ("word + keyword filter", {"q": broad, "keyword": keyword}),
        ("word + outlet and country filters", {"q": broad, "outlet": outlet, "country": country}),
        ("word, newest first", {"q": broad, "sort": "date-desc"}),
        ("year filter, no words", {"year": "2020"}),
        ("keyword + year, no words", {"keyword": keyword, "year": "2020"}),
    ]


_MARKS = """() => {
  const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  return {
    origin: performance.timeOrigin, start: at('debunk-search-start'), first: at('debunk-search-results'),
    done: at('debunk-search-done'), results: document.querySelector('.debunk-search__status').textContent,
  };
}"""

_NEXT_QUERY = """async (q) => {
  const input = document.querySelector('#debunk-search-q');
  const seen = performance.getEntriesByName('debunk-search-results').length;
  const start = performance.now();
  input.value = q;
  input.form.requestSubmit();
  while (performance.getEntriesByName('debunk-search-results').length === seen) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return performance.getEntriesByName('debunk-search-results')[seen].startTime - start;
}"""


@dataclass(frozen=True)
class QueryResult:
    """One query's medians over the runs, each from a fresh browser cache."""

    name: str
    url: str
    results: str
    first_ms: float
    """From navigation start to the first results on screen (page, scripts and search)."""
    search_ms: float
    """From the page's start of the search (first in its head) to the first results on screen."""
    first_kb: float
    """Everything transferred before the first results: page, theme, scripts, index."""
    first_index_kb: float
    """Of which the search script and Pagefind's bundle and index files."""
    first_by_kind: dict[str, float]
    """The KB to first results by kind of file (`_kind`), in the run with the median total."""
    fetched_twice: list[str]
    """Files requested more than once before the first results (a preload the worker missed)."""
    done_ms: float
    done_kb: float
    """Everything once the counts of every filter value are shown."""
    next_query_ms: float | None
    """A second query typed in the same page."""
    typed_ms: float | None = None
    """The words typed into the search page a second after it loaded (its other parameters in the
    URL): from the submit to the first results, the wait a reader has after pressing Enter."""
    header_ms: float | None = None
    """The words typed into the header box of a case page (opened a second before, in a fresh
    context), a key every 100 ms, from the submit to the first results on the search page it
    opens: the theme is in the browser's cache, and whatever the first keystroke fetched
    (`assets/search-box.js`). Only for queries of words alone: the box has no filters."""


KINDS = (
    ("fragments", ".pf_fragment"), ("word chunks", ".pf_index"),
    ("filters", ".pf_filter"), ("metadata", ".pf_meta"), ("wasm", ".pagefind"),
    ("entry", "pagefind-entry.json"), ("pagefind js", "/pagefind/"), ("search.js", "/assets/search.js"),
)  # fmt: skip
"""What a request is, by the first match in its path; anything else is the page and its theme."""


def _kind(path: str) -> str:
    return next((kind for kind, part in KINDS if part in path), "page and theme")


def _tally(sent: list[Sent], until: float) -> tuple[int, int]:
    before = [s for s in sent if s.at <= until]
    search = [s for s in before if _kind(s.path) != "page and theme"]
    return sum(s.sent for s in before), sum(s.sent for s in search)


def _by_kind(sent: list[Sent], until: float) -> dict[str, int]:
    kinds: Counter[str] = Counter()
    for s in sent:
        if s.at <= until:
            kinds[_kind(s.path)] += s.sent
    return dict(kinds)


@contextmanager
def _settled(browser: Browser, url: str) -> Iterator[Page]:
    """The page at `url` in a fresh context, loaded, a second after (a reader starts typing)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    time.sleep(1.0)
    try:
        yield page
    finally:
        context.close()


def _typed(browser: Browser, url: str, query: str) -> float:
    """Ms from submitting `query` on the search page at `url` (opened a second before, in a
    fresh context) to its first results."""
    with _settled(browser, url) as page:
        return float(page.evaluate(_NEXT_QUERY, query))


_HEADER_SUBMIT = """() => {
  const at = performance.timeOrigin + performance.now();
  document.querySelector('#debunk-header-q').form.requestSubmit();
  return at;
}"""


def _from_header(browser: Browser, case_url: str, query: str) -> float:
    """Ms from submitting `query`, typed a key every 100 ms into the header box of the case page
    at `case_url` (opened a second before, in a fresh context), to the first results on the
    search page."""
    with _settled(browser, case_url) as page:
        page.locator("#debunk-header-q").press_sequentially(query, delay=100)
        submitted = float(page.evaluate(_HEADER_SUBMIT))
        page.wait_for_selector(".debunk-search[data-state=done]", timeout=120_000)
        marks = page.evaluate(_MARKS)
    return float(marks["origin"] + marks["first"] - submitted)


def _measure(browser: Browser, url: str, query: str | None) -> dict[str, Any]:
    _MeasuringHandler.sent = []
    context = browser.new_context()  # a fresh cache every run
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".debunk-search[data-state=done]", timeout=120_000)
    marks = page.evaluate(_MARKS)
    time.sleep(0.05)
    sent = list(_MeasuringHandler.sent)
    first_at = marks["origin"] + marks["first"]
    first_bytes, first_index = _tally(sent, first_at)
    done_bytes, _ = _tally(sent, marks["origin"] + marks["done"])
    paths = Counter(s.path for s in sent if s.at <= first_at)
    run = {
        "results": marks["results"], "first_ms": marks["first"], "search_ms": marks["first"] - marks["start"],
        "first_bytes": first_bytes, "first_index_bytes": first_index, "done_ms": marks["done"],
        "done_bytes": done_bytes, "by_kind": _by_kind(sent, first_at),
        "twice": sorted(path for path, count in paths.items() if count > 1),
        "next_ms": page.evaluate(_NEXT_QUERY, query[:-1]) if query else None,
    }  # fmt: skip
    context.close()
    return run


def measure_queries(base_url: str, queries: list[tuple[str, dict[str, str]]], case: str) -> list[QueryResult]:
    """Each query opened from its URL, typed on the search page, and typed in the header box of
    the case page at `case` (a path on the site)."""
    measured = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _measure(browser, f"{base_url}/search/?q=warm", "warm")  # the server's gzip cache, not the browser's
        for name, params in queries:
            url = f"{base_url}/search/?{urlencode(params, quote_via=quote)}"
            runs = [_measure(browser, url, params.get("q")) for _ in range(RUNS)]
            rest = {name: value for name, value in params.items() if name != "q"}
            without = f"{base_url}/search/?{urlencode(rest, quote_via=quote)}"
            typed = [_typed(browser, without, params["q"]) for _ in range(RUNS)] if "q" in params else []
            header = (
                [_from_header(browser, f"{base_url}/{case}", params["q"]) for _ in range(RUNS)]
                if not rest
                else []
            )

            def median(key: str, runs: list[dict[str, Any]] = runs) -> float:
                return float(statistics.median(run[key] for run in runs))

            typical = sorted(runs, key=lambda run: run["first_bytes"])[len(runs) // 2]
            measured.append(
                QueryResult(
                    name, url.removeprefix(base_url), runs[0]["results"], round(median("first_ms")),
                    round(median("search_ms")), round(median("first_bytes") / 1000, 1),
                    round(median("first_index_bytes") / 1000, 1),
                    {kind: round(size / 1000, 1) for kind, size in sorted(typical["by_kind"].items())},
                    sorted({path for run in runs for path in run["twice"]}),
                    round(median("done_ms")), round(median("done_bytes") / 1000, 1),
                    round(median("next_ms")) if "q" in params else None,
                    round(statistics.median(typed)) if typed else None,
                    round(statistics.median(header)) if header else None,
                )
            )  # fmt: skip
        browser.close()
    return measured


def a_case_page(site: Path) -> str:
    """The address (site-relative) of the first case page, whose header box the reader types in."""
    return min((site / "cases").rglob("index.html")).parent.relative_to(site).as_posix() + "/"


def bundle_sizes(bundle: Path) -> dict[str, int]:
    sizes: Counter[str] = Counter()
    for path in bundle.rglob("*"):
        if path.is_file():
            group = path.parent.name if path.parent != bundle else "top-level (js, css, wasm, meta)"
            sizes[group] += path.stat().st_size
    return dict(sizes)


def run_search(args: argparse.Namespace) -> dict[str, Any]:
    work: Path = args.work
    if args.queries_only:  # the sites of an earlier run, measured again (e.g. on a quieter machine)
        report = json.loads((work / "search.json").read_text(encoding="utf-8"))
        report["load_average_before"] = os.getloadavg()
        with serve(work / "site") as base_url:
            queries = measure_queries(base_url, pick_queries(work / "project"), a_case_page(work / "site"))
            report["queries"] = [asdict(q) for q in queries]
        report["load_average"] = os.getloadavg()
        (work / "search.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        return dict(report)
    project = prepare_project(work, args.cases, args.seed)
    site = work / "site"
    build_seconds = mkdocs_build(project, site)
    first = tree_digest(site / "pagefind")
    again = build_search_index(site)
    report: dict[str, Any] = {
        "cases": args.cases, "seed": args.seed, "build_seconds": round(build_seconds, 1),
        "index": {"pages": again.pages, "files": again.files, "bytes": again.size,
                  "seconds": round(again.seconds, 1), "reproducible": first == tree_digest(site / "pagefind"),
                  "by_folder": bundle_sizes(site / "pagefind")},
        "single_json": single_json_index(project),
    }  # fmt: skip
    report["load_average_before"] = os.getloadavg()  # other work on the machine slows the browser
    with serve(site) as base_url:
        report["queries"] = [
            asdict(q) for q in measure_queries(base_url, pick_queries(project), a_case_page(site))
        ]
    report["load_average"] = os.getloadavg()
    if args.material:
        report["material"] = material_index(project, work)
    (work / "search.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


def print_search(report: dict[str, Any]) -> None:
    index = report["index"]
    print(f"## Search at {report['cases']:,} cases (seed {report['seed']})\n")
    print(f"- full `mkdocs build` with the index: {report['build_seconds']} s")
    print(f"- Pagefind index: {index['pages']:,} pages, {index['files']:,} files, "
          f"{index['bytes'] / 1e6:.1f} MB on disk, indexed in {index['seconds']} s; "
          f"reproducible: {'yes' if index['reproducible'] else 'NO'}")  # fmt: skip
    for folder, size in sorted(index["by_folder"].items()):
        print(f"  - {folder}: {size / 1e6:.2f} MB")
    single = report["single_json"]
    print(f"- one JSON file of every case's fields: {single['bytes'] / 1e6:.1f} MB "
          f"({single['gzip_bytes'] / 1e6:.1f} MB gzipped)")  # fmt: skip
    if "material" in report:
        material = report["material"]
        print(
            f"- mkdocs-material built-in search index: {material['bytes'] / 1e6:.1f} MB "
            f"({material['gzip_bytes'] / 1e6:.1f} MB gzipped); "
            f"that build took {material['build_seconds']} s"
        )
    before = ", ".join(f"{value:.1f}" for value in report.get("load_average_before", ()))
    load = ", ".join(f"{value:.1f}" for value in report.get("load_average", ()))
    print(f"\nQueries measured with a load average of {before} before and {load} after (1, 5, 15 min) "
          f"on {os.cpu_count()} cores.")  # fmt: skip
    print(
        "\n| query | results | first results: ms from page start (of which search) "
        "| KB to first results (of which search) | filter counts shown: ms, KB "
        "| typed on the open page: ms | typed in a case page's header box: ms | next query in page: ms |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for q in report["queries"]:
        print(
            f"| {q['name']} `{q['url']}` | {q['results']} | {q['first_ms']} ({q['search_ms']}) "
            f"| {q['first_kb']} ({q['first_index_kb']}) | {q['done_ms']}, {q['done_kb']} "
            f"| {q.get('typed_ms') or '-'} | {q.get('header_ms') or '-'} | {q['next_query_ms'] or '-'} |"
        )
    kinds = ["page and theme", *(kind for kind, _ in reversed(KINDS))]
    print("\nKB to first results by file (gzip as served):\n")
    print("| query | " + " | ".join(kinds) + " | total |")
    print("| --- |" + " ---: |" * (len(kinds) + 1))
    for q in report["queries"]:
        sizes = [q["first_by_kind"].get(kind, 0.0) for kind in kinds]
        print(f"| {q['name']} | " + " | ".join(f"{size:.1f}" for size in sizes) + f" | {sum(sizes):.1f} |")
    twice = sorted({path for q in report["queries"] for path in q["fetched_twice"]})
    print(f"\nRequested twice before the first results: {', '.join(twice) or 'nothing'}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    search = commands.add_parser("search", help="search index size, bytes and time to first results")
    search.add_argument("--cases", type=int, default=20_000)
    search.add_argument("--seed", type=int, default=1)
    search.add_argument("--work", type=Path, default=None, help="folder for the project and sites")
    again = "measure the queries again on the sites an earlier run left in --work"
    search.add_argument("--queries-only", action="store_true", help=again)
    search.add_argument("--no-material", dest="material", action="store_false",
                        help="skip the second build with mkdocs-material's search plugin")  # fmt: skip
    build = commands.add_parser("build", help="build time, memory and size against material and Hugo")
    build.add_argument("--cases", type=int, nargs="+", default=[1_000])
    build.add_argument("--seed", type=int, default=1)
    build.add_argument("--work", type=Path, default=None, help="folder for the projects and sites")
    build.add_argument("--no-serve", dest="serve", action="store_false", help="skip the serve rebuild")
    build.add_argument("--debunk-only", type=int, default=None, metavar="N",
                       help="from N cases up, debunk's builds only (no material, Hugo, serve)")  # fmt: skip
    validate = commands.add_parser("validate", help="`debunk validate` of every case, cold and cached")
    validate.add_argument("--cases", type=int, default=20_000)
    validate.add_argument("--seed", type=int, default=1)
    validate.add_argument("--work", type=Path, default=None, help="folder for the project")
    validate.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.work is None:
        args.work = Path(tempfile.mkdtemp(prefix="debunk-bench-"))
    if args.command == "search":
        print_search(run_search(args))
    elif args.command == "build":
        reports = {}
        for cases in args.cases:
            project = prepare_project(args.work / str(cases), cases, args.seed)
            others = args.debunk_only is None or cases < args.debunk_only
            reports[cases] = run_build(project, args.work / str(cases), args.serve, others)
            print_build(cases, reports[cases])
        print_scaling(reports)
    elif args.command == "validate":
        project = prepare_project(args.work / str(args.cases), args.cases, args.seed)
        print_validate(args.cases, run_validate(project, args.runs))


if __name__ == "__main__":
    main()
