"""Captions beside a credited photo: the text that shares a small box with an image and
a credit line ("Image: Jane Doe", "Foto: dpa").

Sites that build their own image widgets (no ``<figure>``/``<figcaption>``) set the
caption and the credit as plain paragraphs next to the picture. The credit line is
chrome by the shipped patterns; the caption beside it is no more the article's than a
``<figcaption>`` is (both news truths leave captions out). Found by structure: a short
box holding an image, a line that is chrome by pattern, and little else.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.extraction.measure import size
from scraper.extraction.rules import CompiledRules

__all__ = ["credited_captions"]

# The credit line and the caption are short; the box around them holds little text.
_CREDIT = 120
_BOX = 600
_IMAGE = "img, picture"
_IMAGE_TAGS = frozenset(("img", "picture"))


def _credit_shaped(text: str) -> bool:
    """A label and a name ("Foto: dpa", "写真：共同") or a copyright line: the shapes of a
    credit among the chrome patterns (which also match bare numbers, "3 min read")."""
    return ":" in text or "\uff1a" in text or text.startswith("\u00a9")


def credited_captions(
    paragraphs: list[LexborNode], rules: CompiledRules, protected: set[int]
) -> set[int]:
    """``mem_id``s of the text children of each small box that holds an image and a
    paragraph that is a chrome line by pattern (the photo credit)."""
    found: set[int] = set()
    boxes: set[int] = set()
    for paragraph in paragraphs:
        box = paragraph.parent
        if box is None or box.mem_id in boxes or box.mem_id in protected:
            continue
        text = paragraph.text(deep=True, strip=True)
        if not _credit_shaped(text) or size(text) > _CREDIT or not rules.matches_pattern(text):
            continue
        if box.css_first(_IMAGE) is None or size(box.text(deep=True, strip=True)) > _BOX:
            continue
        boxes.add(box.mem_id)
        child = box.child
        while child is not None:
            image = child.tag in _IMAGE_TAGS or child.css_first(_IMAGE) is not None
            if child.tag != "-text" and not image:
                found.add(child.mem_id)
            child = child.next
    return found
