"""How much to trust one extraction: a score from 0 to 1 and the reasons behind it.

Computed from what the extractor saw while it worked (how much of the page's prose it
kept, whether it had to fall back to the relaxed pass, what its output is made of), not
from the truth, which it never has. The score ranks pages: a low one says "look at this
page" to a user. Whether scraper doubts itself enough to ask trafilatura's second
opinion (``second_opinion.py``, which costs trafilatura's time) is a separate question
with its own weighting of the same measures (``doubts``), so that re-ranking the score
does not change which pages pay for it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

from scraper.extraction.blocks import Block
from scraper.model import Quality

__all__ = ["Reason", "Signals", "assess", "doubts"]


class Reason(StrEnum):
    """Why a score is below 1, in the words a user reads."""

    NO_TEXT = "no article text found"
    VERY_SHORT = "very short"
    SHORT = "short"
    LEFT_OUT = "most of the page's prose left out"
    MOSTLY_LINKS = "output mostly links"
    LISTING = "looks like a listing"
    RELAXED = "found only by the relaxed pass"
    FRAGMENTED = "mostly short fragments, few sentences"
    # What comes after the article's last paragraph of prose, or before its first, is
    # where chrome left in sits: teaser lists, rankings, promos, link rows, labels.
    TAIL = "much text after the last paragraph"
    HEAD = "much text before the first paragraph"
    SECOND_OPINION = "trafilatura's second opinion applied"


@dataclass(frozen=True, slots=True)
class Signals:
    """What the extractor knew about the page when it finished."""

    page_prose: int  # prose (non-link text) of the whole page, in measure.size units
    listing: bool  # the page was read as a list of links
    relaxed: bool  # the strict pass found too little; the relaxed pass was kept
    # All the text the page has once its chrome is skipped (measure.size units; 0:
    # unknown): an output that is a small part of it chose one region among several.
    page_text: int = 0


# Each reason multiplies the score by its factor; a page with several doubts sinks.
_FACTORS: dict[Reason, float] = {
    Reason.NO_TEXT: 0.0,
    Reason.VERY_SHORT: 0.4,
    Reason.SHORT: 0.75,
    Reason.LEFT_OUT: 0.6,
    Reason.MOSTLY_LINKS: 0.5,
    Reason.LISTING: 0.6,
    Reason.RELAXED: 0.7,
    Reason.FRAGMENTED: 0.7,
    Reason.TAIL: 0.8,
    Reason.HEAD: 0.8,
    Reason.SECOND_OPINION: 1.0,
}
_VERY_SHORT = 300
_SHORT = 1200
_LEFT_OUT = 0.35
_LINKS = 0.35
_FRAGMENT = 80
_FRAGMENTED = 0.5
_ENDS = 0.2  # share of the output after the last paragraph (or before the first)
_SENTENCE = re.compile(r"[.!?…。！？\"”»)]$")


@dataclass(frozen=True, slots=True)
class _Measures:
    """The output's measures, each from 0 (bad) to 1 (nothing looked wrong)."""

    plain: float  # share of the output that is not link text
    prose_kept: float  # share of the page's prose the output holds, full at 70%
    sentences: float  # share of the output in paragraphs or lines ending a sentence
    length: float  # the output's size, full at 2,400 size units
    held: float  # share of the chrome-free page's text the output holds
    long: float  # share of the output in blocks of 80 size units or more
    tail: float  # share of the output not after its last paragraph of prose
    head: float  # share of the output not before its first paragraph of prose


def _measures(blocks: list[Block], signals: Signals) -> _Measures:
    total = sum(b.size for b in blocks)
    links = sum(b.link_chars for b in blocks) / total
    prose = total * (1 - links)
    kept = min(1.0, prose / (_LEFT_OUT * 2 * signals.page_prose)) if signals.page_prose else 1.0
    sentences = sum(
        b.size for b in blocks if b.size >= _FRAGMENT or _SENTENCE.search(b.text) is not None
    )
    paragraphs = [i for i, block in enumerate(blocks) if block.prose]
    # No paragraph of prose at all: "mostly short fragments" says it, not these two.
    after = sum(b.size for b in blocks[paragraphs[-1] + 1 :]) if paragraphs else 0
    before = sum(b.size for b in blocks[: paragraphs[0]]) if paragraphs else 0
    return _Measures(
        plain=1 - links,
        prose_kept=kept,
        sentences=sentences / total,
        length=min(1.0, total / (2 * _SHORT)),
        held=min(1.0, total / signals.page_text) if signals.page_text else 1.0,
        long=1 - sum(b.size for b in blocks if b.size < _FRAGMENT) / total,
        tail=1 - after / total,
        head=1 - before / total,
    )


