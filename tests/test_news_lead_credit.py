"""A news story's lead set in one small box with its photo and the photo's credit looks
like a caption; it says what the page's description says, and a caption does not: the
lead stays, the caption beside another photo goes."""

from __future__ import annotations

import json

from scraper import extract
from tests.extraction_helpers import OTHER, PROSE

LEAD = (
    "Das alte Getreideterminal soll ein Park werden: Der Stadtrat hat nach langem Streit "
    "die Sanierung beschlossen."
)
CAPTION = "Der alte Getreidespeicher im Morgenlicht über dem Hafenbecken."
_NEWS = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge"}


def page(description: str) -> str:
    lead = f"<div class='ld'><img src='/a.jpg'><span>Foto: dpa</span><p>{LEAD}</p></div>"
    photo = f"<div class='ph'><img src='/b.jpg'><p>{CAPTION}</p><span>Foto: Jana Ros</span></div>"
    paragraphs = "".join(
        f"<p>{PROSE} ({n})</p>" + (photo if n == 1 else "") + f"<p>{OTHER} ({n})</p>"
        for n in range(3)
    )
    head = (
        f"<title>Bridge</title><meta name='description' content='{description}'>"
        f"<script type='application/ld+json'>{json.dumps(_NEWS)}</script>"
    )
    body = f"<article><h1>Bridge</h1>{lead}<div class='body'>{paragraphs}</div></article>"
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_a_lead_beside_its_photos_credit_stays_when_the_description_says_it() -> None:
    text = extract(page(LEAD)).text
    assert LEAD in text
    assert CAPTION not in text
    assert "Jana Ros" not in text


def test_a_caption_that_is_not_the_description_goes() -> None:
    text = extract(page("Die Stadt plant einen neuen Park am Hafen mit einer Badestelle.")).text
    assert LEAD not in text
    assert CAPTION not in text
