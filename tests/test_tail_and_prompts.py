"""Boilerplate around the article that the WCXB truths leave out: a call to action after
the last paragraph (a heading that heads no section), and the like."""

from __future__ import annotations

from extraction_helpers import OTHER, PROSE

from scraper import extract


def page(body: str) -> str:
    return f"<html><head><title>The bridge</title></head><body>{body}</body></html>"


# An article long enough not to read as a list of links (over 1,000 characters of prose).
STORY = "".join(f"<p>{PROSE} ({day})</p><p>{OTHER} ({day})</p>" for day in ("Mon", "Tue", "Wed"))


def test_a_heading_after_the_last_paragraph_with_only_a_short_line_goes() -> None:
    cta = (
        "<div class='cta'><h3>Ready to build your own bridge?</h3>"
        "<h3>Start your free trial today.</h3><a class='btn' href='/t'>Start</a></div>"
    )
    text = extract(page(f"<main><h1>The bridge</h1>{STORY}{cta}</main>")).text
    assert PROSE in text
    assert OTHER in text
    assert "Ready to build" not in text
    assert "free trial" not in text


def test_a_heading_that_ends_the_page_goes_a_section_with_prose_stays() -> None:
    body = (
        f"<main><h1>The bridge</h1>{STORY}<h2>The contract</h2><p>{OTHER}</p>"
        "<h2>Pin this for later!</h2></main>"
    )
    text = extract(page(body)).text
    assert "The contract" in text
    assert OTHER in text
    assert "Pin this" not in text


def test_a_run_of_question_headings_at_the_end_stays() -> None:
    faq = (
        "<h2>Questions</h2><details><summary><h4>When will it open?</h4></summary></details>"
        "<details><summary><h4>Who pays for it?</h4></summary></details>"
        "<details><summary><h4>Where does it cross?</h4></summary></details>"
    )
    text = extract(page(f"<main><h1>The bridge</h1>{STORY}{faq}</main>")).text
    assert "When will it open?" in text
    assert "Where does it cross?" in text
