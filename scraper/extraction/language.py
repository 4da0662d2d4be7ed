"""Language codes: normalizing what a page declares, guessing from text as a last resort.

The guess is a stop-word count (and the script, for languages that have their own).
It is written here because the language detectors on PyPI either pull in NumPy and a
model file or are unmaintained, and a stop-word count is right for article-length text.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["guess_language", "normalize_language"]

_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
_THREE_TO_TWO = {
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "spa": "es",
    "fra": "fr",
    "fre": "fr",
    "ita": "it",
    "por": "pt",
    "nld": "nl",
    "dut": "nl",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "kor": "ko",
    "rus": "ru",
    "ara": "ar",
    "pol": "pl",
    "swe": "sv",
}

_STOPWORDS = {
    "en": "the and of to in is that for it with as was on are by this be from at have not",
    "de": "der die und das ist nicht mit den von zu ein eine auf sich dem des auch für wird",
    "es": "el la de que y en los las del por con una para es se su al como más pero",
    "fr": "le la les de des et est que une pour dans du en qui sur pas au par avec",
    "it": "il di che la e per un una del della sono non con si le gli da anche alla",
    "pt": "o a de que e do da em um uma para com não os as dos das se na por",
    "nl": "de het een van en in is dat op te zijn met voor niet die aan er ook",
    "sv": "och att det som en på är av för med den till har inte om ett de",
    "pl": "i w na z że się nie do to jest od jak po ale za co tak przez",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_WORD = re.compile(r"[^\W\d_]+")
_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)


def normalize_language(value: object) -> str | None:
    """``en-US`` -> ``en``; ``zh_CN`` -> ``zh``; ``deu`` -> ``de``; junk -> None."""
    if not isinstance(value, str):
        return None
    match = _CODE.match(value.strip())
    if match is None:
        return None
    code = match.group(1).lower()
    code = _THREE_TO_TWO.get(code, code)
    return code if len(code) == 2 else None


def guess_language(text: str) -> str | None:
    """The language of ``text`` by script or stop words; None if unsure."""
    sample = text[:5000]
    if not sample.strip():
        return None
    letters = sum(1 for ch in sample if ch.isalpha()) or 1
    for code, pattern in _SCRIPTS:
        if len(pattern.findall(sample)) > letters * 0.3:
            return code
    counts: Counter[str] = Counter()
    for word in _WORD.findall(sample.lower()):
        for lang, words in _WORDS.items():
            if word in words:
                counts[lang] += 1
    if not counts:
        return None
    (best, hits), *rest = [*counts.most_common(2), ("", 0)]
    runner_up = rest[0][1]
    return best if hits >= 5 and hits > runner_up * 1.5 else None
