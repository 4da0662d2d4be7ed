"""The visible byline: the names a reader sees under (or just above) the headline.

Found by structure, not by words: elements marked as an author (``itemprop=author``,
``rel=author``, a class naming a byline or an author, a link to an author page), taken
in page order from the headline (``<h1>``) on. Only the first byline counts, with the
bylines right beside it (several authors in one line): pages list many more names below
the article's own, of other stories (teasers, "related" cards), of comments, of the
replies in a forum thread. An element inside a teaser (a small box whose heading is a
link to another page), a comment, a review or a sidebar is no byline of this page.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extraction.authors import PARTICLES as _PARTICLES
from scraper.extraction.authors import clean_authors, is_job_title, is_lead_in, starts_with_lead_in
from scraper.extraction.dom import within
from scraper.extraction.plain_bylines import main_h1

__all__ = ["visible_byline"]

# Most specific first; all of them are read in page order.
_NAME_SELECTOR = '[itemprop~="author"] [itemprop~="name"]'
_SELECTOR = (
    '[itemprop~="author"], [rel~="author"], [class*="byline" i], [class*="author" i], '
    '[class*="creator-name" i], [data-testid*="byline" i], [data-testid*="author" i], '
    'a[href*="/author/"], a[href*="/authors/"], a[href*="/autor/"], a[href*="/autoren/"], '
    'a[href*="/auteur/"], a[href*="/journalist/"], a[href*="/redaktion/"]'
)
# The five author paths that start "/aut" are asked of Lexbor as one selector (each
# selector costs about a walk of the tree); ``_query`` lists every element as often as
# the whole list above would (once for each selector it matches).
_AUT = "/aut"
_AUT_PATHS = ("/author/", "/authors/", "/autor/", "/autoren/", "/auteur/")
_AUT_SELECTOR = 'a[href*="/aut"]'
_QUERY = f"h1, {_NAME_SELECTOR}, " + ", ".join(
    [part for part in _SELECTOR.split(", ") if not part.startswith('a[href*="/aut')]
    + [_AUT_SELECTOR]
)
# A class that says "author" but is about something else ("authorized-dealer").
_AUTHOR_WORD = re.compile(r"author(?!i[sz]|ity)|byline|creator-name", re.IGNORECASE)
_AUTHOR_LINK = re.compile(r"/(?:author|authors|autor|autoren|auteur|journalist|redaktion)/")
# Boxes whose names are not the page's authors.
_FOREIGN = re.compile(
    r"(?<![a-z])(?i:comments?|reviews?|testimonials?|related|teasers?|recommend\w*|popular"
    r"|trending|quotes?|newsletter|promo|more-from|more-stories|read-next|also-read|forms?)"
    r"(?![a-z])"
)
_FOREIGN_TAGS = frozenset({"aside", "nav", "form", "blockquote", "figcaption", "button"})
_TEASER_HEADING = "h2 a, h3 a, h4 a, h5 a, a h2, a h3, a h4, a h5"
# A byline is a line; a container this long is an author box or a whole section.
_MAX_TEXT = 160
# A teaser is a small box; the article's column around a byline is not.
_TEASER_MAX = 600
# A byline shares a small box with the names beside it.
_GROUP_MAX = 300
_MAX_CANDIDATES = 40
_DEPTH = 8


def _ancestor_ids(node: LexborNode | None) -> dict[int, int]:
    """mem_id -> depth above ``node`` of every ancestor (and the node itself)."""
    out: dict[int, int] = {}
    depth = 0
    while node is not None:
        out[node.mem_id] = depth
        node, depth = node.parent, depth + 1
    return out


def _is_marked(node: LexborNode) -> bool:
    """Marked as an author by markup, an author link, or a class that says so (not
    "authorized-dealer")."""
    attrs = node.attributes
    if "author" in (attrs.get("itemprop") or "") + (attrs.get("rel") or ""):
        return True
    if node.tag == "a" and _AUTHOR_LINK.search(attrs.get("href") or ""):
        return True
    marks = (attrs.get("class") or "") + " " + (attrs.get("data-testid") or "")
    return bool(_AUTHOR_WORD.search(marks))


def _belongs_to_page(node: LexborNode, h1_line: dict[int, int]) -> bool:
    """Not inside a teaser, comment, review or sidebar, up to the box the headline is in."""
    ancestor: LexborNode | None = node
    own: str | None = None  # the byline's text, read once
    small = True  # no box below ``ancestor`` holds _TEASER_MAX characters or more
    for _ in range(_DEPTH):
        if ancestor is None or ancestor.mem_id in h1_line:
            return True
        attrs = ancestor.attributes
        marks = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if ancestor is not node and (ancestor.tag in _FOREIGN_TAGS or _FOREIGN.search(marks)):
            return False
        if ancestor.tag == "footer" and not _in_article(ancestor):
            return False  # the page's footer; an article's own footer holds its byline
        if ancestor is not node and small:
            # A box holds its children's text: once one is too long for a teaser, so is
            # every box above it (``_is_teaser`` would say no without looking further).
            text_len = len(ancestor.text(deep=True))
            if text_len >= _TEASER_MAX:
                small = False
            else:
                if own is None:
                    own = node.text(deep=True)
                if _is_teaser(ancestor, own):
                    return False
        ancestor = ancestor.parent
    return True


def _in_article(node: LexborNode) -> bool:
    ancestor = node.parent
    while ancestor is not None:
        if ancestor.tag == "article":
            return True
        ancestor = ancestor.parent
    return False


def _is_teaser(box: LexborNode, own: str) -> bool:
    """A small box (shorter than ``_TEASER_MAX``: the caller measures it) whose heading
    links to another story (a headline, not a user name); ``own``: the byline's text."""
    for link in box.css(_TEASER_HEADING):
        text = link.text(deep=True).strip()
        if len(text.split()) >= 3 and text not in own:
            return True
    return False


