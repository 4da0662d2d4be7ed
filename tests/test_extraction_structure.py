"""Structural chrome rules: what they remove and what they must leave, in any script."""

from __future__ import annotations

from extraction_helpers import OTHER, PROSE
from selectolax.lexbor import LexborHTMLParser

from scraper import ExtractConfig, Favor, extract, load_rules
from scraper.extraction.blocks import Block
from scraper.extraction.chrome import chrome_nodes
from scraper.extraction.measure import size
from scraper.extraction.rules import compile_rules
from scraper.extraction.second_opinion import agreed_blocks
from scraper.extraction.stories import drop_other_stories

JA = (
    "市議会は火曜日の夜に会合を開き、"
    "費用と経路をめぐる争いで三年間遅れている新しい橋について話し合った。"
)


def page(body: str, title: str = "Bridge plans") -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def article(paragraphs: int = 6, text: str = PROSE) -> str:
    return "".join(f"<p>{text} ({n})</p>" for n in range(paragraphs))


def test_size_counts_ideographs_and_hangul_as_the_letters_they_stand_for() -> None:
    assert size("plain ascii") == len("plain ascii")
    assert size("café") == 4
    assert size("橋") == 3
    assert size("다리") == 4
    # Typographic quotes, dashes and fullwidth forms lie outside both weighted ranges,
    # next to them or beyond; astral ideographs are not weighted.
    assert size("“quoted” — ok") == 13
    assert size("\u303f\u3040\u30ff\u3100\ud7a3\ud7a4\uff65\uff66\uff9f\uffa0") == 10 + 2 * 4 + 1
    assert size("𠀀") == 1


def test_a_site_menu_in_the_page_header_goes_even_when_it_outweighs_a_short_article() -> None:
    menu = "".join(f"<li><span>メニュー項目{n}のラベル</span></li>" for n in range(120))
    html = page(f"<header><ul>{menu}</ul></header><main><article>{article(3, JA)}</article></main>")
    text = extract(html).text
    assert "市議会" in text
    assert "メニュー項目" not in text


def test_a_short_japanese_article_is_not_scant_for_the_relaxed_pass() -> None:
    html = page(
        f"<div class='story-body'>{article(3, JA)}</div><div class='ranking'>ランキング</div>"
    )
    doc = extract(html)
    assert "市議会" in doc.text
    assert doc.quality is not None
    assert "found only by the relaxed pass" not in doc.quality.reasons


def test_framework_hidden_classes_are_chrome_unless_shown_on_larger_screens() -> None:
    html = page(
        f"<article>{article()}"
        "<div class='intro hidden'><p>Register to unlock this article, it is free.</p></div>"
        "<div class='hidden md:block'><p>Shown on desktops: part of the story.</p></div>"
        "</article>"
    )
    text = extract(html).text
    assert "Register to unlock" not in text
    assert "Shown on desktops" in text


def test_a_chrome_word_on_every_paragraph_of_the_body_names_the_body() -> None:
    body = "".join(f"<p class='paywall'>{PROSE} ({n})</p>" for n in range(8))
    html = page(f"<article><p>{PROSE} (lead)</p>{body}</article>")
    text = extract(html).text
    assert text.count("The council met") == 9


def _card(n: int) -> str:
    return (
        f"<div class='card'><h3><a href='/story-{n}'>Another story number {n}</a></h3>"
        f"<p>A short blurb about story {n}.</p></div>"
    )


def test_teaser_cards_after_an_article_are_dropped_with_their_label() -> None:
    cards = "".join(_card(n) for n in range(4))
    html = page(f"<article>{article(8)}<h2>More news</h2>{cards}</article>")
    text = extract(html).text
    assert "The council met" in text
    assert "Another story" not in text
    assert "short blurb" not in text
    assert "More news" not in text


def test_a_section_heading_that_is_a_link_stays_when_prose_follows_it() -> None:
    html = page(
        f"<article>{article(4)}<h2><a href='/bridge'>The bridge</a></h2>"
        f"<p>{PROSE} {PROSE}</p>{article(2)}</article>"
    )
    assert "The bridge" in extract(html).text


def test_cards_that_make_up_the_page_are_its_content() -> None:
    cards = "".join(_card(n) for n in range(12))
    html = page(f"<main><h1>Science</h1><p>{PROSE}</p>{cards}</main>")
    text = extract(html).text
    assert "Another story number 11" in text


