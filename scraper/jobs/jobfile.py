"""Reading and validating a job file (TOML): what a scheduled job fetches, and how.

    job.toml ──tomllib──▶ tables ──validate──▶ JobSpec ──▶ Job.run()

Every problem is a ``ConfigError`` whose message names the file, the line and the key
(``jobs/news.toml:12: [fetch] unknown key 'dealy'``), raised before anything is fetched.
Relative paths (``out``, ``state``) are taken from the job file's folder, so a job runs
the same from cron as from the shell.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from scraper.config import ExtractConfig
from scraper.errors import ConfigError
from scraper.fetching.config import CONTROL, Bounds, FetchConfig
from scraper.jobs.paths import path_problem, system_folder
from scraper.jobs.retries import RetryPolicy
from scraper.suggest import did_you_mean

__all__ = ["FilterSpec", "JobSpec", "SourceSpec", "load_job_file", "parse_job"]

SourceKind = Literal["feed", "sitemap", "urls"]
FetchValidator = Callable[[Mapping[str, Any]], Mapping[str, str | None]]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Dot-separated labels of letters (any script: IDN hosts), digits, '_' and '-'; the
# fetcher refuses anything else, so the job file should say so before a run.
_HOST = re.compile(r"^[\w-]+(\.[\w-]+)*\.?$")
_TABLES = ("job", "source", "fetch", "extract", "filter")


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One ``[[source]]``: a feed, a sitemap, or a fixed list of page URLs."""

    kind: SourceKind
    urls: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class FilterSpec:
    """Which discovered URLs are queued (``[filter]``)."""

    same_site: bool = True
    include: tuple[str, ...] = ()  # regular expressions; if any, one must match
    exclude: tuple[str, ...] = ()  # regular expressions; none may match
    max_age_days: float | None = None


@dataclass(frozen=True, slots=True)
class JobSpec:
    """A validated job file."""

    path: Path
    name: str
    out: Path
    state: Path
    sources: tuple[SourceSpec, ...]
    fetch: Mapping[str, Any] = field(default_factory=dict)
    extract: Mapping[str, Any] = field(default_factory=dict)  # ExtractConfig's fields
    filter: FilterSpec = field(default_factory=FilterSpec)
    revalidate: bool = False  # send conditional requests for pages already saved
    retry_limit: int = 5  # attempts over all runs at a page that fails transiently
    retry_backoff: float = 3600.0  # seconds before the first retry; doubles each time
    gone_retries: int = 4  # tries after a 404 or 410 (a page not published yet)
    gone_backoff: float = 21600.0  # seconds before the first of them; doubles each time
    sitemap_depth: int = 3  # how deep sitemap indexes are followed
    learn: bool = True  # learn each site's chrome from its pages (scraper.learning)

    @property
    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(
            limit=self.retry_limit,
            backoff=self.retry_backoff,
            gone_retries=self.gone_retries,
            gone_backoff=self.gone_backoff,
        )


