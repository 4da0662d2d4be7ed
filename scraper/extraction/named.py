"""Elements named as chrome by their class or id, found in one walk of the named elements.

Two kinds of names: the plain ``.class`` and ``#id`` selectors of the remove list
(``simple_selectors.py``; Lexbor matches the rest of the list) and the class/id words
(``classwords.py``), with ``<header>`` and ``<footer>``. Both read every element's class
and id; one walk reads them once, and each distinct class/id string is judged once.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from scraper.extraction.classwords import NEVER_BY_CLASS, ClassWords
from scraper.extraction.heads import holds_lead
from scraper.extraction.measure import node_size, prose_len
from scraper.extraction.named_index import NamedElements
from scraper.extraction.rules import CompiledRules
from scraper.extraction.section_heads import is_section_head
from scraper.extraction.simple_selectors import ASK, NO, YES, SimpleSelectors, split_selectors

__all__ = ["LINK_HEAVY", "SHORT", "named_chrome"]

# Weakly named chrome longer than this many characters must also be link-heavy.
SHORT = 1000
LINK_HEAVY = 0.25

_BANNERS = ("header", "footer")


def named_chrome(
    root: LexborNode,
    rules: CompiledRules,
    protected: set[int],
    skip: set[int],
    limit: float,
    named: NamedElements | None = None,
    link_sizes: dict[int, int] | None = None,
) -> set[int]:
    """Elements that a plain class/id selector of ``rules.remove_selector`` matches (those
    not in ``protected``), and elements named as chrome by a class/id word (or
    ``<header>``/``<footer>``), ``skip`` and ``protected`` left out. ``named``: the
    named elements under ``root``, when known.

    Two guards against a word that names the article instead: an element holding most of
    the page's prose (``limit``) stays (a ``<header>`` holding a whole menu bar is still
    chrome when the article is short: link text is not prose), and so does a class that,
    added up over every element carrying it, holds most of the prose (Condé Nast marks
    every paragraph past the first ``paywall``; chunked bodies repeat one class).
    """
    simple = split_selectors(rules.remove_selector)
    words = ClassWords(rules)
    removed: set[int] = set()
    groups: dict[str, list[_Candidate]] = {}
    excluded = protected | skip
    if named is None:
        named = NamedElements(root)
    nodes, counts = named.nodes, named.counts
    # Each distinct (class, id) pair is judged once; most are named by no selector and
    # no word, and their elements are visited only if they are a <header> or <footer>.
    # (An element's decision does not depend on the others': any order will do.)
    visits: list[tuple[int, int]] = []  # (place, verdict)
    silent: set[tuple[str | None, str | None]] = set()  # pairs judged 0
    held = named.holding(simple.folded)  # the class values a class selector may match
    for key, places in named.by_key.items():
        verdict = _verdict(key[0], key[1], simple, words, held)
        if verdict:
            visits.extend((place, verdict) for place in places)
        else:
            silent.add(key)
    classes_of, ids = named.classes, named.ids
    visits.extend(
        (place, 0) for place in named.banners if (classes_of[place], ids[place]) in silent
    )
    for place, verdict in visits:
        node = nodes[place]
        mem_id = node.mem_id
        if mem_id in excluded:
            continue
        selected = verdict & _SELECTED
        if selected == YES or (selected == ASK and simple.case_only_match(node)):
            removed.add(mem_id)
            continue
        tag = node.tag or ""
        if tag in NEVER_BY_CLASS:
            continue
        hit = verdict >> _HIT_SHIFT
        if tag in _BANNERS:  # an article's head with its standfirst: only by its words
            # (or a section's own head: section_heads.py)
            hit = min(hit, 1) if holds_lead(node) or is_section_head(node) else 1
        if not hit:
            continue
        candidate = _Candidate(node, node_size(node), link_sizes)
        # Prose (the links' text counted out) is the costly measure; it is never more
        # than the length, so it is taken only where the length cannot answer.
        if candidate.length >= limit and candidate.prose() >= limit:
            continue
        if hit == 2 or candidate.length < SHORT or candidate.link_share() > LINK_HEAVY:
            # Paragraphs go together whatever their other classes: the first one past
            # the paywall line also carries the drop cap's.
            group = "p" if tag == "p" else f"{tag} {classes_of[place] or ''}"
            # An element that matches two selectors of "header, footer, [class], [id]"
            # counts again for each, with the same decision.
            groups.setdefault(group, []).extend([candidate] * counts[place])
    for members in groups.values():
        if (
            len(members) > 1
            and sum(m.length for m in members) >= limit
            and sum(m.prose() for m in members) >= limit
        ):
            continue
        removed.update(m.node.mem_id for m in members)
    return removed


# A (class, id) pair's verdict: the plain selectors' answer (NO, ASK or YES) in the low
# bits, the class/id words' hit (0, 1 or 2) above them; 0 for neither.
_SELECTED = 3
_HIT_SHIFT = 2


def _verdict(
    classes: str | None,
    ident: str | None,
    simple: SimpleSelectors,
    words: ClassWords,
    held: set[str],
) -> int:
    selected = NO if ident is None else simple.id_match(ident)
    if selected != YES and classes in held:
        selected = max(selected, simple.class_match(classes))
    if selected == YES:
        return YES
    return selected | words.hit(f"{classes or ''} {ident or ''}") << _HIT_SHIFT


class _Candidate:
    """An element named as chrome, with its text length and (when asked) its prose."""

    __slots__ = ("_prose", "_sizes", "length", "node")

    def __init__(self, node: LexborNode, length: int, sizes: dict[int, int] | None) -> None:
        self.node = node
        self.length = length
        self._sizes = sizes
        self._prose: int | None = None

    def prose(self) -> int:
        if self._prose is None:
            self._prose = prose_len(self.node, self.length, sizes=self._sizes)
        return self._prose

    def link_share(self) -> float:
        return (self.length - self.prose()) / max(1, self.length)
