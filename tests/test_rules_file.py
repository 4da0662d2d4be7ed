"""A --rules file is checked when it is loaded: a bad CSS selector or pattern is one
line naming the file, the site and the selector, and exit status 2, not a selectolax
traceback on the first page of that site."""

from __future__ import annotations

from pathlib import Path

import pytest
from clean_helpers import FIXTURES, run_cli

import scraper
from scraper.exitcodes import ExitCode

PAGE = str(FIXTURES / "02_wordpress_amp.html")  # of harbourwiredaily.com


def _rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_selector_is_exit_2_naming_file_site_and_selector(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path, '[[site]]\ndomain = "harbourwiredaily.com"\nremove = ["div.ok", "div["]\n'
    )
    result = run_cli(["clean", PAGE, "--out", str(tmp_path / "out"), "--rules", str(rules)])
    assert result.code == ExitCode.USAGE
    assert result.stderr == (
        f"scraper clean: error: {rules}: [[site]] harbourwiredaily.com: remove:"
        " bad CSS selector 'div[': Can't parse CSS selector.\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("table", "where", "problem"),
    [
        ('[generic]\ncontent = ["p:contains(x)"]\n', "[generic]: content", "bad CSS selector"),
        (
            '[[site]]\ndomain = "a.org"\ncontent = ["article", "main >> p"]\n',
            "[[site]] a.org: content",
            "bad CSS selector 'main >> p'",
        ),
        (
            '[[site]]\ndomain = "a.org"\npatterns = ["(unclosed"]\n',
            "[[site]] a.org: patterns",
            "bad regular expression '(unclosed'",
        ),
    ],
)
def test_every_selector_and_pattern_is_checked_at_load(
    tmp_path: Path, table: str, where: str, problem: str
) -> None:
    rules = _rules(tmp_path, table)
    with pytest.raises(scraper.ConfigError) as caught:
        scraper.load_rules(rules)
    assert str(caught.value).startswith(f"{rules}: {where}: {problem}")


def test_site_that_is_not_a_table_is_a_config_error(tmp_path: Path) -> None:
    rules = _rules(tmp_path, 'site = "example.org"\n')
    with pytest.raises(scraper.ConfigError, match="'site' must be tables"):
        scraper.load_rules(rules)


def test_good_selectors_load(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path,
        '[[site]]\ndomain = "a.org"\nremove = ["div.promo-box", "#most-read", "a[href^=\'/x\']"]'
        '\ncontent = ["article > div:not(.ad)"]\npatterns = ["\\\\d+ views"]\n',
    )
    assert scraper.load_rules(rules).for_host("www.a.org").remove[-3:] == (
        "div.promo-box",
        "#most-read",
        "a[href^='/x']",
    )
