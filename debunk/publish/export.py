"""Open data: every case as CSV and JSON Lines, a Frictionless data package, a ClaimReview feed and
the JSON Schema of the case format. Deterministic: the same cases give byte-identical files.
What the files hold and how they are described is `debunk.publish.opendata`."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import defaultdict
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from debunk.build.previous import Previous, Table
from debunk.content.dates import CaseDates, case_dates
from debunk.content.repository import Content
from debunk.content.schema import schema_text
from debunk.content.vocab import Verdict
from debunk.model import Case
from debunk.publish.claimreview import claim_review
from debunk.publish.opendata import CASE_COLUMNS, LIST_SEPARATOR, datapackage, license_url
from debunk.publish.outputs import Output, write_output
from debunk.settings import Settings
from debunk.site.paths import DATA_FOLDER, case_path


def case_record(case: Case, settings: Settings, dates: CaseDates | None = None) -> dict[str, Any]:
    """Every field of a case, JSON-ready, in the column order of the CSV files."""
    published = (dates or case_dates([case])[case.id]).published
    return {
        "id": case.id,
        "url": settings.site_url + case_path(case),
        "title": case.title,
        "date": case.date.isoformat(),
        "published": published.isoformat(),
        "verdict": case.verdict,
        "narratives": list(case.narratives),
        "keywords": list(case.keywords),
        "countries": list(case.countries),
        "languages": list(case.languages),
        "outlets": list(case.outlets),
        "sources": [{"url": s.url, "archive": s.archive, "outlet": s.outlet} for s in case.sources],
        "reported_in": case.reported_in,
        "related": list(case.related),
        "summary": case.summary,
        "response": case.response,
        "updates": [{"date": u.date.isoformat(), "kind": u.kind, "note": u.note} for u in case.updates],
    }


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to Excel or LibreOffice (CSV injection)."""
GUARDED_START = (*FORMULA_START, "'")
"""Guarded with a leading `'`: the formula starts, and `'` itself, so that removing the guard is exact."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False)
        text = LIST_SEPARATOR.join(value)
    else:
        text = str(value)
    # A leading apostrophe makes spreadsheets show the text; `debunk import` removes it again.
    return "'" + text if text.startswith(GUARDED_START) else text


def _verdict(content: Content, case: Case) -> Verdict:
    return content.vocabularies.verdicts.get(case.verdict) or Verdict(case.verdict, case.verdict, "", 1)


def _json(data: Any) -> bytes:
    """Indented JSON: the bytes of `json.dumps(data, indent=2, ensure_ascii=False) + "\\n"`."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def compact_json(data: Any) -> bytes:
    """JSON for programs, keys in the order written: the bytes of
    `json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\\n"`.

    Indentation is a third of an indented ClaimReview feed or case file (28.2 MB against 19.2 MB
    for the feed at 20,000 cases), and no reader of these files needs it.
    """
    return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)


class _Entry(NamedTuple):
    """One case's part of the exports: its CSV row, JSON line and ClaimReview."""

    inputs: tuple[Case, Settings, Verdict, CaseDates]
    row: str
    line: str


def _case_entries(
    content: Content, settings: Settings, dates: dict[str, CaseDates], last: Table[str, Any, Any]
) -> list[_Entry]:
    """Every case's entry, in `content.cases` order; made anew where the case, the settings,
    its verdict or its dates differ from the last build's (`last`).

    A `mkdocs serve` rebuild after an edit makes one case's again, not 20,000 (1 to 1.5 s).
    The entries hold 45 MB at 20,000 cases; the ClaimReviews, which as Python objects would
    hold several times their 27 MB of JSON, are made again each time (0.2 s).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    entries: list[_Entry] = []
    for case in content.cases:
        verdict = _verdict(content, case)
        inputs = (case, settings, verdict, dates[case.id])
        entry: _Entry | None = last.recall(case.id, inputs)
        if entry is None:
            record = case_record(case, settings, dates[case.id])
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([_cell(record[name]) for name, _type, _description in CASE_COLUMNS])
            line = json.dumps(record, ensure_ascii=False) + "\n"
            entry = _Entry(inputs, buffer.getvalue(), line)
        entries.append(last.keep(case.id, inputs, entry))
    last.turn()
    return entries


def _claimreview_feed(settings: Settings, entries: Sequence[_Entry], name: str) -> dict[str, Any]:
    """A schema.org DataFeed of the ClaimReview of every case of `entries`, newest first, at `name`."""
    newest = sorted(
        (entry.inputs for entry in entries), key=lambda inputs: (inputs[0].date, inputs[0].id), reverse=True
    )
    feed: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.site_name}: fact checks",
        "url": settings.site_url + DATA_FOLDER + name,
        "license": license_url(settings.license),
        "dataFeedElement": [claim_review(*inputs) for inputs in newest],
    }
    if newest:
        changed = (max(d.published, d.modified or d.published) for _c, _s, _v, d in newest)
        feed["dateModified"] = max(changed).isoformat()
    return feed


WHOLE_FEED = "claimreview-feed.json"
"""The ClaimReview feed of every case (published gzip-compressed)."""


def year_feed(year: int) -> str:
    """The ClaimReview feed of one year's cases."""
    return f"claimreview-feed-{year}.json"


