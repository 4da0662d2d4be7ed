"""Where the article is in a whole page's text: the densest stretch of prose.

A careless scraper that saved a page's every line (``get_text``, a browser's "save as
text", a Markdown dump) leaves the site around the article: menus of one-word labels
at the top, "Most read" lists, teaser headlines and footer links below. No phrase list
names all of that in every language, but its shape is the same everywhere: short lines
that are not sentences. The article is the stretch where long lines of prose outweigh
them, found as the run of lines with the greatest sum of weights (prose counts for it;
short lines that are not sentences, and chrome lines, count against it), the way
boilerplate detectors on markup weigh text against links (Kohlschütter's boilerpipe,
jusText), with the line as the block because a text file has nothing else.

Only a page's whole text is cut that way: one whose densest stretch comes after at least
``MENU_LABELS`` menu-like labels (lines of at most two words and a few characters), as
at the top of any page, or after a page's furniture that the line rules know (a skip
link, "Menu", "Search", "Sign in": ``TOP_CHROME`` of them, when menus written as lines
of many words hide the labels) above an article of ``TOP_PROSE`` paragraphs; and whose
stretch holds at least ``PROSE_LINES`` paragraphs of prose (documentation or a spec
sheet broken into fragments has no article's run of prose to cut to, and stays whole).
A file that is already mostly the article (the seed's kind: a menu bar, the article, a
"Share." label) has no such run and is left to the line rules.

A page's foot often ends in a paragraph or two of prose (a publisher's legal notice, a
comment policy, an author's bio, a newsletter's pitch) that pulls the densest stretch
down to it across the share row, the tags and the footer's links. So the stretch ends
at the first break below its weightiest part (a run of lines against it that holds a
line the line rules know as chrome) under which little prose is left, compared with
the prose above it; an article's own sections go on with as much prose again. The
same holds for a site's teaser cards at the stretch's end ("more on this", the next
stories): headings, each over a single line of text, with at most a date or a "Learn
more" around it. An article's sections go on with paragraphs; a FAQ's headings ask.

Lengths are ``measure.size``, so a line of Chinese or Japanese weighs what the same
line in a spaced script would.
"""

from __future__ import annotations

import itertools
import re

from scraper.extraction.measure import size

__all__ = ["article_span", "without_link_targets"]

