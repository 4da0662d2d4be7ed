"""Metadata sources and normalization."""

from __future__ import annotations

import html

import pytest

from scraper import extract
from scraper.extraction.authors import clean_authors
from scraper.extraction.dates import (
    _lines_with_a_year,
    head_and_lead,
    normalize_date,
    parse_visible_date,
)
from scraper.extraction.language import guess_language, normalize_language
from scraper.extraction.metadata import date_line, guess_date

BODY = "<p>" + "A sentence of the article that is long enough to count. " * 10 + "</p>"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Jane Doe and John Smith | March 3, 2024"], ("Jane Doe", "John Smith")),
        (["Jane Doe, John Smith", "jane doe"], ("Jane Doe", "John Smith")),
        (["By Claire Dubois, Staff Reporter · Friday, June 12, 2009"], ("Claire Dubois",)),
        (["https://example.org/staff/jane"], ()),
        (["Von Max Mustermann"], ("Max Mustermann",)),
    ],
)
def test_clean_authors(raw: list[str], expected: tuple[str, ...]) -> None:
    assert clean_authors(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-03T09:15:00Z", "2024-03-03T09:15:00+00:00"),
        ("2024-03-03T09:15:00.000+0100", "2024-03-03T09:15:00+01:00"),
        ("2024-03-03", "2024-03-03"),
        ("Sun, 03 Mar 2024 09:15:00 GMT", "2024-03-03T09:15:00+00:00"),
        ("yesterday", None),
        ("1800-01-01", None),
    ],
)
def test_normalize_date(raw: str, expected: str | None) -> None:
    assert normalize_date(raw) == expected


def test_visible_dates() -> None:
    assert parse_visible_date("Posted: August 16, 2023") == "2023-08-16"
    assert parse_visible_date("12. März 2024") == "2024-03-12"
    assert parse_visible_date("no date here") is None


def test_language_codes() -> None:
    assert normalize_language("en-US") == "en"
    assert normalize_language("zh_CN") == "zh"
    assert normalize_language("deu") == "de"
    assert normalize_language("!!") is None
    assert (
        guess_language("Der Hund und die Katze sind nicht mit dem Auto auf der Straße. " * 5)
        == "de"
    )
    assert guess_language("这是一个关于新闻的文章，内容很长。" * 5) == "zh"


def test_jsonld_graph_with_author_references() -> None:
    html = (
        """<html><head><script type="application/ld+json">{"@context":"https://schema.org",
    "@graph":[{"@type":"Person","@id":"#a1","name":"Ana Ruiz"},
    {"@type":"Person","@id":"#a2","name":"Ben Ode"},
    {"@type":"WebSite","name":"The Site"},
    {"@type":"NewsArticle","headline":"Head","author":[{"@id":"#a1"},{"@id":"#a2"}],
     "datePublished":"2024-05-01T08:00:00+02:00","keywords":"a, b, a",
     "mainEntityOfPage":{"@id":"https://example.org/head"}}]}</script></head><body>"""
        + BODY
    )
    doc = extract(html)
    assert doc.authors == ("Ana Ruiz", "Ben Ode")
    assert doc.published == "2024-05-01T08:00:00+02:00"
    assert doc.site_name == "The Site"
    assert doc.tags == ("a", "b")
    assert doc.url == "https://example.org/head"


def test_opengraph_and_meta() -> None:
    html = (
        '<html lang="pt-BR"><head><meta property="og:title" content="T">'
        '<meta property="og:site_name" content="S"><meta name="author" content="By Rui Costa">'
        '<meta property="article:published_time" content="2023-01-02">'
        '<link rel="canonical" href="/c"><meta property="og:image" content="/i.jpg">'
        "</head><body>" + BODY
    )
    doc = extract(html, "https://example.org/x")
    assert (doc.title, doc.site_name, doc.authors, doc.published, doc.language) == (
        "T",
        "S",
        ("Rui Costa",),
        "2023-01-02",
        "pt",
    )
    assert doc.url == "https://example.org/c"
    assert doc.image == "https://example.org/i.jpg"


