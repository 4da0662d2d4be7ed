"""What stands beside a name in a byline and is not an author: a lead-in on a line of
its own, the name's own parts, a job or a forum rank, the site's name."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extraction.authors import clean_authors

BODY = "<p>" + "A sentence of the article that is long enough to count. " * 10 + "</p>"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a lead-in the markup put on a line of its own
        (["Kommentar von", "Jan Sellner"], ("Jan Sellner",)),
        (["Un article de", "Ana Ruiz"], ("Ana Ruiz",)),
        (["Ludwig van"], ()),
        # a name's parts in elements of their own
        (["Martin Gramnæs", "Martin", "Gramnæs"], ("Martin Gramnæs",)),
        (["Kim", "Lee Park"], ("Kim", "Lee Park")),
        # a job or a rank beside the name
        (["Rex Du, Director"], ("Rex Du",)),
        (["Linc", "Admin"], ("Linc",)),
        (["Lance Ryan (Content Manager)"], ("Lance Ryan",)),
        (["Tracy Parker, Dietitian"], ("Tracy Parker",)),
        # a dateline in the byline's box: its weekday is no one
        (["Sat, 20 Dec, 2025 - 06:36"], ()),
        (["Vrijdag, 3 mei 2025"], ()),
    ],
)
def test_only_names_are_authors(raw: list[str], expected: tuple[str, ...]) -> None:
    assert clean_authors(raw) == expected


def _page(site: str, byline: str) -> str:
    return (
        f'<html><head><meta property="og:site_name" content="{site}"></head><body>'
        f'<h1>Router review</h1><div class="byline">{byline}</div>{BODY}</body></html>'
    )


def test_the_sites_name_beside_a_persons_is_no_author() -> None:
    page = _page("PCWorld", "<span>Ada Birch</span><span>PCWorld</span>")
    assert extract(page).authors == ("Ada Birch",)


def test_a_byline_naming_only_the_site_stays() -> None:
    assert extract(_page("Harbour News", "Harbour News")).authors == ("Harbour News",)
