"""Metadata accuracy on both eval sets: scraper beside trafilatura's extract_metadata.

    .venv/bin/python bench/metadata.py [--set wcxb|fundus] [--part all|tune|check]
                                       [--stride N] [--only scraper] [--misses FIELD]

Pages come from ``bench/evalsets.py`` (its check split). Each set is scored with its
own metric:

- fundus-dev (its README): title equal after whitespace normalisation; authors: the
  share of the truth's authors found among the extractor's (case-insensitive, whole
  names); date: the same calendar day. Each over the pages whose truth states it.
- WCXB dev: title equal after lower-casing and dropping punctuation; author right when
  the words of one name list contain the other's (order and separators ignored); date
  when the day matches.

Accuracy cannot see a wrong author or date given to a page whose truth states none, nor
an author added beside the right ones; and a wrong author is worse than none. So two
more columns: the share of all pages where the extractor names an author the truth does
not have, or a date other than the truth's (including pages whose truth states none).

The functions ``extract_fields``, ``score_page`` and ``summarize`` are imported by
``bench/quality.py``; keep their signatures stable.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from evalsets import EvalPage, available, load  # noqa: E402

__all__ = [
    "EXTRACTORS",
    "Fields",
    "PageScore",
    "Summary",
    "extract_fields",
    "score_page",
    "summarize",
]

_WS = re.compile(r"\s+")
_WORDS = re.compile(r"\W+")


@dataclass(frozen=True, slots=True)
class Fields:
    """What one extractor says about one page."""

    title: str | None
    authors: tuple[str, ...]
    date: str | None  # ISO; only the day is compared


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page's scores; ``None`` where the truth does not state the field."""

    title: float | None
    author: float | None
    date: float | None
    wrong_author: bool  # names an author the truth does not have
    wrong_date: bool  # names a date other than the truth's (or the truth has none)


@dataclass(frozen=True, slots=True)
class Summary:
    pages: int
    title: tuple[int, float]  # (pages whose truth states it, mean score)
    author: tuple[int, float]
    date: tuple[int, float]
    wrong_author: float  # share of all pages
    wrong_date: float


def _scraper(html: str, url: str | None) -> Fields:
    from scraper import extract

    doc = extract(html, url)
    return Fields(doc.title, tuple(doc.authors), doc.published)


def _trafilatura(html: str, url: str | None) -> Fields:
    import trafilatura

    meta = trafilatura.extract_metadata(html, default_url=url)
    if meta is None:
        return Fields(None, (), None)
    # trafilatura joins several authors with "; ".
    authors = tuple(a.strip() for a in (meta.author or "").split(";") if a.strip())
    return Fields(meta.title, authors, meta.date)


EXTRACTORS: dict[str, Callable[[str, str | None], Fields]] = {
    "scraper": _scraper,
    "trafilatura": _trafilatura,
}


def extract_fields(extractor: str, page: EvalPage) -> Fields:
    return EXTRACTORS[extractor](page.html(), page.url)


