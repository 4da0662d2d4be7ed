"""Configuration objects for cleaning, built once and passed down.

Nothing here is read at import time: ``ExtractConfig()`` gives the defaults,
``load_rules`` reads the shipped chrome rules and any user rules file when asked.
"""

from __future__ import annotations

import enum
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from scraper.errors import ConfigError
from scraper.suggest import did_you_mean

__all__ = ["ExtractConfig", "Rules", "SiteRules", "load_rules"]

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class SiteRules:
    """Rules for one site (or, with ``domain=""``, for every site)."""

    domain: str = ""
    remove: tuple[str, ...] = ()  # CSS selectors of chrome to drop
    content: tuple[str, ...] = ()  # CSS selectors of the article body, tried in order
    phrases: tuple[str, ...] = ()  # whole lines/blocks that are chrome (case-insensitive)
    prefixes: tuple[str, ...] = ()  # lines/blocks that start like this are chrome
    patterns: tuple[str, ...] = ()  # regexes for whole short blocks/lines that are chrome
    sections: tuple[str, ...] = ()  # headings of link lists to other pages
    classes: tuple[str, ...] = ()  # class/id words of chrome when short or link-heavy
    strong_classes: tuple[str, ...] = ()  # class/id words of chrome of any size

    def extended(self, more: SiteRules) -> SiteRules:
        """These rules plus ``more``'s; ``more``'s content selectors are tried first."""
        values = {key: getattr(self, key) + getattr(more, key) for key in _KEYS}
        values["content"] = more.content + self.content
        return SiteRules(domain=more.domain or self.domain, **values)


@dataclass(frozen=True, slots=True)
class Rules:
    """What is known about chrome: generic rules plus per-site additions."""

    generic: SiteRules = field(default_factory=SiteRules)
    sites: tuple[SiteRules, ...] = ()

    def for_host(self, host: str | None) -> SiteRules:
        """Generic rules merged with those of every site whose domain matches ``host``."""
        if not host:
            return self.generic
        host = host.lower().removeprefix("www.")
        merged = self.generic
        for site in self.sites:
            # A learned site of saved files is a folder path, whose case is kept in the
            # rules file ("/tmp/tmp.AbC/news"): compared lower-cased like the host.
            domain = site.domain.lower()
            if host == domain or host.endswith("." + domain):
                merged = merged.extended(site)
        return merged


class Favor(StrEnum):
    """What to prefer when the extractor is unsure: ``precision`` asks trafilatura's
    second opinion on every page and keeps only the blocks both agree on; ``balanced``
    asks it only on pages whose quality score says scraper doubts itself; ``recall``
    never drops a block on a second opinion."""

    BALANCED = "balanced"
    PRECISION = "precision"
    RECALL = "recall"


@dataclass(frozen=True, slots=True)
class ExtractConfig:
    """How pages are read and cleaned.

    ``max_bytes`` caps a page's size, raw and after decompression; ``max_depth`` caps
    element nesting (the HTML parser's time grows with the square of the depth);
    ``time_limit`` is a per-page budget in seconds (``None``: no limit); ``site`` is
    the site whose ``[[site]]`` rules apply to a page that names no URL of its own (a
    saved ``.txt`` scrape; ``scraper clean --site``).

    Each option below is also a CLI flag (``tables`` is ``--tables``/``--no-tables``)
    and a key of a job file's ``[extract]`` table: ``tables`` and ``captions`` keep
    tables and figure/table captions; ``target_language`` (ISO 639-1) skips documents
    known to be in another language; ``dedup`` skips a document whose text was already
    written in the run. The last two are applied by the run (``scraper.selection``).
    ``comments``, ``links`` and ``images`` (off by default) add the page's reader
    comments, the article's links and its images to the document
    (``scraper.extraction.extras``).
    """

    max_bytes: int = 16 * MiB
    max_depth: int = 5000
    time_limit: float | None = 30.0
    rules: Rules | None = None
    guess_dates: bool = True  # run htmldate when the page states no date
    site: str | None = None
    favor: Favor = Favor.BALANCED
    tables: bool = True
    captions: bool = True
    target_language: str | None = None
    dedup: bool = False
    comments: bool = False
    links: bool = False
    images: bool = False

    def __post_init__(self) -> None:
        language = self.target_language
        if language is not None and not (len(language) == 2 and language.isalpha()):
            raise ConfigError(f"target_language must be a two-letter code, not {language!r}")
        if language is not None and not language.islower():
            object.__setattr__(self, "target_language", language.lower())

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], *, where: str = "[extract]", base: Path | None = None
    ) -> ExtractConfig:
        """A config from a job file's ``[extract]`` table: its keys are the fields'
        names; ``rules`` is the path of a rules file (relative to ``base``), loaded on
        top of the shipped rules. Unknown keys and wrong types raise ``ConfigError``."""
        defaults = cls()
        known = [f.name for f in fields(cls)]
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                hint = did_you_mean(key, known) or f" (expected one of: {', '.join(known)})"
                raise ConfigError(f"{where}: unknown key {key!r}{hint}")
            if key == "rules":
                if not isinstance(value, str):
                    raise ConfigError(f"{where}: 'rules' must be the path of a rules file")
                values[key] = load_rules((base or Path()) / value)
            else:
                values[key] = _coerce(key, getattr(defaults, key), value, where)
        return cls(**values)


