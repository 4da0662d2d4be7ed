"""Chrome that survives as lines of text: menu bars, share buttons, ticker labels.

The seed's article with the chrome swapped for other sites' kinds (the seed itself is
checked line by line in test_clean_golden). Each case must come out as the article and
nothing else, from scraped text and from HTML whose lines are split by ``<br>``.
"""

from __future__ import annotations

import html

import pytest
from clean_helpers import SEED

from scraper import clean_text, extract
from scraper.extraction.rules import is_menu_bar

NBSP = "\u00a0"
SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
ARTICLE = "\n".join(SEED_LINES[2:-3]).strip()  # between the menu bar and "Share."
FIRST, LAST = ARTICLE.split("\n")[0], ARTICLE.split("\n")[-1]


@pytest.mark.parametrize(
    "top",
    [
        f"Weather{NBSP} {NBSP} {NBSP}Live Markets",
        f"Home{NBSP}{NBSP}World{NBSP}{NBSP}Business{NBSP}{NBSP}Tech",
        "Home | News | Sport | Weather",
        "Skip to content",
        "Breaking News",
        "Trending: Elections 2024",
        f"Sign in{NBSP}{NBSP}Subscribe",
        "Home » Politics » World",  # a breadcrumb
        "Home › News › Asia",
        # a site's furniture, one item a line, in other languages too
        "Skip to content\nMenu\nSearch for:",
        "Zum Inhalt springen\nMenü\nSuche\nAnmelden",
        "Aller au contenu\nAccueil\nRechercher\nSe connecter",
        "コンテンツへスキップ\n検索\nログイン",
        "Updated 3 hours ago\nReading time: 4 minutes",
        "Lesezeit: ca. 3 Minuten",
    ],
)
def test_a_menu_or_ticker_line_above_the_article_goes(top: str) -> None:
    text = clean_text(f"{top}\n\n{ARTICLE}\n\nShare.\nExit mobile version\n").text
    assert text.split("\n")[0] == FIRST
    assert text.rstrip().split("\n")[-1] == LAST


@pytest.mark.parametrize(
    "tail",
    [
        "Share.\nExit mobile version",
        "Share this:\nFacebook\nTwitter\nEmail",
        "Share\nFacebook\nTwitter\nPinterest\nLinkedIn\nTumblr\nEmail",
        "Facebook Twitter Pinterest LinkedIn Tumblr Email",
        "Tags: Trump, Kim Jong-un, North Korea",
        "© 2024 Daily Herald. All rights reserved.",
        # the AMP plugin's foot link on sites in other languages
        "Teilen.\nMobile Version verlassen",
        "Partager.\nQuitter la version mobile",
        "Compartir.\nSalir de la versión móvil",
        "Condividi.\nEsci dalla versione mobile",
        # an AMP theme's share row with its networks' names, after the "Share." label
        "Share. Facebook Twitter Pinterest LinkedIn Tumblr Email\nExit mobile version",
        "← Previous Post\nNext Post →",
        # WordPress's "Like" button: its label and the line it leaves while loading
        "Like this:\nLike Loading...",
        "Gefällt mir:\nGefällt mir Wird geladen …",
        "Partager sur Facebook\nPartager sur X\nLire aussi : le sommet de Hanoï",
        "Auf Facebook teilen\nKommentare sind geschlossen.",
        "Comments are closed.\nPrivacy Policy\nTerms of Service\nContact us",
        "Compartilhe\nPolítica de privacidade",
    ],
)
def test_share_buttons_and_footer_lines_below_the_article_go(tail: str) -> None:
    text = clean_text(f"Weather{NBSP} {NBSP}Live Markets\n\n{ARTICLE}\n\n{tail}\n").text
    assert text.split("\n")[0] == FIRST
    assert text.rstrip().split("\n")[-1] == LAST


def test_a_menu_bar_in_html_lines_split_by_br_goes() -> None:
    paragraphs = [html.escape(p) for p in ARTICLE.split("\n") if p and not p.startswith("#")]
    page = (
        f"<html><body><div>Weather{NBSP} {NBSP} {NBSP}Live Markets<br><br>"
        + "<br><br>".join(paragraphs)
        + "<br><br>Share.<br>Exit mobile version</div></body></html>"
    )
    text = extract(page).text
    assert text.split("\n")[0] == FIRST
    assert text.rstrip().split("\n")[-1] == LAST
    assert "Weather" not in text
    assert "Exit mobile version" not in text


@pytest.mark.parametrize(
    ("line", "html_text", "expected"),
    [
        (f"Weather{NBSP} {NBSP} {NBSP}Live Markets", True, True),
        ("Weather   Live Markets", False, True),  # scraped text keeps its spaces
        ("Weather   Live Markets", True, False),  # in HTML, plain spaces are formatting
        (f"10{NBSP}km", True, False),  # one no-break space binds, it does not separate
        ("Home | News | Sport", False, True),
        ("Driver size | 106 mm", True, False),  # bars in HTML text: a table row
        (f"The pier was closed.{NBSP}{NBSP}Repairs begin in May.", True, False),  # sentences
    ],
)
def test_is_menu_bar(line: str, html_text: bool, expected: bool) -> None:
    assert is_menu_bar(line, html=html_text) is expected