def test_team_bylines_are_kept_and_job_titles_dropped() -> None:
    assert clean_authors(["News Desk"]) == ("News Desk",)
    assert clean_authors(["Great Day Editorial Team"]) == ("Great Day Editorial Team",)
    assert clean_authors(["Jane Roe", "Staff Reporter"]) == ("Jane Roe",)


def test_style_inside_a_byline_is_not_an_author() -> None:
    html = (
        '<html><body><div class="byline"><style>.x{align-self:flex-start}</style>'
        "By Trevor Jackins</div>" + BODY
    )
    assert extract(html).authors == ("Trevor Jackins",)


@pytest.mark.parametrize(
    ("html", "url", "asked", "expected"),
    [
        # A date in the URL, as htmldate reads it: year, month and day.
        ("<p>No date here.</p>", "https://example.org/2024/05/17/harbour", True, "2024-05-17"),
        # A number that looks like a year is not a date: htmldate is not even asked.
        ("<p>No date here.</p>", "https://example.org/article/1999", False, None),
        # A date in the page's markup, found by htmldate.
        ("<p>Posted <span>2023-11-04</span></p>", "https://example.org/a/1", True, "2023-11-04"),
        # A year with no date shape near it (a copyright line) is no date either.
        ("<p>Copyright 2025 Harbour News</p>", None, False, None),
    ],
)
def test_guess_date_asks_htmldate_only_when_a_date_is_in_sight(
    html: str, url: str | None, asked: bool, expected: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scraper.extraction import htmldate_flow

    calls: list[str | None] = []
    real = htmldate_flow.page_date

    def recording(page: str, url: str | None) -> str | None:
        calls.append(page)
        return real(page, url)

    monkeypatch.setattr(htmldate_flow, "page_date", recording)
    assert guess_date(f"<html><body>{html}</body></html>", url) == expected
    assert bool(calls) is asked


_STORY = "The harbour reopened on a grey morning after weeks of repairs to the pier. " * 40
_COMMENT = '<div class="comments"><p>Posted by Sam on 2019-03-04 10:22:31</p></div>'


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        # The article's first line stands in the HTML: htmldate reads down to a little past
        # it, so a reader's comment far below does not date the page.
        (_STORY, None),
        # It does not (an entity): htmldate reads the whole page, comment included.
        (_STORY.replace("harbour", "h&aacute;rbour"), "2019-03-04"),
    ],
)
def test_htmldate_reads_the_page_down_to_the_article_lead(story: str, expected: str | None) -> None:
    page = f"<html><body><h1>The harbour reopens</h1><p>{story}</p>{_COMMENT}</body></html>"
    assert guess_date(page, None) == "2019-03-04"  # article unknown: the whole page
    assert guess_date(page, None, ["The harbour reopens", html.unescape(story)]) == expected
    assert extract(page).published == expected


def test_the_lead_keeps_what_stands_above_the_article() -> None:
    top = "<p class='dateline'>Harbour News, 2023-11-04 08:00:00</p>"
    page = f"<html><body>{top}<p>{_STORY}</p>{_COMMENT}</body></html>"
    lead = head_and_lead(page, [_STORY])
    assert top in lead
    assert _COMMENT not in lead
    assert guess_date(page, None, [_STORY]) == "2023-11-04"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Updated May 6, 2025"], "2025-05-06"),
        (["Published on Oct 21, 2025"], "2025-10-21"),
        (["Last updated: November 13, 2025"], "2025-11-13"),
        (["Jane Doe", "⋅ Review Editor ⋅", "17.05.2021"], "2021-05-17"),
        # A date inside a sentence is not the page's date.
        (["The pier closed on May 6, 2025 after the storm."], None),
        # Nor is a line that says more than a date.
        (["Offer ends May 6, 2025 for members"], None),
    ],
)
def test_date_line_is_the_first_line_that_is_a_date(lines: list[str], expected: str | None) -> None:
    # After the article, where no dateline rule looks: only date_line can see it.
    divs = "".join(f"<div>{line}</div>" for line in lines)
    assert date_line(f"<html><body>{BODY}<footer>{divs}</footer></body></html>") == expected


