"""The library API: extract, clean_text, clean_file, Document, the exported names."""

from __future__ import annotations

import ast
import dataclasses
import time
from pathlib import Path

import pytest
from clean_helpers import DOCUMENT_KEYS, FIXTURES, SEED

import scraper
from scraper import Document, ExtractConfig, clean_file, clean_text, extract
from scraper.errors import DecodeError, TimeLimitError, TooDeepError
from scraper.extraction.dom import Deadline
from scraper.model import Quality

AMP = FIXTURES / "02_wordpress_amp.html"


def _type_checking_imports() -> dict[str, str]:
    """The names ``scraper/__init__.py`` imports for type checkers, and from where."""
    tree = ast.parse(Path(scraper.__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    return {
        alias.name: str(node.module)
        for node in ast.walk(block)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_exported_names_are_curated_and_sorted() -> None:
    """``__all__``, where each name is imported from on first use, and what type checkers
    see name the same things (compared with each other, not with a copy of the list)."""
    assert scraper.__all__ == sorted(scraper.__all__)
    homes = {name: module for module, names in scraper._HOMES.items() for name in names}
    assert set(scraper.__all__) == {*homes, "__version__"}
    assert _type_checking_imports() == homes
    for name in scraper.__all__:
        assert hasattr(scraper, name)


def test_extract_str_and_bytes_agree() -> None:
    raw = AMP.read_bytes()
    assert extract(raw) == extract(raw.decode("utf-8"))


def test_extract_returns_frozen_document() -> None:
    doc = extract(AMP.read_bytes(), "https://example.org/a")
    assert isinstance(doc, Document)
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "x"  # type: ignore[misc]
    assert doc.title
    assert "Exit mobile version" not in doc.text


def test_to_json_is_deterministic_and_complete() -> None:
    doc = clean_file(AMP)
    assert doc.to_json() == clean_file(AMP).to_json()
    assert list(doc.to_dict()) == DOCUMENT_KEYS


def test_clean_text_on_the_seed() -> None:
    doc = clean_text(SEED.read_text("utf-8"))
    assert doc.title is None
    assert doc.language == "en"
    assert "Live Markets" not in doc.text
    assert doc.text.endswith("an unresolved saga.")


def test_clean_text_scores_its_result_like_a_page() -> None:
    """A text file gets a quality too: the seed, almost all article, scores high with no
    reason; a file that is mostly chrome lines says most of its prose was left out."""
    seed = clean_text(SEED.read_text("utf-8")).quality
    assert seed is not None
    assert seed.score > 0.9
    assert seed.reasons == ()
    menu = "Home | News | Sport | Weather | Markets | Travel | Culture | Opinion"
    sentence = "The council voted on Tuesday to keep the old bridge open for another year."
    mostly_chrome = clean_text("\n".join([menu] * 20 + ["", sentence])).quality
    assert mostly_chrome is not None
    assert mostly_chrome.score < 0.5
    assert "most of the page's prose left out" in mostly_chrome.reasons
    assert clean_text("Share.\nExit mobile version\n").quality == Quality(
        0.0, ("no article text found",)
    )


def test_clean_text_takes_a_marked_title() -> None:
    assert clean_text("# The headline\n\nBody text here.").title == "The headline"


def test_too_deep_markup_is_refused_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(TooDeepError):
        extract("<div>" * 100_000 + "x")
    assert time.monotonic() - started < 5  # a bound on a hang, not a speed target


def test_per_page_time_limit() -> None:
    ticks = iter([0.0, 10.0])
    deadline = Deadline(1.0, clock=lambda: next(ticks))
    with pytest.raises(TimeLimitError, match="parsing"):
        deadline.check("parsing")


def test_time_limit_argument_is_honoured() -> None:
    with pytest.raises(TimeLimitError):
        extract(AMP.read_bytes(), time_limit=0.0)


def test_binary_bytes_are_refused() -> None:
    with pytest.raises(DecodeError):
        extract(b"%PDF-1.7\n" + bytes(range(256)) * 10)


def test_max_bytes_is_configurable(tmp_path) -> None:
    page = tmp_path / "p.html"
    page.write_bytes(AMP.read_bytes())
    with pytest.raises(scraper.InputError, match="cap"):
        clean_file(page, config=ExtractConfig(max_bytes=1000))


def test_user_rules_remove_site_chrome(tmp_path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[[site]]\ndomain = "example.org"\nphrases = ["Key takeaway"]\n')
    html = "<article><p>Key takeaway</p><p>" + "Real article sentence. " * 20 + "</p></article>"
    config = ExtractConfig(rules=scraper.load_rules(rules))
    assert "Key takeaway" in extract(html, "https://other.net/x", config=config).text
    assert "Key takeaway" not in extract(html, "https://www.example.org/x", config=config).text


def test_bad_rules_file_names_the_key(tmp_path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[[site]]\ndomain = "example.org"\nremvoe = ["div"]\n')
    with pytest.raises(scraper.ConfigError, match="remvoe"):
        scraper.load_rules(rules)
