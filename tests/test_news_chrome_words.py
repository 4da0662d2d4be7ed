"""News chrome told by its words, in the web's most used languages: an advertisement
slot's label with what to do next, "please enable JavaScript", an audio or video
player's label, a photo gallery's label and counter, "follow us" lines and agency
notes."""

from __future__ import annotations

import pytest

from scraper import extract
from tests.extraction_helpers import OTHER, PROSE


def _extract(inset: str) -> str:
    paragraphs = "".join(
        f"<p>{PROSE} ({n})</p>" + (inset if n == 1 else "") + f"<p>{OTHER} ({n})</p>"
        for n in range(4)
    )
    body = f"<div><h1>Bridge</h1><div>{paragraphs}</div></div>"
    html = f"<html><head><title>Bridge</title></head><body>{body}</body></html>"
    return extract(html).text


@pytest.mark.parametrize(
    "line",
    [
        "ADVERTISEMENT – SCROLL TO CONTINUE",
        "Anzeige – Weiterlesen nach der Anzeige",
        "CONTINUA APÓS A PUBLICIDADE",
        "La suite après la publicité",
        "Bitte aktivieren Sie JavaScript, um diesen Inhalt zu sehen.",
        "Veuillez activer JavaScript dans votre navigateur.",
        "Para ver este contenido necesitas activar JavaScript.",
        "Пожалуйста, включите JavaScript в браузере.",
        "Écouter cet article 3 min",
        "Zum Anhören",
        "Assista ao vídeo",
        "記事を聞く",
        "Bildergalerie 12 Bilder",
        "Voir la galerie (15 photos)",
        "Galería de fotos 1 / 12",
        "3 of 12",
        "Síguenos en Google News y en nuestro canal de WhatsApp.",
        "Únete a nuestro canal de WhatsApp y recibe las noticias del día.",
        "Saksikan video pilihan di bawah ini:",
        "Con información de EFE.",
    ],
)
def test_a_news_chrome_line_goes(line: str) -> None:
    text = _extract(f"<div><span>{line}</span></div>")
    assert line not in text
    assert f"{OTHER} (3)" in text


def test_a_rating_stays() -> None:
    assert "5/5" in _extract("<div><span>5/5</span></div>")


def test_a_sentence_that_counts_photos_stays() -> None:
    said = "<p>The gallery shows 12 photos of the harbour taken before the war.</p>"
    assert "12 photos of the harbour" in _extract(said)


def test_a_sentence_about_javascript_stays() -> None:
    said = "<p>Die Stadt will ihre Website neu bauen, die ohne JavaScript auskommt.</p>"
    assert "ohne JavaScript auskommt" in _extract(said)
