"""Forum threads: a page that declares itself one keeps its replies, which sit in
elements named "comment" (WCXB forum pages)."""

from __future__ import annotations

import pytest
from extraction_helpers import OTHER, PROSE, STORY, page

from scraper import extract
from scraper.extraction.threads import is_thread

REPLY = (
    "I had the same trouble last winter: the bridge's deck froze before the rest of the "
    "road did, and the council only put up the warning signs after the second accident."
)
THREAD_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@type": "DiscussionForumPosting", "headline": "The bridge"}</script>'
)


def _thread(head: str = "", post: str = "<div class='post'>") -> str:
    replies = "".join(
        f"<div class='comment'><div class='comment-body'><p>{REPLY} ({n})</p></div></div>"
        for n in range(3)
    )
    return (
        f"<html><head><title>The bridge</title>{head}</head><body><main>"
        f"{post}<h1>The bridge</h1>{STORY}</div>"
        f"<div class='comments'>{replies}</div></main></body></html>"
    )


def test_a_declared_threads_replies_stay() -> None:
    text = extract(_thread(THREAD_LD)).text
    assert PROSE in text
    assert REPLY in text


def test_a_thread_declared_in_microdata_keeps_its_replies() -> None:
    post = "<div class='post' itemscope itemtype='https://schema.org/DiscussionForumPosting'>"
    text = extract(_thread(post=post)).text
    assert REPLY in text


def test_a_body_selector_on_the_opening_post_alone_does_not_make_it_the_thread() -> None:
    # "[itemprop=articleBody]" marks the first post only; the replies are posts beside it.
    replies = "".join(f"<div class='post'><p>{REPLY} ({n})</p></div>" for n in range(3))
    html = (
        f"<html><head><title>The bridge</title>{THREAD_LD}</head><body><main>"
        f"<div class='post'><h1>The bridge</h1><div itemprop='articleBody'>{STORY}</div></div>"
        f"{replies}</main></body></html>"
    )
    text = extract(html).text
    assert PROSE in text
    assert f"{REPLY} (2)" in text


def test_comments_under_an_article_still_go() -> None:
    # The same page without the declaration: an article and its readers' comments.
    text = extract(_thread()).text
    assert PROSE in text
    assert REPLY not in text


@pytest.mark.parametrize(
    ("html", "thread"),
    [
        ('{"@type": ["DiscussionForumPosting", "WebPage"]}', True),
        ('{"@type": "https://schema.org/DiscussionForumPosting"}', True),
        ('<article itemtype="http://schema.org/DiscussionForumPosting">', True),
        ('{"@type": "NewsArticle", "about": "a DiscussionForumPosting guide"}', False),
        ('{"@type": "QAPage"}', False),
        (page(f"<p>{OTHER}</p>"), False),
    ],
)
def test_what_declares_a_thread(html: str, thread: bool) -> None:
    assert is_thread(html) is thread