def test_date_line_reads_only_the_lines_that_hold_a_year() -> None:
    text = "\n\nMenu\n2024 and 2025 in review\n12.05.2021\nno year 99\nlast 1999"
    assert list(_lines_with_a_year(text)) == ["2024 and 2025 in review", "12.05.2021", "last 1999"]
    assert list(_lines_with_a_year("2024")) == ["2024"]
    assert list(_lines_with_a_year("\n\n")) == []


def test_a_date_line_dates_a_page_whose_markup_states_no_date() -> None:
    page = f"<html><body>{BODY}<div class='stamp'>Updated May 6, 2025</div></body></html>"
    assert extract(page).published == "2025-05-06"


def test_a_meta_date_written_for_readers_is_read() -> None:
    head = '<meta name="published" content="July 17, 2025">'
    page = f"<html><head>{head}</head><body>{BODY}</body></html>"
    assert extract(page).published == "2025-07-17"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            '<div class="pillar-header-author"><div class="caption">Author</div>'
            '<div class="the-author">Isaiah Shelton</div></div>',
            ("Isaiah Shelton",),
        ),
        ('<p class="authorName">Podium Staff</p>', ("Podium Staff",)),
        ('<span class="post-detail__meta-author">By Emily Norwood</span>', ("Emily Norwood",)),
        # Not bylines: a comment form's label, a dealer badge, a review's author.
        ('<form><label class="comment-author">Name *</label></form>', ()),
        ('<span class="authorized-dealer">Authorized Dealer</span>', ()),
        ('<div class="review"><span class="author">Tom K</span></div>', ()),
        ('<div class="author-box">By the Author</div>', ()),
    ],
)
def test_an_element_whose_class_names_an_author_is_a_byline(
    markup: str, expected: tuple[str, ...]
) -> None:
    page = f"<html><body><h1>Pier</h1>{markup}{BODY}</body></html>"
    assert extract(page).authors == expected


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}{BODY}</body></html>"


def _ld(obj: str) -> str:
    return f'<script type="application/ld+json">{obj}</script>'


