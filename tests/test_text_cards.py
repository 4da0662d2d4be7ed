"""A site's teaser cards at the end of a page's whole text are not the article.

"More on this", "Die Redaktion empfiehlt", the next stories: after the article, a
heading over a single blurb, again and again, whatever the label's words or the
language. The article's own sections, which go on with paragraphs, and a FAQ, whose
headings ask, stay.
"""

from __future__ import annotations

import pytest
from clean_helpers import SEED

from scraper import clean_text

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
ARTICLE = "\n".join(SEED_LINES[2:-3]).strip()  # between the menu bar and "Share."
ARTICLE_LINES = [line for line in ARTICLE.split("\n") if line.strip()]
MENU = ["Politics", "Economy", "Climate", "Science", "Culture", "Travel", "Opinion", "Video"]
HEADER = ["# Trump and Kim: a bromance revisited", "Jane Roe", "4 March 2024"]

CARDS = {
    "de": (
        "#### Die Redaktion empfiehlt",
        [
            "## Hafenbrücke: Stadtrat gibt nach Jahren grünes Licht",
            "Nach langem Streit über die Kosten stimmte der Rat am Abend für den Neubau. "
            "Die Arbeiten sollen im Frühjahr beginnen.",
            "## Sturmwarnung für die Nordküste am Wochenende",
            "Der Wetterdienst erwartet Böen bis 100 Kilometer pro Stunde. Fähren könnten "
            "ausfallen.",
            "## Bäckerei aus dem Ort gewinnt Preis für ihr Sauerteigbrot",
            "Die Jury lobte die Kruste und das Aroma. Es ist der dritte Preis in Folge.",
        ],
    ),
    "fr": (
        "3 min",
        [
            "12.05.2024",
            "### Le conseil municipal approuve enfin le nouveau pont du port",
            "Après des années de débats sur son coût, le projet a été adopté mardi soir.",
            "12.05.2024",
            "### Alerte tempête sur la côte nord ce week-end",
            "Des rafales jusqu'à 100 km/h sont attendues. Les ferries pourraient être annulés.",
            "11.05.2024",
            "### La boulangerie du village primée pour son pain au levain",
            "Le jury a salué la croûte et l'arôme. C'est le troisième prix d'affilée.",
        ],
    ),
    "ja": (
        "## 関連ニュース一覧",
        [
            "### 港の新しい橋、数年の議論を経て市議会が承認",
            "費用をめぐる長い議論の末、市議会は火曜日の夜に建設を決めた。工事は春に始まる予定だ。",
            "もっと見る",
            "### 週末、北部の海岸に暴風警報",
            "気象台は最大で時速百キロの突風を予想している。フェリーは欠航の恐れがある。",
            "もっと見る",
            "### 地元のパン屋、サワードウで全国賞を受賞",
            "審査員は皮の食感と香りを高く評価した。三年連続の受賞となる。",
            "もっと見る",
        ],
    ),
}


def _page(after: list[str]) -> str:
    return "\n".join([*MENU, "", *HEADER, "", ARTICLE, "", *after, "", *MENU]) + "\n"


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("language", sorted(CARDS))
def test_teaser_cards_after_the_article_go(language: str) -> None:
    label, cards = CARDS[language]
    cleaned = _lines(clean_text(_page([label, *cards])).text)
    assert cleaned == [*HEADER, *ARTICLE_LINES]


def test_sections_that_go_on_with_paragraphs_stay() -> None:
    """Three short sections of two paragraphs each end the article: they stay."""
    sections = []
    for number in range(3):
        sections += [
            f"### Act {number + 3}: the talks resume",
            "Diplomats from both sides met again in Panmunjom, where the first handshake "
            "took place, and agreed to keep the channel open.",
            "Neither side gave details of what was said, but both called the meeting "
            "useful and said they would meet again next month.",
        ]
    cleaned = _lines(clean_text(_page(sections)).text)
    assert cleaned == [*HEADER, *ARTICLE_LINES, *sections]


def test_a_faq_after_the_article_stays() -> None:
    faq = [
        "## Questions and answers",
        "### Is North Korea a nuclear power?",
        "It has tested nuclear devices six times since 2006, but no treaty recognises it as one.",
        "### Did the summits produce an agreement?",
        "No. The three meetings ended without a deal on sanctions, warheads or the "
        "long-range missiles that worry Seoul most.",
        "### Will Trump and Kim meet again?",
        "Neither side has set a date, and Pyongyang has not answered the offer in its "
        "state media so far.",
    ]
    cleaned = _lines(clean_text(_page(faq)).text)
    assert cleaned == [*HEADER, *ARTICLE_LINES, *faq]


def test_a_page_of_short_sections_keeps_its_last_ones() -> None:
    """A service page: two paragraphs of introduction, then a heading over one
    paragraph per service. No run of paragraphs says "article" above the last
    sections, so they are the page's, not teasers."""
    intro = [
        "# Harbour Joinery",
        "We build and restore wooden boats, docks and boathouses along the northern "
        "coast, from a single plank to a whole hull, and we have done so for three "
        "generations. Every job starts with a visit: we look at the wood, the water and "
        "the way you use your boat before we suggest anything, and we put our estimate "
        "in writing so that there are no surprises when the work is done.",
        "Our workshop sits on the old mill quay, where we keep seasoned oak, larch and "
        "mahogany for repairs that match the original timber. We work with traditional "
        "tools where they serve best and with modern glues and coatings where they last "
        "longer, and we guarantee every repair for five years, parts and labour included.",
        "## What we do",
    ]
    services = [
        "### Hull repairs",
        "Planks, frames and keels replaced in matching timber, caulked and painted.",
        "### Dock building",
        "Fixed and floating docks in larch or oak, built to last in salt water.",
        "### Winter storage",
        "Heated sheds for boats up to twelve metres, with a check before launch.",
    ]
    cleaned = _lines(clean_text("\n".join([*MENU, "", *intro, *services, *MENU])).text)
    assert cleaned == [*intro, *services]
