"""Dates: normalizing what pages state into ISO 8601 (date, or datetime with its
offset), reading datelines a reader sees, and guessing a date when the page states none."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from itertools import islice

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extraction.dom import strip_elements

__all__ = [
    "MONTHS",
    "date_line",
    "date_text",
    "guess_date",
    "head_and_lead",
    "normalize_date",
    "parse_visible_date",
]

_ISO_LIKE = re.compile(
    r"^(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?)?"
)
_YEAR_MIN, _YEAR_MAX = 1990, 2100


def _offset(text: str | None) -> str:
    if not text:
        return ""
    if text == "Z":
        return "+00:00"
    sign, rest = text[0], text[1:].replace(":", "")
    rest = rest.ljust(4, "0")
    return f"{sign}{rest[:2]}:{rest[2:4]}"


def _from_iso(text: str) -> str | None:
    match = _ISO_LIKE.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        day_value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    if not _YEAR_MIN <= day_value.year <= _YEAR_MAX:
        return None
    if hour is None:
        return day_value.isoformat()
    try:
        moment = datetime(
            day_value.year, day_value.month, day_value.day, int(hour), int(minute), int(second or 0)
        )
    except ValueError:
        return day_value.isoformat()
    return moment.isoformat() + _offset(zone)


def normalize_date(value: object) -> str | None:
    """ISO 8601 for a stated date (ISO-like, RFC 2822 or Unix time), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value > 1e11:  # milliseconds
            value = value / 1000
        try:
            moment = datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return moment.isoformat() if _YEAR_MIN <= moment.year <= _YEAR_MAX else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    iso = _from_iso(text)
    if iso is not None:
        return iso
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if not _YEAR_MIN <= moment.year <= _YEAR_MAX:
        return None
    return moment.isoformat()


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan januar enero janvier",
            "february feb februar febrero février fevrier",
            "march mar märz maerz marzo mars",
            "april apr abril avril",
            "may mai mayo",
            "june jun juni junio juin",
            "july jul juli julio juillet",
            "august aug agosto août aout",
            "september sep sept septiembre septembre",
            "october oct oktober okt octubre octobre",
            "november nov noviembre novembre",
            "december dec dezember dez diciembre décembre decembre",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH_NAME = r"([a-zA-Zäéû]{3,10})\.?"
_VISIBLE = (
    (re.compile(rf"\b{_MONTH_NAME}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), (3, 1, 2)),
    (re.compile(rf"\b(\d{{1,2}})\.?\s+(?:de\s+)?{_MONTH_NAME}\s+(?:de\s+)?(\d{{4}})\b"), (3, 2, 1)),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), (1, 2, 3)),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), (3, 2, 1)),
)


def parse_visible_date(text: str) -> str | None:
    """The date in a dateline a reader sees ("Posted: August 16, 2023", "12. März 2024")."""
    for pattern, (y, m, d) in _VISIBLE:
        match = pattern.search(text)
        if match is None:
            continue
        month_text = match.group(m)
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
        if month is None:
            continue
        try:
            found = date(int(match.group(y)), month, int(match.group(d)))
        except ValueError:
            continue
        if _YEAR_MIN <= found.year <= _YEAR_MAX:
            return found.isoformat()
    return None


# Years a page's date can have (1990-2039). htmldate costs milliseconds even on small
# pages, and a date regex run over the whole page costs as much; so years are found by
# substring search for their first three digits (five scans at C speed, where one scan
# per year cost 1-3 ms on a 40 KB page) and only the text around each is checked for
# a date shape.
# The answer is whether any of them does, whatever the order: the recent decades first,
# so that a page of today stops at its first date instead of scanning the whole page
# for the 1990s and 2000s first (0.85 -> 0.15 ms a page on the sample's pages).
_DECADES = ("202", "201", "200", "203", "199")
_DATE_NEAR = re.compile(
    r"\d{4}[-/._]\d{1,2}[-/._]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{8}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mär|mai|okt|dez|ene|abr|ago|dic)",
    re.IGNORECASE,
)


def _mentions_a_date(text: str) -> bool:
    for decade in _DECADES:
        start = text.find(decade)
        while start >= 0:
            if text[start + 3 : start + 4].isdigit() and _DATE_NEAR.search(
                text, max(0, start - 30), start + 14
            ):
                return True
            start = text.find(decade, start + 3)
    return False