@pytest.mark.parametrize(
    "junk",
    ["FAIL", "Last", "changed lines", "By", "Written by", "undefined", "page.head.extra.author"],
)
def test_buttons_labels_and_placeholders_are_not_authors(junk: str) -> None:
    assert clean_authors([junk]) == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Von Max Muster und Eva Beispiel", ("Max Muster", "Eva Beispiel")),
        ("By Ana Ruiz, Ben Ode and Cy Tran", ("Ana Ruiz", "Ben Ode", "Cy Tran")),
        ("Text: Lena Berg", ("Lena Berg",)),
        ("Von: Lena Berg, dpa", ("Lena Berg", "dpa")),
        ("Autorin/Autor Lena Berg", ("Lena Berg",)),
        ("Por Lucía Gómez y Pablo Ortiz", ("Lucía Gómez", "Pablo Ortiz")),
        ("김민수 기자", ("김민수",)),
        ("View all posts by Ray Doe", ("Ray Doe",)),
        ("Written byDan Roe", ("Dan Roe",)),
        ("Kim Lee Senior Autos Reporter", ("Kim Lee",)),
        ("Jo Park, MD Reviewed by Al Berg", ("Jo Park",)),
        ("Maria da Silva", ("Maria da Silva",)),
        ("Tom Hart &amp; Ivy Lane", ("Tom Hart", "Ivy Lane")),
        # A date first, then the names (a blog's "date · author" line).
        ("Dec. 19, 2025 · Nina Holt", ("Nina Holt",)),
        ("Dec 17, 2025, Julian K. Arni", ("Julian K. Arni",)),
        ("2025-01-02 | 김민수 기자", ("김민수",)),
        ("Mar 3, 2024, near Oak Hill, TX", ()),
    ],
)
def test_bylines_in_many_languages_and_formats(raw: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([raw]) == expected


def test_an_avatars_initials_beside_the_name_are_not_an_author() -> None:
    assert clean_authors(["NB, Nicole Byrne"]) == ("Nicole Byrne",)
    assert clean_authors(["AP"]) == ("AP",)  # an agency stays


def test_two_spellings_of_one_name_are_one_author() -> None:
    assert clean_authors(["Emma Hale", "emma-hale", "(Image: Getty Images)"]) == ("Emma Hale",)


def test_authors_of_teasers_and_related_stories_are_not_the_pages() -> None:
    teaser = (
        '<li class="card"><h3><a href="/other">Other story</a></h3>'
        '<span class="author">Rita Other</span></li>'
    )
    body = (
        f"<ul>{teaser}</ul><article><h1>Harbour reopens</h1>"
        '<div class="byline">By <a href="/author/jo">Jo Quay</a></div>'
        f"{BODY}<section><h2>More news</h2><ul>{teaser.replace('Rita', 'Sam')}</ul>"
        "</section></article>"
    )
    assert extract(_page("<title>Harbour reopens</title>", body)).authors == ("Jo Quay",)


def test_a_forum_threads_author_is_its_first_posts() -> None:
    posts = "".join(
        f'<div class="post"><div class="author"><a href="/u/{name}">{name}</a></div>'
        f"<p>{name} writes: "
        + "the pump hums but the water will not move at all. " * 4
        + "</p></div>"
        for name in ("opener42", "helper7", "third_one")
    )
    page = _page("", f"<h1>Pump will not start</h1><div class='thread'>{posts}</div>")
    assert extract(page).authors == ("opener42",)


def test_a_visible_byline_beats_an_organization_credited_as_author() -> None:
    ld = _ld(
        '{"@type":"Article","headline":"Yoga prices","author":{"@type":"Organization",'
        '"name":"Studio Co"},"publisher":{"@type":"Organization","name":"Studio Co"}}'
    )
    body = '<h1>Yoga prices</h1><div class="meta"><div class="text__author">Lia Moss</div></div>'
    assert extract(_page(ld, body)).authors == ("Lia Moss",)


def test_an_organization_is_the_author_when_no_person_is_named() -> None:
    ld = _ld(
        '{"@type":"NewsArticle","headline":"H","author":{"@type":"Organization","name":"DPA"}}'
    )
    assert extract(_page(ld, "<h1>H</h1>")).authors == ("DPA",)


def test_a_site_crediting_itself_in_meta_gives_way_to_the_byline() -> None:
    head = (
        '<meta property="og:site_name" content="Harbour News">'
        '<meta name="author" content="Harbour News">'
    )
    body = '<h1>Pier</h1><p class="byline">By Ona Reef</p>'
    assert extract(_page(head, body)).authors == ("Ona Reef",)


def test_jsonld_people_with_only_given_and_family_names() -> None:
    ld = _ld(
        '{"@type":"NewsArticle","headline":"H","author":[{"@type":"Person",'
        '"givenName":"Ana Lucia","familyName":"Ruiz"}]}'
    )
    assert extract(_page(ld, "<h1>H</h1>")).authors == ("Ana Lucia Ruiz",)


def test_a_fuller_visible_byline_completes_the_markup() -> None:
    ld = _ld(
        '{"@type":"NewsArticle","headline":"H","author":[{"@type":"Person","name":"Ana Ruiz"}]}'
    )
    body = (
        '<h1>H</h1><div class="article-byline"><span>Ana Ruiz</span><span>Ben Ode</span>'
        "<span>Cy Tran</span></div>"
    )
    assert extract(_page(ld, body)).authors == ("Ana Ruiz", "Ben Ode", "Cy Tran")


def test_dublin_core_creators_are_written_family_name_first() -> None:
    head = '<meta name="dc.creator" content="Ruiz, Ana"><meta name="dc.creator" content="Ode, Ben">'
    assert extract(_page(head, "<h1>H</h1>")).authors == ("Ana Ruiz", "Ben Ode")


@pytest.mark.parametrize(
    ("og_title", "h1", "expected"),
    [
        # The site's part, split off by a separator, goes: the headline is the title.
        ("Models | Django documentation", "Models", "Models"),
        ("Goals and risks – DW – 28.04.2023", "Goals and risks", "Goals and risks"),
        ("Linear – The system for building", "The system for building", "The system for building"),
        ("Joco Cup 4oz | JOCO Cups", "joco cup 4OZ", "joco cup 4OZ"),
        # The permalink mark a documentation generator ends each heading with.
        ("Models | Django documentation", 'Models<a class="headerlink" href="#m">¶</a>', "Models"),
        # A kicker before a colon is part of the title.
        ("Nuclear power: Cooling towers blown up", "Cooling towers blown up", None),
        # Words that only continue the headline, with no separator, are another wording.
        ("Project Management Certificate", "Project Management", None),
        ("8 Recent Trends in Photography", "Recent Trends in Photography", None),
        # A headline that is not part of the title changes nothing.
        ("Storm closes the harbour", "Weather warnings", None),
    ],
)
def test_the_visible_headline_is_the_title_without_the_sites_part(
    og_title: str, h1: str, expected: str | None
) -> None:
    """``og:title`` and ``<title>`` carry the site's name, section or date around the
    headline; where the page's ``<h1>`` is that title up to a separator, it is the title
    (``expected`` None: the ``og:title`` stays)."""
    head = f'<meta property="og:title" content="{og_title}">'
    assert extract(_page(head, f"<h1>{h1}</h1>")).title == (expected or og_title)


def test_the_sites_name_inside_the_title_ends_it() -> None:
    """ "Headline | Site | by Author": what the site adds after its name goes with it,
    where no headline on the page says where the title ends."""
    head = (
        '<meta property="og:site_name" content="Tidewater Ledger">'
        '<meta property="og:title" content="Harbour reopens | Tidewater Ledger | by Ana Ruiz">'
    )
    assert extract(_page(head, "<h2>Weather</h2>")).title == "Harbour reopens"


@pytest.mark.parametrize(
    ("og_title", "site", "expected"),
    [
        (
            "Pest Control Coupons | Pest-R-Us Pest Services",
            "Pest~R~Us Pest Services",
            "Pest Control Coupons",
        ),
        ("Design Portfolio | Thrive Marketing", "Thrive Marketing Agency", "Design Portfolio"),
        (
            "College Plans | Professional Tutoring",
            "Julia Ross Professional Tutoring",
            "College Plans",
        ),
        # Too little before the site's name to be a headline of its own.
        ("Home - Ohio Artisans", "Ohio Artisans Collective", "Home - Ohio Artisans"),
        (
            "Storm closes the harbour | Weather",
            "Tidewater Ledger",
            "Storm closes the harbour | Weather",
        ),
    ],
)
def test_the_sites_name_written_another_way_ends_the_title(
    og_title: str, site: str, expected: str
) -> None:
    head = (
        f'<meta property="og:site_name" content="{site}">'
        f'<meta property="og:title" content="{og_title}">'
    )
    assert extract(_page(head, "<h2>Weather</h2>")).title == expected


def test_the_first_headline_with_text_is_read() -> None:
    """An empty ``<h1>`` (a logo) before the story's does not hide the story's."""
    head = '<meta property="og:title" content="Harbour reopens | Tidewater Ledger">'
    body = '<h1><img src="logo.png" alt=""></h1><h1>Harbour reopens</h1>'
    assert extract(_page(head, body)).title == "Harbour reopens"


def test_a_forum_threads_author_is_read_from_the_pages_main_entity() -> None:
    """A forum engine writes the thread as the ``mainEntity`` of a ``WebPage``; its
    author (who opened the thread) is the page's, not a replier whose name shows."""
    ld = _ld(
        '{"@context": "https://schema.org", "@type": "WebPage", "mainEntity": {'
        '"@type": "DiscussionForumPosting", "headline": "Pump keeps tripping",'
        '"datePublished": "2022-07-09T22:10:31+00:00",'
        '"author": {"@type": "Person", "name": "felixen"}}}'
    )
    body = (
        '<h1>Pump keeps tripping</h1><div class="message-user">By <a href="/m/2">raziel</a></div>'
    )
    doc = extract(_page(ld, body))
    assert doc.authors == ("felixen",)
    assert doc.published == "2022-07-09T22:10:31+00:00"


@pytest.mark.parametrize(
    "code",
    [
        '<script>window.app = {"now": "2026-03-05T15:06:30.781Z"}</script>',
        "<!-- rendered 2026-03-05T14:41:11.225Z -->",
        "<style>/* build 2026-03-05T14:41:11Z */ p { color: red }</style>",
        '<script type="application/ld+json">{"@type":"Review","datePublished":"2026-03-05"}'
        "</script>",
    ],
)
def test_htmldate_reads_no_date_out_of_scripts_styles_or_comments(code: str) -> None:
    page = f"<html><head>{code}</head><body><h1>Desk</h1><p>A standing desk.</p></body></html>"
    assert guess_date(page, None) is None
    shown = page.replace("<p>A standing", "<p>Posted 2023-11-04</p><p>A standing")
    assert guess_date(shown, None) == "2023-11-04"


@pytest.mark.parametrize(
    ("title", "site", "logo", "expected"),
    [
        # A forum's name in an <h1> inside a link to its home page.
        (
            "Pump keeps tripping - Tidewater Forums",
            None,
            '<a href="/index.php"><h1>Tidewater Forums</h1></a>',
            "Pump keeps tripping",
        ),
        # A blog's name linked to its home page, the <title> "Headline | Blog".
        (
            "Notes on a slow build | Field Notes",
            None,
            '<h1 class="site"><a href="https://notes.example/">Field Notes</a></h1>',
            "Notes on a slow build",
        ),
        # The site's name as the first <h1>; the thread's own headline is a later one.
        (
            "Tidewater Forums - Pump keeps tripping",
            "Tidewater Forums",
            "<h1>Tidewater Forums</h1><h1>Pump keeps tripping</h1>",
            "Pump keeps tripping",
        ),
        # A forum engine's trail: "Thread / Board / Forums".
        (
            "Pump keeps tripping / Repairs / Tidewater Forums",
            None,
            '<h1><a href="https://tidewater.example/">Tidewater</a></h1>',
            "Pump keeps tripping",
        ),
        # A book's name as its menu's heading, the chapter's title before it in <title>.
        (
            "Defining Shared Behavior with Traits - The Pump Handbook",
            None,
            '<h1 class="menu-title">The Pump Handbook</h1><h2>Traits</h2>',
            "Defining Shared Behavior with Traits",
        ),
        # A section named in <title> before a longer site name is still the headline.
        (
            "Products | Tidewater Marine Supply",
            None,
            "<h1>Products</h1>",
            "Products",
        ),
        # A headline linked to its own page stays the headline.
        (
            "Harbour reopens | Tidewater Ledger",
            None,
            '<h1><a href="/2024/harbour-reopens">Harbour reopens</a></h1>',
            "Harbour reopens",
        ),
    ],
)
def test_a_sites_logo_in_an_h1_is_not_the_headline(
    title: str, site: str | None, logo: str, expected: str
) -> None:
    head = f"<title>{title}</title>"
    if site:
        head += f'<meta property="og:site_name" content="{site}">'
    assert extract(_page(head, logo)).title == expected


_CARD = '<meta name="twitter:label1" content="{label}"><meta name="twitter:data1" content="{data}">'


@pytest.mark.parametrize(
    ("label", "data", "ld", "expected"),
    [
        # An SEO plugin's card: the only place the page names its writer.
        ("Written by", "Tyler Crane", "", ("Tyler Crane",)),
        # A person in the card beats a brand credited in JSON-LD.
        (
            "Written by",
            "Ada Quill",
            '{"@type": "BlogPosting", "author": {"@type": "Organization", "name": "Orbit"}}',
            ("Ada Quill",),
        ),
        # Other label pairs are not bylines.
        ("Est. reading time", "11 minutes", "", ()),
        # A person stated in JSON-LD stays.
        (
            "Written by",
            "site admin",
            '{"@type": "BlogPosting", "author": {"@type": "Person", "name": "Lu Wren"}}',
            ("Lu Wren",),
        ),
    ],
)
def test_a_twitter_cards_written_by_pair_names_the_author(
    label: str, data: str, ld: str, expected: tuple[str, ...]
) -> None:
    head = _CARD.format(label=label, data=data) + (_ld(ld) if ld else "")
    assert extract(_page(head, "<h1>Harbour reopens</h1>")).authors == expected