def test_a_table_row_drawn_with_bars_at_the_top_of_an_article_stays() -> None:
    prose = "The headphones use a planar magnetic driver that is larger than most. " * 4
    page = (
        "<html><body><article><p>Driver size | 106 mm<br>Magnet type | Neodymium N50</p>"
        f"<p>{prose}</p><p>{prose}</p></article></body></html>"
    )
    text = extract(page).text
    assert text.startswith("Driver size | 106 mm\nMagnet type | Neodymium N50")


PARAGRAPHS = "\n".join(
    f"<p>{html.escape(p)}</p>" for p in ARTICLE.split("\n") if p and not p.startswith("#")
)
CHROME_WORDS = [
    "cookies", "Weather", "Home »", "Posted on", "Tags", "Share", "Facebook", "About Jane",
    "Related", "Kim visits", "thoughts on", "Great article", "Leave a Reply", "Your email",
    "Recent Posts", "Markets rally", "newsletter", "©", "Exit mobile",
]  # fmt: skip

# A seed-like news site whose theme names nothing: short, meaningless class names.
OBFUSCATED = f"""<html><head><title>Trump and Kim – Daily Herald</title></head><body>
<div id="c1"><p>We use cookies to ensure that we give you the best experience.</p>
<a>Accept</a></div>
<div class="t"><div class="w">Weather{NBSP} {NBSP} {NBSP}Live Markets</div></div>
<div class="b"><a href="/">Daily Herald</a><p class="d">News you can trust</p></div>
<div class="bc">Home » World » Asia</div>
<div class="r"><div class="c8">
<h1 class="x">Trump and Kim: the bromance</h1>
<div class="m">Posted on December 3, 2024 by <a href="/author/jdoe">Jane Doe</a></div>
<div class="e">{PARAGRAPHS}</div>
<div class="tc">Tags: <a>Trump</a>, <a>Kim Jong-un</a>, <a>North Korea</a></div>
<div class="sd"><h3>Share this:</h3><ul><li><a>Facebook</a></li><li><a>X</a></li></ul></div>
<div class="ab"><h4>About Jane Doe</h4><p>Jane Doe covers Asia-Pacific politics for the Daily
Herald and has reported from Seoul, Tokyo and Beijing since 2009.</p></div>
<div class="rp"><h3>Related Posts</h3><ul><li><a>Kim visits Moscow</a></li></ul></div>
<div class="cm"><h2>2 thoughts on “Trump and Kim: the bromance”</h2><ol><li><p>Great article,
very informative and well written, thanks for sharing this with us all!</p></li></ol>
<div><h3>Leave a Reply <a>Cancel reply</a></h3><form><p>Your email address will not be
published. Required fields are marked *</p><textarea></textarea></form></div></div></div>
<div class="c4"><h3>Recent Posts</h3><ul><li><a>Markets rally on Fed news</a></li></ul>
<div class="nl"><h3>Subscribe to our newsletter</h3><p>Get the latest headlines delivered to
your inbox every morning.</p><form><input></form></div></div></div>
<div class="f">© 2024 Daily Herald. All rights reserved. <a>Privacy Policy</a></div>
<a href="?amp=0">Exit mobile version</a></body></html>"""

# The same site saved as one flat run of divs: no class, no id, no landmark.
FLAT = f"""<html><head><title>Trump and Kim</title></head><body><div>
<div>Weather{NBSP} {NBSP} {NBSP}Live Markets</div><div><span>Share.</span></div>
<h1>Trump and Kim: the bromance</h1><div>By Jane Doe</div><div>December 3, 2024</div>
{PARAGRAPHS}
<div>Share.</div><p>Tags: Trump, Kim Jong-un, North Korea</p>
<h3>Related</h3><div><a href="/a">Kim visits Moscow</a></div>
<h3>You may also like</h3><p><a href="/c">Markets rally on Fed news as investors cheer the
latest rate decision and bond yields fall</a></p>
<div>Copyright © 2024 Daily Herald</div><div><a href="/x?amp=0">Exit mobile version</a></div>
</div></body></html>"""


@pytest.mark.parametrize("page", [OBFUSCATED, FLAT], ids=["obfuscated-classes", "flat-divs"])
def test_a_seed_like_site_comes_out_as_its_article_and_its_metadata(page: str) -> None:
    doc = extract(page, "https://dailyherald.example/2024/12/03/trump-kim/")
    assert doc.text.split("\n")[0] == FIRST
    assert doc.text.rstrip().split("\n")[-1] == LAST
    assert [word for word in CHROME_WORDS if word in doc.text] == []
    assert (doc.title, doc.authors, doc.published) == (
        "Trump and Kim: the bromance",
        ("Jane Doe",),
        "2024-12-03",
    )
