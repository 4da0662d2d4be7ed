"""Learning a site's chrome from its pages: sites, lines, the chrome-or-article decision,
the rules file, and the Learner for programs."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from clean_helpers import run_cli

from scraper.config import Rules, SiteRules, load_rules
from scraper.extraction.rules import phrase_key
from scraper.learning import LearnConfig, Learner, learn_site, render_rules
from scraper.learning.apply import drop_lines
from scraper.learning.lines import PageLines, page_lines
from scraper.learning.rulesfile import merged_rules
from scraper.learning.sites import folder_site, site_of, url_site
from scraper.model import Document

STORY = [
    "The council met on Monday to agree the budget for the coming year, after a long debate.",
    "Residents had asked for more money for the library, and the council agreed to find it.",
    "The mayor said the decision showed that the council listened to the people it served.",
    "A final vote on the whole budget is expected at the next meeting of the full council.",
]


def _story(n: int) -> list[str]:
    """Four paragraphs of their own for page ``n`` (no line repeats across pages)."""
    return [f"{line[:-1]}, said report number {n}." for line in STORY]


def _page(lines: list[str], site: str = "example.com") -> PageLines:
    return page_lines(Document(text="\n\n".join(lines), markdown="\n\n".join(lines)), site)


def _learn(pages: list[list[str]], **config: int | float) -> tuple[set[str], set[str]]:
    learned = learn_site("example.com", [_page(p) for p in pages], LearnConfig(**config))  # type: ignore[arg-type]
    return set(learned.chrome), set(learned.kept)


# -- sites --------------------------------------------------------------------------------


def test_site_is_the_registered_domain() -> None:
    assert url_site("https://www.news.example.co.uk/a/b") == "example.co.uk"
    assert url_site("https://m.example.com/x") == "example.com"


def test_site_of_an_address_without_public_suffix_is_its_host() -> None:
    assert url_site("http://127.0.0.1:8123/article/1") == "127.0.0.1"
    assert url_site("http://localhost/x") == "localhost"


def test_page_without_url_belongs_to_its_folder_unless_told() -> None:
    assert site_of(None, "saved/gazette/a.txt") == "saved/gazette"
    assert site_of(None, "saved/gazette/a.txt", "gazette.example") == "gazette.example"
    assert site_of("https://example.com/a", "saved/x.txt", "other") == "example.com"
    assert folder_site("-") == "stdin"
    assert folder_site("a.txt") == "."


# -- the decision -------------------------------------------------------------------------


def test_menus_and_share_labels_at_head_and_tail_are_chrome() -> None:
    pages = [
        ["Weather   Live Markets", *_story(n), "Share.", "Exit mobile version"] for n in range(4)
    ]
    chrome, kept = _learn(pages)
    assert chrome == {"Weather   Live Markets", "Share.", "Exit mobile version"}
    assert kept == set()


def test_a_recurring_standfirst_and_sign_off_stay() -> None:
    standfirst = (
        "Field Notes is a weekly letter from the villages, written by people who live there."
    )
    sign_off = "This letter is gathered by the parish magazine team and appears every Friday."
    pages = [["Parish Magazine", standfirst, *_story(n), sign_off, "Share"] for n in range(5)]
    chrome, kept = _learn(pages)
    assert chrome == {"Parish Magazine", "Share"}
    assert kept == {standfirst, sign_off}


def test_a_recurring_section_heading_between_paragraphs_stays() -> None:
    pages = [[*_story(n)[:2], "## Why it matters", *_story(n)[2:]] for n in range(4)]
    assert _learn(pages) == (set(), {"Why it matters"})


def test_a_label_between_paragraphs_is_chrome() -> None:
    pages = [[*_story(n)[:2], "Story continues after this box", *_story(n)[2:]] for n in range(4)]
    assert _learn(pages) == ({"Story continues after this box"}, set())


def test_a_sentence_in_a_box_between_paragraphs_is_chrome() -> None:
    pitch = "The Ledger texts readers two hours before every spring tide, free of charge."
    box = ["Tide alert", pitch, "Text TIDE to 60777"]
    pages = [[*_story(n)[:2], *box, *_story(n)[2:]] for n in range(4)]
    assert _learn(pages) == (set(box), set())


def test_a_sentence_cut_off_from_the_article_by_a_box_heading_is_chrome() -> None:
    pitch = "Members get the morning tide tables before breakfast and read without adverts."
    pages = [[*_story(n), "## Ledger Plus", pitch, "Join Ledger Plus from £2"] for n in range(4)]
    assert _learn(pages) == ({"Ledger Plus", pitch, "Join Ledger Plus from £2"}, set())


def test_a_call_to_action_sentence_is_chrome_even_next_to_the_article() -> None:
    follow = "Follow the Gazette on every network for more stories like this one, every day."
    pages = [[*_story(n), follow] for n in range(4)]
    assert _learn(pages) == ({follow}, set())


def test_too_few_pages_learn_nothing() -> None:
    pages = [["Weather   Live Markets", *_story(n), "Share."] for n in range(2)]
    assert _learn(pages) == (set(), set())


def test_a_line_on_few_of_the_pages_is_not_learned() -> None:
    """A correction notice or a series' label on 3 of 20 pages is the articles' own."""
    pages = [[*_story(n), "Part of our series"] if n < 3 else _story(n) for n in range(20)]
    assert _learn(pages) == (set(), set())
    assert _learn(pages, min_share=0.1) == ({"Part of our series"}, set())


def test_the_order_of_pages_does_not_matter() -> None:
    pages = [["Top bar", *_story(n), "share." if n % 2 else "Share."] for n in range(6)]
    first = learn_site("s", [_page(p) for p in pages], LearnConfig())
    again = learn_site("s", [_page(p) for p in reversed(pages)], LearnConfig())
    assert first == again
    assert first.chrome == ("Share.", "Top bar")  # one spelling: the smallest


# -- applying and writing -----------------------------------------------------------------


def test_drop_lines_removes_whole_lines_and_their_blank_line() -> None:
    doc = Document(text="Top bar\n\nOne.\n\nShare.\n\nTwo.\n- Share\n- Kept", markdown=None)
    dropped = drop_lines(doc, {phrase_key("Top bar"), phrase_key("Share.")})
    assert dropped.text == "One.\n\nTwo.\n- Kept"


def test_drop_lines_that_empty_a_document_warn() -> None:
    doc = Document(text="Share.", markdown="Share.")
    assert drop_lines(doc, {"share"}).warnings == ("no article text found",)


def test_rules_file_is_ordinary_rules_a_person_can_read(tmp_path: Path) -> None:
    pages = [["Weather   Live Markets", *_story(n), "Share."] for n in range(3)]
    learned = learn_site("example.com", [_page(p) for p in pages], LearnConfig())
    text = render_rules([learned], source="saved/")
    assert 'domain = "example.com"' in text
    assert '"Weather   Live Markets",' in text
    path = tmp_path / "learned.toml"
    path.write_text(text, encoding="utf-8")
    rules = load_rules(path)
    assert rules.for_host("www.example.com").phrases[-2:] == ("Share.", "Weather   Live Markets")
    assert tomllib.loads(text)["site"][0]["phrases"] == ["Share.", "Weather   Live Markets"]


def test_merged_rules_add_only_sites_that_learned() -> None:
    base = Rules(generic=SiteRules(phrases=("x",)))
    nothing = learn_site("a.com", [], LearnConfig())
    assert merged_rules(base, [nothing]) is base


# -- the learner (for Fetcher.fetch_many and other programs) ------------------------------


def _doc(n: int, url: str | None = None, source: str = "saved/x.txt") -> Document:
    text = "\n\n".join(["Tides   Ferries   Notices", *_story(n), "Printed by Tidewater Press"])
    return Document(text=text, markdown=text, url=url, source=source)


def test_learner_cleans_a_site_from_its_own_documents() -> None:
    docs = [_doc(n, f"https://www.gazette.example.com/{n}") for n in range(4)]
    docs.append(_doc(9, "https://other.example.org/1"))
    cleaned = list(Learner().clean(docs))
    assert all("Printed by" not in d.text and "Tides" not in d.text for d in cleaned[:4])
    assert "Printed by Tidewater Press" in cleaned[4].text  # one page of its site alone
    assert [d.text.count("report number") for d in cleaned] == [4] * 5


def test_learner_output_does_not_depend_on_order() -> None:
    docs = [_doc(n, f"https://gazette.example.com/{n}") for n in range(5)]
    forward = list(Learner().clean(docs))
    backward = list(Learner().clean(list(reversed(docs))))
    assert forward == list(reversed(backward))


# -- the command line ---------------------------------------------------------------------


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "gazette"
    folder.mkdir()
    for n in range(count):
        (folder / f"{n}.txt").write_text(_doc(n).text + "\n", encoding="utf-8")
    return folder


def test_clean_learn_writes_rules_and_cleans_the_folder(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 4)
    rules = tmp_path / "learned.toml"
    result = run_cli(["clean", str(folder), "--out", str(tmp_path / "out"), "--learn", str(rules)])
    assert result.code == 0, result.stderr
    assert "learned 1 chrome line on 1 site in" in result.stderr
    site = tomllib.loads(rules.read_text("utf-8"))["site"][0]
    assert site["domain"] == str(folder)
    assert site["phrases"] == ["Printed by Tidewater Press"]  # the menu bar is shipped chrome
    assert "Printed" not in (tmp_path / "out" / "0.json").read_text("utf-8")


def test_clean_no_learn_cleans_each_page_alone(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 4)
    result = run_cli(["clean", str(folder), "--out", str(tmp_path / "out"), "--no-learn"])
    assert result.code == 0
    assert "Printed by" in (tmp_path / "out" / "0.json").read_text("utf-8")


@pytest.mark.parametrize("site", [None, "gazette.example"])
def test_site_option_names_the_site_of_pages_without_url(tmp_path: Path, site: str | None) -> None:
    folder = _folder(tmp_path, 3)
    rules = tmp_path / "learned.toml"
    extra = ["--site", site] if site else []
    run_cli(["clean", str(folder), "--out", str(tmp_path / "o"), "--learn", str(rules), *extra])
    domain = tomllib.loads(rules.read_text("utf-8"))["site"][0]["domain"]
    assert domain == (site or str(folder))


def test_learn_and_no_learn_together_is_a_usage_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 1)
    out = ["--out", str(tmp_path / "o")]
    result = run_cli(["clean", str(folder), *out, "--learn", str(tmp_path / "r"), "--no-learn"])
    assert result.code == 2
    assert "--learn and --no-learn" in result.stderr


def test_an_unwritable_learn_file_is_one_line_and_status_2(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 3)
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "learned.toml"
    result = run_cli(["clean", str(folder), "--out", str(tmp_path / "o"), "--learn", str(target)])
    assert result.code == 2
    assert str(target) in result.stderr
    assert "Traceback" not in result.stderr


def test_copies_of_one_page_teach_nothing() -> None:
    """Every line of a page saved many times recurs: nothing tells chrome from article."""
    page = ["Top bar", "## A heading", *_story(1), "Share."]
    assert _learn([page] * 10) == (set(), set())
    twins = [[*p, "Share."] for p in (_story(1), _story(1), _story(2), _story(3))]
    assert _learn(twins) == ({"Share."}, set())


def test_a_warc_of_one_site_learns_its_chrome(tmp_path: Path) -> None:
    from clean_helpers import FIXTURES, write_warc

    pages = sorted((FIXTURES / "sites" / "tidewater-ledger").iterdir())[:6]
    archive = tmp_path / "crawl.warc.gz"
    responses = [
        (f"https://www.tidewaterledger.co.uk/news/{p.stem}/", "text/html", p.read_bytes())
        for p in pages
    ]
    write_warc(archive, responses)
    result = run_cli(["clean", str(archive), "--out", str(tmp_path / "out")])
    assert result.code == 0, result.stderr
    assert "learned 9 chrome lines on 1 site" in result.stderr
    for doc in (tmp_path / "out" / "crawl").iterdir():
        text = doc.read_text("utf-8")
        assert "Ledger Plus" not in text
        assert "quayside desk" not in text


def test_code_table_rows_and_figures_are_never_learned() -> None:
    """Documentation repeats `try:` in every code block, shops their spec tables and
    prices: content of the page, not the site's chrome."""
    code = ["```", "try:", "    run()", "```"]
    pages = [
        [*_story(n)[:2], *code, "| Weight | 2 kg |", "$19.95", *_story(n)[2:]] for n in range(4)
    ]
    lines = [page_lines(Document(text="", markdown="\n\n".join(p)), "example.com") for p in pages]
    learned = learn_site("example.com", lines, LearnConfig())
    assert (learned.chrome, learned.kept) == ((), ())
