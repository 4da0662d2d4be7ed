"""The evaluation sets under ../shared/eval, their metric, and the fixed check split.

Every quality script (``bench/quality.py``, ``bench/metadata.py``, the quality floor
test) loads pages through this module, so that all of them agree on what a page is, how
it is scored and which pages belong to the check part.

The check part: a fixed fifth of each set's *sites* (WCXB: the registered host of the
page's URL; fundus: the publisher), chosen by a hash of that key, never by looking at
the pages. Rules are tuned on the rest ("tune") and kept only when the check part
agrees. ``--part check`` / ``--part tune`` in the benches select one.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
WCXB = EVAL / "wcxb-dev"
FUNDUS = EVAL / "fundus-dev"
SETS = ("wcxb", "fundus")

_TOKEN = re.compile(r"\w+")

# fundus language groups, as its README reports them.
_ASIAN = frozenset({"ja", "ko", "zh", "ms", "id", "th", "vi"})
_EUROPEAN = frozenset({"no", "es", "sv", "tr", "it", "ru", "pl", "da", "fr", "nl", "pt", "fi"})


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def prf(predicted: str, reference: str) -> tuple[float, float, float]:
    """Both sets' metric: precision, recall and F1 over multisets of lower-cased ``\\w+``
    tokens. Empty output scores 0 (an empty truth with empty output scores 1)."""
    pred, ref = tokens(predicted), tokens(reference)
    if not pred and not ref:
        return 1.0, 1.0, 1.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(ref.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def word_f1(predicted: str, reference: str) -> float:
    return prf(predicted, reference)[2]


def leaks(predicted: str, without: list[str]) -> bool:
    return any(snippet in predicted for snippet in without)


def site_key(url: str | None) -> str:
    """The host without ``www.``: the unit the check split is drawn over."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def is_check(key: str) -> bool:
    """A fixed fifth of the keys, by hash: the same on every machine and every run."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % 5 == 0


def language_group(language: str | None) -> str:
    if language == "en":
        return "en"
    if language == "de":
        return "de"
    if language in _EUROPEAN:
        return "other European"
    if language in _ASIAN:
        return "Asian"
    return "other"


@dataclass(frozen=True, slots=True)
class EvalPage:
    set: str  # "wcxb" or "fundus"
    id: str
    url: str | None
    group: str  # WCXB: page type; fundus: language group
    site: str  # the check-split key
    check: bool
    reference: str
    without: tuple[str, ...]
    title: str | None
    authors: tuple[str, ...]
    date: str | None  # ISO, as the truth gives it
    html_path: Path

    def html(self) -> str:
        return gzip.decompress(self.html_path.read_bytes()).decode("utf-8", errors="replace")


def _wcxb() -> Iterator[EvalPage]:
    for path in sorted((WCXB / "ground-truth").glob("*.json")):
        truth = json.loads(path.read_text("utf-8"))
        gt = truth["ground_truth"]
        site = site_key(truth.get("url"))
        author = gt.get("author")
        yield EvalPage(
            set="wcxb",
            id=path.stem,
            url=truth.get("url"),
            group=truth["_internal"]["page_type"]["primary"],
            site=site,
            check=is_check(site),
            reference=gt.get("main_content") or "",
            without=tuple(gt.get("without") or ()),
            title=gt.get("title"),
            authors=(author,) if author else (),
            date=gt.get("publish_date"),
            html_path=WCXB / "html" / f"{path.stem}.html.gz",
        )


def _fundus() -> Iterator[EvalPage]:
    for path in sorted((FUNDUS / "truth").glob("*.json")):
        truth = json.loads(path.read_text("utf-8"))
        publisher = truth["publisher"]
        yield EvalPage(
            set="fundus",
            id=path.stem,
            url=truth.get("url"),
            group=language_group(truth.get("language")),
            site=publisher,
            check=is_check(publisher),
            reference=truth.get("text") or "",
            without=(),
            title=truth.get("title"),
            authors=tuple(truth.get("authors") or ()),
            date=truth.get("publishing_date"),
            html_path=FUNDUS / "html" / f"{path.stem}.html.gz",
        )


def load(name: str, part: str = "all") -> list[EvalPage]:
    """The pages of one set; ``part`` is "all", "tune" or "check"."""
    pages = list(_wcxb() if name == "wcxb" else _fundus())
    if part == "tune":
        return [p for p in pages if not p.check]
    if part == "check":
        return [p for p in pages if p.check]
    return pages


def available() -> list[str]:
    return [name for name, path in (("wcxb", WCXB), ("fundus", FUNDUS)) if path.is_dir()]