# The only date htmldate reads from a URL: year, month and day ("/2024/05/17/").
# A bare number that looks like a year ("/article/1999") is not one.
_URL_DATE = re.compile(r"\D(?:199\d|20[0-3]\d)[/_-]\d{1,2}[/_-]\d{1,2}(?:\D|$)")


# What a reader never sees: scripts (JSON-LD included: its article object is read
# already), styles and comments. The dates in them are render and build timestamps,
# campaign windows, tracking payloads and review dates, not the page's date: without
# them htmldate names a wrong date on 2.5% fewer WCXB tune pages and as many right ones.
_CODE = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.I | re.S)
# ``_CODE.sub(" ", text)`` in steps: each start found by a search that looks only at a
# "<", its end by a plain search from there. One pass of ``_CODE`` tries every
# character inside a script for its end; this takes a third of the time.
_CODE_START = re.compile(r"<(?:script\b|style\b|!--)", re.I)
_CODE_ENDS = {7: re.compile(r"</script\s*>", re.I), 6: re.compile(r"</style\s*>", re.I)}


def _without_code(text: str) -> str:
    """``_CODE.sub(" ", text)``: a start that no end follows stays, and the search
    goes on from its next character."""
    parts: list[str] = []
    done = at = 0
    while (start := _CODE_START.search(text, at)) is not None:
        opened = start.end()
        if opened - start.start() == 4:  # "<!--"
            end = text.find("-->", opened)
            end = -1 if end < 0 else end + 3
        else:  # "<script" or "<style", by its length (any spelling is as long)
            closed = _CODE_ENDS[opened - start.start()].search(text, opened)
            end = -1 if closed is None else closed.end()
        if end < 0:
            at = start.start() + 1
            continue
        parts += (text[done : start.start()], " ")
        done = at = end
    parts.append(text[done:])
    return "".join(parts)


def guess_date(
    html: str, url: str | None, article: Iterable[str] = (), text: str | None = None
) -> str | None:
    """A date for pages that state none in metadata, markup or dateline: htmldate's
    guess, else the first line of the page that is a date ("Updated May 6, 2025").

    Both parse the page again (htmldate with lxml, a few milliseconds), so they run only
    when the page shows a date or its URL holds one. htmldate reads the page without its
    scripts, styles and comments (``_CODE``). ``article``: the texts of the
    article's blocks; htmldate then reads the page only down to a little past
    where they start (``head_and_lead``). ``text``: ``date_text``'s answer, when known.
    """
    if not (url and _URL_DATE.search(url)) and not _mentions_a_date(html):
        return None
    # Imported here: htmldate costs 150 ms and most pages never need it.
    from scraper.extraction.htmldate_flow import page_date

    try:
        found = page_date(_without_code(head_and_lead(html, article)), url)
    except (ValueError, TypeError):
        found = None
    return normalize_date(found) if found else date_line(html, text)


# How far past the article's first line htmldate reads.
_LEAD = 2000
# The article's first lines looked for in the HTML: the first three longer than
# _SHORT characters (a short label can stand in a menu first), by their first _PROBE.
_TRIES, _SHORT, _PROBE = 3, 20, 25
_BODY = re.compile(r"<body\b", re.IGNORECASE)


def head_and_lead(html: str, article: Iterable[str]) -> str:
    """The page down to ``_LEAD`` characters past where the article's text starts in the
    body (``article``: its blocks' texts, in order), or the whole page when none of its
    first lines stands in the HTML as it is (entities, inline tags).

    A page states its date in its head and above or beside the headline; further down,
    the dates htmldate finds belong to comments, related stories and sidebars. On the
    WCXB pages where it runs, the cut leaves a third fewer wrong dates and no fewer right
    ones, and halves htmldate's time (most of which is lxml parsing the page).
    """
    body = _BODY.search(html)
    start = body.start() if body else 0
    lines = (text.strip() for text in article)
    for line in islice((line for line in lines if len(line) > _SHORT), _TRIES):
        found = html.find(line[:_PROBE], start)
        if found >= 0:
            return html[: found + _LEAD]
    return html


# A date line: the date, maybe after a cue ("Updated", "Published on", "Last updated:").
_DATE_CUE = re.compile(
    r"^(?:(?:last\s+)?(?:updated|modified|published|posted)(?:\s+on)?\b\s*:?\s*"
    r"|(?:date|on)\b\s*:?\s*)?",
    re.IGNORECASE,
)
_DATE_LINE_MAX = 48


