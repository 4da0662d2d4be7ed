"""Site health: per site and run, how well extraction went, and when it fell sharply.

    saved documents of one run ──per site──▶ SiteFigures ──vs the site's recent runs──▶ alert

A layout change that breaks extraction shows in a site's figures long before anyone
reads the documents: the median text gets short, pages come out empty, bylines and
dates stop being found, the quality score (``Document.quality``, where the extractor
gives one) drops. Each run's figures are compared with the median of the same site's
last ``RECENT`` runs that saved at least ``MIN_PAGES`` pages; a run is judged only when
it saved that many pages of the site too.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from scraper.model import Document

__all__ = ["MIN_PAGES", "RECENT", "PageFigures", "SiteFigures", "fallen", "figures", "page_figures"]

MIN_PAGES = 3
RECENT = 5
LOW_QUALITY = 0.5  # a quality score under this counts as low
# What counts as a sharp fall from the recent median.
TEXT_RATIO = 0.5  # median text length under half of what it was
SHARE_RISE = 0.3  # empty or low-quality share up by 30 points or more
SHARE_FALL = 0.5  # author or date share down by 50 points or more


@dataclass(frozen=True, slots=True)
class PageFigures:
    chars: int
    author: bool
    date: bool
    quality: float | None


def page_figures(doc: Document) -> PageFigures:
    # Document.quality is promised by the extractor (issue 8) but may not exist yet.
    quality = getattr(doc, "quality", None)
    score = getattr(quality, "score", None)
    return PageFigures(
        len(doc.text),
        bool(doc.authors),
        bool(doc.published),
        float(score) if isinstance(score, int | float) else None,
    )


@dataclass(frozen=True, slots=True)
class SiteFigures:
    """One site's figures in one run; shares are in [0, 1]."""

    site: str
    pages: int
    median_chars: int
    empty: float
    low_quality: float | None  # None when no document carried a quality score
    authors: float
    dates: float


def figures(site: str, pages: Sequence[PageFigures]) -> SiteFigures:
    count = len(pages)
    scored = [p.quality for p in pages if p.quality is not None]
    return SiteFigures(
        site=site,
        pages=count,
        median_chars=int(statistics.median(p.chars for p in pages)) if pages else 0,
        empty=_share(sum(p.chars == 0 for p in pages), count),
        low_quality=_share(sum(q < LOW_QUALITY for q in scored), len(scored)) if scored else None,
        authors=_share(sum(p.author for p in pages), count),
        dates=_share(sum(p.date for p in pages), count),
    )


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def fallen(now: SiteFigures, recent: Sequence[SiteFigures]) -> str | None:
    """One line naming the site and the figures that fell sharply, or ``None``."""
    before = [r for r in recent if r.pages >= MIN_PAGES][:RECENT]
    if now.pages < MIN_PAGES or not before:
        return None
    changes: list[str] = []
    chars = _median([r.median_chars for r in before])
    if chars and now.median_chars < TEXT_RATIO * chars:
        changes.append(f"median text {round(chars)} -> {now.median_chars} chars")
    empty = _median([r.empty for r in before])
    if now.empty - empty >= SHARE_RISE:
        changes.append(f"empty {_pct(empty)} -> {_pct(now.empty)}")
    scored = [r.low_quality for r in before if r.low_quality is not None]
    if now.low_quality is not None and scored:
        low = _median(scored)
        if now.low_quality - low >= SHARE_RISE:
            changes.append(f"low quality {_pct(low)} -> {_pct(now.low_quality)}")
    for name, value, old in (
        ("author", now.authors, _median([r.authors for r in before])),
        ("date", now.dates, _median([r.dates for r in before])),
    ):
        if old - value >= SHARE_FALL:
            changes.append(f"{name} {_pct(old)} -> {_pct(value)}")
    if not changes:
        return None
    runs = f"{len(before)} run{'s' * (len(before) != 1)}"
    return (
        f"site health: {now.site}: " + ", ".join(changes) + f" ({now.pages} pages this run,"
        f" against the median of its last {runs})"
    )
