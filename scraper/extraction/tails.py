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

from selectolax.lexbor import LexborNode

from scraper.extraction.blocks import Block, Flattened
from scraper.extraction.measure import size

__all__ = ["drop_trailing_teasers", "opened_section", "prose_core"]

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
# A teaser's headline set as a bare link: a few words (measure.size units).
_TITLE_MIN = 20
_TITLE_MAX = 150
# The article comes first: at least this much prose before the label.
_ARTICLE_PROSE = 400
# The article's element: the innermost one that holds this share of the prose before
# the label; the label lies outside it.
_CORE = 0.8
# The section is no longer than this many times the article's prose: what outweighs
# the article is the page (a listing, a guide of linked entries).
_TAIL = 1.5


class _Links:
    """Whether an element (by ``mem_id``) holds a headline that links to another page
    and is not among the article's blocks (it went as link chrome): a few words, all
    link. The tree is read once, when first asked."""

    def __init__(self, root: LexborNode) -> None:
        self._root = root
        self._nodes: dict[int, LexborNode] | None = None

    def __call__(self, flat: Flattened, card: int, held: list[int], blocks: list[Block]) -> bool:
        if self._nodes is None:
            self._nodes = {node.mem_id: node for node in self._root.traverse()}
        node = self._nodes.get(flat.elements[card].mem_id)
        kept = " ".join(blocks[i].text for i in held)
        return node is not None and any(_headline(link, kept) for link in node.css("a[href]"))


def _headline(link: LexborNode, kept: str) -> bool:
    if (link.attributes.get("href") or "#").startswith(("#", "javascript:")):
        return False
    text = " ".join(link.text(deep=True).split())
    return _TITLE_MIN <= size(text) < _TITLE_MAX and text not in kept


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


def _linked_cards(flat: Flattened, blocks: list[Block]) -> list[range]:
    """The teaser cards with a linked headline in ``blocks``: their blocks' indexes."""
    cards, index = [], 0
    while index < len(blocks):
        end = _card_end(flat, blocks, index)
        if end is None:
            index += 1
            continue
        cards.append(range(index, end))
        index = end
    return cards


def _grid_cards(flat: Flattened, blocks: list[Block], links: _Links) -> list[list[int]]:
    """The cards of a grid in ``blocks`` whose headline is not a linked heading (it went
    as link chrome): sibling elements of one tag, each the largest element around a few
    blocks (at most one heading, no long block, no link) that holds a headline link."""
    count = Counter(e for block in blocks for e in flat.ancestors(block.owner))
    members: dict[int, list[int]] = {}
    for index, block in enumerate(blocks):
        card = -1
        for element in flat.ancestors(block.owner):
            if count[element] > _MAX_BLURBS + 1:
                break
            card = element
        if card >= 0:
            members.setdefault(card, []).append(index)
    shaped = [
        card
        for card, held in members.items()
        if sum(blocks[i].kind[0] == "h" for i in held) <= 1
        and all(blocks[i].size < _BLURB and not blocks[i].link_chars for i in held)
    ]
    # Siblings of one tag: counted before the links are read (fewer to read), and after.
    kinds = Counter(_kind(flat, card) for card in shaped)
    linked = [
        card
        for card in shaped
        if kinds[_kind(flat, card)] >= _MIN_CARDS and links(flat, card, members[card], blocks)
    ]
    kinds = Counter(_kind(flat, card) for card in linked)
    return [members[card] for card in linked if kinds[_kind(flat, card)] >= _MIN_CARDS]


def _kind(flat: Flattened, element: int) -> tuple[int, str]:
    return flat.elements[element].parent, flat.elements[element].tag


class _Cards:
    """Where the teaser cards of ``blocks`` are, to count those on either side of a
    label in constant time."""

    def __init__(self, flat: Flattened, blocks: list[Block], links: _Links | None) -> None:
        cards: list[list[int] | range] = list(_linked_cards(flat, blocks))
        if links is not None:
            cards += _grid_cards(flat, blocks, links)
        starts = [0] * (len(blocks) + 1)
        covered = [False] * len(blocks)
        for card in cards:
            starts[min(card)] += 1
            for index in card:
                covered[index] = True
        # Suffix sums from each index on: cards that start there or later, the size of
        # their blocks, and the size of all blocks.
        self.after = _suffix(starts[:-1])
        self.held = _suffix([b.size if c else 0 for b, c in zip(blocks, covered, strict=True)])
        self.size = _suffix([b.size for b in blocks])
        self.total = len(cards)


def _suffix(values: list[int]) -> list[int]:
    out = [0] * (len(values) + 1)
    for index in range(len(values) - 1, -1, -1):
        out[index] = out[index + 1] + values[index]
    return out


def prose_core(flat: Flattened, blocks: list[Block]) -> int | None:
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
    return opened_section(flat, core, before, label) >= 0


def opened_section(flat: Flattened, core: int, before: Block, label: Block) -> int:
    """The section ``label`` opens outside the article's element ``core`` (see
    ``_opens_section``), or -1."""
    if flat.contains(core, label.owner):
        return -1
    section = -1
    for element in flat.ancestors(label.owner):
        if flat.contains(element, core):
            break
        section = element
    return section if section >= 0 and not flat.contains(section, before.owner) else -1


def drop_trailing_teasers(
    flat: Flattened | None, blocks: list[Block], root: LexborNode | None = None
) -> list[Block]:
    """``blocks`` up to a section of teaser cards that follows the article (see above).
    ``root``: the tree ``flat`` was read from, to see the links of cards whose headline
    is not a linked heading."""
    if flat is None:
        return blocks
    cards = _Cards(flat, blocks, _Links(root) if root is not None else None)
    if cards.total < _MIN_CARDS:
        return blocks
    for index, block in enumerate(blocks):
        after = index + 1
        if not _is_label(block) or cards.after[after] < _MIN_CARDS:
            continue
        if cards.held[after] < _CARD_SHARE * cards.size[after]:
            continue
        # Cards above the label too: the page is made of them (a listing, an awards
        # page whose cards carry labels of their own).
        if cards.total - cards.after[index] >= cards.after[after]:
            continue
        core = prose_core(flat, blocks[:index])
        if core is None or not _opens_section(flat, core, blocks[index - 1], block):
            continue
        prose = sum(b.size for b in blocks[:index] if b.prose and flat.contains(core, b.owner))
        if cards.size[index] <= _TAIL * prose:
            return blocks[:index]
    return blocks