def date_line(html: str, text: str | None = None) -> str | None:
    """The first line of the page's text that is a date and nothing else (a cue word
    allowed): what a reader sees under a headline when the markup says nothing.
    ``text``: the page's text as ``date_text`` read it, when known (else the page is
    parsed again for it).

    htmldate's extensive search finds these too, but through dateparser: about 20 ms
    more a page and 40 MiB more memory (bench/quality.py), for the same dates here.
    """
    if text is None:
        tree = LexborHTMLParser(html)
        strip_elements(tree, ("script", "style", "noscript", "template"))
        text = "" if tree.body is None else tree.body.text(separator="\n")
    for line in _lines_with_a_year(text):
        line = line.strip(" \t\u00a0|•·⋅-–—")
        if not 6 <= len(line) <= _DATE_LINE_MAX or not any(map(str.isdigit, line)):
            continue
        rest = _DATE_CUE.sub("", line, count=1)
        found = parse_visible_date(rest)
        if found and _is_whole_date(rest):
            return found
    return None


def date_text(tree: LexborHTMLParser) -> str:
    """What ``date_line`` reads of the page, from the pipeline's tree once
    ``scripts_and_metas`` has taken out its scripts, styles and templates and before
    anything else changes it: its body's text, one line per text node, the text in its
    ``<noscript>``s left out (``date_line`` strips them; the pipeline keeps them a
    while). Read there, it spares ``date_line`` a parse of the page (about 2 ms) on the
    pages it runs on."""
    body = tree.body
    if body is None:
        return ""
    noscripts = tree.css("noscript")
    if not noscripts:
        return body.text(separator="\n")
    return _text_outside(body, noscripts)


def _text_outside(body: LexborNode, noscripts: list[LexborNode]) -> str:
    """``body.text(separator="\n")`` as if ``noscripts`` were out of the tree.

    That text joins the page's text nodes, in order, with a newline (the empty ones
    too; the parser makes none). The elements off the paths down to the ``<noscript>``s
    are read whole, and their texts joined the same way (one without a text node adds
    no line)."""
    skip = {node.mem_id for node in noscripts}
    holding: set[int] = set()  # the elements that hold a <noscript>
    for node in noscripts:
        ancestor = node.parent
        while ancestor is not None and ancestor.mem_id not in holding:
            holding.add(ancestor.mem_id)
            ancestor = ancestor.parent
    if body.mem_id not in holding:
        return body.text(separator="\n")
    parts: list[str] = []
    later: list[LexborNode | None] = []  # where to go on once a subtree is read
    here = body.first_child
    while True:
        while here is None:
            if not later:
                return "\n".join(parts)
            here = later.pop()
        mem_id = here.mem_id
        if mem_id in skip:  # a <noscript> (perhaps holding another)
            here = here.next
            continue
        if mem_id in holding:
            later.append(here.next)
            here = here.first_child
            continue
        text = here.text(separator="\n")  # a text node's own text, or a subtree's
        if text:
            parts.append(text)
        here = here.next


# Every date parse_visible_date reads holds a four-digit year. Only the lines with four
# digits in a row are looked at, found by one regex scan of the text: a page's text has
# about 3,000 lines (most of them empty), and a Python loop over all of them took twice
# as long. Spelt out, the four digits find the same and scan a 20 kB text in a third of
# the time "\d{4}" takes (re's repeat costs more at every place than four single steps).
_FOUR_DIGITS = re.compile(r"\d\d\d\d")


def _lines_with_a_year(text: str) -> Iterator[str]:
    """The lines of ``text`` (split at "\\n") that hold four digits in a row, in order."""
    end = -1
    for match in _FOUR_DIGITS.finditer(text):
        if match.start() < end:
            continue  # another number on the line just given
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        if end < 0:
            end = len(text)
        yield text[start:end]


_DATE_WORDS = re.compile(r"[^\W\d_]+")
_MONTH_WORDS = frozenset(MONTHS) | {"st", "nd", "rd", "th", "de"}


def _is_whole_date(text: str) -> bool:
    """``text`` holds a date and at most a month name and an ordinal or "de" besides."""
    words = [w.lower() for w in _DATE_WORDS.findall(text)]
    return len(words) <= 2 and all(w in _MONTH_WORDS for w in words)
