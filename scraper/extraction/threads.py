"""Forum threads: pages whose replies are their content.

Under an article, the readers' comments are not the article, so the class words and
selectors that name comments ("comment", "#comments") mark chrome, and the shipped
content selectors ("[itemprop=articleBody]", ".post-content") name the article's body.
On a page that declares itself a forum thread (schema.org ``DiscussionForumPosting``, in
JSON-LD or in microdata), the replies are what the page is: there those names mark
content, and a body selector that matches the opening post alone does not make it the
whole page (the container is where the thread's prose is). A site's own rules stay.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scraper.config import Rules, SiteRules

__all__ = ["is_thread", "replies_kept"]

_TYPE = "DiscussionForumPosting"
# The type as a JSON-LD "@type" (alone or in a list, by name or by URL) or as a
# microdata "itemtype".
_DECLARED = re.compile(
    r'(?:"@type"\s*:\s*(?:\[[^\]]*)?"(?:https?://schema\.org/)?'
    r'|itemtype\s*=\s*["\']?https?://schema\.org/)' + _TYPE + r"\b"
)
# A rule that names comments: a class word or a selector.
_COMMENT = re.compile(r"comment", re.IGNORECASE)


def is_thread(html: str) -> bool:
    """Whether the page declares itself a forum thread."""
    return _TYPE in html and _DECLARED.search(html) is not None


def replies_kept(rules: Rules) -> Rules:
    """``rules`` whose generic part has no content selectors, and no class words and
    selectors that name comments; the sites' own rules are kept."""
    return replace(rules, generic=_without_comments(rules.generic))


def _without_comments(rules: SiteRules) -> SiteRules:
    return replace(
        rules,
        content=(),
        remove=tuple(rule for rule in rules.remove if not _COMMENT.search(rule)),
        classes=tuple(word for word in rules.classes if not _COMMENT.search(word)),
        strong_classes=tuple(word for word in rules.strong_classes if not _COMMENT.search(word)),
    )