def test_photo_captions_go_and_linked_product_captions_stay() -> None:
    html = page(
        f"<article><figure><img src='a.jpg'><figcaption>The old bridge at dusk. "
        f"Photo: A. Person</figcaption></figure>{article()}"
        "<figure><a href='/p/1'><img src='b.jpg'></a><figcaption id='kit'><a href='/p/1'>"
        "Bridge model kit, 1:87</a></figcaption></figure></article>"
    )
    assert "old bridge at dusk" not in extract(html).text
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    found = chrome_nodes(tree.body, compile_rules(load_rules().generic))
    kit = tree.css_first("#kit")
    assert kit is not None
    assert kit.mem_id not in found


def test_quality_is_high_for_an_article_and_says_why_when_it_is_low() -> None:
    good = extract(page(f"<article>{article(10)}</article>"))
    assert good.quality is not None
    assert good.quality.score >= 0.8
    empty = extract(page("<div></div>"))
    assert empty.quality is not None
    assert empty.quality.score == 0.0
    assert empty.quality.reasons == ("no article text found",)
    links = "".join(f"<li><a href='/{n}'>Link number {n} to elsewhere</a></li>" for n in range(40))
    listing = extract(page(f"<ul>{links}</ul>"))
    assert listing.quality is not None
    assert listing.quality.score < good.quality.score
    assert "looks like a listing" in listing.quality.reasons


def test_quality_is_serialized_with_every_document() -> None:
    data = extract(page(f"<article>{article()}</article>")).to_dict()
    assert set(data["quality"]) == {"score", "reasons"}


def _block(text: str) -> Block:
    return Block("p", text, 0, 0, size=len(text))


def test_second_opinion_keeps_whole_blocks_it_agrees_with() -> None:
    blocks = [_block(PROSE), _block("Subscribe to our newsletter for daily deals today")]
    kept = agreed_blocks(blocks, PROSE + "\n\nSomething else entirely")
    assert kept == blocks[:1]


def test_second_opinion_is_ignored_when_it_found_next_to_nothing() -> None:
    blocks = [_block(PROSE), _block("Subscribe to our newsletter for daily deals today")]
    assert agreed_blocks(blocks, "") == blocks
    assert agreed_blocks(blocks, "council") == blocks


def test_precision_asks_trafilatura_and_never_adds_text() -> None:
    html = page(
        f"<article><h1>Bridge plans</h1>{article(8)}"
        "<div><p>Hot deals on garden furniture, up to seventy percent off this weekend only "
        "at the shop around the corner, click now to claim your voucher code.</p></div>"
        "</article>"
    )
    balanced = extract(html).text
    precise = extract(html, config=ExtractConfig(favor=Favor.PRECISION)).text
    assert set(precise.split("\n\n")) <= set(balanced.split("\n\n"))
    assert "The council met" in precise


POLICY = (
    "These Terms of Use apply to your access and use of the platform, including any "
    "purchase you make, and they contain provisions that govern how claims are resolved."
)


def test_closed_dialogs_go_even_when_they_hold_most_of_the_page() -> None:
    dialog = f"<div role='dialog' aria-modal='true'>{article(30, POLICY)}</div>"
    shop = "".join(f"<li><a href='/p/{n}'>Wool runner, size {n}</a> $98</li>" for n in range(12))
    html = page(f"<main><ul>{shop}</ul><p>{PROSE}</p></main><footer>{dialog}</footer>")
    text = extract(html).text
    assert "Terms of Use" not in text
    assert "The council met" in text


def test_a_page_served_inside_a_dialog_is_kept() -> None:
    html = page(f"<div role='dialog' aria-modal='true'>{article()}</div>")
    assert "The council met" in extract(html).text


def test_a_heading_whose_section_was_dropped_goes_with_it() -> None:
    links = "".join(f"<li><a href='/s/{n}'>Another story number {n}</a></li>" for n in range(4))
    html = page(
        f"<article><h2>Background</h2>{article(3)}<h2>More in Tech</h2><ul>{links}</ul>"
        f"<h2>What comes next</h2>{article(3, OTHER)}</article>"
    )
    text = extract(html).text
    assert "Background" in text
    assert "What comes next" in text
    assert "More in Tech" not in text


def test_a_broadcast_line_of_fields_after_the_article_is_chrome() -> None:
    html = page(
        f"<article>{article()}"
        "<p>Radio One North | Regional news from the coast | Evening edition, six</p></article>"
    )
    text = extract(html).text
    assert "The council met" in text
    assert "Regional news" not in text


