"""What follows the article: a short label, then teaser cards for other pages.

Under an article many sites set a section of their own: "Read this next", "Blog",
"Weitere Themen", "Você pode gostar", a label over cards whose headlines link to other
stories, each with a blurb and a date. Its words differ from site to site; its shape
does not. It starts with a short heading or label that lies outside the element holding
the article's prose so far, and what follows it is mostly teaser cards: a heading that
is a link, then at most a few short blocks of its own card (an element that holds no
other heading). Such a section is not the article, whatever its words, and the page's
blocks end before it. A listicle's linked headings share one element with their prose
(no card of their own) and sit inside the article's element: they stay.
"""

from __future__ import annotations

from collections import Counter

from scraper.extraction.blocks import Block, Flattened

__all__ = ["drop_trailing_teasers"]

# A heading whose text is at least this share link text links to another page.
_LINKED = 0.6
# A label above the section: a short line that is not a sentence, or a short heading
# (measure.size units).
_LABEL = 60
_HEAD_LABEL = 80
_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", "।")
# A card holds its headline and at most this many blocks, each shorter than a paragraph
# of the article (blurbs under teaser headlines run to a few sentences).
_MAX_BLURBS = 2
_BLURB = 800
# The section holds at least this many cards, and they make up at least this share of
# its text.
_MIN_CARDS = 2
_CARD_SHARE = 0.5
# The article comes first: at least this much prose before the label.
_ARTICLE_PROSE = 400
# The article's element: the innermost one that holds this share of the prose before
# the label; the label lies outside it.
_CORE = 0.8
# The section is no longer than this many times the article's prose: what outweighs
# the article is the page (a listing, a guide of linked entries).
_TAIL = 1.5


def _is_label(block: Block) -> bool:
    if block.link_density > _LINKED:
        return False
    if block.kind[0] == "h":
        return block.size < _HEAD_LABEL
    return block.size < _LABEL and not block.text.rstrip().endswith(_SENTENCE_ENDS)


def _card_end(flat: Flattened, blocks: list[Block], start: int) -> int | None:
    """Index after the teaser card whose linked headline is ``blocks[start]``, or
    ``None`` when it is none: the card is the element around the headline, and holds
    no other heading and no long block."""
    head = blocks[start]
    if head.kind[0] != "h" or head.link_density <= _LINKED:
        return None
    card = flat.elements[head.owner].parent
    if card < 0:
        return None
    end = start + 1
    while end < len(blocks) and flat.contains(card, blocks[end].owner):
        block = blocks[end]
        if end - start > _MAX_BLURBS or block.size >= _BLURB or block.kind[0] == "h":
            return None
        end += 1
    return end


def _cards(flat: Flattened, blocks: list[Block]) -> tuple[int, int]:
    """The number of teaser cards in ``blocks``, and their size."""
    cards = covered = index = 0
    while index < len(blocks):
        end = _card_end(flat, blocks, index)
        if end is None:
            index += 1
            continue
        cards += 1
        covered += sum(block.size for block in blocks[index:end])
        index = end
    return cards, covered


def _core(flat: Flattened, blocks: list[Block]) -> int | None:
    """The innermost element holding at least ``_CORE`` of the prose of ``blocks``."""
    weight: Counter[int] = Counter()
    depth: dict[int, int] = {}
    for block in blocks:
        if block.prose:
            chain = flat.ancestors(block.owner)
            for level, element in enumerate(chain):
                weight[element] += block.size
                depth[element] = len(chain) - level
    total = sum(block.size for block in blocks if block.prose)
    if total < _ARTICLE_PROSE:
        return None
    held = [element for element, size in weight.items() if size >= _CORE * total]
    return max(held, key=depth.__getitem__, default=None)


def _opens_section(flat: Flattened, core: int, before: Block, label: Block) -> bool:
    """Whether ``label`` lies outside the article's element ``core`` and opens the
    section it is in: the outermost element around it that does not hold ``core``
    holds nothing before it (a price or a "Winner" line inside a grid of cards does)."""
    if flat.contains(core, label.owner):
        return False
    section = -1
    for element in flat.ancestors(label.owner):
        if flat.contains(element, core):
            break
        section = element
    return section >= 0 and not flat.contains(section, before.owner)


def drop_trailing_teasers(flat: Flattened | None, blocks: list[Block]) -> list[Block]:
    """``blocks`` up to a section of teaser cards that follows the article (see above)."""
    if flat is None:
        return blocks
    for index, block in enumerate(blocks):
        if not _is_label(block):
            continue
        cards, covered = _cards(flat, blocks[index + 1 :])
        if cards < _MIN_CARDS or covered < _CARD_SHARE * sum(b.size for b in blocks[index + 1 :]):
            continue
        # Cards above the label too: the page is made of them (a listing, an awards
        # page whose cards carry labels of their own).
        if _cards(flat, blocks[:index])[0] >= cards:
            continue
        core = _core(flat, blocks[:index])
        if core is None or not _opens_section(flat, core, blocks[index - 1], block):
            continue
        prose = sum(b.size for b in blocks[:index] if b.prose and flat.contains(core, b.owner))
        if sum(b.size for b in blocks[index:]) <= _TAIL * prose:
            return blocks[:index]
    return blocks
