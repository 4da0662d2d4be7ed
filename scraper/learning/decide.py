"""Deciding, for one site, which recurring lines are chrome and which are article text.

    [PageLines of one site] ──recurring──▶ candidate lines ──votes──▶ LearnedSite

A line *recurs* when it is on at least ``min_share`` of the site's pages and on at
least ``min_pages`` of them. Template chrome sits on nearly every page; the repeated
text of articles (a column's fixed introduction, a correction notice, a series' note)
is tied to some of them, so a line below that share is never learned.

A recurring line can still be article text: a standfirst every post of a newsletter
opens with, a paper's sign-off line, a section heading every article uses ("Why it
matters"). Each occurrence of a recurring line votes, by where it sits on its page
relative to the page's *own prose* (its sentences of eight words or more that do not
recur):

* **Between the page's own paragraphs.** A heading stays (a recurring section
  heading); a sentence stays (a recurring note in the story) unless it stands in a run
  of recurring lines that holds a label or a call to action (the pitch of a promo box:
  "Tide alert" / pitch / "Text TIDE to 60777"); anything else (a short label such as
  "Advertisement", a call to action such as "Sign up for ...") is chrome: a box the
  template drops into the body.
* **Above the first or below the last own paragraph.** A sentence stays when nothing
  that is chrome stands between it and the article (a standfirst right above the
  story, a sign-off or correction right under it); everything else is chrome: menus,
  share labels, headings of boxes ("Newsletter"), "Follow us on ..." lines, and
  sentences that belong to a box (a promo's pitch under its heading).

A sentence is a line that ends like one and has at least eight words; a line that
opens with a call to action ("Follow", "Subscribe", "Share", ...) is never a sentence
of the story. The line is learned as chrome when most of its occurrences vote so; a
tie keeps it (losing an article line is worse than leaking a chrome line).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scraper.learning.lines import LineInfo, PageLines

__all__ = ["LearnConfig", "LearnedSite", "decide", "learn_site", "page_keys", "recurring_need"]


@dataclass(frozen=True, slots=True)
class LearnConfig:
    """How much evidence learning asks for.

    ``min_pages``: a site with fewer pages learns nothing, and a line must be on at
    least this many; ``min_share``: ...and on at least this share of the site's pages;
    ``window``: how many of a site's most recent pages a job learns from.
    """

    min_pages: int = 3
    min_share: float = 0.3
    window: int = 200


@dataclass(frozen=True, slots=True)
class LearnedSite:
    """What was learned about one site: its chrome lines and the repeated text kept."""

    site: str
    pages: int
    chrome: tuple[str, ...] = ()  # as shown on the pages, sorted by their key
    kept: tuple[str, ...] = ()  # recurring lines judged to be article text

    @property
    def empty(self) -> bool:
        return not self.chrome


def recurring_need(pages: int, config: LearnConfig) -> int:
    """On how many of a site's ``pages`` a line must be to recur."""
    return max(config.min_pages, math.ceil(config.min_share * pages))


def page_keys(page: PageLines) -> set[str]:
    """The keys of the lines of ``page`` that could become rules, each once."""
    return {line.key for line in page.lines if line.key}


def _recurring(pages: Sequence[PageLines], config: LearnConfig) -> set[str]:
    """Keys on at least ``min_share`` of the pages (and at least ``min_pages``)."""
    on_pages: Counter[str] = Counter()
    for page in pages:
        on_pages.update(page_keys(page))
    need = recurring_need(len(pages), config)
    return {key for key, count in on_pages.items() if count >= need}


def _chrome_like(line: LineInfo) -> bool:
    return line.heading or not line.prose or line.action


def _in_box(lines: Sequence[LineInfo], i: int, recurring: set[str]) -> bool:
    """Whether line ``i`` is in a run of recurring lines that holds a label or a call to
    action: a box the template puts in the body ("Tide alert" / pitch / "Text TIDE")."""
    start, end = i, i
    while start > 0 and lines[start - 1].key in recurring:
        start -= 1
    while end + 1 < len(lines) and lines[end + 1].key in recurring:
        end += 1
    return any(not b.heading and _chrome_like(b) for b in lines[start : end + 1])


def _votes(lines: Sequence[LineInfo], recurring: set[str]) -> Iterable[tuple[str, bool]]:
    """``(key, is_chrome)`` for each occurrence of a recurring line on one page."""
    own = [i for i, line in enumerate(lines) if line.prose and line.key not in recurring]
    if not own:  # nothing of the page's own to tell the article by: no vote
        return
    for i, line in enumerate(lines):
        if line.key not in recurring:
            continue
        if own[0] < i < own[-1]:
            yield (
                line.key,
                not line.heading and (_chrome_like(line) or _in_box(lines, i, recurring)),
            )
        else:
            between = lines[i + 1 : own[0]] if i < own[0] else lines[own[-1] + 1 : i]
            cut_off = any(b.key in recurring and _chrome_like(b) for b in between)
            yield line.key, _chrome_like(line) or cut_off


def learn_site(site: str, pages: Sequence[PageLines], config: LearnConfig) -> LearnedSite:
    """The chrome of ``site`` learned from ``pages`` (their order does not matter)."""
    pages = list(dict.fromkeys(pages))  # a page saved twice is one page
    if len(pages) < config.min_pages:
        return LearnedSite(site, len(pages))
    return decide(site, len(pages), _recurring(pages, config), pages)


def decide(site: str, count: int, recurring: set[str], pages: Iterable[PageLines]) -> LearnedSite:
    """Which of the ``recurring`` lines of ``site``'s ``count`` distinct ``pages`` are
    chrome. ``pages`` is read once, one page at a time, in any order: what is held
    besides the page at hand is a few counters over ``recurring`` (``scraper.learning.
    spool`` streams the pages from disk)."""
    if not recurring:
        return LearnedSite(site, count)
    chrome_votes: Counter[str] = Counter()
    keep_votes: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for page in pages:
        for key, is_chrome in _votes(page.lines, recurring):
            (chrome_votes if is_chrome else keep_votes)[key] += 1
        for line in page.lines:
            if line.key in recurring and (line.key not in shown or line.text < shown[line.key]):
                shown[line.key] = line.text  # the smallest spelling: same on any order
    chrome = sorted(k for k in recurring if chrome_votes[k] > keep_votes[k])
    kept = sorted(k for k in recurring if chrome_votes[k] <= keep_votes[k])
    return LearnedSite(site, count, tuple(shown[k] for k in chrome), tuple(shown[k] for k in kept))
