"""Class-word matching in classwords.py: the fast path finds what the pattern itself finds."""

from __future__ import annotations

import random
import re

import pytest

from scraper.config import load_rules
from scraper.extraction.classwords import _finds
from scraper.extraction.rules import compile_rules

_GENERIC = compile_rules(load_rules().generic)
_PARTS = [
    "Share",
    "SHARE-bar",
    "post",
    "social_Share",
    "nav",
    "NavBar",
    "ads",
    "Ad-Slot",
    "headline",
    "ſhare",
    "x",
]
_PARTS += ["menu--open", "Comment-List", "related", "-", "_", " "]


def _names(rng: random.Random) -> str:
    return "".join(rng.choice(_PARTS) for _ in range(rng.randint(0, 6)))


@pytest.mark.parametrize(
    "pattern",
    [
        _GENERIC.strong_class_pattern,
        _GENERIC.class_pattern,
        re.compile(r"(?:^|\s)[A-Z]+bar(?:$|\s)", re.IGNORECASE),  # upper case: no fast path
        re.compile(r"(?-i:share)", re.IGNORECASE),  # inline flag: no fast path
        re.compile(r"\u017fhare", re.IGNORECASE),  # a long s matches "s" and "S"
        re.compile(r"nav\S*", re.IGNORECASE),
    ],
)
def test_the_fast_path_agrees_with_the_pattern(pattern: re.Pattern[str] | None) -> None:
    assert pattern is not None
    rng = random.Random(7)
    for _ in range(3000):
        names = _names(rng)
        assert _finds(pattern, names) == (pattern.search(names) is not None), names


def test_the_shipped_words_take_the_fast_path_and_still_ignore_case() -> None:
    assert _finds(_GENERIC.strong_class_pattern, "Post SHARE-Bar")
    assert not _finds(_GENERIC.strong_class_pattern, "shareholder-letter")