def test_embedded_posts_of_social_networks_are_not_the_article() -> None:
    tweet = (
        "<blockquote class='twitter-tweet'><p>Breaking: the minister is out, sources say "
        "<a href='https://t.co/x'>pic.twitter.com/x</a></p>&mdash; Someone (@someone) "
        "<a href='https://twitter.com/someone/status/1'>July 18, 2026</a></blockquote>"
    )
    html = page(f"<article>{article(3)}{tweet}{article(3, OTHER)}</article>")
    text = extract(html).text
    assert "The council met" in text
    assert "The contract was" in text
    assert "minister is out" not in text


def test_a_paragraph_printed_twice_by_the_template_comes_out_once() -> None:
    caption = (
        "<p>The mayor speaks at the opening of the new bridge over the river, "
        "watched by the members of the council and residents of both banks.</p>"
    )
    html = page(f"<article>{caption}{article(6)}{caption}</article>")
    text = extract(html).text
    assert text.count("The mayor speaks") == 1
    assert text.count("The council met") == 6


def test_the_standfirst_in_the_article_header_is_kept_with_the_body() -> None:
    lead = (
        "After three years of disputes the council has approved the bridge, and the first "
        "span should stand before the winter floods."
    )
    html = page(
        "<article><div class='head'><h1>Bridge plans</h1>"
        f"<p class='standfirst'>{lead}</p></div>"
        f"<div class='article-body'>{article(6)}</div>"
        "<div class='foot'><p>Another paragraph from the site's footer, not of this story, "
        "with a sentence of its own.</p></div></article>"
    )
    text = extract(html).text
    assert text.startswith("After three years")
    assert "The council met" in text


def test_the_lead_paragraph_past_a_paywall_line_stays_with_the_rest() -> None:
    # Every paragraph past the paywall line is marked "paywall"; the first also carries
    # the drop cap's classes, so it is the only element with its class string.
    body = (
        f"<p>{OTHER}</p><p class='has-dropcap has-dropcap__lead paywall'>Lead: {PROSE}</p>"
        + "".join(f"<p class='paywall'>{PROSE} ({n})</p>" for n in range(5))
    )
    text = extract(page(f"<article><div class='body'>{body}</div></article>")).text
    assert f"Lead: {PROSE}" in text
    assert text.count(PROSE) == 6


def test_a_reader_thread_under_a_short_story_is_not_the_story() -> None:
    story = f"<article class='story'><div>{PROSE}<br>{OTHER}<br>{PROSE}</div></article>"
    thread = "".join(
        f"<li class='comment'><div class='commentBody'><p>Reader {n} says: {OTHER}</p>"
        f"<p>{PROSE} ({n})</p></div></li>"
        for n in range(8)
    )
    html = page(f"<main>{story}<div id='comments'><ul>{thread}</ul></div></main>")
    text = extract(html).text
    assert PROSE in text
    assert "Reader" not in text


def test_a_forum_thread_that_is_the_page_is_kept() -> None:
    # No article stands outside the comment section: the thread is the page's content.
    thread = "".join(
        f"<div class='post'><p>Member {n} wrote: {OTHER}</p><p>{PROSE} ({n})</p></div>"
        for n in range(8)
    )
    text = extract(page(f"<main><div class='comments'>{thread}</div></main>")).text
    assert "Member 3 wrote" in text


def test_the_next_stories_a_news_site_appends_are_dropped_however_long() -> None:
    own = f"<article><h1>Bridge plans delayed again</h1>{article(4)}</article>"
    appended = "".join(
        f"<article><h1>Another story number {n}</h1>{article(12, OTHER)}</article>"
        for n in range(3)
    )
    html = page(
        f"<main>{own}</main><div class='next'>{appended}</div>", "Bridge plans delayed again"
    )
    text = extract(html).text
    assert text.count("The council met") == 4
    assert "The contract was awarded" not in text
    assert "Another story" not in text


def test_no_story_is_dropped_unless_exactly_one_is_headed_by_the_title() -> None:
    stories = "".join(
        f"<article><h1>Story number {n} of today</h1>{article(3)}</article>" for n in range(3)
    )
    for title in ("Today's stories", "Story number", None):
        tree = LexborHTMLParser(page(stories))
        assert tree.body is not None
        drop_other_stories(tree.body, title)
        assert len(tree.css("article")) == 3, title
    tree = LexborHTMLParser(page(stories))
    assert tree.body is not None
    drop_other_stories(tree.body, "Story number 1 of today | The Daily")
    assert [h.text() for h in tree.css("h1")] == ["Story number 1 of today"]


