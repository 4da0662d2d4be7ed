"""Boilerplate around the article that the WCXB truths leave out: a call to action after
the last paragraph (a heading that heads no section), and the like."""

from __future__ import annotations

from extraction_helpers import OTHER, PROSE, STORY, page

from scraper import extract


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


def test_a_dateline_with_a_comma_above_the_article_goes() -> None:
    text = extract(page(f"<main><p>15 Dec, 2025</p><h1>The bridge</h1>{STORY}</main>")).text
    assert "15 Dec, 2025" not in text
    assert PROSE in text


def test_a_posts_age_and_tool_row_goes_on_a_list_of_links() -> None:
    items = "".join(
        f"<li><a href='/s{i}'>Story number {i} about bridges and rivers</a>"
        f"<p>{i + 10} points by jane {i} hours ago | hide | past | {i} comments</p></li>"
        for i in range(12)
    )
    text = extract(page(f"<main><ol>{items}</ol></main>")).text
    assert "Story number 3 about bridges" in text
    assert "points by" not in text
    assert "| hide |" not in text


def test_a_camel_case_name_is_read_word_by_word() -> None:
    box = (
        "<div class='cNewsletterSignup'><h3>Our weekly letter</h3>"
        "<p>Get the best stories in your inbox.</p></div>"
    )
    text = extract(page(f"<main><h1>The bridge</h1>{STORY}{box}<p>{OTHER} (Thu)</p></main>")).text
    assert "weekly letter" not in text
    assert "in your inbox" not in text
    assert f"{OTHER} (Thu)" in text


def test_a_css_module_hash_is_no_word() -> None:
    # "adKqa" is a hash, not the word "ad".
    table = (
        "<div class='mdx-table_root__adKqa'><table><tr><td>Span</td><td>120 m</td></tr>"
        "<tr><td>Height</td><td>40 m</td></tr></table></div>"
    )
    text = extract(page(f"<main><h1>The bridge</h1>{STORY[:600]}{table}{STORY[600:]}</main>")).text
    assert "Height" in text


def test_a_forums_box_for_visitors_who_are_not_signed_in_goes() -> None:
    posts = "".join(
        f"<article class='post'><p>{PROSE} ({i})</p><p>{OTHER} ({i})</p></article>"
        for i in range(3)
    )
    teaser = (
        "<div class='ipsBox'><div class='cGuestTeaser'><h2>Create an account or sign in to "
        "comment</h2><p>You need to be a member in order to leave a comment</p></div></div>"
    )
    last = f"<article class='post'><p>{PROSE} (last)</p></article>"
    text = extract(page(f"<main><h1>The bridge</h1>{posts}{teaser}{last}</main>")).text
    assert f"{PROSE} (last)" in text
    assert "Create an account" not in text
    assert "member in order" not in text
