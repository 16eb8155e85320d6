"""What `bench.py build` prints: the runs, their ratios, the site's size per case, the targets of
issue 24 met or not, the phases, and how time and memory grow from one size to the next."""

from __future__ import annotations

import itertools
from typing import Any

from bench_build import Run

MATERIAL = "mkdocs-material + tags"
TARGETS = "Targets (issue 24)"


def print_build(cases: int, report: dict[str, Any]) -> None:
    runs: list[Run] = report["runs"]
    print(f"\n## Build, {cases} cases\n")
    print(
        "| build | wall s | peak RSS MB (any process / MkDocs process) | HTML pages | site MB "
        "| site KB per case | case page KB (median / p99 / max) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for run in runs:
        kb = " / ".join(f"{value:.1f}" for value in run.case_page_kb)
        own = f" / {run.process_peak_mb:.0f}" if run.process_peak_mb is not None else ""
        per_case = run.site_mb * 1000 / cases
        print(
            f"| {run.name} | {run.seconds:.1f} | {run.peak_mb:.0f}{own} | {run.pages} "
            f"| {run.site_mb:.0f} | {per_case:.1f} | {kb} |"
        )
    cold = runs[0]
    ratios = ", ".join(f"{r.name} {r.seconds / cold.seconds:.2f}" for r in runs[1:])
    print(f"\nRatios to the cold debunk build: {ratios}")
    material = next((r for r in runs if r.name == MATERIAL), None)
    if material is not None:
        print(
            f"Ratios to {MATERIAL}: "
            + ", ".join(f"{r.name} {r.seconds / material.seconds:.2f}" for r in runs if r is not material)
        )
    print("\nSite MB by folder (cold debunk build): " + ", ".join(
        f"{name} {mb:.1f}" for name, mb in sorted(cold.folders.items(), key=lambda item: -item[1])
    ))  # fmt: skip
    _print_others(report)
    _print_targets(cases, runs, material, report.get("serve_rebuild"))
    _print_phases(runs, report.get("serve_rebuild"))


def _print_others(report: dict[str, Any]) -> None:
    if "validate_seconds" in report:
        print(
            f"\n`debunk validate`: {report['validate_seconds']:.1f} s reading every file (--no-cache), "
            f"{report['validate_cached_seconds']:.1f} s with the case cache"
        )
    if "pagefind" in report:
        seconds, peak = report["pagefind"]
        print(f"Pagefind alone over the built site: {seconds:.1f} s, peak {peak:.0f} MB")
    rebuild = report.get("serve_rebuild")
    if isinstance(rebuild, tuple):
        seconds, peak, _served = rebuild
        shown = f", server peak during it {peak:.0f} MB" if peak is not None else ""
        print(f"`mkdocs serve` rebuild after editing one case: {seconds:.1f} s{shown}")


def _print_targets(cases: int, runs: list[Run], material: Run | None, rebuild: Any) -> None:
    """Each target of issue 24 with this run's figure: met, or by how much it is missed."""
    cold, warm, edited = runs[0], runs[1], runs[2]
    rows: list[tuple[str, str, bool]] = []
    if material is not None:
        ratio = cold.seconds / material.seconds
        rows.append((f"cold build / {MATERIAL} <= 1.0", f"{ratio:.2f}", ratio <= 1.0))
    for label, run, limit in (("nothing changed", warm, 0.1), ("one case edited", edited, 0.2)):
        ratio = run.seconds / cold.seconds
        rows.append((f"{label} / cold <= {limit}", f"{ratio:.2f}", ratio <= limit))
    if isinstance(rebuild, tuple):
        limit = 1.0 if cases <= 1_000 else 3.0
        rows.append((f"`mkdocs serve` rebuild < {limit:.0f} s", f"{rebuild[0]:.1f} s", rebuild[0] < limit))
    per_case = cold.site_mb * 1000 / cases
    rows.append(("site <= 20 KB per case", f"{per_case:.1f} KB", per_case <= 20))
    rows.append(("case page <= 10 KB median", f"{cold.case_page_kb[0]:.1f} KB", cold.case_page_kb[0] <= 10))
    peak = max(run.peak_mb for run in runs if run.name.startswith("debunk"))
    rows.append(("peak memory of any process <= 1,000 MB", f"{peak:.0f} MB", peak <= 1000))
    print(f"\n{TARGETS}, {cases} cases:\n")
    print("| target | this run | met |\n| --- | ---: | --- |")
    for label, figure, met in rows:
        print(f"| {label} | {figure} | {'yes' if met else 'no'} |")


def _print_phases(runs: list[Run], rebuild: Any) -> None:
    served = rebuild[2] if isinstance(rebuild, tuple) else {}
    columns = [(r.name, r.phases) for r in runs[:3]]
    columns += [("`mkdocs serve` rebuild", served)] if served else []
    print("\n| phase | " + " | ".join(name for name, _ in columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for phase in runs[0].phases:
        print(f"| {phase} | " + " | ".join(f"{phases.get(phase, 0.0):.2f}" for _, phases in columns) + " |")


def print_scaling(reports: dict[int, dict[str, Any]]) -> None:
    """How the cold build grows from each size to the next (target: at most linear, 2.5 x from
    20,000 to 50,000 cases) and the site's size against GitHub Pages' 1 GB."""
    sizes = sorted(reports)
    if len(sizes) < 2:
        return
    print("\n## Growth of the cold build\n")
    print("| from | to | cases x | wall x | peak memory x | site MB at the larger size |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for small, large in itertools.pairwise(sizes):
        a, b = reports[small]["runs"][0], reports[large]["runs"][0]
        print(
            f"| {small} | {large} | {large / small:.2f} | {b.seconds / a.seconds:.2f} "
            f"| {b.peak_mb / a.peak_mb:.2f} | {b.site_mb:.0f} |"
        )
