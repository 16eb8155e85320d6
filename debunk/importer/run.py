"""`debunk import`: read, normalise, match to the vocabularies, name, check and write, then report."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from debunk.build.progress import track
from debunk.content.load import load_case
from debunk.content.scaffold import case_slug
from debunk.content.vocab import VOCABULARY_DIR, Vocabularies, fold, load_vocabularies
from debunk.importer.errors import MappingError
from debunk.importer.formats import read_records
from debunk.importer.manifest import manifest_path, read_manifest, write_manifest
from debunk.importer.mapping import Mapping
from debunk.importer.normalise import TERM_FIELDS, Draft, limit_terms, normalise
from debunk.importer.report import Entry, ImportReport
from debunk.importer.split import outlets_by_domain, split_record
from debunk.importer.store import Store
from debunk.importer.terms import LanguageResolver, Resolved, TermResolver
from debunk.importer.vocabulary import add_regions, append_terms
from debunk.importer.writer import case_path, fit_sources, render_case
from debunk.model import Severity


@dataclass(frozen=True)
class ImportOptions:
    """Where the cases go and what the import may change besides them."""

    root: Path
    """The repository root: its `vocabularies/` and `narratives/` are used."""
    cases_dir: Path
    """Where the case files are written (`<root>/cases` unless told otherwise)."""
    extend_vocabulary: bool = False
    keep_duplicates: bool = False
    """Import records that repeat another record exactly as cases of their own."""
    dry_run: bool = False
    """Decide everything, write nothing: no case, no vocabulary, no manifest."""
    update: bool = False
    """Update the cases this import wrote earlier and nobody edited since (`imports/*.json`)."""


def run_import(name: str, mapping: Mapping, paths: Sequence[Path], options: ImportOptions) -> ImportReport:
    """Import the files; every record ends up written, unchanged or in the report with a reason."""
    report = ImportReport(name, [path.name for path in paths], dry_run=options.dry_run)
    report.case_files = report.files[:1] if mapping.links is not None else list(report.files)
    vocabularies = load_vocabularies(options.root)
    verdicts = {id_: verdict.label for id_, verdict in vocabularies.verdicts.items()}
    check_labels(mapping, verdicts)
    manifest_file = manifest_path(options.root, mapping.label or (paths[0].stem if paths else name))
    manifest = read_manifest(manifest_file)
    store = Store(options.root, options.cases_dir, manifest, options.update, options.dry_run)
    records, skipped = read_records(paths, mapping)
    report.records = len(records) + sum(1 for skip in skipped if _file(skip.origin) in report.case_files)
    report.entries += [Entry(skip.origin, "skipped", skip.code, skip.reason) for skip in skipped]
    drafts: list[Draft] = []
    for record in track(records, len(records), "reading records"):
        result = normalise(
            split_record(record, mapping, vocabularies), mapping, verdicts, vocabularies.archives
        )
        if isinstance(result, Draft):
            outlets_by_domain(result, vocabularies.outlets)
            drafts.append(result)
        else:
            report.entries += result.entries
    report.vocabulary = _resolve_terms(drafts, vocabularies, options)
    drafts = _drop_duplicates(drafts, report, options.keep_duplicates)
    _assign_ids(drafts)
    store.plan(drafts)
    _check_references(drafts, options)
    if options.extend_vocabulary and not options.dry_run:
        _extend_files(options.root, report.vocabulary)
    _write_all(drafts, vocabularies, store, report)
    report.changes = store.changed
    if not options.dry_run and (store.manifest or manifest_file.exists()):
        write_manifest(manifest_file, mapping.label or name, store.manifest)
        report.manifest = store.shown(manifest_file)
    return report


def check_labels(mapping: Mapping, verdicts: dict[str, str]) -> None:
    """Every verdict of `verdict_from.labels` is a verdict id or label of `vocabularies/verdicts.yml`."""
    if mapping.verdict_from is None:
        return
    known = {fold(name) for id_, label in verdicts.items() for name in (id_, label)}
    for label, verdict in mapping.verdict_from.labels.items():
        if fold(verdict) not in known:
            allowed = ", ".join(sorted(verdicts))
            message = f"{verdict!r} is not a verdict (allowed: {allowed}, or their labels)"
            raise MappingError(f"verdict_from.labels.{label}: {message}")


def _file(origin: str) -> str:
    return origin.rsplit(":", 1)[0].split("[", 1)[0]


def _resolvers(vocabularies: Vocabularies, extend: bool) -> dict[str, TermResolver]:
    return {
        "keywords": TermResolver(vocabularies.keywords, extend, f"{VOCABULARY_DIR}/keywords.yml"),
        "countries": TermResolver(vocabularies.countries, extend, f"{VOCABULARY_DIR}/countries.yml"),
        "outlets": TermResolver(vocabularies.outlets, extend, f"{VOCABULARY_DIR}/outlets.yml"),
    }


def _resolve_terms(
    drafts: list[Draft], vocabularies: Vocabularies, options: ImportOptions
) -> dict[str, dict[str, list[str]]]:
    """Write every term as its vocabulary does; unknown terms are added (extending) or left out."""
    resolvers = _resolvers(vocabularies, options.extend_vocabulary)
    for draft in drafts:
        for name, resolver in resolvers.items():
            for value in draft.terms[name]:
                resolver.observe(value)
        for source in draft.sources:
            if source.outlet:
                resolvers["outlets"].observe(source.outlet)
    for resolver in resolvers.values():
        resolver.finish()
    languages = LanguageResolver(vocabularies)
    for draft in drafts:
        for name in TERM_FIELDS:
            resolve = languages.resolve if name == "languages" else resolvers[name].resolve
            draft.terms[name] = limit_terms(_resolved(draft, name, resolve), name, draft.notes)
        for source in draft.sources:
            if source.outlet:
                source.outlet = resolvers["outlets"].resolve(source.outlet).canonical
    return {resolver.file: resolver.added for resolver in resolvers.values() if resolver.added}


def _resolved(draft: Draft, name: str, resolve: Callable[[str], Resolved]) -> list[str]:
    kept = []
    for value in draft.terms[name]:
        resolved = resolve(value)
        if resolved.note:
            draft.notes.fix(f"{name} matched", resolved.note)
        if resolved.flag:
            draft.notes.flag(f"unknown {name}", resolved.flag)
        if resolved.canonical is not None:
            kept.append(resolved.canonical)
    return kept


def _drop_duplicates(drafts: list[Draft], report: ImportReport, keep: bool) -> list[Draft]:
    """A record that repeats an earlier one in every value is the same case: skipped, with the reason."""
    if keep:
        return drafts
    first: dict[tuple[str, ...], Draft] = {}
    kept = []
    for draft in drafts:
        earlier = first.setdefault(draft.identity, draft)
        if earlier is draft:
            kept.append(draft)
        else:
            report.entries.append(
                Entry(
                    draft.record.origin,
                    "skipped",
                    "duplicate record",
                    f"repeats {earlier.record.origin} in every value; imported once",
                )
            )
    return kept


def _assign_ids(drafts: list[Draft]) -> None:
    """`<date>-<slug>`; records with the same date and slug are numbered in the order of a stable key."""
    groups: dict[str, list[Draft]] = defaultdict(list)
    for draft in drafts:
        groups[f"{draft.date.isoformat()}-{case_slug(draft.title) or 'case'}"].append(draft)
    used = set(groups)
    for base in sorted(groups):
        members = sorted(groups[base], key=lambda d: (d.record.key, d.identity, d.record.origin))
        members[0].case_id = base
        number = 2
        for draft in members[1:]:
            while f"{base}-{number}" in used:
                number += 1
            draft.case_id = f"{base}-{number}"
            used.add(draft.case_id)
            draft.notes.fix(
                "id numbered",
                f"{base!r} is taken by another record with this date and title: written as {draft.case_id!r}",
            )
    drafts.sort(key=lambda d: (d.date, d.case_id))


def _existing_ids(cases_dir: Path) -> set[str]:
    return {path.stem for path in cases_dir.glob("*/*.md")} if cases_dir.is_dir() else set()


def _check_references(drafts: list[Draft], options: ImportOptions) -> None:
    """Narratives and related cases must exist; a reference to nothing is left out and reported."""
    narratives = {path.stem for path in (options.root / "narratives").glob("*.md")}
    cases = _existing_ids(options.cases_dir) | {draft.case_id for draft in drafts}
    for draft in drafts:
        for name, known, values in (
            ("narrative", narratives, draft.narratives),
            ("case", cases, draft.related),
        ):
            missing = [value for value in values if value not in known]
            for value in missing:
                draft.notes.flag("unknown reference", f"{name} {value!r} does not exist; left out")
            values[:] = [value for value in values if value in known]


def _extend_files(root: Path, added: dict[str, dict[str, list[str]]]) -> None:
    for name, terms in added.items():
        path = root / name
        if name.endswith("countries.yml"):
            add_regions(path, terms)
        else:
            append_terms(path, terms)


def _write_all(drafts: list[Draft], vocabularies: Vocabularies, store: Store, report: ImportReport) -> None:
    """Check each case as `debunk validate` reads it, then write it; a case with errors is not written."""
    lists = {"written": report.written, "unchanged": report.unchanged, "updated": report.updated}
    with tempfile.TemporaryDirectory() as scratch:
        for draft in track(drafts, len(drafts), "checking and writing cases"):
            moved = fit_sources(draft)
            if moved:
                draft.notes.flag(
                    "too many sources",
                    f"{moved} sources do not fit in the front matter; listed in the summary instead",
                )
            text = render_case(draft)
            errors = _errors(text, draft, Path(scratch), vocabularies)
            if errors:
                outcome, detail = "skipped", "would not validate: " + "; ".join(errors)
            else:
                outcome, detail = store.place(draft, text)
            if outcome == "skipped":
                code, _sep, reason = detail.partition(": ")
                draft.notes.skip(code, reason)
            else:
                lists[outcome].append(detail)
            case = draft.case_id if outcome != "skipped" else ""
            report.entries += [Entry(e.origin, e.kind, e.code, e.message, case) for e in draft.notes.entries]


def _errors(text: str, draft: Draft, scratch: Path, vocabularies: Vocabularies) -> list[str]:
    path = case_path(scratch / "cases", draft)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _case, problems = load_case(path, scratch, vocabularies)
    path.unlink()
    return [f"{p.field}: {p.message}" for p in problems if p.severity is Severity.ERROR]
