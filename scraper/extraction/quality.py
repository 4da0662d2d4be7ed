"""How much to trust one extraction: a score from 0 to 1 and the reasons behind it.

Computed from what the extractor saw while it worked (how much of the page's prose it
kept, whether it had to fall back to the relaxed pass, what its output is made of), not
from the truth, which it never has. The score ranks pages: a low one says "look at this
page" to a user, and asks for trafilatura's second opinion (``second_opinion.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from scraper.extraction.blocks import Block
from scraper.model import Quality

__all__ = ["Reason", "Signals", "assess"]


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
    Reason.SECOND_OPINION: 1.0,
}
_VERY_SHORT = 300
_SHORT = 1200
_LEFT_OUT = 0.35
_LINKS = 0.35
_FRAGMENT = 80
_FRAGMENTED = 0.5
_SENTENCE = re.compile(r"[.!?…。！？\"”»)]$")


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
    return reasons


def _smooth(blocks: list[Block], signals: Signals) -> float:
    """A continuous score from the same measures, so that pages rank within a reason.

    Besides those: the share of the chrome-free page the output holds (a page with
    several regions of text, of which one was chosen, is where a wrong choice is
    possible), and the share of the output in short blocks (labels, teaser titles,
    card lines: what a listing, shop or forum page is made of, and where chrome left in
    hides). Calibrated on the tune parts of WCXB dev and fundus-dev: Spearman(score,
    F1) 0.45 -> 0.51 and 0.35 -> 0.41 (the check parts are never looked at).
    """
    total = sum(b.size for b in blocks)
    links = sum(b.link_chars for b in blocks) / total
    prose = total * (1 - links)
    kept = min(1.0, prose / (_LEFT_OUT * 2 * signals.page_prose)) if signals.page_prose else 1.0
    sentences = sum(
        b.size for b in blocks if b.size >= _FRAGMENT or _SENTENCE.search(b.text) is not None
    )
    length = min(1.0, total / (2 * _SHORT))
    held = min(1.0, total / signals.page_text) if signals.page_text else 1.0
    short = sum(b.size for b in blocks if b.size < _FRAGMENT) / total
    return float(
        (1 - links)
        * kept**0.5
        * (sentences / total) ** 0.5
        * length**0.25
        * held**0.25
        * (1 - short) ** 0.5
    )


def assess(blocks: list[Block], signals: Signals, *, second_opinion: bool = False) -> Quality:
    """The quality of an extraction that kept ``blocks``; ``second_opinion``: trafilatura
    was asked and some blocks were dropped on its word (said in the reasons)."""
    reasons = _reasons(blocks, signals)
    if Reason.NO_TEXT in reasons:
        return Quality(0.0, (str(Reason.NO_TEXT),))
    score = _smooth(blocks, signals)
    for reason in reasons:
        if reason in (Reason.LISTING, Reason.RELAXED):
            score *= _FACTORS[reason]
    reasons.sort(key=lambda reason: _FACTORS[reason])
    if second_opinion:
        reasons.append(Reason.SECOND_OPINION)
    return Quality(round(score, 3), tuple(str(reason) for reason in reasons))
