"""News labels in many languages: embedded players, datelines and reading times."""

from __future__ import annotations

from extraction_helpers import OTHER, PROSE

from scraper import extract


def page(body: str) -> str:
    return f"<html><head><title>Bridge plans</title></head><body>{body}</body></html>"


def _article(inner: str) -> str:
    paragraphs = "".join(f"<p>{PROSE} ({n})</p><p>{OTHER} ({n})</p>" for n in range(4))
    return page(f"<article><h1>Bridge plans</h1>{inner}{paragraphs}</article>")


def test_an_embedded_players_labels_and_failure_message_are_not_the_article() -> None:
    player = (
        "<div class='featured-video jwplayer'><div class='video-fallback'>"
        "<div>We are sorry, this video could not be played.</div>"
        "<div>Reload the page to try again.</div></div></div>"
    )
    text = extract(_article(player)).text
    assert "could not be played" not in text
    assert "Reload the page" not in text
    assert "The council met" in text


def test_datelines_and_reading_times_in_other_languages_go() -> None:
    for line in (
        "Stand: 17.06.2025 18:24 Uhr",
        "Publié le 3 mai 2024 à 10h",
        "Opublikowano: 03.05.2024",
        "3 Min. Lesezeit",
        "5 min de lecture",
    ):
        text = extract(_article(f"<div class='info'><span>{line}</span></div>")).text
        assert line not in text, line
        assert "The council met" in text


def test_agency_credits_standing_alone_go() -> None:
    credits = "".join(
        f"<div class='pic'><img src='/{n}.jpg'><div>{line}</div></div>"
        for n, line in enumerate(
            ("Getty Images", "REUTERS", "(Quelle: APA/sda/dpa)", "Getty Images / Jane Doe")
        )
    )
    text = extract(_article(credits)).text
    for line in ("Getty", "REUTERS", "Quelle", "Jane Doe"):
        assert line not in text
    assert "The council met" in text


def test_a_sentence_that_names_an_agency_stays() -> None:
    said = "<p>Reuters reported that the council would vote again next week.</p>"
    text = extract(_article(said)).text
    assert "Reuters reported" in text


def test_related_story_labels_and_player_placeholders_in_other_languages_go() -> None:
    for line in (
        "Noticia relacionada",
        "Verwandter Artikel",
        "Player wird geladen",
        "Chargement de la vidéo",
        "Embed",
    ):
        text = extract(_article(f"<div><span>{line}</span></div>")).text
        assert line not in text, line
        assert "The council met" in text


def test_subscribe_prompts_in_other_languages_go_but_a_sentence_about_subscribing_stays() -> None:
    for line in (
        "Jetzt abonnieren und von der Vorlesefunktion profitieren.",
        "Abonnez-vous pour lire la suite.",
        "Recommended from Editorial",
    ):
        text = extract(_article(f"<div><p>{line}</p></div>")).text
        assert line not in text, line
    said = "<p>Readers who subscribe now pay less, the publisher said on Tuesday.</p>"
    assert "Readers who subscribe now" in extract(_article(said)).text
