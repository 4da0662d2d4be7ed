"""Teaser cards inside the article's container: other stories, not this one.

A news page's body often carries cards for other stories: a linked headline, a line or
two of blurb, a date ("Mehr zum Thema", "Verwandte Artikel", a ranking, the site's top
stories under a short article). They are recognised by their shape, never by their
words: a heading that is a link, followed by at most two short blocks, followed by
another card, a short label or the end, not by the article's running prose. On a
listing page the cards are the content, so cards that make up most of the text stay.
"""

from __future__ import annotations

from scraper.extraction.blocks import Block, Flattened

__all__ = ["drop_linked_title_blurbs", "drop_teasers"]

# A heading whose text is at least this share link text is a link to another page.
_LINKED = 0.6
# Blurbs and dates under a teaser headline are short; the article's prose is not.
_BLURB = 300
_MAX_BLURBS = 2
# A label above a run of cards ("Related", "Weitere Themen"): short, not a sentence.
_LABEL = 60
# Cards holding at least this share of the text are the page (a listing, a shop or
# service page made of cards), not chrome: teasers under news stories hold less than a
# sixth of the text, cards on pages made of them more than a quarter.
_LISTING_SHARE = 0.25


def _linked_heading(block: Block) -> bool:
    return block.kind[0] == "h" and block.link_density > _LINKED


def _card_end(flat: Flattened, blocks: list[Block], start: int) -> int | None:
    """Index after the card that starts at ``start``, or ``None`` when the heading is not
    one: the card is the element around the headline, and ends where that element does.
    A heading whose element goes on into the article's prose is a section heading."""
    card = flat.elements[blocks[start].owner].parent
    if card < 0:
        return None
    end = start + 1
    while end < len(blocks) and flat.contains(card, blocks[end].owner):
        if end - start > _MAX_BLURBS or blocks[end].size >= _BLURB or blocks[end].kind[0] == "h":
            return None
        end += 1
    return end


def _is_label(block: Block) -> bool:
    return block.size < _LABEL and block.link_density <= _LINKED and not block.text.endswith(".")


def drop_teasers(flat: Flattened, blocks: list[Block]) -> list[Block]:
    """``blocks`` without the teaser cards among them (unless the cards are the page)."""
    marked = [False] * len(blocks)
    index = 0
    while index < len(blocks):
        end = _card_end(flat, blocks, index) if _linked_heading(blocks[index]) else None
        if end is None:
            index += 1
            continue
        if index > 0 and not marked[index - 1] and _is_label(blocks[index - 1]):
            marked[index - 1] = True
        for position in range(index, end):
            marked[position] = True
        index = end
    teaser = sum(b.size for b, m in zip(blocks, marked, strict=True) if m)
    if not teaser or teaser >= _LISTING_SHARE * sum(b.size for b in blocks):
        return blocks
    return [b for b, m in zip(blocks, marked, strict=True) if not m]


# A teaser's headline set as a bare link, not a heading ("<a class=title>" above
# "<p class=lead>"): a line that is all link, a few words long.
_TITLE_LINKS = 0.9
_TITLE_MIN = 20
_TITLE_MAX = 150
# How far above the headline link the card may start (link, its wrapper, the card's
# text column, the card).
_CARD_LEVELS = 3
# Cards come in runs: one lone case is not a teaser block.
_MIN_CARDS = 2


def _title_card(flat: Flattened, where: dict[int, int], kept: set[int], block: Block) -> int | None:
    """The card ``block`` shares with the bare-link headline right before it, when
    ``block`` is a blurb under one (None otherwise)."""
    if block.kind != "p" or block.size >= _BLURB or block.link_density > 0.3:
        return None
    index = where.get(id(block), 0)
    if index == 0:
        return None
    title = flat.blocks[index - 1]
    if id(title) in kept or title.link_density < _TITLE_LINKS:
        return None
    if not _TITLE_MIN <= title.size < _TITLE_MAX:
        return None
    card = flat.ancestors(title.owner)[: _CARD_LEVELS + 1]
    return next((element for element in card if flat.contains(element, block.owner)), None)


def drop_linked_title_blurbs(flat: Flattened | None, blocks: list[Block]) -> list[Block]:
    """A news story's ``blocks`` without the blurbs of teaser cards whose headline is a
    bare link: the link went as link chrome, its blurb stayed. A blurb is a short
    paragraph right after (in page order) a line of a few words that is all link and is
    not in the output, sharing a card with it (within ``_CARD_LEVELS`` of the link) that
    holds no other output block; at least ``_MIN_CARDS`` of them. For news stories only
    (the caller's JSON-LD gate): elsewhere the same shape is a FAQ's answer under a linked
    question, a forum post under a linked user name, a testimonial under a linked name."""
    if flat is None:
        return blocks
    where = {id(b): i for i, b in enumerate(flat.blocks)}
    kept = {id(b) for b in blocks}
    blurbs = set()
    for k, block in enumerate(blocks):
        card = _title_card(flat, where, kept, block)
        if card is None:
            continue
        if not any(b is not block and flat.contains(card, b.owner) for b in blocks):
            blurbs.add(k)
    if len(blurbs) < _MIN_CARDS:
        return blocks
    return [b for k, b in enumerate(blocks) if k not in blurbs]
