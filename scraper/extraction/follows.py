"""What follows the article, told by a known heading or by the next story's headline.

``tails.py`` finds the section after an article by its shape: a short label over teaser
cards. Two more kinds of section follow a news story without that shape:

- A section under a heading that ``chrome.toml`` lists among its ``sections`` ("Related",
  "About the author", "Mehr zum Thema", "Você pode gostar", in the web's most used
  languages), whose blocks are not cards: headlines without links over a "Read more"
  button, an author's bio. Such a heading outside the element that holds the article's
  prose, opening a section of its own, takes its section with it. The same heading inside
  the article's element is left alone: a listicle's "Related" entry, a story's own
  "Further reading" paragraph. The pipeline applies this to pages that declare
  themselves stories: on a listing page that it did not read as one, a "Popular" or
  "Latest" heading opens a part of the list (WCXB dev: a news site's front page lost its
  bylines).
- The next story, appended in full by sites that scroll on forever, set in plain
  ``<div>``s rather than ``<article>``s (``stories.py`` reads those): a second ``<h1>``
  outside the element that holds the page's headline and the article's prose so far. A
  post that heads its sections with ``<h1>``s keeps them inside that element.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.extraction.blocks import Block, Flattened
from scraper.extraction.rules import CompiledRules, phrase_key
from scraper.extraction.tails import opened_section, prose_core

__all__ = ["drop_known_sections", "drop_next_story"]

# A heading whose text is at least this share link text is a link, not a label.
_LINKED = 0.6
# A known section is no longer than this many times the article's prose: what outweighs
# the article is the page (a blog's front page under a "Latest" heading).
_TAIL = 1.5
# The next story is a story: its own prose runs to at least this much (measure.size).
_STORY = 400
# A heading shorter than this (after normalising) says too little to name the page.
_MIN_TITLE = 8


def _article_prose(flat: Flattened, core: int, blocks: list[Block]) -> int:
    return sum(b.size for b in blocks if b.prose and flat.contains(core, b.owner))


def drop_known_sections(
    flat: Flattened | None, blocks: list[Block], rules: CompiledRules
) -> list[Block]:
    """``blocks`` without each section that a known section heading opens after the
    article (see above). The heading is looked for among all the page's blocks: as a
    chrome phrase too ("Related"), it is no longer among ``blocks``."""
    if flat is None or not blocks:
        return blocks
    where = {id(block): index for index, block in enumerate(flat.blocks)}
    gone: set[int] = set()
    first = where.get(id(blocks[0]), 0)
    for index in range(first + 1, len(flat.blocks)):
        label = flat.blocks[index]
        if label.link_density > _LINKED or not rules.is_section_heading(label.text):
            continue
        before = [b for b in blocks if where.get(id(b), index) < index and id(b) not in gone]
        core = prose_core(flat, before) if before else None
        if core is None:
            continue
        section = opened_section(flat, core, before[-1], label)
        if section < 0:
            continue
        held = [
            b for b in blocks if where.get(id(b), -1) > index and flat.contains(section, b.owner)
        ]
        if sum(b.size for b in held) <= _TAIL * _article_prose(flat, core, before):
            gone.update(id(b) for b in held)
    return [b for b in blocks if id(b) not in gone] if gone else blocks


def _headline(flat: Flattened, title: str) -> int | None:
    """The element of the page's first ``<h1>`` that names the page (``title``)."""
    key = phrase_key(title)
    for block in flat.blocks:
        if block.kind == "h1":
            heading = phrase_key(block.text)
            if len(heading) >= _MIN_TITLE and (heading in key or key in heading):
                return block.owner
    return None


def _apart(flat: Flattened, one: int, other: int) -> tuple[int, int]:
    """The outermost elements around ``one`` and ``other`` that do not hold both: two
    children of the innermost element that does (-1, -1 when one holds the other)."""
    around = flat.ancestors(one)
    chain = flat.ancestors(other)
    common = next((e for e in chain if e in set(around)), -1)
    if common in (one, other):
        return -1, -1
    return around[around.index(common) - 1], chain[chain.index(common) - 1]


def _template(node: LexborNode, wrapper: int) -> list[tuple[str, str]]:
    """Tags and classes from the headline ``node`` up to its story's ``wrapper``
    (a ``mem_id``), the wrapper included: the site's template for a story. Empty when
    the wrapper has no class (two classless cells of a layout table are no template)."""
    path = []
    current: LexborNode | None = node
    while current is not None:
        path.append((current.tag or "", " ".join((current.attributes.get("class") or "").split())))
        if current.mem_id == wrapper:
            return path if path[-1][1] else []
        current = current.parent
    return []


def drop_next_story(
    flat: Flattened | None, blocks: list[Block], title: str | None, root: LexborNode | None
) -> list[Block]:
    """``blocks`` up to the headline of a story appended after the page's own (see
    above): an ``<h1>`` after the article's prose, outside the element that holds the
    page's headline and that prose, in a wrapper of the same tag and class as the page's
    story (the site's template for a story), with a story's prose after it."""
    if flat is None or root is None or not title:
        return blocks
    top = _headline(flat, title)
    if top is None:
        return blocks
    nodes: dict[int, LexborNode] = {}
    for index, block in enumerate(blocks):
        if block.kind != "h1" or block.owner == top:
            continue
        core = prose_core(flat, blocks[:index])
        if core is None or sum(b.size for b in blocks[index + 1 :] if b.prose) < _STORY:
            continue
        own, other = _apart(flat, top, block.owner)
        if own < 0 or not flat.contains(own, core):
            continue
        if not nodes:
            nodes = {node.mem_id: node for node in root.traverse()}
        mine, theirs = (nodes.get(flat.elements[e].mem_id) for e in (top, block.owner))
        if mine is None or theirs is None:
            continue
        template = _template(mine, flat.elements[own].mem_id)
        if template and template == _template(theirs, flat.elements[other].mem_id):
            return blocks[:index]
    return blocks
