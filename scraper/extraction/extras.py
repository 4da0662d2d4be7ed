"""What a user can ask for beside the article's text: its links, its images, and the
page's reader comments (``ExtractConfig.links``, ``images``, ``comments``; all off by
default, and then nothing here runs).

    page ──read(tree)──▶ Extras (comments, figure captions: before chrome removal)
    Article + kept blocks ──Extras.complete(doc)──▶ Document with links/images/comments

Links and images are read from the element the article's text was chosen from, after
chrome removal, so an ad's image or a "related" box's links never come with it. Links
are the ``<a href>`` whose text is in a kept block: they go into the Markdown form as
``[text](url)`` and into ``Document.links``. Images go into the Markdown form as
``![alt](url "caption")`` after the block that precedes them, and into
``Document.images``. Comments are read before chrome removal (comment sections are
chrome to the article) and kept apart, in ``Document.comments``; ``Document.text``
never changes with these options.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.config import ExtractConfig
from scraper.credentials import redact
from scraper.extraction.blocks import Block, Flattened, clean_inline, flatten
from scraper.extraction.chrome import COMMENT_SECTIONS
from scraper.extraction.content import Article
from scraper.extraction.normalize import join_blocks
from scraper.extraction.rules import CompiledRules
from scraper.model import Document, Image, Link

__all__ = ["Extras"]

# Inside a comment section: the reply form and its labels are not comments.
_FORM_WORDS = ("respond", "reply-form", "comment-form")
# Where lazy-loading pages keep an image's real URL while ``src`` holds a placeholder.
_SOURCES = ("data-src", "data-lazy-src", "data-original", "src")
_SKIPPED_SCHEMES = ("javascript", "data", "about")
# The links under a comment list that page through it ("Load 8 more comments").
_MORE_COMMENTS = re.compile(
    r"(load|show|view|see|read)\b.{0,20}\b(comments?|replies|responses)", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Extras:
    """What was read before chrome removal, and which extras were asked for."""

    links: bool
    images: bool
    comments: str | None  # None: not asked for
    captions: dict[str, str]  # an image's src -> its figure's caption

    @classmethod
    def read(
        cls, tree: LexborHTMLParser, rules: CompiledRules, config: ExtractConfig
    ) -> Extras | None:
        """``None`` when no extra is asked for (the default)."""
        if not (config.links or config.images or config.comments):
            return None
        comments = page_comments(tree, rules) if config.comments else None
        captions = figure_captions(tree) if config.images else {}
        return cls(config.links, config.images, comments, captions)

    @staticmethod
    def none_found(doc: Document, config: ExtractConfig) -> Document:
        """``doc`` (a text page, which has no markup to read them from) saying that the
        extras asked for were looked for and none found."""
        return replace(
            doc,
            comments="" if config.comments else None,
            links=() if config.links else None,
            images=() if config.images else None,
        )

    def complete(
        self, doc: Document, article: Article, kept: list[Block], base: str | None
    ) -> Document:
        """``doc`` with the extras asked for; the Markdown form carries links and images."""
        doc = replace(doc, comments=self.comments)
        if not (self.links or self.images):
            return doc
        container = _container(article)
        if container is None or article.flat is None:
            return replace(
                doc, links=() if self.links else None, images=() if self.images else None
            )
        flat = article.flat
        links: list[Link] = []
        if self.links:
            kept = _with_links(flat, container, kept, base, links)
        images: list[Image] = []
        if self.images:
            kept = _with_images(flat, container, kept, base, self.captions, images)
        return replace(
            doc,
            markdown=join_blocks(kept, markdown=True),
            links=tuple(links) if self.links else None,
            images=tuple(images) if self.images else None,
        )


def _container(article: Article) -> LexborNode | None:
    """The node of the element the article was chosen from."""
    if article.root is None or article.flat is None or article.container < 0:
        return None
    wanted = article.flat.elements[article.container].mem_id
    if article.root.mem_id == wanted:
        return article.root
    return next((n for n in article.root.traverse() if n.mem_id == wanted), None)


def _element_of(flat: Flattened, node: LexborNode) -> int:
    """The innermost element of ``flat`` that holds ``node`` (-1: none)."""
    parent = node.parent
    while parent is not None:
        found = flat.index.get(parent.mem_id)
        if found is not None:
            return found
        parent = parent.parent
    return -1


def _absolute(base: str | None, raw: str) -> str | None:
    url = urljoin(base or "", raw.strip())
    scheme = urlsplit(url).scheme
    if not url or url.startswith("#") or scheme in _SKIPPED_SCHEMES:
        return None
    return redact(url)  # (the Markdown form, which carries it, is not redacted later)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# -- links ------------------------------------------------------------------------------


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _with_links(
    flat: Flattened, container: LexborNode, kept: list[Block], base: str | None, out: list[Link]
) -> list[Block]:
    """The kept blocks with their links' text as ``[text](url)``; ``out`` gets the links."""
    pending: dict[int, list[tuple[str, str]]] = {}
    for anchor in container.css("a[href]"):
        text = clean_inline(anchor.text(deep=True))
        url = _absolute(base, anchor.attributes.get("href") or "")
        if text and url:
            pending.setdefault(_element_of(flat, anchor), []).append((text, url))
    blocks = []
    for block in kept:
        anchors = pending.get(block.owner)
        if not anchors or block.kind == "pre":
            blocks.append(block)
            continue
        text, cursor = block.text, 0
        while anchors:
            label, url = anchors[0]
            at = text.find(label, cursor)
            if at < 0:
                break  # (its text is in the owner's next block: a line after a <br>)
            anchors.pop(0)
            linked = f"[{label}]({_md_url(url)})"
            text = text[:at] + linked + text[at + len(label) :]
            cursor = at + len(linked)
            out.append(Link(_nfc(label), url))
        blocks.append(replace(block, text=text))
    return blocks