def _gzip(data: bytes) -> bytes:
    """`data` gzip-compressed, byte-reproducible: mtime 0 and no file name in the header.

    Level 1: at 20,000 cases the three whole files take 1.9 s (every build) for 16.1 MB, where
    level 6 takes 6.6 s for 13.6 MB.
    """
    return gzip.compress(data, compresslevel=1, mtime=0)


def _csv(entries: Sequence[_Entry]) -> bytes:
    """The CSV of `entries`: the header, then one row for each."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow([column for column, _type, _what in CASE_COLUMNS])
    return "".join([header.getvalue(), *(entry.row for entry in entries)]).encode("utf-8")


def _feed(settings: Settings, entries: Sequence[_Entry], name: str) -> bytes:
    """The ClaimReview feed of `entries`, published as `name` (its own `url`)."""
    return compact_json(_claimreview_feed(settings, entries, name))


def export_files(
    content: Content,
    settings: Settings,
    dates: dict[str, CaseDates] | None = None,
    previous: Previous | None = None,
) -> dict[str, bytes]:
    """{file name: bytes} of every export file, in a stable order; `dates` as `Site.dates`
    (default: without git's, `debunk.content.dates.case_dates`); each case's part reused from the last
    build's (`previous`) when its inputs are equal.

    Each year's cases (by `date`, which never changes) are one part, `cases-<year>.csv` and
    `claimreview-feed-<year>.json`, for the readers who open or fetch a file as it is (a
    spreadsheet, an aggregator's fetch); every case is also in the whole files, gzip-compressed
    only: `cases.csv.gz`, `cases.jsonl.gz`, `claimreview-feed.json.gz` (README, Open data, measures).
    """
    last = previous or Previous()
    entries = _case_entries(content, settings, dates or case_dates(content.cases), last.exports)
    years: dict[int, list[_Entry]] = defaultdict(list)
    for entry in entries:
        years[entry.inputs[0].date.year].append(entry)
    whole = {
        "cases.csv.gz": _csv(entries),
        "cases.jsonl.gz": "".join(entry.line for entry in entries).encode("utf-8"),
        WHOLE_FEED + ".gz": _feed(settings, entries, WHOLE_FEED + ".gz"),
    }
    files = {name: last.gzipped.get(name, data, partial(_gzip, data)) for name, data in whole.items()}
    last.gzipped.turn()
    for year, part in years.items():
        files[f"cases-{year}.csv"] = _csv(part)
        files[year_feed(year)] = _feed(settings, part, year_feed(year))
    files["case.schema.json"] = schema_text().encode("utf-8")
    files["datapackage.json"] = _json(datapackage(settings, files))
    return dict(sorted(files.items()))


def write_exports(
    content: Content, settings: Settings, out_dir: Path, dates: dict[str, CaseDates] | None = None
) -> list[str]:
    """Write the export files into `out_dir`; return their paths, in a stable order. `dates` as
    `export_files`.

    A file of the same name that this did not write is never replaced: OutputRefusedError names it.
    The files an earlier export wrote that this one no longer writes (a year without cases now,
    the uncompressed whole files of earlier versions) are removed; no other file is touched.
    """
    files = export_files(content, settings, dates)
    written = write_output(Output(out_dir, "export", exclusive=False), list(files), files.items())
    return [path.as_posix() for path in written]
