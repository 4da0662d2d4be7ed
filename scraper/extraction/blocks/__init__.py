"""Flattening a parsed page into text blocks, each tagged with its element ancestry.

One pass over the DOM turns it into a list of ``Block``s (paragraphs, headings, list
items, table rows, preformatted text). Every later decision (which container is the
article, which blocks are chrome) is then made on this flat list, in plain Python,
without walking the tree again.

The package, in the order a page goes through it: ``tags.py`` (what each tag is to the
walk: a block, a heading, skipped), ``walk.py`` (``flatten``: the one pass over the DOM),
``inline.py`` (the text inside a block: lines, whitespace, menu bars as text) and
``model.py`` (``Block``, ``Element``, ``Flattened``: what the rest of extraction reads).
"""

from __future__ import annotations

from scraper.extraction.blocks.inline import clean_inline
from scraper.extraction.blocks.model import Block, Element, Flattened
from scraper.extraction.blocks.tags import BLOCK_TAGS, HEADINGS
from scraper.extraction.blocks.walk import flatten

__all__ = ["BLOCK_TAGS", "HEADINGS", "Block", "Element", "Flattened", "clean_inline", "flatten"]
