"""A page's whole text, saved by a careless scraper: cut to the article's stretch.

Menus of one-word labels above the article, a "most read" list and footer links below
it go, in any script, whatever their words; a text that is already mostly the article
(the seed's kind), lists and code included, loses nothing.
"""

from __future__ import annotations

from clean_helpers import SEED

from scraper import clean_text
from scraper.extraction.textspan import article_span

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
ARTICLE = "\n".join(SEED_LINES[2:-3]).strip()  # between the menu bar and "Share."
ARTICLE_LINES = [line for line in ARTICLE.split("\n") if line.strip()]

MENU = ["Politics", "Economy", "Climate", "Science", "Culture", "Travel", "Opinion", "Video"]
HEADER = ["# Trump and Kim: a bromance revisited", "Jane Roe", "4 March 2024"]
MOST_READ = [
    "Council approves the new harbour bridge after years of delay",
    "Storm warning issued for the northern coast this weekend",
    "Local bakery wins national prize for its sourdough loaf",
    "Ten years on: how the old mill became the town's library",
    "Schools to open an hour later from September, board decides",
]
FOOTER = ["About us", "Careers", "Advertise", "Imprint", "Contact", "Archive", "Podcasts"]


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _page(menu: list[str], header: list[str], article: str, after: list[str]) -> str:
    return "\n".join([*menu, "", *header, "", article, "", *after]) + "\n"


def test_a_whole_page_text_comes_out_as_its_header_and_article() -> None:
    text = _page(MENU, HEADER, ARTICLE, ["## Most read", *MOST_READ, "", *FOOTER])
    assert _lines(clean_text(text).text) == [*HEADER, *ARTICLE_LINES]


def test_menu_entries_that_are_known_chrome_still_make_a_menu() -> None:
    """Entries the line rules already drop ("Home", "Search", "Sign in") count among the
    menu's labels: a menu of them and a few sections is still a whole page's top."""
    menu = ["Skip to content", "Home", "Search", "Sign in", "Politics", "Economy"]
    text = _page(menu, HEADER, ARTICLE, ["## Most read", *MOST_READ, "", *FOOTER])
    assert _lines(clean_text(text).text) == [*HEADER, *ARTICLE_LINES]


def test_the_same_in_chinese_where_lines_have_no_spaces() -> None:
    menu = ["首页", "国际", "财经", "科技", "体育", "文化", "旅游", "视频"]
    paragraphs = [
        "朝鲜与美国的关系近年来起伏不定，双方领导人曾三次会面，却始终未能就无核化达成协议。"
        "分析人士认为，新一轮接触能否取得成果，取决于双方是否愿意在制裁问题上作出让步。",
        "韩国官员对重启对话态度谨慎，他们担心任何协议只解决远程导弹问题，而保留朝鲜的核武库。"
        "这样的妥协可能会破坏地区稳定，也会削弱韩国自身的安全保障。",
        "与此同时，朝鲜加强了与俄罗斯的合作，并继续依赖中国作为其主要的经济伙伴。"
        "这些变化让华盛顿在谈判桌上可用的筹码比五年前少了许多。",
    ]
    footer = ["关于我们", "联系我们", "广告服务", "招聘信息", "隐私政策", "网站地图"]
    text = _page(menu, ["# 朝美关系的新篇章"], "\n\n".join(paragraphs), ["", *footer])
    assert _lines(clean_text(text).text) == ["# 朝美关系的新篇章", *paragraphs]


def test_an_article_with_lists_and_a_few_short_lines_above_loses_nothing() -> None:
    top = ["World", "Asia", "Analysis"]  # too few labels for a page's menus
    bullets = ["Key points:", "- Three summits", "- No agreement", "- New alliances"]
    text = "\n".join([*top, "", ARTICLE, "", *bullets]) + "\n"
    assert _lines(clean_text(text).text) == [*top, *ARTICLE_LINES, *bullets]


def test_code_prices_and_numbers_are_not_menu_labels() -> None:
    above = ["/v1/charges", "$490.00", "{", "x = 1;", "}", "v2.1", "(beta)", "<div>", "[1]"]
    lines = [*above, *ARTICLE_LINES]
    assert article_span(lines, [False] * len(lines)) is None
    assert _lines(clean_text("\n".join(lines)).text) == lines


def test_text_with_no_prose_is_left_to_the_line_rules() -> None:
    lines = [*MENU, *FOOTER]
    assert article_span(lines, [False] * len(lines)) is None


def test_a_text_without_two_paragraphs_of_prose_is_not_cut() -> None:
    # Documentation or a spec sheet broken into fragments: labels and one paragraph,
    # no article's run of prose to cut to: every line stays.
    first = ARTICLE_LINES[0]
    lines = [*MENU, first, "Dimensions", "Height", "3.2 cm", "Weight", "653 g", *FOOTER]
    assert article_span(lines, [False] * len(lines)) is None
    lines = [*MENU, first, ARTICLE_LINES[2], *FOOTER]
    assert article_span(lines, [False] * len(lines)) is not None


def test_a_page_saved_as_markdown_is_cut_the_same_way() -> None:
    menu = [f"- [{label}](/{label.lower()}/)" for label in MENU]
    after = ["## Most read", *[f"- [{line}](/story/{n})" for n, line in enumerate(MOST_READ)]]
    text = _page(menu, HEADER, ARTICLE, after)
    assert _lines(clean_text(text).text) == [*HEADER, *ARTICLE_LINES]


def test_a_markdown_link_is_its_words_in_the_text_and_stays_in_the_markdown() -> None:
    line = "See [the council's report](https://example.org/r) and ![a chart](c.png) here."
    doc = clean_text(f"{line}\n")
    assert doc.text == "See the council's report and here."
    assert doc.markdown == line


