"""Learning's first pass spooled to a temporary SQLite database: the same decisions as
``learn_site`` in memory, with at most a batch of pages held by construction."""

from __future__ import annotations

import random
from collections.abc import Iterator

from scraper.learning import LearnConfig, learn_site
from scraper.learning.folder import LearnOptions, learn_from
from scraper.learning.lines import PageLines, dump_lines, load_lines, page_lines
from scraper.learning.spool import LineSpool, learn_spooled
from scraper.model import Document

STORY = [
    "The council met on Monday to agree the budget for the coming year, after a long debate.",
    "Residents had asked for more money for the library, and the council agreed to find it.",
    "The mayor said the decision showed that the council listened to the people it served.",
]


def _page(site: str, n: int) -> PageLines:
    """A page of ``site``: some chrome on most pages, a standfirst on some, a story of its own."""
    rng = random.Random(f"{site}-{n}")
    lines = ["Top bar", "## Newsletter"] if rng.random() < 0.8 else ["Top bar"]
    if rng.random() < 0.5:
        lines.append("Our weekly look at the news from the town hall, written by our reporters.")
    lines += [f"{line[:-1]}, said report number {n}." for line in STORY]
    lines += ["Share." if n % 3 else "share.", "Follow us on Mastodon"]
    if rng.random() < 0.3:
        lines.insert(3, "Advertisement")
    text = "\n\n".join(lines)
    return page_lines(Document(text=text, markdown=text), site)


def _pages() -> list[PageLines]:
    pages = [
        _page(site, n)
        for site, count in (("a.example", 40), ("b.example", 7))
        for n in range(count)
    ]
    pages += [_page("c.example", 1), _page("c.example", 2)]  # too few to learn
    pages += [_page("b.example", 3)] * 5  # copies count once
    return pages


def test_spooled_learning_decides_as_learning_in_memory() -> None:
    pages = _pages()
    config = LearnConfig()
    in_memory = tuple(
        learn_site(site, [p for p in pages if p.site == site], config)
        for site in sorted({p.site for p in pages})
    )
    assert any(site.chrome for site in in_memory)
    assert any(site.kept for site in in_memory)
    shuffled = pages[:]
    random.Random(7).shuffle(shuffled)
    assert learn_spooled(pages, config) == in_memory
    assert learn_spooled(shuffled, config) == in_memory
    assert learn_from(iter(shuffled), LearnOptions()) == in_memory  # scraper clean's pass
    small = LearnConfig(min_pages=2, min_share=0.9)
    assert learn_spooled(pages, small) == tuple(
        learn_site(site, [p for p in pages if p.site == site], small)
        for site in sorted({p.site for p in pages})
    )


def test_the_spool_holds_at_most_a_batch_of_pages() -> None:
    """Memory bounded by construction: pages go to disk every ``batch``, whatever the
    number of pages; what stays is in the database."""
    with LineSpool(batch=10) as spool:

        def pages() -> Iterator[PageLines]:
            for n in range(250):
                assert spool.held < 10
                yield _page("a.example", n)

        for page in pages():
            spool.add(page)
            assert spool.held < 10
        learned = spool.learned()
        assert spool.held == 0
    assert learned == (
        learn_site("a.example", [_page("a.example", n) for n in range(250)], LearnConfig()),
    )
    assert "Top bar" in learned[0].chrome


def test_lines_survive_the_round_trip_through_json() -> None:
    page = _page("a.example", 3)
    assert load_lines("a.example", dump_lines(page)) == page
    assert [line.key for line in load_lines("a.example", dump_lines(page)).lines] == [
        line.key for line in page.lines
    ]
