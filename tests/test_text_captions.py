"""A caption saved as a line of the article's text goes: the line's last words, after a
sentence's end, are a photo credit that a chrome pattern knows ("Foto: ...", "© ...",
an agency). Lines whose last words are a footnote's number, a figure or a sentence stay.
"""

from __future__ import annotations

import pytest
from clean_helpers import SEED

from scraper import clean_text

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
ARTICLE = "\n".join(SEED_LINES[2:-3]).strip()  # between the menu bar and "Share."
PARAGRAPHS = [line for line in ARTICLE.split("\n") if line.strip()]


@pytest.mark.parametrize(
    "caption",
    [
        "Polisen och hemvärnet deltar i sökandet. Foto: Rescue Photo",
        "Eine dunkle Rauchwolke zieht über Wohnhäuser. © Anett Seidler | Anett Seidler",
        "Kim Jong-un inspects a missile launch in an undated photo. Photo: KCNA/Reuters",
        "Trump and Kim shake hands in Singapore in 2018.   Credit: Jane Roe",
        "Le sommet de Hanoï s'est terminé sans accord. Crédit photo : AFP",
        "Los líderes se reunieron en la zona desmilitarizada. (Foto: EFE)",
    ],
)
def test_a_caption_ending_in_a_photo_credit_goes(caption: str) -> None:
    text = "\n\n".join([*PARAGRAPHS[:3], caption, *PARAGRAPHS[3:]]) + "\n"
    kept = clean_text(text).text.split("\n\n")
    assert caption not in kept
    assert kept == PARAGRAPHS


@pytest.mark.parametrize(
    "line",
    [
        "Real estate crowdfunding is already a multibillion-dollar industry. 3",
        "Combined Ratio (Reported)\t97.9",
        "The court ruled in 2019. Copyright law, it said, protects the photographs.",
        "She took the picture herself. Photo credits matter to her",
    ],
)
def test_a_line_ending_in_a_number_a_figure_or_a_sentence_stays(line: str) -> None:
    text = "\n\n".join([*PARAGRAPHS[:3], line, *PARAGRAPHS[3:]]) + "\n"
    assert line in clean_text(text).text.split("\n\n")