# The options that are also flags of scraper clean and fetch (scraper/cli/options.py).
OPTIONS = (
    "tables",
    "captions",
    "favor",
    "target_language",
    "dedup",
    "comments",
    "links",
    "images",
    "max_bytes",
    "max_depth",
    "time_limit",
)


_KEYS = (
    "remove",
    "content",
    "phrases",
    "prefixes",
    "patterns",
    "sections",
    "classes",
    "strong_classes",
)


def _coerce(key: str, default: object, value: Any, where: str) -> Any:
    """``value`` checked against the type of the field's default."""
    if isinstance(default, enum.Enum):
        try:
            return type(default)(value)
        except ValueError:
            choices = ", ".join(repr(m.value) for m in type(default))
            raise ConfigError(f"{where}: {key!r} must be one of {choices}, not {value!r}") from None
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        wanted = "true or false"
    elif isinstance(default, int | float):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and value > 0 and (isinstance(default, float) or isinstance(value, int)):
            return float(value) if isinstance(default, float) else value
        wanted = "a positive number" if isinstance(default, float) else "a positive integer"
    else:
        if isinstance(value, str):
            return value
        wanted = "a string"
    raise ConfigError(f"{where}: {key!r} must be {wanted}, not {value!r}")


def _site_from_table(table: dict[str, Any], where: str, domain: str = "") -> SiteRules:
    unknown = set(table) - set(_KEYS) - {"domain"}
    if unknown:
        raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    values: dict[str, tuple[str, ...]] = {}
    for key in _KEYS:
        raw = table.get(key, [])
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise ConfigError(f"{where}: {key!r} must be a list of strings")
        values[key] = tuple(raw)
    _check_selectors(where, values)
    return SiteRules(domain=domain, **values)


def _check_selectors(where: str, values: dict[str, tuple[str, ...]]) -> None:
    """Every CSS selector and pattern compiled once, at load time: a bad one used to
    surface as a selectolax traceback on the first page of its site."""
    from selectolax.lexbor import LexborHTMLParser, SelectolaxError

    probe = LexborHTMLParser("<p></p>")
    for key in ("remove", "content"):
        for selector in values[key]:
            try:
                probe.css(selector)
            except SelectolaxError as exc:
                raise ConfigError(f"{where}: {key}: bad CSS selector {selector!r}: {exc}") from exc
    for pattern in values["patterns"]:
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(
                f"{where}: patterns: bad regular expression {pattern!r}: {exc}"
            ) from exc


def parse_rules(data: dict[str, Any], where: str) -> Rules:
    """Build ``Rules`` from a decoded TOML table (``[generic]`` and ``[[site]]``)."""
    unknown = set(data) - {"generic", "site"}
    if unknown:
        raise ConfigError(f"{where}: unknown table {sorted(unknown)[0]!r}")
    generic_table = data.get("generic", {})
    if not isinstance(generic_table, dict):
        raise ConfigError(f"{where}: 'generic' must be a table ([generic])")
    generic = _site_from_table(generic_table, f"{where}: [generic]")
    site_tables = data.get("site", [])
    if not isinstance(site_tables, list) or not all(isinstance(t, dict) for t in site_tables):
        raise ConfigError(f"{where}: 'site' must be tables ([[site]])")
    sites = []
    for i, table in enumerate(site_tables):
        domain = table.get("domain")
        if not isinstance(domain, str) or not domain:
            raise ConfigError(f"{where}: [[site]] #{i + 1}: 'domain' is required")
        sites.append(
            _site_from_table(
                table, f"{where}: [[site]] {domain}", domain.lower().removeprefix("www.")
            )
        )
    return Rules(generic=generic, sites=tuple(sites))


def _merge(base: Rules, extra: Rules) -> Rules:
    return Rules(generic=base.generic.extended(extra.generic), sites=base.sites + extra.sites)


def load_rules(user_file: str | Path | None = None) -> Rules:
    """The shipped chrome rules, plus those of ``user_file`` (TOML) if given."""
    text = resources.files("scraper").joinpath("data/chrome.toml").read_text("utf-8")
    rules = parse_rules(tomllib.loads(text), "scraper/data/chrome.toml")
    if user_file is None:
        return rules
    path = Path(user_file)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read rules file: {exc.strerror}", path=path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}", path=path) from exc
    return _merge(rules, parse_rules(data, str(path)))