LONG = 140  # a line of prose: at least this long, with a sentence end in it
SHORT = 70  # a short line: under this
PROSE_LINES = 2  # lines of prose the stretch needs to be an article's
MENU_LABELS = 5  # labels above the densest stretch that make a text a whole page's
TOP_CHROME = 2  # ... or known chrome labels above it ("Skip to content", "Search")
TOP_WEIGHT = 100.0  # ... among lines worth this much against it
TOP_PROSE = 4  # ... above a stretch with this many lines of prose
TOP_ZONE = 3  # ... not counting those among the lines right above the stretch
LABEL_WORDS = 2
LABEL_SIZE = 30
HEADER_LINES = 4  # lines right above the stretch kept as its header (title, byline, date)
HEADER_SIZE = 300
GAP_LINES = 3  # lines against the stretch in a row that may break the article
GAP_WEIGHT = 40.0  # ... worth this much against it together
TAIL_SHARE = 0.25  # prose below a break, as a share of the prose above, that ends it
CARDS = 3  # teaser cards in a row at the stretch's end that are not the article
CARD_SIZE = 300  # ... each a heading over one line of text shorter than this
CARD_GAP = 2  # ... with at most this many lines against the stretch between them
PARAGRAPHS = 3  # ... below an article: this many lines of text in a row
# A question's end, in the scripts that mark one: a heading that asks is a FAQ's.
_QUESTION = re.compile(r"[?？؟]\W*$")
_CODE = re.compile(r"[(){}\[\];=<>/\\]")
# Markdown that a converter leaves around a line's words: a list item's marker, a link's
# target, an image, emphasis. Judged without it, "- [Home](/)" is the label "Home".
_IMAGE = re.compile(r" ?!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BLANKS = re.compile(r"\n{3,}")
_MARKS = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+|\*\*|__")
# Sentence-ending punctuation, closing quotes or brackets after it, then a space or the end.
_SENTENCE = re.compile(r"[.!?…。！？][\"'”’»)\]]*(?:\s|$)")


def without_link_targets(text: str) -> str:
    """``text`` with its Markdown links as their words and its images gone: a text's
    plain form (its Markdown keeps them)."""
    if "](" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        plain = _LINK.sub(r"\1", _IMAGE.sub("", line)) if "](" in line else line
        if plain.strip() or not line.strip():  # a line that was only images goes
            lines.append(plain)
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n")


def _plain(line: str) -> str:
    """The line's words, without the Markdown around them."""
    if "[" in line:
        line = _LINK.sub(r"\1", _IMAGE.sub("", line))
    return _MARKS.sub("", line).strip()


def _weight(line: str, chrome: bool) -> float:
    text = line.strip()
    n = size(text)
    if chrome:
        return -(n + 10)
    if text.startswith("#"):  # a Markdown heading: neither prose nor chrome
        return 0.0
    sentence = _SENTENCE.search(text) is not None
    if n >= LONG and sentence:
        return float(n)
    if n >= SHORT:
        return 0.5 * n if sentence else -0.3 * n
    return 0.0 if sentence else -0.5 * (n + 10)


def _is_prose(line: str, chrome: bool) -> bool:
    text = line.strip()
    return not chrome and size(text) >= LONG and _SENTENCE.search(text) is not None


def _densest(weights: list[float]) -> tuple[int, int] | None:
    """The first run of ``weights`` with the greatest positive sum (Kadane)."""
    best, current, start = 0.0, 0.0, 0
    span: tuple[int, int] | None = None
    for i, weight in enumerate(weights):
        if current <= 0:
            current, start = weight, i
        else:
            current += weight
        if current > best:
            best, span = current, (start, i)
    return span


def _is_label(line: str) -> bool:
    """A menu's entry: a word or two (of letters: not a price, a number or code; not a
    Markdown heading)."""
    text = line.strip()
    return (
        not text.startswith("#")
        and len(text.split()) <= LABEL_WORDS
        and size(text) <= LABEL_SIZE
        and any(c.isalpha() for c in text)
        and not _CODE.search(text)
    )


def _longest_menu(lines: list[str], chrome: list[bool]) -> int:
    """The most labels in a row: a menu's entries the line rules know ("Home", "Sign
    in") count too; other chrome lines between them neither count nor break it."""
    longest = run = 0
    for line, bad in zip(lines, chrome, strict=True):
        if _is_label(line):
            run += 1
        elif bad:
            continue
        else:
            run = 0
        longest = max(longest, run)
    return longest


def article_span(lines: list[str], chrome: list[bool]) -> tuple[int, int] | None:
    """The first and last index of ``lines`` (non-blank) that hold the article, when
    they are a whole page's text; None when the text is not (or holds no prose).

    ``chrome``: which lines the line rules already call chrome (they count against the
    stretch). Up to ``HEADER_LINES`` lines right above the stretch (the headline, a
    byline, a date) belong to it, up to a chrome line, a menu or its title.
    """
    lines = [_plain(line) for line in lines]
    weights = [_weight(line, bad) for line, bad in zip(lines, chrome, strict=True)]
    span = _densest(weights)
    if span is None:
        return None
    first, last = span
    prose = sum(1 for i in range(first, last + 1) if _is_prose(lines[i], chrome[i]))
    menu = _longest_menu(lines[:first], chrome[:first]) >= MENU_LABELS
    furniture = prose >= TOP_PROSE and _furniture_above(lines, weights, chrome, first)
    if not (menu or furniture):
        return None
    if prose < PROSE_LINES:
        return None  # no article's paragraphs anywhere: nothing to cut to
    last = _article_end(lines, weights, chrome, first, last)
    last = _before_cards(lines, weights, first, last)
    return _header_top(lines, chrome, first), last


def _header_top(lines: list[str], chrome: list[bool], first: int) -> int:
    """The first line of the article's header: up to ``HEADER_LINES`` lines right above
    the stretch that may head it (``_heads``), up to its title: a level-1 heading is
    the top of an article, and the line above it the site's."""
    top = first
    while top > 0 and first - (top - 1) <= HEADER_LINES and _heads(lines, chrome, top - 1):
        top -= 1
        if lines[top].startswith("# "):
            break
    return top


def _heads(lines: list[str], chrome: list[bool], i: int) -> bool:
    """Whether line ``i`` may head the article: not chrome, not long, and not in a run of
    labels (a menu's last entries)."""
    if chrome[i] or size(lines[i].strip()) >= HEADER_SIZE:
        return False
    return not (_is_label(lines[i]) and i > 0 and _is_label(lines[i - 1]))


def _gaps(
    lines: list[str], weights: list[float], chrome: list[bool], first: int, last: int
) -> list[int]:
    """Where the runs of lines between ``first`` and ``last`` that break an article
    begin: at least ``GAP_LINES`` lines that count against it (none of prose), worth
    ``GAP_WEIGHT`` or less together, and among them a line the line rules know as chrome
    (a share row, "Previous post", a copyright; punctuation or a letter alone, as in
    a text broken at inline code, is not one)."""
    gaps = []
    i = first
    while i <= last:
        if weights[i] > 0:
            i += 1
            continue
        j = i
        while j <= last and weights[j] <= 0:
            j += 1
        against = sum(1 for k in range(i, j) if weights[k] < 0)
        known = any(chrome[k] and _letters(lines[k]) >= 2 for k in range(i, j))
        if against >= GAP_LINES and sum(weights[i:j]) <= -GAP_WEIGHT and known:
            gaps.append(i)
        i = j
    return gaps


def _article_end(
    lines: list[str], weights: list[float], chrome: list[bool], first: int, last: int
) -> int:
    """The stretch's last line of the article: the stretch ends before the first gap
    (``_gaps``) after its weightiest part below which less than ``TAIL_SHARE`` of the
    prose that came before it is left. A page's foot (a comment policy, a publisher's
    legal notice, an author's bio, a newsletter's pitch under a share row or a list
    of links) holds a paragraph or two of prose, enough to pull the densest stretch
    down to it; an article's own sections go on with as much prose again."""
    gaps = _gaps(lines, weights, chrome, first, last)
    if not gaps:
        return last
    bounds = [first, *gaps, last + 1]
    parts = [sum(weights[a:b]) for a, b in itertools.pairwise(bounds)]
    weightiest = bounds[parts.index(max(parts))]
    positive = [max(weight, 0.0) for weight in weights]
    for gap in gaps:
        if gap <= weightiest:
            continue
        if sum(positive[gap : last + 1]) < TAIL_SHARE * sum(positive[first:gap]):
            end = gap - 1
            while end > first and weights[end] <= 0:
                end -= 1
            return end
    return last


def _letters(line: str) -> int:
    return sum(1 for c in line if c.isalpha())


def _furniture_above(
    lines: list[str], weights: list[float], chrome: list[bool], first: int
) -> bool:
    """Whether the lines above ``first`` are a page's top: at least ``TOP_CHROME``
    different short lines the line rules know as chrome (a skip link, "Menu",
    "Search", "Sign in", "Home": words, no number, separator or copyright sign) above
    the ``TOP_ZONE`` lines right above the stretch (where a share button or a dateline
    stands between an article and its header), among lines worth ``TOP_WEIGHT`` or
    less against the stretch."""
    known = {
        lines[k].casefold()
        for k in range(max(0, first - TOP_ZONE))
        if chrome[k]
        and _letters(lines[k]) >= 2
        and len(lines[k].split()) <= 4
        and not any(c.isdigit() or c in "|/©" for c in lines[k])
    }
    return len(known) >= TOP_CHROME and sum(weights[:first]) <= -TOP_WEIGHT


def _before_cards(lines: list[str], weights: list[float], first: int, last: int) -> int:
    """The stretch's last line of the article when it ends in teaser cards (the site's
    "more on this", its next stories: ``_cards``) below an article (``PARAGRAPHS``
    lines of text in a row somewhere above them), holding less than ``TAIL_SHARE`` of
    the text above them; the stretch ends at the last line of text above the cards.
    A FAQ (headings that ask) is left alone: its answers are the page's."""
    start, headings = _cards(lines, weights, first, last)
    if len(headings) < CARDS:
        return last
    asked = sum(1 for h in headings if _asks(lines, weights, h))
    if 2 * asked >= len(headings):
        return last
    positive = [max(weight, 0.0) for weight in weights]
    if sum(positive[start : last + 1]) >= TAIL_SHARE * sum(positive[first:start]):
        return last
    run = longest = 0
    for weight in weights[first:start]:
        run = run + 1 if weight > 0 else 0
        longest = max(longest, run)
    if longest < PARAGRAPHS:
        return last
    end = start - 1
    while end > first and weights[end] <= 0:
        end -= 1
    return end


def _cards(lines: list[str], weights: list[float], first: int, last: int) -> tuple[int, list[int]]:
    """Where the teaser cards at the end of ``first``..``last`` begin, and their
    headings: read up from the end, a card is a Markdown heading over one line of text
    (shorter than ``CARD_SIZE``, at most ``CARD_GAP`` lines against the stretch between
    them: a date, a section's name); lines against the stretch around the cards (a
    date, "Learn more", an author's name) go with them. An article's section goes on
    with paragraphs; a teaser's headline has one blurb."""
    headings: list[int] = []
    start, i = last + 1, last
    while i > first:
        if weights[i] <= 0:
            i -= 1
            continue
        head = i - 1
        while head > first and weights[head] <= 0 and not lines[head].startswith("#"):
            head -= 1
        if not lines[head].startswith("#") or size(lines[i]) >= CARD_SIZE:
            break
        if i - head - 1 > CARD_GAP:
            break
        headings.append(head)
        start, i = head, head - 1
    return start, headings


def _asks(lines: list[str], weights: list[float], heading: int) -> bool:
    """Whether a card's heading, or a line under it before its text, is a question."""
    i = heading
    while True:
        if _QUESTION.search(lines[i]):
            return True
        i += 1
        if i >= len(lines) or weights[i] > 0:
            return False
