"""The nesting check that runs before parsing (scraper/extraction/dom.py)."""

from __future__ import annotations

import pytest

from scraper.errors import TooDeepError
from scraper.extraction.dom import check_depth


def test_a_page_exactly_at_the_limit_passes_and_one_level_more_is_refused() -> None:
    check_depth("<div>" * 3 + "</div>" * 3, 3)
    with pytest.raises(TooDeepError):
        check_depth("<div>" * 4 + "</div>" * 4, 3)


def test_stray_end_tags_close_nothing() -> None:
    # Five end tags before any start tag must not make room for five more levels.
    html = "</div>" * 5 + "<div>" * 4
    with pytest.raises(TooDeepError):
        check_depth(html, 3)
    check_depth(html, 4)


def test_sibling_elements_do_not_add_up() -> None:
    check_depth("<div><span>a</span></div>" * 50, 2)


def test_void_and_self_closing_foreign_elements_do_not_nest_but_a_self_closed_div_does() -> None:
    check_depth("<section>" + "<br><img src=a.png/><path d='M0 0'/>" * 10 + "</section>", 1)
    with pytest.raises(TooDeepError):
        check_depth("<section>" + "<div/>" * 2, 2)  # HTML has no self-closing <div>


def test_tag_names_are_matched_without_regard_to_case() -> None:
    check_depth("<SECTION>" + "<P>x" * 10 + "</SECTION>", 1)
    with pytest.raises(TooDeepError):
        check_depth("<DIV><Div><div>", 2)