def test_the_posters_box_and_signature_beside_each_forum_post_go_the_posts_stay() -> None:
    posts = "".join(
        f"<article class='message'><div class='message-userDetails'><h5 class='userTitle'>"
        f"Senior member</h5><div class='userBanner'>Original poster</div></div>"
        f"<dl class='message-userExtras'><dt>Joined</dt><dd>Aug 2008</dd><dt>Posts</dt>"
        f"<dd>1,077</dd></dl><div class='message-body'><p>{text}</p></div>"
        f"<div class='signature'>My rig: two speakers and an old amplifier</div></article>"
        for text in (PROSE, OTHER, PROSE + " Again.")
    )
    text = extract(page(f"<main><h1>Bridge plans</h1>{posts}</main>")).text
    assert "The council met" in text
    assert "The contract was awarded" in text
    for chrome in ("Senior member", "Original poster", "Joined", "1,077", "My rig"):
        assert chrome not in text


def test_the_authors_box_and_an_affiliate_disclaimer_go_the_article_stays() -> None:
    html = page(
        "<article><p class='disclaimer'>Products are chosen by our editors. Purchases made "
        f"through our links may earn us a commission.</p>{article(5)}"
        "<div class='post-author'><div class='author-about'><p>Jane Roe is a writer who has "
        "covered city halls for ten years.</p></div></div></article>"
    )
    text = extract(html).text
    assert "The council met" in text
    assert "commission" not in text
    assert "Jane Roe" not in text


def test_a_legal_page_made_of_its_disclaimer_is_kept() -> None:
    terms = "".join(
        f"<p>{n}. The service is provided as is, without warranty of any kind, and the "
        "company is not liable for any loss arising from its use by you or others.</p>"
        for n in range(12)
    )
    text = extract(page(f"<main><div class='disclaimer'>{terms}</div></main>")).text
    assert "without warranty" in text


def test_a_caption_beside_a_credited_photo_goes_a_step_beside_a_photo_stays() -> None:
    widget = (
        "<div class='image-widget'><span><picture><img src='a.jpg'></picture></span>"
        "<p><span>Pictured, from left, are the two engineers at the river bank.</span></p>"
        "<p>Image: Jane Roe</p></div>"
    )
    step = "<div class='step'><img src='b.jpg'><p>Mix the flour with the water first.</p></div>"
    text = extract(page(f"<article>{article(3)}{widget}{step}{article(3, OTHER)}</article>")).text
    assert "The council met" in text
    assert "Pictured, from left" not in text
    assert "Jane Roe" not in text
    assert "Mix the flour" in text


def test_on_a_doubtful_page_the_second_opinion_drops_only_paragraphs() -> None:
    """Asked because scraper doubts the page (a listing, shop, forum), trafilatura's word
    does not drop list items, table rows or headings: there they are the content, and
    what trafilatura leaves out; asked on every page (precision), it drops them too."""
    blocks = [
        _block(PROSE),
        Block("h2", "Wool runners in stock", 0, 0, size=21),
        Block("li", "Wool runner size nine", 0, 0, size=21),
        _block("Subscribe to our newsletter for daily deals"),
    ]
    assert agreed_blocks(blocks, PROSE) == blocks[:1]
    assert agreed_blocks(blocks, PROSE, doubtful=True) == blocks[:3]


def test_table_rows_with_a_plain_cell_beside_a_linked_name_are_data() -> None:
    # A ranking table: each company's name links to its page, the figure beside it is
    # plain text. Rows that are almost all link (a menu set as a table) still go.
    rows = "".join(
        f"<tr><td><a href='/c/{n}'>Company number {n} Inc.</a></td><td>${n}.5B</td></tr>"
        for n in range(1, 6)
    )
    menu = "<tr><td><a href='/a'>Home</a> <a href='/b'>Sections and more</a></td></tr>"
    table = f"<table>{rows}{menu}</table>"
    html = page(f"<article><h1>Ranks</h1>{article(4)}{table}{article(4, OTHER)}</article>")
    text = extract(html).text
    assert "Company number 3 Inc. | $3.5B" in text
    assert "Sections and more" not in text