# fundus-dev's metric.
def _ws(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def _name(text: str) -> str:
    return _ws(text).casefold()


def _fundus(page: EvalPage, found: Fields) -> PageScore:
    truth_names = {_name(a) for a in page.authors}
    found_names = {_name(a) for a in found.authors}
    return PageScore(
        title=float(_ws(found.title) == _ws(page.title)) if page.title else None,
        author=len(truth_names & found_names) / len(truth_names) if truth_names else None,
        date=float(_day(found.date) == _day(page.date)) if page.date else None,
        wrong_author=bool(found_names - truth_names),
        wrong_date=bool(found.date) and _day(found.date) != _day(page.date),
    )


# WCXB's metric (the one this bench has always used).
def _norm(text: str | None) -> str:
    return _WORDS.sub(" ", (text or "").lower()).strip()


def _name_words(text: str) -> set[str]:
    return set(_norm(text).replace(" and ", " ").split())


def _wcxb(page: EvalPage, found: Fields) -> PageScore:
    truth_words = _name_words(" ".join(page.authors))
    found_words = _name_words(" ".join(found.authors))
    author_ok = bool(found_words) and (found_words <= truth_words or truth_words <= found_words)
    # A name is wrong when some of its words are not in the truth at all.
    wrong_author = any(not _name_words(a) <= truth_words for a in found.authors)
    return PageScore(
        title=float(bool(found.title) and _norm(found.title) == _norm(page.title))
        if page.title
        else None,
        author=float(author_ok) if truth_words else None,
        date=float(_day(found.date) == _day(page.date)) if page.date else None,
        wrong_author=wrong_author,
        wrong_date=bool(found.date) and _day(found.date) != _day(page.date),
    )


def _day(value: str | None) -> str | None:
    return str(value)[:10] if value else None


def score_page(page: EvalPage, found: Fields) -> PageScore:
    """One page scored with its set's metric."""
    return _fundus(page, found) if page.set == "fundus" else _wcxb(page, found)


def _mean(values: Iterable[float | None]) -> tuple[int, float]:
    stated = [v for v in values if v is not None]
    return len(stated), (sum(stated) / len(stated) if stated else 0.0)


def summarize(scores: Sequence[PageScore]) -> Summary:
    n = len(scores)
    return Summary(
        pages=n,
        title=_mean(s.title for s in scores),
        author=_mean(s.author for s in scores),
        date=_mean(s.date for s in scores),
        wrong_author=sum(s.wrong_author for s in scores) / n if n else 0.0,
        wrong_date=sum(s.wrong_date for s in scores) / n if n else 0.0,
    )


_SET_NAMES = {"wcxb": "WCXB dev", "fundus": "fundus-dev"}


def _print_table(
    name: str, parts: dict[str, dict[str, Summary]], extractors: Sequence[str]
) -> None:
    head = " | ".join(extractors)
    print(f"\n{_SET_NAMES[name]}\n")
    print(f"| part | field | pages stating it | {head} |")
    print("|---|---|---:|" + "---:|" * len(extractors))
    for part, by_extractor in parts.items():
        first = by_extractor[extractors[0]]
        label = f"{part} ({first.pages} pages)"
        for field in ("title", "author", "date"):
            stated = getattr(first, field)[0]
            cells = " | ".join(f"{getattr(by_extractor[e], field)[1]:.3f}" for e in extractors)
            print(f"| {label} | {field} | {stated} | {cells} |")
            label = ""
        for field, text in (("wrong_author", "names a wrong author"), ("wrong_date", "wrong date")):
            cells = " | ".join(f"{getattr(by_extractor[e], field):.1%}" for e in extractors)
            print(f"| | {text} (share of all pages) | {first.pages} | {cells} |")


def _print_misses(page: EvalPage, found: Fields, score: PageScore, field: str) -> None:
    value = getattr(score, field)
    if value is None or value == 1.0:
        return
    truth = {"title": page.title, "author": page.authors, "date": page.date}[field]
    got = {"title": found.title, "author": found.authors, "date": found.date}[field]
    print(f"  {page.set} {page.id}: truth {truth!r} / found {got!r}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", choices=("wcxb", "fundus"), help="one set only")
    parser.add_argument("--part", choices=("all", "tune", "check"), help="one part only")
    parser.add_argument("--stride", type=int, default=1, help="every Nth page only")
    parser.add_argument("--only", choices=tuple(EXTRACTORS), help="one extractor only")
    parser.add_argument(
        "--misses", choices=("title", "author", "date"), help="list scraper's misses (stderr)"
    )
    args = parser.parse_args()
    extractors = [args.only] if args.only else list(EXTRACTORS)
    print(f"`{' '.join(['bench/metadata.py', *sys.argv[1:]])}`")
    for name in [args.set] if args.set else available():
        scores: dict[str, list[tuple[EvalPage, PageScore]]] = {e: [] for e in extractors}
        for page in load(name, args.part or "all")[:: args.stride]:
            for extractor in extractors:
                found = extract_fields(extractor, page)
                score = score_page(page, found)
                scores[extractor].append((page, score))
                if args.misses and extractor == "scraper":
                    _print_misses(page, found, score, args.misses)
        parts: dict[str, dict[str, Summary]] = {}
        for part in [args.part] if args.part else ["all", "tune", "check"]:
            parts[part] = {
                e: summarize(
                    [s for p, s in scores[e] if part == "all" or p.check == (part == "check")]
                )
                for e in extractors
            }
        _print_table(name, parts, extractors)


if __name__ == "__main__":
    main()
