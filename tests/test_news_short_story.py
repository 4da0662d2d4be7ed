"""A news story of three short paragraphs is a story, not a listing: below 1,000 size
units of prose a page is read as a list of links, and a brief kept its "Read also" line
and the ranking under it. A page that declares no story is still read as a listing."""

from __future__ import annotations

import json

from scraper import extract

BRIEF = (
    "<p>Zarząd portu poinformował w poniedziałek, że stary terminal zbożowy zostanie "
    "przebudowany na park z kąpieliskiem, po latach sporów o koszty oczyszczenia gruntu.</p>"
    "<p><strong>Czytaj też:</strong> <a href='/a'>Nowa szkoła w budynku starej poczty</a></p>"
    "<p>Inżynierowie znaleźli pod betonem ślady ropy, a rada miasta zażądała drugiej "
    "ekspertyzy, zanim zgodziła się zapłacić za prace.</p>"
    "<p>Mieszkańcy okolic nabrzeża cieszą się z planu, ale obawiają się korków w letnie "
    "weekendy, gdy prom i tak przywozi tysiące turystów.</p>"
)
RANKING = (
    "<div><h3>Najczęściej czytane</h3><ol>"
    + "".join(
        f"<li><a href='/r/{n}'>Bilety na prom drożeją po raz {n} w tym roku</a></li>"
        for n in range(2, 6)
    )
    + "</ol></div>"
)
_NEWS = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Park"}


def page(*, news: bool) -> str:
    script = f"<script type='application/ld+json'>{json.dumps(_NEWS)}</script>" * news
    head = f"<title>Park w porcie</title>{script}"
    body = f"<div class='a'><h1>Park w porcie</h1><div class='b'>{BRIEF}</div></div>{RANKING}"
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_a_short_news_story_drops_its_read_also_line_and_the_ranking_after_it() -> None:
    text = extract(page(news=True)).text
    assert "obawiają się korków" in text
    assert "Nowa szkoła" not in text
    assert "Bilety na prom" not in text


def test_a_short_page_that_declares_no_story_keeps_its_links() -> None:
    text = extract(page(news=False)).text
    assert "Bilety na prom" in text