def test_a_line_that_was_only_an_image_leaves_no_gap_in_the_text() -> None:
    doc = clean_text("A first paragraph, with words.\n\n![top](a.png)\n\nA second one.\n")
    assert doc.text == "A first paragraph, with words.\n\nA second one."


def test_a_section_headings_list_goes_with_it_across_a_blank_line() -> None:
    """Text dumps often leave a blank line between a heading and its list."""
    teasers = "\n".join(MOST_READ)
    text = f"{ARTICLE}\n\nMost read\n\n{teasers}\n\nThe article's last word, said after the box.\n"
    kept = clean_text(text).text
    assert not any(line in kept for line in MOST_READ)
    assert "Most read" not in kept
    assert kept.endswith("The article's last word, said after the box.")
    assert ARTICLE_LINES[-1] in kept


LEGAL = [
    "Die Inhalte dieser Website sind urheberrechtlich geschützt. Jede Verwertung außerhalb"
    " der engen Grenzen des Urheberrechts ist ohne Zustimmung des Verlags unzulässig und"
    " strafbar. Das gilt insbesondere für Vervielfältigungen und Übersetzungen.",
    "Wir behalten uns vor, Kommentare zu löschen, die gegen unsere Regeln verstoßen. Bitte"
    " bleiben Sie sachlich und respektvoll, und beachten Sie unsere Netiquette, bevor Sie"
    " einen Beitrag in der Diskussion unter diesem Artikel veröffentlichen.",
]


def test_a_pages_foot_ending_in_prose_is_not_pulled_into_the_article() -> None:
    """A legal notice and a comment policy at the very foot, under a share row and the
    footer's links, are prose enough to pull the densest stretch down to them: the
    article ends at the break (a run of short lines with known chrome in it) under which
    little prose is left."""
    foot = ["Auf Facebook teilen", "Teilen", "Politik", "Nordkorea", "", *FOOTER, "", *LEGAL]
    text = _page(MENU, HEADER, ARTICLE, foot)
    assert _lines(clean_text(text).text) == [*HEADER, *ARTICLE_LINES]


def test_a_break_with_as_much_prose_again_below_it_is_inside_the_article() -> None:
    """A box of short lines with an advertisement label in it, two thirds through the
    article: the article's prose goes on below it, so the stretch goes on too."""
    cut = 2 * len(ARTICLE_LINES) // 3
    box = ["Advertisement", "Key dates", "Summit in Singapore", "Summit in Hanoi"]
    body = [*ARTICLE_LINES[:cut], "", *box, "", *ARTICLE_LINES[cut:]]
    text = _page(MENU, HEADER, "\n".join(body), ["", *FOOTER, "", *LEGAL[:1]])
    kept = _lines(clean_text(text).text)
    assert kept[: len(HEADER)] == HEADER
    assert all(line in kept for line in ARTICLE_LINES)
    assert LEGAL[0] not in kept


def test_a_page_top_the_line_rules_know_makes_a_whole_page_without_a_run_of_labels() -> None:
    """A news site's menus saved as lines of many words (no run of one-word labels), under
    a skip link, a search and a sign-in button: that furniture, above an article of
    several paragraphs, makes the text a whole page's, and the menus go."""
    top = [
        "Ir al contenido",
        "Portada Internacional Economía Política Deportes Cultura Opinión Vídeos",
        "Madrid Barcelona Valencia Sevilla Bilbao Málaga Zaragoza Canarias Baleares",
        "Buscar",
        "Iniciar sesión",
    ]
    text = _page(top, HEADER, ARTICLE, ["", *FOOTER])
    assert _lines(clean_text(text).text) == [*HEADER, *ARTICLE_LINES]


def test_known_chrome_above_a_few_paragraphs_does_not_make_a_whole_page() -> None:
    """A product or landing page's text (a form's "Email", a "Privacy Policy" link, then
    three paragraphs among short lines) has no article to cut to: it stays whole."""
    paragraphs = [line for line in ARTICLE_LINES if not line.startswith("#")][:3]
    lines = [
        "Email",
        "Privacy Policy",
        "Build faster with our platform",
        "Start for free",
        "Automate your work across thousands of apps",
        "Trusted by teams at companies of every size",
        "Connect your tools in a few clicks",
        *paragraphs,
        "Contact sales",
        "See pricing",
    ]
    assert article_span(lines, [line in lines[:2] for line in lines]) is None


def test_the_header_goes_up_to_the_title_and_no_further() -> None:
    """A level-1 heading is the article's title: the line right above it (a section's
    name, the last line of a menu written as words) is the site's."""
    top = ["Ir al contenido", "Menu", "Buscar", "Iniciar sesión", "Internacional Asia Corea"]
    header = ["# Trump y Kim: una amistad peligrosa", "Por Ana García"]
    text = _page(top, header, ARTICLE, ["", *FOOTER])
    assert _lines(clean_text(text).text) == [*header, *ARTICLE_LINES]


def test_a_share_button_between_the_header_and_the_article_is_not_the_pages_top() -> None:
    """Known chrome right above the article (a share button under the byline) is not
    the page's furniture: with one skip link above, the text is not a whole page's, and
    the headline, the byline and the date stay."""
    top = ["Home  News  Sport  Business  Culture  Opinion", "Skip to content"]
    header = ["Trump and Kim: a bromance revisited", "By Jane Roe", "4 March 2024"]
    after = ["", "© 2024 Example Media. All rights reserved."]
    text = _page(top, [*header, "", "Share this article"], ARTICLE, after)
    assert _lines(clean_text(text).text) == [*header, *ARTICLE_LINES]
