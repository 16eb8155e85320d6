"""Importing existing case databases: CSV or JSON files in, one valid case file per record out.

`formats` reads a file into neutral records by a mapping (`mapping`), `normalise` and `terms` fix
what real data gets wrong, `writer` writes the case files, and `report` says what happened to
every record. `run.run_import` ties them together for `debunk import`.
"""

from __future__ import annotations

from debunk.importer.errors import MappingError
from debunk.importer.mapping import FORMATS, Mapping, load_mapping
from debunk.importer.report import ImportReport
from debunk.importer.run import ImportOptions, run_import

__all__ = [
    "FORMATS",
    "ImportOptions",
    "ImportReport",
    "Mapping",
    "MappingError",
    "load_mapping",
    "run_import",
]