class _Lines:
    """Line numbers of tables and keys in the TOML text.

    Written by hand because tomllib reports positions only for syntax errors, not for
    the keys of a valid file; the scan understands the subset job files use (one key
    per line, ``[table]`` and ``[[array]]`` headers), which is enough to point at a line.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*[=.]")  # `a = 1`, dotted `a.b = 1`

    def __init__(self, text: str) -> None:
        self._where: dict[tuple[str, int, str], int] = {}
        seen: dict[str, int] = {}
        table, index = "", 0
        for number, line in enumerate(text.splitlines(), start=1):
            if header := self._HEADER.match(line):
                table = header.group(2)
                index = seen.get(table, -1) + 1 if header.group(1) == "[[" else 0
                seen[table] = index
                self._where.setdefault((table, index, ""), number)
            elif key := self._KEY.match(line):
                self._where.setdefault((table, index, key.group(1).strip('"')), number)

    def of(self, table: str, key: str = "", index: int = 0) -> int:
        return self._where.get((table, index, key)) or self._where.get((table, index, ""), 1)


class _Reader:
    """Typed access to one table, with errors that say where."""

    def __init__(self, path: Path, lines: _Lines, table: str, data: Any, index: int = 0) -> None:
        self.path, self.lines, self.table, self.index = path, lines, table, index
        self.label = f"[[{table}]] #{index + 1}" if table == "source" else f"[{table}]"
        if not isinstance(data, dict):
            raise self.error("", "must be a table")
        self.data: dict[str, Any] = data

    def error(self, key: str, problem: str, *, at: str = "") -> ConfigError:
        line = self.lines.of(self.table, key or at, self.index)
        name = f"{self.label} {key!r}" if key else self.label
        return ConfigError(f"{self.path}:{line}: {name} {problem}", path=self.path)

    def only(self, allowed: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in allowed:
                raise self.error("", unknown_key(key, self.table, allowed), at=key)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        value = self.data.get(key, default)
        if value is default:
            return value
        # bool is an int in Python, but `retry_limit = true` is a mistake in a job file.
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.error(key, f"must be {_kind_name(kind)}, not a boolean")
        if not isinstance(value, kind):
            raise self.error(key, f"must be {_kind_name(kind)}, not {type(value).__name__}")
        return value

    def url(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.error(key, f"must be a URL string, not {type(value).__name__}")
        problem = url_problem(value)
        if problem:
            raise self.error(key, f"is not a valid URL: {value!r} ({problem})")
        return value


_JOB_KEYS = (
    "name",
    "out",
    "state",
    "revalidate",
    "retry_limit",
    "retry_backoff",
    "gone_retries",
    "gone_backoff",
    "sitemap_depth",
    "learn",
)
_SOURCE_KEYS = ("feed", "sitemap", "urls")
_FILTER_KEYS = ("same_site", "include", "exclude", "max_age_days")


def _keys_of(table: str) -> tuple[str, ...]:
    if table == "fetch":
        return tuple(f.name for f in fields(FetchConfig))
    if table == "extract":
        return tuple(f.name for f in fields(ExtractConfig))
    return {"job": _JOB_KEYS, "source": _SOURCE_KEYS, "filter": _FILTER_KEYS}.get(table, ())


def unknown_key(key: str, table: str, allowed: tuple[str, ...]) -> str:
    """The problem with ``key`` in ``[table]``: the table it belongs in, or a near
    name, or the names expected."""
    for other in _TABLES:
        if other != table and key in _keys_of(other):
            where = f"[[{other}]]" if other == "source" else f"[{other}]"
            flag = "--" + key.replace("_", "-")
            also = f"; on the command line, {flag}" if other == "fetch" else ""
            return f"unknown key {key!r}: it belongs in {where}{also}"
    hint = did_you_mean(key, allowed)
    return f"unknown key {key!r}" + (hint or f" (expected one of: {', '.join(allowed)})")


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched, or ``None`` if it can."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in ("http", "https"):
        return f"scheme {parts.scheme or 'missing'!r}, expected http or https"
    if not parts.hostname:
        return "no host"
    if ":" not in parts.hostname and not _HOST.match(parts.hostname):  # ':' is IPv6
        return f"bad host {parts.hostname!r}"
    if any(c.isspace() for c in url):
        return "contains whitespace"
    if CONTROL.search(url):
        return "contains a control character"
    return None


# The numbers of [job] and [filter], with their bounds (documented in docs/scheduling.md).
JOB_BOUNDS: dict[str, Bounds] = {
    "retry_limit": Bounds(1, 100),
    "retry_backoff": Bounds(0, 30 * 86400, " seconds (30 days)"),
    "gone_retries": Bounds(0, 20),
    "gone_backoff": Bounds(0, 30 * 86400, " seconds (30 days)"),
    "sitemap_depth": Bounds(0, 10),
}
MAX_AGE_BOUNDS = Bounds(0, 36500, " days", positive=True)


def _number(r: _Reader, key: str, kind: type | tuple[type, ...], bounds: Bounds) -> Any:
    value = r.get(key, kind, None)
    if value is not None and (problem := bounds.problem(value)):
        raise r.error(key, problem)
    return value


def _job_table(r: _Reader, base: Path) -> dict[str, Any]:
    r.only(_JOB_KEYS)
    name = r.get("name", str)
    if name is None:
        raise r.error("name", "is required")
    if not _NAME.match(name):
        raise r.error("name", "must be letters, digits, '.', '_' or '-'")
    out = r.get("out", str)
    if not out:
        raise r.error("out", "is required (the folder documents are written to)")
    state = r.get("state", str)
    for key, text in (("out", out), ("state", state or "")):
        if problem := path_problem(text):
            raise r.error(key, problem)
    state = state or str(Path(out) / "state.sqlite")
    values: dict[str, Any] = {"name": name, "out": base / out, "state": base / state}
    for key, folder in (("out", values["out"]), ("state", values["state"].parent)):
        if problem := system_folder(folder):
            raise r.error(key, problem)
    values["revalidate"] = r.get("revalidate", bool, False)
    values["learn"] = r.get("learn", bool, True)
    for key in ("retry_limit", "gone_retries", "sitemap_depth"):
        number = _number(r, key, int, JOB_BOUNDS[key])
        if number is not None:
            values[key] = number
    for key in ("retry_backoff", "gone_backoff"):
        seconds = _number(r, key, (int, float), JOB_BOUNDS[key])
        if seconds is not None:
            values[key] = float(seconds)
    return values


def _source(r: _Reader) -> SourceSpec:
    r.only(_SOURCE_KEYS)
    kinds = [k for k in ("feed", "sitemap", "urls") if k in r.data]
    if len(kinds) != 1:
        raise r.error("", "needs exactly one of 'feed', 'sitemap' or 'urls'")
    kind: SourceKind = kinds[0]
    line = r.lines.of("source", kind, r.index)
    if kind == "urls":
        values = r.get("urls", list)
        if not values:
            raise r.error("urls", "must list at least one URL")
        return SourceSpec("urls", tuple(r.url("urls", v) for v in values), line)
    return SourceSpec(kind, (r.url(kind, r.data[kind]),), line)


def _patterns(r: _Reader, key: str) -> tuple[str, ...]:
    values = r.get(key, list, [])
    for value in values:
        if not isinstance(value, str):
            raise r.error(key, "must be a list of regular expressions (strings)")
        try:
            re.compile(value)
        except re.error as exc:
            raise r.error(key, f"has a bad regular expression {value!r}: {exc}") from exc
    return tuple(values)


def _filter(r: _Reader) -> FilterSpec:
    r.only(_FILTER_KEYS)
    max_age = _number(r, "max_age_days", (int, float), MAX_AGE_BOUNDS)
    return FilterSpec(
        same_site=r.get("same_site", bool, True),
        include=_patterns(r, "include"),
        exclude=_patterns(r, "exclude"),
        max_age_days=float(max_age) if max_age is not None else None,
    )


def _fetch(r: _Reader, validate: FetchValidator | None) -> dict[str, Any]:
    if validate is None:
        return dict(r.data)
    for key, problem in validate(r.data).items():
        if problem and problem.startswith("unknown key"):
            raise r.error("", unknown_key(key, "fetch", _keys_of("fetch")), at=key)
        if problem:
            raise r.error(key, problem)
    return dict(r.data)


# Where a job's [extract] table starts from ExtractConfig's defaults: a job keeps one
# copy of pages that share their text unless told `dedup = false` (a page that names
# another's canonical URL is that page, under any setting: jobs.runner).
JOB_EXTRACT_DEFAULTS: dict[str, Any] = {"dedup": True}


def _extract(r: _Reader) -> dict[str, Any]:
    known = _keys_of("extract")
    r.only(known)
    for key, value in r.data.items():
        if key == "rules":  # a path, relative to the job file: Job.from_toml loads it
            continue
        try:
            ExtractConfig.from_mapping({key: value}, where="")
        except ConfigError as exc:
            raise r.error(key, str(exc).removeprefix(": ").removeprefix(f"{key!r} ")) from exc
    return dict(r.data)


def parse_job(text: str, path: Path, *, validate_fetch: FetchValidator | None = None) -> JobSpec:
    """Validate the text of a job file read from ``path``.

    ``validate_fetch`` maps the ``[fetch]`` table to ``{key: problem}``; the fetcher
    knows its own settings, so it is asked rather than told.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        where = f"{path}:{found.group(1)}" if found else str(path)
        raise ConfigError(f"{where}: invalid TOML: {exc}", path=path) from exc
    lines = _Lines(text)
    for key in data:
        if key not in _TABLES:
            expected = ", ".join(f"[{t}]" for t in _TABLES)
            line = lines.of(key)
            raise ConfigError(
                f"{path}:{line}: unknown table {key!r} (expected {expected})", path=path
            )
    if "job" not in data:
        raise ConfigError(f"{path}:1: missing [job] table", path=path)
    job = _job_table(_Reader(path, lines, "job", data["job"]), path.parent)
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise ConfigError(f"{path}:1: no [[source]] given: nothing to fetch", path=path)
    sources = tuple(
        _source(_Reader(path, lines, "source", s, i)) for i, s in enumerate(raw_sources)
    )
    fetch = _fetch(_Reader(path, lines, "fetch", data.get("fetch", {})), validate_fetch)
    extract = _extract(_Reader(path, lines, "extract", data.get("extract", {})))
    filt = _filter(_Reader(path, lines, "filter", data.get("filter", {})))
    return JobSpec(path=path, sources=sources, fetch=fetch, extract=extract, filter=filt, **job)


def load_job_file(path: str | Path, *, validate_fetch: FetchValidator | None = None) -> JobSpec:
    """Read and validate the job file at ``path``."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read job file: {exc.strerror}", path=path) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: job file is not UTF-8 text", path=path) from exc
    return parse_job(text, path, validate_fetch=validate_fetch)
