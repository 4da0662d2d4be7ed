"""Class-word matching in classwords.py: the fast path finds what the pattern itself finds."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from scraper.config import load_rules
from scraper.extraction.classwords import (
    ClassWords,
    _finds,
    _names_hit,
    _token_hits,
    _word_sets,
)
from scraper.extraction.rules import _words_pattern, compile_rules
from scraper.extraction.wordsets import word_strings

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


_TOKEN_PARTS = [*_PARTS, "has-sidebar", "no-comments", "is-open", "main--nav", "\n", "\t", "\u00a0"]
_TOKEN_PARTS += ["\u2003", "  ", "share bar", "top-bar", "Related_Posts", "İ", "K"]


@pytest.mark.parametrize("seed", range(4))
def test_answers_by_token_are_the_answers_for_the_whole_class_and_id(seed: int) -> None:
    rng = random.Random(seed)
    assert _token_hits(_GENERIC) is not None  # the shipped words are plain: tokens serve
    for _ in range(2000):
        classes = "".join(rng.choice(_TOKEN_PARTS) for _ in range(rng.randint(0, 6)))
        ids = "".join(rng.choice(_TOKEN_PARTS) for _ in range(rng.randint(0, 2)))
        raw = f"{classes} {ids}"
        assert ClassWords(_GENERIC).hit(raw) == _names_hit(raw, _GENERIC), (classes, ids)


@pytest.mark.parametrize(
    ("words", "by_token"),
    [
        (("share", "share-?bar", "recommend(ed|ations)?", "ads?"), True),
        (("share bar",), False),  # a space: the word spans two tokens
        (("share.bar",), False),  # a dot matches a space
        (("share\\sbar",), False),
        (("x?",), False),  # matches nothing at all
        (("a|",), False),  # so does its empty branch
        (("^share",), False),  # an anchor means something else in a token alone
        (("(share)",), False),  # plain words only
    ],
)
def test_words_that_could_match_across_tokens_make_whole_strings_be_matched(
    words: tuple[str, ...], by_token: bool
) -> None:
    rules = replace(_GENERIC, class_pattern=_words_pattern(words))
    assert (_token_hits(rules) is not None) is by_token


@pytest.mark.parametrize(
    ("words", "strings"),
    [
        (["share", "share-?bar"], {"share", "sharebar", "share-bar"}),
        (["recommend(ed|ations)?"], {"recommend", "recommended", "recommendations"}),
        (["Ads??"], {"ad", "ads"}),
        (["user-?(info|bio)"], {"userinfo", "user-info", "userbio", "user-bio"}),
        (["ads+"], None),  # endless
        (["ads*"], None),
        (["ads?+"], None),  # possessive: not the same strings in every context
        (["(?:ads)"], None),
        (["ad.s"], None),
        (["ſhare"], None),  # not ASCII: matches "share" and "SHARE" ignoring case
    ],
)
def test_finite_words_are_read_as_the_strings_they_match(
    words: list[str], strings: set[str] | None
) -> None:
    assert word_strings(words) == (None if strings is None else frozenset(strings))


_SET_PARTS = [*_TOKEN_PARTS, "ads", "AD", "slot", "recommendations", "user", "Info", "--", "has"]
_SET_PARTS += ["is-", "_", "toc", "ez", "sign", "up", "crumbs", "é"]


@pytest.mark.parametrize("seed", range(4))
def test_a_token_found_by_set_lookups_is_found_by_the_patterns(seed: int) -> None:
    rng = random.Random(100 + seed)
    assert _word_sets(_GENERIC) is not None  # the shipped words are finite sets
    words = ClassWords(_GENERIC)
    for _ in range(3000):
        token = "".join(rng.choice(_SET_PARTS) for _ in range(rng.randint(1, 5)))
        for part in token.split():
            assert words._token_hit(part) == _names_hit(part, _GENERIC), part