def _text(node: LexborNode) -> str:
    """The byline's text; its lines are names when each holds a name ("Jane Doe" /
    "John Roe" in elements of their own), else parts of one line ("By" / "Jane Doe")."""
    lines = [line for line in node.text(deep=True, separator="\n", strip=True).split("\n")]
    lines = [line.strip() for line in lines if line.strip()]
    # "By" / "Jane Doe": a lead-in on a line of its own belongs to the next line.
    merged: list[str] = []
    for line in lines:
        if merged and is_lead_in(merged[-1]):
            merged[-1] += " " + line
        elif not (merged and is_job_title(line)):  # "Tech Reporter" under a name
            merged.append(line)
    if all(_name_like(line) for line in merged):
        return ", ".join(merged)
    # Names among other things (a brand, a date, a bio): the line that says "By",
    # else the first line.
    return next((line for line in merged if starts_with_lead_in(line)), " | ".join(merged))


def _name_like(line: str) -> bool:
    words = line.split()
    return (
        1 <= len(words) <= 4
        and all(
            w[:1].isupper()
            or not w[:1].isalpha()
            or w[:1].lower() == w[:1].upper()
            or w in _PARTICLES
            for w in words
        )
        and any(ch.isalpha() for ch in line)
    )


def _same_byline(first_line: dict[int, int], other: LexborNode) -> bool:
    """``other`` sits in the small box that holds the first byline (``first_line``: its
    ``_ancestor_ids``; several authors, one line)."""
    ancestor = other.parent
    for _ in range(3):
        if ancestor is None:
            return False
        if ancestor.mem_id in first_line:
            return len(ancestor.text(deep=True)) <= _GROUP_MAX
        ancestor = ancestor.parent
    return False


def _inside(node: LexborNode, taken: set[int]) -> bool:
    """Whether an ancestor of ``node`` (not ``node`` itself) is in ``taken``."""
    parent = node.parent
    return bool(taken) and parent is not None and within(parent, taken)


