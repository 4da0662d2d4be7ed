"""Datelines around an article (a date and a clock time): left out, as news truths do."""

from __future__ import annotations

import pytest
from extraction_helpers import OTHER, PROSE

from scraper import extract
from scraper.extraction.blocks import Block
from scraper.extraction.datelines import is_dateline

STORY = "".join(f"<p>{PROSE} {OTHER}</p>" for _ in range(3)) + f"<p>{OTHER}</p>"


def page(body: str) -> str:
    return f"<html><head><title>Bridge</title></head><body><article>{body}</article></body></html>"


def _block(text: str) -> Block:
    return Block("p", text, 0, 0, size=len(text))


@pytest.mark.parametrize(
    "line",
    [
        "Erstellt: 28.04.2023, 18:16 Uhr",
        "25.10.2025 - 15:26 Uhr",
        "Aktualisiert am 07.01.2026 - 18:50 UhrLesedauer: 4 Min.",
        "Publikacja: 02.02.2025 21:52",
        "17:41 JST, October 13, 2024",
        "5 gennaio 2025 ( modifica il 6 gennaio 2025 | 15:24)",
        "2024年10月13日 17時41分",
    ],
)
def test_a_date_and_a_time_with_few_words_is_a_dateline(line: str) -> None:
    assert is_dateline(_block(line))


@pytest.mark.parametrize(
    "line",
    [
        "The match kicks off on 12.05.2025 at 18:00 in the new arena.",
        "Published October 13, 2024",  # no time: a date alone can head a timeline's entry
        "21:00 Jane Doe",
    ],
)
def test_other_lines_are_not_datelines(line: str) -> None:
    assert not is_dateline(_block(line))


def test_datelines_above_and_below_the_article_go() -> None:
    text = extract(
        page(f"<p>Erstellt: 28.04.2023, 18:16 Uhr</p>{STORY}<p>12.12.2025, 05:07 Uhr</p>")
    ).text
    assert "Tuesday evening" in text
    assert "18:16" not in text
    assert "05:07" not in text


def test_a_dateline_between_the_standfirst_and_the_body_goes() -> None:
    lead = "After three years of disputes the council has approved the bridge across the river."
    text = extract(page(f"<p>{lead}</p><p>25.10.2025 - 15:26 Uhr</p>{STORY}")).text
    assert "After three years" in text
    assert "15:26" not in text


def test_a_date_and_time_inside_the_story_stay() -> None:
    inside = f"{STORY}<p>Samstag, 12.05.2025, 18:00 Uhr</p><p>{PROSE}</p>"
    text = extract(page(inside)).text
    assert "18:00" in text
