"""Learning chrome from many pages at once, for a program (``Fetcher.fetch_many``).

    Document... ──Learner.observe──▶ per-site lines ──learned()──▶ {site: LearnedSite}
                                         Learner.clean(docs) ──▶ Document... (chrome dropped)

What is learned depends on the set of pages seen, never on their order, so the
documents ``clean`` returns are the same however the fetches finished.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from scraper.extraction.rules import phrase_key
from scraper.learning.apply import drop_lines
from scraper.learning.decide import LearnConfig, LearnedSite, learn_site
from scraper.learning.lines import PageLines, page_lines
from scraper.learning.rulesfile import render_rules
from scraper.learning.sites import site_of
from scraper.model import Document

__all__ = ["Learner"]


@dataclass
class Learner:
    """Collects cleaned documents per site; ``learned()`` decides what is chrome.

    ``site``: the site of documents that carry no URL (default: their source's folder).
    """

    config: LearnConfig = field(default_factory=LearnConfig)
    site: str | None = None
    _pages: dict[str, list[PageLines]] = field(default_factory=dict, repr=False)

    def site_of(self, doc: Document) -> str:
        url = doc.url or (doc.fetch.final_url if doc.fetch is not None else None)
        return site_of(url, doc.source, self.site)

    def observe(self, doc: Document) -> None:
        site = self.site_of(doc)
        self._pages.setdefault(site, []).append(page_lines(doc, site))

    def add(self, lines: PageLines) -> None:
        self._pages.setdefault(lines.site, []).append(lines)

    def learned(self) -> dict[str, LearnedSite]:
        return {
            site: learn_site(site, pages, self.config)
            for site, pages in sorted(self._pages.items())
        }

    def rules_toml(self, source: str = "") -> str:
        return render_rules(self.learned().values(), source=source)

    def clean(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Learn from all of ``docs``, then give each back without its site's chrome."""
        docs = list(docs)
        for doc in docs:
            self.observe(doc)
        learned = self.learned()
        keys = {site: frozenset(map(phrase_key, s.chrome)) for site, s in learned.items()}
        for doc in docs:
            yield drop_lines(doc, keys.get(self.site_of(doc), frozenset()))
