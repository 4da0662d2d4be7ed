"""A news photo's caption set without a ``<figcaption>``: what news truths leave out.

Sites that build their own image widgets set the caption as a plain line in a small box
beside the picture ("div > picture + div.caption + div.credit"), so nothing marks it as
a caption but where it stands: a short line in a box that holds an image and hardly any
other text (a credit, a video's length). The line may be a sentence or two ("... at the
opening of the bridge in Essen."), with the photographer's credit in it. The story's own
paragraphs share no such box with a picture: their wrapper holds the rest of the story
too. A publisher's promo set the same way (a picture and a line: the app, the fund
drive) goes with the captions. An image in a heading (the author's portrait beside a
commentary's headline) makes no caption of the lines around it. A caption says something
of its own picture: the same line beside several pictures ("Pros", "Get a quote", "On
sale") is the label of a grid of cards, and then no line of the grid is a caption.

Found by structure, in every language; the pipeline applies it to a newsroom's stories
(a NewsArticle, or a kind of it), whose truths leave captions out: blogs and product
reviews set a logo beside a label in the same way, and their truths keep the label.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.extraction.blocks import Block, Flattened
from scraper.extraction.heads import says_description

__all__ = ["drop_bare_captions"]

# A caption is short: a line or two, its credit included (the story's paragraphs set
# beside a picture, a quote box's, run longer).
_CAPTION = 400
# The box is the line's parent or grandparent, and the image sits at most this many
# levels below it.
_LEVELS = 3
# Besides the caption, the box holds at most this much text (a credit line).
_BESIDE = 60
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _in_heading(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in _HEADINGS:
            return True
        parent = parent.parent
    return False


def _image_boxes(root: LexborNode) -> set[int]:
    """``mem_id``s of the elements up to ``_LEVELS`` above an image (not one in a
    heading)."""
    boxes: set[int] = set()
    for image in root.css("img, picture"):
        if _in_heading(image):
            continue
        parent, level = image.parent, 1
        while parent is not None and level <= _LEVELS:
            boxes.add(parent.mem_id)
            parent, level = parent.parent, level + 1
    return boxes


def _shaped(block: Block) -> bool:
    return block.kind == "p" and block.size <= _CAPTION


def drop_bare_captions(
    flat: Flattened | None,
    root: LexborNode | None,
    blocks: list[Block],
    description: str | None = None,
) -> list[Block]:
    """``blocks`` without the captions of photos set beside them in a small box: a line
    of at most ``_CAPTION`` size units, whose parent or grandparent holds an image and no more
    than ``_BESIDE`` size units of text besides it; none when two such lines say the same
    (a grid of cards). A line that says what the page's ``description`` says is the
    story's lead set beside its photo and credit, not a caption."""
    if flat is None or root is None or not any(_shaped(block) for block in blocks):
        return blocks
    boxes = _image_boxes(root)
    if not boxes:
        return blocks
    held: dict[int, int] = {}
    gone: list[Block] = []
    for block in blocks:
        if not _shaped(block) or says_description(block.text, description):
            continue
        above = flat.ancestors(block.owner)[1:_LEVELS]
        box = next((e for e in above if flat.elements[e].mem_id in boxes), None)
        if box is None:
            continue
        if box not in held:
            held[box] = sum(b.size for b in flat.blocks if flat.contains(box, b.owner))
        if held[box] <= block.size + _BESIDE:
            gone.append(block)
    if not gone or len({block.text for block in gone}) < len(gone):
        return blocks
    dropped = {id(block) for block in gone}
    return [block for block in blocks if id(block) not in dropped]
