"""The extraction stage: a ``Page`` in, a normalized ``Document`` out."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.config import ExtractConfig, Favor, Rules, load_rules
from scraper.encoding import decode_html
from scraper.extraction.authors import clean_authors, opens_byline, starts_with_lead_in
from scraper.extraction.bare_captions import drop_bare_captions
from scraper.extraction.blocks import Block, Flattened, flatten
from scraper.extraction.cards import CardRun, card_runs, drop_card_runs, drop_repeated_lines
from scraper.extraction.chrome import chrome_nodes, content_matches
from scraper.extraction.content import Article, choose_container, filter_blocks, prose_weights
from scraper.extraction.dates import date_text, parse_visible_date
from scraper.extraction.dom import Deadline, parse_html
from scraper.extraction.embedded import embedded_article_html
from scraper.extraction.extras import Extras
from scraper.extraction.follows import drop_known_sections, drop_next_story
from scraper.extraction.head_lines import drop_head_bylines
from scraper.extraction.heads import header_dek, standfirst
from scraper.extraction.invisible import STRIPPED, scripts_and_metas, strip_invisible
from scraper.extraction.item_heading import page_heading
from scraper.extraction.language import guess_language
from scraper.extraction.listing import LISTING_PROSE, listing_prose
from scraper.extraction.measure import size
from scraper.extraction.metadata import Metadata, extract_metadata, guess_date
from scraper.extraction.named_index import NamedElements
from scraper.extraction.normalize import join_blocks
from scraper.extraction.notes import (
    drop_author_bio,
    drop_closing_box,
    drop_echoes,
    drop_mail_pleas,
    drop_post_heads,
    drop_tail_notes,
)
from scraper.extraction.quality import Signals, assess, doubts
from scraper.extraction.removal import delete_nodes, drop_dialogs
from scraper.extraction.rules import CompiledRules, compile_rules, relax
from scraper.extraction.second_opinion import agreed_blocks, trafilatura_text
from scraper.extraction.stories import drop_other_stories
from scraper.extraction.streamed import streamed_tree
from scraper.extraction.tails import drop_trailing_teasers
from scraper.extraction.teasers import drop_linked_title_blurbs
from scraper.extraction.textclean import clean_text_page
from scraper.extraction.threads import is_thread, replies_kept
from scraper.model import Document, Page

__all__ = ["decode_page", "extract_decoded", "extract_html", "extract_page"]


@lru_cache(maxsize=1)
def _shipped_rules() -> Rules:
    return load_rules()


def _rules_for(config: ExtractConfig, url: str | None, *, thread: bool = False) -> CompiledRules:
    rules = config.rules if config.rules is not None else _shipped_rules()
    if thread:  # a forum thread's replies are its content (threads.py)
        rules = replies_kept(rules)
    host = urlsplit(url).hostname if url else config.site
    return compile_rules(rules.for_host(host))


def _selected(flat: Flattened, content: list[list[LexborNode]]) -> list[list[int]]:
    """Per content selector (in order of trust) that matches a flattened element, the
    flattened elements it matches. ``content``: each selector's matches under the body
    (``content_matches``); only elements of the body are flattened."""
    out = []
    for found in content:
        matches = [flat.index[n.mem_id] for n in found if n.mem_id in flat.index]
        if matches:
            out.append(matches)
    return out


def _article(
    body: LexborNode,
    rules: CompiledRules,
    title: str | None,
    text_len: int | None = None,
    runs: list[CardRun] | None = None,
    named: NamedElements | None = None,
    gone: frozenset[str] = frozenset(),
    opened: frozenset[str] = frozenset(),
    heading: int = 0,
    listing_below: int = LISTING_PROSE,
) -> tuple[Article, set[int]]:
    """The article, and the chrome (``mem_id``s) its blocks were read without.

    ``text_len``: the size of the body's text, when known; ``runs``: the body's card
    runs (``card_runs``), when known; ``named``: its named elements, when known;
    ``gone``: tags no element of the body has any more, ``opened``: the ids its buttons
    opened (``chrome_nodes``); ``heading``: keep the page's ``<h1>`` (``filter_blocks``);
    ``listing_below``: a page with less prose than this is a listing (``listing.py``).
    """
    if named is None:
        named = NamedElements(body)
    content = content_matches(body, rules, named)
    chrome = chrome_nodes(
        body, rules, text_len=text_len, content=content, named=named, gone=gone, opened=opened
    )
    # Rails of other products go before anything is measured: on a shop page whose own
    # text is short, they would outweigh it, or make it look like a listing.
    flat, rails = drop_card_runs(flatten(body, chrome), card_runs(body) if runs is None else runs)
    if rails:
        chrome = chrome | rails
    weights = prose_weights(flat, rules)
    page_prose = sum(weights)
    # A page with almost no prose outside links is an index page: its links are content.
    listing = page_prose < listing_below
    if listing:
        weights = prose_weights(flat, rules, links=True)
    container = choose_container(flat, weights, _selected(flat, content))
    article = filter_blocks(
        flat, container, rules, title, listing=listing, page_prose=page_prose, heading=heading
    )
    return replace(article, flat=flat, container=container, root=body), chrome


# When the strict pass leaves less than this (in characters), the page is probably one
# whose content looks like chrome: forum threads are "comments", shop pages live inside
# "product-promo" wrappers. A second pass that removes only structural chrome decides.
_SCANT = 500


def _text_length(article: Article) -> int:
    return sum(block.size for block in article.blocks)


def _article_with_fallback(
    html: str,
    tree: LexborHTMLParser,
    rules: CompiledRules,
    title: str | None,
    *,
    delete_chrome: bool,
    opened: frozenset[str] = frozenset(),
    heading: int = 0,
    listing_below: int = LISTING_PROSE,
) -> tuple[Article, bool]:
    """The article, and whether it came from the relaxed pass.

    Both passes read the same tree: each skips its chrome while flattening instead of
    deleting it, so the relaxed pass needs no second parse. ``delete_chrome``: delete
    the chosen pass's chrome from its tree afterwards, for the options that read the
    article's element again (links, images: extras.py). ``opened``: the ids the page's
    buttons named in ``aria-controls`` (``strip_invisible``); ``heading``: keep the
    page's ``<h1>`` (``filter_blocks``); ``listing_below``: see ``_article``.
    """
    body = tree.body
    if body is None:
        return Article([], []), False
    visible = size(body.text(deep=True))
    # Whatever the pass: closed dialogs are never the page, nor are the next stories a
    # news site appends to it.
    dropped = drop_dialogs(body)
    dropped = drop_other_stories(body, title) or dropped
    text_len = None if dropped else visible
    runs = card_runs(body)
    # Both passes read the same tree: its named elements are read once.
    named = NamedElements(body)
    # strip_invisible took every element of these tags out of the tree.
    strict = _article(
        body, rules, title, text_len, runs, named, STRIPPED, opened, heading, listing_below
    )
    length = _text_length(strict[0])
    chosen, relaxed = strict, False
    if length >= min(_SCANT, visible // 10):
        if length < _SCANT // 2:
            # Next to nothing is visible: an empty shell that a script fills.
            chosen = _from_scripts(html, rules, title, heading) or strict
    else:
        other = _article(
            body,
            relax(rules),
            title,
            text_len,
            runs,
            named,
            STRIPPED,
            opened,
            heading,
            listing_below,
        )
        gained = _text_length(other[0])
        # A login wall or an empty shell keeps a line or two in the relaxed pass: not an
        # article.
        if gained > 2 * length and gained >= _SCANT // 2:
            chosen, relaxed = other, True
        elif length < _SCANT // 2:
            chosen = _from_scripts(html, rules, title, heading) or strict
    article, chrome = chosen
    if delete_chrome and article.root is not None:
        delete_nodes(article.root, chrome)
    return article, relaxed


def _from_scripts(
    html: str, rules: CompiledRules, title: str | None, heading: int = 0
) -> tuple[Article, set[int]] | None:
    """An empty shell whose article is a script's data (see ``embedded.py``), or parts of
    the page that a script moves into place (``streamed.py``)."""
    inner = embedded_article_html(html)
    opened: frozenset[str] = frozenset()
    if inner is not None:
        tree: LexborHTMLParser | None = LexborHTMLParser(f"<html><body>{inner}</body></html>")
    elif (tree := streamed_tree(html)) is not None:
        opened = strip_invisible(tree)
    if tree is None or tree.body is None:
        return None
    drop_dialogs(tree.body)
    found = _article(tree.body, rules, title, opened=opened, heading=heading)
    return found if _text_length(found[0]) >= _SCANT else None


def _complete(
    meta: Metadata, article: Article, html: str, config: ExtractConfig, dated: str | None = None
) -> Metadata:
    """Fill authors and date from the visible byline and dateline, then from htmldate
    (not on an item's page: the dates htmldate finds there are offers' and reviews').
    ``dated``: the page's text for ``date_line`` (``date_text``), when read."""
    authors, published = meta.authors, meta.published
    if not authors:
        authors = clean_authors(line for line in article.meta_lines if _may_name(line))
    if published is None:
        published = next(filter(None, map(parse_visible_date, article.meta_lines)), None)
    if published is None and _may_guess(meta, config):
        published = guess_date(html, meta.url, (block.text for block in article.blocks), dated)
    return replace(meta, authors=authors, published=published)


def _may_guess(meta: Metadata, config: ExtractConfig) -> bool:
    return config.guess_dates and not meta.item


def _may_name(line: str) -> bool:
    """A meta line that may hold a name: it starts with a letter, and a lead-in in it is
    followed by a name ("By Jane Doe"), not by a sentence ("by the way")."""
    return line[:1].isalpha() and (opens_byline(line) or not starts_with_lead_in(line))


# Below this doubt measure (quality.doubts) scraper doubts its extraction and, in the
# balanced mode, asks trafilatura's second opinion (bench/quality.py reports what it gains
# and costs). Set so that about as few pages as before are asked
# (WCXB dev tune: 7.5% of pages, fundus-dev tune: none): trafilatura's time is paid on
# each, and the median time per page must stay at most half of trafilatura's.
DOUBT = 0.15


def _wants_second_opinion(favor: Favor, blocks: list[Block], signals: Signals) -> bool:
    if favor == Favor.PRECISION:
        return True
    return favor == Favor.BALANCED and doubts(blocks, signals, DOUBT)


def extract_html(
    html: str,
    *,
    url: str | None = None,
    source: str | None = None,
    config: ExtractConfig,
    utf8: bytes | None = None,
) -> Document:
    """Clean one decoded HTML page. ``utf8``: ``html`` encoded as UTF-8, when the caller
    has it (the parser reads bytes; a ``str`` it would encode again)."""
    deadline = Deadline(config.time_limit)
    tree = parse_html(html, config.max_depth, utf8)
    deadline.check("parsing")
    # JSON-LD is read first: styles and scripts go before bylines are read, or a byline
    # element's <style> ends up in the author's name.
    jsonld, metas = scripts_and_metas(tree)
    meta = extract_metadata(tree, url, jsonld, metas)
    deadline.check("metadata")
    rules = _rules_for(config, meta.url or url, thread=is_thread(html))
    # What date_line would parse the page again for, read before the tree changes.
    dated = date_text(tree) if meta.published is None and _may_guess(meta, config) else None
    opened = strip_invisible(tree)
    extras = Extras.read(tree, rules, config)  # None unless links, images or comments
    heading = page_heading(meta.published, metas)
    article, relaxed = _article_with_fallback(
        html,
        tree,
        rules,
        meta.title,
        delete_chrome=extras is not None,
        opened=opened,
        heading=heading,
        listing_below=listing_prose(meta),
    )
    if meta.item:  # an item for sale: its widgets repeat their short lines (cards.py)
        article = replace(article, blocks=drop_repeated_lines(article.blocks))
    if not article.listing:  # what follows the article (tails.py)
        blocks = drop_trailing_teasers(article.flat, article.blocks, article.root)
        article = replace(
            article, blocks=drop_next_story(article.flat, blocks, meta.title, article.root)
        )
    if meta.news and not article.listing:
        blocks = drop_known_sections(article.flat, article.blocks, rules)
        blocks = drop_mail_pleas(drop_post_heads(drop_tail_notes(blocks)))
        blocks = drop_closing_box(article.flat, article.container, blocks)
        blocks = drop_linked_title_blurbs(article.flat, blocks)
        led = standfirst(article.flat, article.container, blocks, meta.description)
        # A standfirst is a newsroom's (a NewsArticle, or a kind of it): a blog's subtitle
        # in the same place is not one, and truths leave it out. So is the dek under the
        # headline in the story's <header>. A newsroom's captions set as plain lines beside
        # their photos go (a review's card labels look the same).
        if meta.newsroom:
            blocks = drop_bare_captions(article.flat, article.root, led, meta.description)
            blocks = drop_author_bio(blocks, meta.authors)
            blocks = header_dek(article.flat, blocks)
        # With the dek on top, the byline and dateline under it are left to drop.
        blocks = drop_head_bylines(blocks, meta.authors)
        article = replace(article, blocks=drop_echoes(blocks))
    deadline.check("content extraction")
    meta = _complete(meta, article, html, config, dated)
    kept = [b for b in article.blocks if b.kind not in _dropped(config)]
    text, markdown = join_blocks(kept), join_blocks(kept, markdown=True)
    page_text = sum(b.size for b in article.flat.blocks) if article.flat is not None else 0
    signals = Signals(article.page_prose, article.listing, relaxed, page_text)
    quality = assess(article.blocks, signals)
    if _wants_second_opinion(config.favor, article.blocks, signals):
        doubtful = config.favor == Favor.BALANCED
        other = trafilatura_text(html, meta.url or url)
        agreed = agreed_blocks(article.blocks, other, doubtful=doubtful)
        if len(agreed) < len(article.blocks):
            kept = [b for b in agreed if b.kind not in _dropped(config)]
            text, markdown = join_blocks(kept), join_blocks(kept, markdown=True)
            quality = assess(agreed, signals, second_opinion=True)
    warnings = () if text else ("no article text found",)
    language = meta.language or guess_language(text)
    doc = Document(
        text=text,
        source=source,
        url=meta.url,
        title=meta.title,
        authors=meta.authors,
        published=meta.published,
        modified=meta.modified,
        site_name=meta.site_name,
        language=language,
        description=meta.description,
        tags=meta.tags,
        image=meta.image,
        markdown=markdown,
        warnings=warnings,
        quality=quality,
    )
    return extras.complete(doc, article, kept, meta.url or url) if extras else doc


def decode_page(page: Page) -> tuple[str, str]:
    """The page's text and the encoding it was decoded with (each page is decoded once)."""
    return decode_html(page.data, page.charset)


def _dropped(config: ExtractConfig) -> frozenset[str]:
    """Block kinds the options leave out (``tables``, ``captions``)."""
    return frozenset(("row",) * (not config.tables) + ("caption",) * (not config.captions))


def extract_page(page: Page, config: ExtractConfig) -> Document:
    """Clean one page (HTML or already-extracted text)."""
    html, _ = decode_page(page)
    return extract_decoded(page, html, config)


def extract_decoded(
    page: Page, html: str, config: ExtractConfig, *, utf8: bytes | None = None
) -> Document:
    """Clean one page whose bytes ``decode_page`` has already decoded into ``html``.
    ``utf8``: ``html`` encoded as UTF-8, when the caller has it."""
    warnings = page.warnings + (_truncation(html) if page.kind == "html" else ())
    if page.kind == "text":
        doc = clean_text_page(html, source=page.source, rules=_rules_for(config, page.url))
        doc = Extras.none_found(replace(doc, language=guess_language(doc.text)), config)
    else:
        doc = extract_html(html, url=page.url, source=page.source, config=config, utf8=utf8)
    if warnings:
        doc = replace(doc, warnings=warnings + doc.warnings)
    return replace(doc, fetch=page.fetch) if page.fetch is not None else doc


def _truncation(html: str) -> tuple[str, ...]:
    """A page saved half-way ends inside a tag; it is still cleaned, with a warning."""
    tail = html[-4096:]
    if tail.rfind("<") > tail.rfind(">"):
        return ("page ends inside a tag (truncated?)",)
    return ()
