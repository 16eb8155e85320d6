"""Evidence that lasts: check that sources and their archived copies still answer, archive the rest.

`check` fetches every source and archive link and classifies it (`fetch`), keeping the results in
a dated cache so that a weekly run re-checks only what is due; `report` writes the terminal table,
the JSON report and the committed `links/report.json` the site reads; `archive` asks the Wayback
Machine for a copy of each source that has none and `edit` writes it into the case file, changing
no other byte. None of it runs during `mkdocs build`.
"""

from __future__ import annotations

WAYBACK_ENV = "DEBUNK_WAYBACK_URL"
"""Where Save Page Now is asked instead of https://web.archive.org: for tests and self-hosted mirrors."""
