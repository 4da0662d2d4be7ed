"""htmldate's ``find_date`` as ``guess_date`` calls it (a page's HTML as a string, fast
mode, the original date, the default format), its steps in its order, with four steps
skipped where what they would answer is known: the same answer on every page, in less
time.

The steps are htmldate 1.11.0's (``htmldate/core.py``, ``find_date``); with any other
version, ``find_date`` itself runs. What is skipped:

- the JSON-LD search, on a page without a ``<script``: it reads ``<script>`` elements
  only, and the parser makes one only from that tag (``guess_date`` takes the page's
  scripts out first, so most pages have none);
- the search of the serialised page for a timestamp, and the last resort's search of
  the page's text for a bare date, where a cheaper search of the serialised page finds
  no such date anywhere (``_TIMESTAMP``, ``_BARE_DATE``: the same patterns, read from
  their first "-", which a plain scan finds). The text's pieces stand in the
  serialised page as they are (only "&", "<" and ">" are escaped, and a date has
  none), and the pieces are joined with a space, which a date cannot hold; so a date
  in the text is one in the serialised page. That holds while the last resort's own
  cleaning (scripts and styles, whose text stands between two pieces) has nothing to
  take out, which is checked;
- the search for idiosyncratic dates ("Datum: 12.03.2021", "posted on 11/02/2020"), on
  a serialised page without the numeric core each of them holds (``_has_date_core``).
"""

from __future__ import annotations

import re

# Imported here, not by ``dates``: htmldate costs 150 ms to import and most pages never
# need it (``dates.guess_date`` imports this module when it does).
from htmldate import __version__, find_date
from htmldate.core import (
    TIMESTAMP_LOOSE_PATTERN,
    TIMESTAMP_PATTERN,
    date_candidates,
    examine_abbr_elements,
    examine_elements,
    examine_header,
    examine_time_elements,
    serialize,
)
from htmldate.extractors import (
    DAY_RE,
    MONTH_RE,
    TIME_TZ_RE,
    YEAR_RE,
    discard_unwanted,
    extract_url_date,
    idiosyncrasies_search,
    img_search,
    json_search,
    pattern_search,
)
from htmldate.settings import CLEANING_LIST
from htmldate.utils import Extractor, clean_html, load_html
from htmldate.validators import get_max_date, get_min_date

__all__ = ["page_date"]

# The version whose steps ``_steps`` repeats.
_VERSION = "1.11.0"
_FORMAT = "%Y-%m-%d"

# ``TIMESTAMP_PATTERN`` and ``TIMESTAMP_LOOSE_PATTERN`` (their date part: the time is
# optional in the loose one), found from the "-" after the year, which the year must
# stand right before: a match of one is a match of the other, three characters on. A
# pattern that starts with a plain character is searched by a plain scan for it, where
# one that starts with the year's alternatives tries every place (0.13 ms against
# 0.68 ms on a serialised page of 69 kB, the mean of the pages where htmldate runs).
_TIMESTAMP = re.compile(rf"-(?<={YEAR_RE}-){MONTH_RE}-{DAY_RE}{TIME_TZ_RE}")
_BARE_DATE = re.compile(rf"-(?<={YEAR_RE}-){MONTH_RE}-{DAY_RE}")
# The start of a <script> element, however it is spelt.
_SCRIPT = re.compile(r"<script", re.IGNORECASE)
# ``idiosyncrasies_search`` reads a page only around its numeric cores (``[0-9]{1,4}[./]
# [0-9]{1,2}[./][0-9]{2,4}``, ``DATE_CORE_PATTERN``) and answers None on a page without
# one, which is most pages. A page holds one where a digit, "." or "/", one or two
# digits, "." or "/" and two digits stand in a row (the core's shortest form, inside any
# longer one); searched from the first "." or "/" (a plain scan, with a lookbehind for
# the digit) that takes a tenth of the time of the core's own search (0.12 against
# 1.26 ms, the mean of the pages where htmldate runs).
_CORE_AFTER_DOT = re.compile(r"\.(?<=[0-9]\.)[0-9]{1,2}[./][0-9]{2}")
_CORE_AFTER_SLASH = re.compile(r"/(?<=[0-9]/)[0-9]{1,2}[./][0-9]{2}")


def page_date(html: str, url: str | None) -> str | None:
    """``find_date(html, url=url, extensive_search=False, original_date=True)``."""
    if __version__ != _VERSION:
        found: str | None = find_date(html, url=url, extensive_search=False, original_date=True)
        return found
    return _steps(html, url)


def _has_date_core(page: str) -> bool:
    """Whether ``DATE_CORE_PATTERN`` finds a numeric core in ``page``."""
    return _CORE_AFTER_DOT.search(page) is not None or _CORE_AFTER_SLASH.search(page) is not None


def _steps(html: str, url: str | None) -> str | None:
    """``find_date``'s steps for a string, the options above and the default dates."""
    tree = load_html(html)
    if tree is None:
        return None
    options = Extractor(False, get_max_date(None), get_min_date(None), True, _FORMAT)
    if url is None:
        canonical = tree.find('.//link[@rel="canonical"]')
        if canonical is not None:
            url = canonical.get("href")
    found: str | None = extract_url_date(url, options)
    if found is not None:
        return found
    found = examine_header(tree, options) or (
        json_search(tree, options) if _SCRIPT.search(html) is not None else None
    )
    if found is not None:
        return found
    found = examine_abbr_elements(tree, options)
    if found is not None:
        return found
    # htmldate parsed the page itself, so it prunes its tree in place.
    try:
        search_tree = discard_unwanted(clean_html(tree, CLEANING_LIST))
    except ValueError:  # lxml refuses NULL bytes and control characters
        search_tree = tree
    found = (
        examine_elements(date_candidates(search_tree, False), options)
        or examine_elements(search_tree.xpath(".//title|.//h1"), options)
        or examine_time_elements(search_tree, options)
    )
    if found is not None:
        return found
    page = serialize(search_tree)
    if _TIMESTAMP.search(page) is not None:
        found = pattern_search(page, TIMESTAMP_PATTERN, options)
    found = (
        found
        or img_search(search_tree, options)
        or (idiosyncrasies_search(page, options) if _has_date_core(page) else None)
    )
    if found is not None:
        return found
    # Fast mode's last resort: a bare date in the page's text.
    if _BARE_DATE.search(page) is None and next(search_tree.iter("script", "style"), None) is None:
        return None
    clean_html(search_tree, ["script", "style"])
    text = " ".join(search_tree.itertext())
    last: str | None = pattern_search(text, TIMESTAMP_LOOSE_PATTERN, options)
    return last
