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

A box closing the story is the site's, not the story's: a heading and a line or two set in
a wrapper of their own, nested deeper than the story's paragraphs, after all of them (a
partner brand's note, "Follow us on WhatsApp", an investment disclaimer). A section of the
story ends it with its heading right in its own element, or goes on longer.

The newsroom's plea for tips holds its e-mail address ("Are protests breaking out in
your area? Get in touch at ...@..."), set apart in italics or bold wherever the story
or live blog places it: a short all-emphasis paragraph with an e-mail address goes.

A newsroom's story may close on its author's bio: "Jane Doe is a reporter at ...", a
paragraph that opens with the author's full name, under a job title ("Contributing
Writer"). The story itself names no author that way at its very end.

A paragraph that says again, word for word, what another block of the story says is its
echo: a pull quote set beside the paragraph it quotes, a summary's line repeated in the
body, an infographic's text. News truths keep the story's copy; the fuller one stays
(the first, when two say exactly the same).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from scraper.extraction.authors import is_job_title
from scraper.extraction.blocks import Block, Flattened

__all__ = [
    "drop_author_bio",
    "drop_closing_box",
    "drop_echoes",
    "drop_mail_pleas",
    "drop_post_heads",
    "drop_tail_notes",
]

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


# An e-mail address: a local part, "@", and a host with a dotted name.
_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")


def drop_mail_pleas(blocks: list[Block]) -> list[Block]:
    """``blocks`` without the short all-emphasis paragraphs that hold an e-mail address."""
    return [
        block
        for block in blocks
        if not (
            block.kind == "p"
            and block.emphasis
            and block.size <= _NOTE
            and _MAIL.search(block.text)
        )
    ]


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


# A closing box: a heading and at most two more blocks, this much text in all, the heading
# at least this many elements below the container's child that holds the box, after at
# least this many paragraphs of the story.
_BOX_BLOCKS = 3
_BOX = 800
_BOX_DEPTH = 2
_BODY = 3


def _branch(flat: Flattened, container: int, owner: int) -> tuple[int, int] | None:
    """The container's child that holds ``owner``, and how far below it ``owner`` sits."""
    chain = flat.ancestors(owner)
    if container not in chain or chain[0] == container:
        return None
    depth = chain.index(container) - 1
    return chain[depth], depth


def drop_closing_box(flat: Flattened | None, container: int, blocks: list[Block]) -> list[Block]:
    """``blocks`` without a box that closes the story: the last blocks, alone in a child
    of the ``container`` that holds no earlier block, led by a heading nested in it."""
    if flat is None or container < 0 or len(blocks) <= _BODY:
        return blocks
    branches = [_branch(flat, container, block.owner) for block in blocks]
    holders = [branch[0] if branch is not None else -1 for branch in branches]
    if holders[-1] < 0:
        return blocks
    start = len(blocks) - 1
    while start > 0 and holders[start - 1] == holders[-1]:
        start -= 1
    box, depth = blocks[start:], branches[start]
    if holders[-1] in holders[:start]:
        return blocks
    if len(box) > _BOX_BLOCKS or sum(block.size for block in box) > _BOX:
        return blocks
    if box[0].kind[0] != "h" or depth is None or depth[1] < _BOX_DEPTH:
        return blocks
    if sum(block.prose for block in blocks[:start]) < _BODY:
        return blocks
    return blocks[:start]


# An echo is a paragraph or a quote at least this long (shorter lines repeat by chance).
_ECHO = 60
_ECHO_KINDS = frozenset({"p", "quote"})
_WORDS = re.compile(r"\w+")


def _said(block: Block) -> str:
    return " " + " ".join(_WORDS.findall(block.text.casefold())) + " "


def drop_echoes(blocks: list[Block]) -> list[Block]:
    """``blocks`` without the paragraphs and quotes whose words another block says in
    full: one inside a longer block goes, and of identical ones all but the first."""
    said = [_said(block) for block in blocks]
    every = "\n".join(said)
    same = Counter(said)
    seen: set[str] = set()
    out = []
    for block, words in zip(blocks, said, strict=True):
        if block.size >= _ECHO and block.kind in _ECHO_KINDS:
            if every.count(words) > same[words] or words in seen:
                continue
            seen.add(words)
        out.append(block)
    return out


# The author's bio closing a newsroom's story: it opens with one of the story's authors'
# full names ("Jane Doe is a reporter at ..."), a line or a paragraph of at most this
# size; a job title may stand above it ("Contributing Writer").
_BIO = 1000
_BIO_AFTER_NAME = 20
_TITLE_LINE = 60


def _opens_with(block: Block, names: list[str]) -> bool:
    text = block.text.casefold()
    return any(text.startswith(name) and len(text) > len(name) + _BIO_AFTER_NAME for name in names)


def drop_author_bio(blocks: list[Block], authors: Sequence[str]) -> list[Block]:
    """``blocks`` without the author's bio at their end: the last blocks that open with
    the full name (two words or more) of one of the story's ``authors``, not headings,
    and a job title right above them."""
    names = [name.casefold().strip() for name in authors if len(name.split()) >= 2]
    if not names:
        return blocks
    end = len(blocks)
    while end > 1:
        block = blocks[end - 1]
        if block.kind[0] == "h" or block.size > _BIO or not _opens_with(block, names):
            break
        end -= 1
    if end == len(blocks):
        return blocks
    above = blocks[end - 1]
    if end > 1 and above.size <= _TITLE_LINE and is_job_title(above.text):
        end -= 1
    return blocks[:end]
