"""Generated pages remembered from the last build of the process, for `mkdocs serve` rebuilds.

After an edit to one case, `mkdocs serve` builds the whole site again, and generating the
Markdown of every page was 5 to 7 s of it at 20,000 cases, for pages that are almost all
unchanged. A page is a function of what it reads: a case page of its case, the cases before
and after it, its related cases and why, and the labels and addresses of its narratives and
terms, and what the last link check found of its sources; a term page of its term and the
term's cases; a narrative page of the narrative, its cases and the labels and addresses of
every term; and all of them of the settings, the verdicts, the archive services and a
preview's held cases (`_shared`). A page is reused when the shared inputs are equal to the
last build's and its own are too.

Cases are frozen, and a `mkdocs serve` rebuild loads an unchanged case file to the same object
(`debunk.content.batch`), so comparing a page's inputs is mostly comparing identities. Only the last
build's pages are kept (`debunk.build.previous.Previous.pages`), and only pages made through
`PageMemo.pages` are reused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from debunk.site.pages.base import GeneratedPage, Site

Inputs = tuple[object, ...]
Remembered = dict[tuple[str, str], tuple[Inputs, Sequence["GeneratedPage"]]]


def _shared(site: Site) -> Inputs:
    """What every remembered page may read besides its own inputs."""
    vocabularies = site.content.vocabularies
    held = tuple(sorted(site.held.items()))  # a preview's marks: rare, and on many pages
    return (site.settings, tuple(vocabularies.verdicts.items()), vocabularies.archives, held)


def _terms(site: Site) -> Inputs:
    return tuple(
        (taxonomy, tuple((name, term.label, term.slug) for name, term in terms.items()))
        for taxonomy, terms in site.terms.items()
    )


class PageMemo:
    """One build's pages by kind and name with their inputs, and the last build's to reuse."""

    def __init__(self, site: Site, last: PageMemo | None) -> None:
        self.shared = _shared(site)
        self.terms = _terms(site)
        """Every term's label and address, for the pages that read many (narrative pages)."""
        self.previous: Remembered = {}
        if last is not None and last.shared == self.shared:
            self.previous = last.current
            if last.terms == self.terms:
                self.terms = last.terms  # then comparing it in a page's inputs is one `is`
        self.current: Remembered = {}

    def pages(
        self, kind: str, name: str, inputs: Inputs, make: Callable[[], Sequence[GeneratedPage]]
    ) -> Sequence[GeneratedPage]:
        """The pages `make()` returns, or the same ones as last time when `inputs` are equal."""
        old = self.previous.get((kind, name))
        pages = old[1] if old is not None and old[0] == inputs else make()
        self.current[(kind, name)] = (inputs, pages)
        return pages

    def kept(self) -> PageMemo:
        """This memo as the next build's last one (`debunk.build.previous.Previous.pages`): it lets go
        of the build before."""
        self.previous = {}
        return self
