"""A question-and-answer page (schema.org ``QAPage``) is by whoever asked its question:
the ``Question`` it holds names the author and the day it was asked, not the people who
answered. An ``FAQPage``'s questions are no one's."""

from __future__ import annotations

import json

from scraper import extract

PROSE = "<p>" + "A sentence of the thread that is long enough to count here. " * 10 + "</p>"


def _page(ld: dict[str, object]) -> str:
    return (
        "<html><head><title>Which Qt6 version for Ubuntu 24.04</title>"
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
        f'<h1>Which Qt6 version for Ubuntu 24.04</h1><div class="post">{PROSE}</div>'
        f'<div class="post"><a class="user">Pl45m4</a>{PROSE}</div></body></html>'
    )


def _question(author: str) -> dict[str, object]:
    return {
        "@type": "Question",
        "name": "Which Qt6 version for Ubuntu 24.04",
        "dateCreated": "2024-04-17T10:58:44Z",
        "author": {"@type": "Person", "name": author},
        "suggestedAnswer": [{"@type": "Answer", "author": {"@type": "Person", "name": "Pl45m4"}}],
    }


def test_the_asker_of_a_qa_page_is_its_author() -> None:
    doc = extract(
        _page(
            {
                "@context": "https://schema.org",
                "@type": "QAPage",
                "mainEntity": _question("Jon Brown"),
            }
        )
    )
    assert doc.authors == ("Jon Brown",)
    assert (doc.published or "").startswith("2024-04-17")


def test_the_questions_of_an_faq_page_name_no_author() -> None:
    doc = extract(
        _page(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [_question("Jon Brown")],
            }
        )
    )
    assert doc.authors == ()