def _query(tree: LexborHTMLParser) -> list[LexborNode]:
    """What ``tree.css(f"h1, {_NAME_SELECTOR}, {_SELECTOR}")`` finds: each element in
    document order, listed once for each selector it matches, one right after the other
    (``_candidates`` counts them all towards ``_MAX_CANDIDATES``)."""
    nodes = tree.css(_QUERY)
    out: list[LexborNode] = []
    place, count = 0, len(nodes)
    while place < count:
        node = nodes[place]
        mem_id = node.mem_id
        end = place + 1
        while end < count and nodes[end].mem_id == mem_id:
            end += 1
        times = end - place
        if node.tag == "a":
            times += _aut_paths(node)
        out.extend([node] * times)
        place = end
    return out


def _aut_paths(link: LexborNode) -> int:
    """How many of the five ``/aut`` paths' selectors match ``link``, less one if
    ``_AUT_SELECTOR`` does. Lexbor reads the first attribute whose local name is
    ``href``: ``href`` itself unless a prefixed one (``xlink:href``) may come first."""
    attrs = link.attributes
    if any(name.endswith(":href") for name in attrs):
        found = [
            any(n.mem_id == link.mem_id for n in link.css(f'a[href*="{path}"]'))
            for path in (_AUT, *_AUT_PATHS)
        ]
        return sum(found[1:]) - found[0]
    href = attrs.get("href")
    if href is None or _AUT not in href:
        return 0
    return sum(path in href for path in _AUT_PATHS) - 1


def _candidates(
    tree: LexborHTMLParser, title: str | None
) -> tuple[list[LexborNode], LexborNode | None]:
    """Byline-marked elements from the headline on (or all, without a headline), and
    the headline (the ``<h1>``s are listed in page order among the elements, so the one
    found among them is the one found among all of them)."""
    nodes = _query(tree)
    h1 = main_h1([n for n in nodes if n.tag == "h1"], title)
    if h1 is None:
        return [n for n in nodes if n.tag != "h1"][:_MAX_CANDIDATES], None
    start = next(i for i, n in enumerate(nodes) if n.mem_id == h1.mem_id)
    after = [n for n in nodes[start + 1 :] if n.tag != "h1"][:_MAX_CANDIDATES]
    # A byline set above the headline, in the same header box as the headline (nearest
    # first, only as many as fit).
    header = {k for k, depth in _ancestor_ids(h1).items() if depth <= 3}
    before: list[LexborNode] = []
    place = start - 1
    while place >= 0 and len(after) + len(before) < _MAX_CANDIDATES:
        node = nodes[place]
        if node.tag != "h1" and within(node, header):
            before.append(node)
        place -= 1
    return after + before, h1


def visible_byline(tree: LexborHTMLParser, title: str | None) -> list[str]:
    """The texts of the page's own byline (one or a few elements), nearest the headline."""
    nodes, h1 = _candidates(tree, title)
    h1_line = _ancestor_ids(h1.parent) if h1 is not None and h1.parent is not None else {}
    first: LexborNode | None = None
    first_line: dict[int, int] = {}  # the first byline's ``_ancestor_ids``
    texts: list[str] = []
    taken: set[int] = set()
    for node in nodes:
        if first is not None and not _same_byline(first_line, node):
            continue
        if not _is_marked(node) or _inside(node, taken):
            continue
        text = _text(node)
        if not text or len(text) > _MAX_TEXT or not _belongs_to_page(node, h1_line):
            continue
        if first is None and not clean_authors([text]):
            continue  # "The Author", a date: not yet the byline
        if first is not None and (is_job_title(text) or not _name_like(text)):
            continue  # beside the name: the person's job, a bio, a date
        if first is None:
            first, first_line = node, _ancestor_ids(node)
        taken.add(node.mem_id)
        texts.append(text)
    return texts