# When to doubt (ask trafilatura): the weighting the threshold ``pipeline.DOUBT`` was
# set with (WCXB dev tune: 8% of pages asked, fundus-dev tune: none).
_DOUBT = {
    "plain": 1.0,
    "prose_kept": 0.5,
    "sentences": 0.5,
    "length": 0.25,
    "held": 0.25,
    "long": 0.5,
}
# The score: each measure raised to its weight, multiplied. The weights of the doubt
# measure, plus the text after the last paragraph of prose and before the first, where
# chrome left in a news story sits (teasers, rankings, promos, labels). On the tune parts
# (the check parts are never looked at) Spearman(score, F1) went 0.508 -> 0.515 on WCXB
# dev and 0.292 -> 0.299 on fundus-dev; on five folds of each by site, every fold agreed.
_RANK = {**_DOUBT, "tail": 1.0, "head": 1.0}


def _reasons(blocks: list[Block], signals: Signals) -> list[Reason]:
    total = sum(b.size for b in blocks)
    if not total:
        return [Reason.NO_TEXT]
    reasons = []
    if total < _VERY_SHORT:
        reasons.append(Reason.VERY_SHORT)
    elif total < _SHORT:
        reasons.append(Reason.SHORT)
    prose = sum(b.size - b.link_chars for b in blocks)
    if signals.page_prose and prose < _LEFT_OUT * signals.page_prose:
        reasons.append(Reason.LEFT_OUT)
    if sum(b.link_chars for b in blocks) > _LINKS * total:
        reasons.append(Reason.MOSTLY_LINKS)
    if signals.listing:
        reasons.append(Reason.LISTING)
    if signals.relaxed:
        reasons.append(Reason.RELAXED)
    sentences = sum(
        b.size for b in blocks if b.size >= _FRAGMENT or _SENTENCE.search(b.text) is not None
    )
    if sentences < _FRAGMENTED * total:
        reasons.append(Reason.FRAGMENTED)
    measures = _measures(blocks, signals)
    if measures.tail <= 1 - _ENDS:
        reasons.append(Reason.TAIL)
    if measures.head <= 1 - _ENDS:
        reasons.append(Reason.HEAD)
    return reasons


def _weighed(blocks: list[Block], signals: Signals, weights: dict[str, float]) -> float:
    """The measures raised to ``weights`` and multiplied, then the listing's and the
    relaxed pass's factors: a continuous score, so that pages rank within a reason."""
    measures = _measures(blocks, signals)
    score = math.prod(getattr(measures, name) ** weight for name, weight in weights.items())
    if signals.listing:
        score *= _FACTORS[Reason.LISTING]
    if signals.relaxed:
        score *= _FACTORS[Reason.RELAXED]
    return float(score)


def doubts(blocks: list[Block], signals: Signals, threshold: float) -> bool:
    """Whether scraper doubts the extraction that kept ``blocks`` enough to ask
    trafilatura: its doubt measure is below ``threshold`` (or it kept nothing)."""
    if not sum(b.size for b in blocks):
        return True
    return round(_weighed(blocks, signals, _DOUBT), 3) < threshold


def assess(blocks: list[Block], signals: Signals, *, second_opinion: bool = False) -> Quality:
    """The quality of an extraction that kept ``blocks``; ``second_opinion``: trafilatura
    was asked and some blocks were dropped on its word (said in the reasons)."""
    reasons = _reasons(blocks, signals)
    if Reason.NO_TEXT in reasons:
        return Quality(0.0, (str(Reason.NO_TEXT),))
    score = _weighed(blocks, signals, _RANK)
    reasons.sort(key=lambda reason: _FACTORS[reason])
    if second_opinion:
        reasons.append(Reason.SECOND_OPINION)
    return Quality(round(score, 3), tuple(str(reason) for reason in reasons))
