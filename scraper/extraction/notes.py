"""Notes set apart after a news story, and a live blog's post heads: what news truths and
readers leave out.

After the story's last paragraph of plain prose, a short paragraph set entirely in
italics or bold is the newsroom's note, not the story: "With reporting by ...", "This
article first appeared in ...", "Do you have a story to tell? Email ...", the site's plea
to bookmark it. The story's own emphasized paragraphs (a bold quote, an interview's
questions) come before its last plain paragraph, so they stay. Blogs and company pages
end on the author's own words set in italics ("Thanks for reading!"), which their
readers keep: the pipeline applies this to pages that declare themselves news stories.

A live blog (a news page too) sets a head above each post: its time and its author or a
label ("21:00 Jane Doe", "19:11 KEY EVENT"). Three or more such lines are the posts'
heads; the posts stay.
"""

from __future__ import annotations

import re

from scraper.extraction.blocks import Block

__all__ = ["drop_post_heads", "drop_tail_notes"]

# A note is short, and there are one or two of them: a run of long emphasized
# paragraphs after the last plain one is the story's ending set in italics (quotes).
_NOTE = 200
_MAX_NOTES = 2


def _plain_prose(block: Block) -> bool:
    return block.prose and not block.emphasis


def drop_tail_notes(blocks: list[Block]) -> list[Block]:
    """``blocks`` without the short all-emphasis paragraphs after the last plain one."""
    last = next((i for i in range(len(blocks) - 1, -1, -1) if _plain_prose(blocks[i])), None)
    if last is None:
        return blocks
    notes = {id(b) for b in blocks[last + 1 :] if b.emphasis and b.kind == "p"}
    if not notes or len(notes) > _MAX_NOTES:
        return blocks
    tail = blocks[last + 1 :]
    # A bold label ending in a colon ("Snacks:") heads what follows it: not a note.
    if any(id(b) in notes and (b.size > _NOTE or b.text.endswith(":")) for b in tail):
        return blocks
    return blocks[: last + 1] + [b for b in tail if id(b) not in notes]


# A post head: a clock time, then at most four words and no sentence's end.
_POST_HEAD = re.compile(r"\d{1,2}[:.]\d{2}(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
_HEAD_SIZE = 50
_HEAD_WORDS = 4
_POSTS = 3


def _post_head(block: Block) -> bool:
    if block.size > _HEAD_SIZE or block.kind in ("row", "pre", "li"):
        return False
    found = _POST_HEAD.match(block.text)
    if found is None:
        return False
    rest = block.text[found.end() :].rstrip()
    return len(_WORD.findall(rest)) <= _HEAD_WORDS and not rest.endswith((".", "!", "?"))


def drop_post_heads(blocks: list[Block]) -> list[Block]:
    """``blocks`` without a live blog's post heads, when there are three or more."""
    heads = {id(block) for block in blocks if _post_head(block)}
    if len(heads) < _POSTS:
        return blocks
    return [block for block in blocks if id(block) not in heads]