# -- images -----------------------------------------------------------------------------


def figure_captions(tree: LexborHTMLParser) -> dict[str, str]:
    """Each figure image's ``src`` and its caption, read before chrome removal (photo
    captions are chrome to the article's text by the shipped rules)."""
    captions: dict[str, str] = {}
    for figure in tree.css("figure"):
        caption = figure.css_first("figcaption")
        text = clean_inline(caption.text(deep=True)) if caption is not None else ""
        if not text:
            continue
        for img in figure.css("img"):
            source = _source(img)
            if source:
                captions.setdefault(source, text)
    return captions


def _source(img: LexborNode) -> str | None:
    attrs = img.attributes
    for name in _SOURCES:
        value = (attrs.get(name) or "").strip()
        if value and not value.startswith("data:"):
            return value
    return None


def _is_pixel(img: LexborNode) -> bool:
    """A tracking pixel or spacer (``width="1"``)."""
    attrs = img.attributes
    return any((attrs.get(name) or "").strip() in ("0", "1") for name in ("width", "height"))


def _md_title(text: str) -> str:
    return ' "' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _with_images(
    flat: Flattened,
    container: LexborNode,
    kept: list[Block],
    base: str | None,
    captions: dict[str, str],
    out: list[Image],
) -> list[Block]:
    """The kept blocks with a ``![alt](url "caption")`` block after the last block that
    comes before each image; ``out`` gets the images, each URL once."""
    texts = {block.text for block in kept}
    placed: list[tuple[int, Block]] = []
    seen: set[str] = set()
    for img in container.css("img"):
        source = _source(img)
        url = _absolute(base, source) if source else None
        if url is None or url in seen or _is_pixel(img):
            continue
        seen.add(url)
        alt = clean_inline(img.attributes.get("alt") or "")
        caption = captions.get(source or "") or clean_inline(img.attributes.get("title") or "")
        out.append(Image(url, _nfc(alt) or None, _nfc(caption) or None))
        # A caption that is already a kept block is not repeated in the image's title.
        title = _md_title(caption) if caption and caption not in texts else ""
        element = _element_of(flat, img)
        line = Block("img", f"![{alt}]({_md_url(url)}{title})", 0, element)
        after = max((i + 1 for i, b in enumerate(kept) if b.owner <= element), default=0)
        placed.append((after, line))
    blocks = list(kept)
    for after, line in reversed(placed):  # (from the end: earlier positions stay valid)
        blocks.insert(after, line)
    return blocks


# -- comments ---------------------------------------------------------------------------


def page_comments(tree: LexborHTMLParser, rules: CompiledRules) -> str:
    """The text of the page's comment section ("" when it has none): each comment's
    head (author, date) and body, without the reply form, counts and buttons."""
    # The first match in the page is taken; later ones are usually inside it.
    section = tree.css_first(COMMENT_SECTIONS)
    if section is None:
        return ""
    flat = flatten(section, names=True)  # _in_form reads them
    kept = [
        # A comment's head and body are paragraphs, not items of the comment list.
        replace(block, kind="p", marker="")
        for block in flat.blocks
        if not block.menu
        and not rules.is_chrome_phrase(block.text)
        and not rules.matches_pattern(block.text)
        and not _MORE_COMMENTS.fullmatch(block.text)
        and not _in_form(flat, block.owner)
    ]
    return join_blocks(kept)


def _in_form(flat: Flattened, element: int) -> bool:
    while element >= 0:
        found = flat.elements[element]
        if found.tag in ("form", "label") or any(w in found.names for w in _FORM_WORDS):
            return True
        element = found.parent
    return False
