"""What ``scraper status`` shows: a job's URLs by status, its last runs, what keeps failing.

    StateStore ──Job.status()──▶ JobStatus ──▶ tables (terminal) | lines (pipes, cron) | JSON

On a terminal the status is a few tables; anywhere else it is plain lines, because a
table squeezed into 80 columns cuts the failing URLs and their errors short, and those
are what a person reading a cron mail or grepping a log needs whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from scraper.credentials import redact
from scraper.jobs.state import RunRow, SourceRow, UrlRow
from scraper.learning.jobstate import SiteSummary

__all__ = ["JobStatus"]

_RUN_COLUMNS = ("new", "updated", "not_modified", "duplicates", "failed")
# Headers of the runs table that fit 80 columns with five-digit counts.
_SHORT = {"not_modified": "not\nmodified", "duplicates": "dupes"}


@dataclass(frozen=True, slots=True)
class JobStatus:
    """A job's state, read without taking its lock."""

    job: str
    state: Path
    counts: dict[str, int]
    runs: tuple[RunRow, ...]
    failing: tuple[UrlRow, ...]
    sites: tuple[SiteSummary, ...] = ()  # chrome learned and latest health, per site
    sources: tuple[SourceRow, ...] = ()  # feeds and sitemaps whose last read failed

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (``scraper status --json``)."""
        return {
            "job": self.job,
            "state": str(self.state),
            "counts": self.counts,
            "runs": [
                {
                    "id": r.id,
                    "started_at": r.started_at,
                    "finished_at": r.finished_at,
                    "outcome": r.outcome,
                    **r.counts,
                }
                for r in self.runs
            ],
            "failing": [
                {
                    "url": redact(u.url),
                    "status": u.status,
                    "attempts": u.attempts,
                    "next_try": u.next_retry,
                    "error": u.last_error and redact(u.last_error),
                }
                for u in self.failing
            ],
            "failing_sources": [
                {
                    "url": redact(s.url),
                    "kind": s.kind,
                    "runs": s.failures,
                    "error": s.last_error and redact(s.last_error),
                }
                for s in self.sources
            ],
            "sites": [site_dict(s) for s in self.sites],
        }

    def lines(self) -> list[str]:
        """The status as plain lines, nothing cut short: one per status, run, failing URL."""
        total = sum(self.counts.values())
        out = [f"{self.job}: {total} URLs ({self.state})"]
        out += [f"  {name}: {number}" for name, number in self.counts.items()]
        out.append("last runs:" if self.runs else "last runs: none")
        for r in self.runs:
            counts = ", ".join(f"{k.replace('_', ' ')} {r.counts[k]}" for k in _RUN_COLUMNS)
            out.append(f"  run {r.id} started {r.started_at}: {r.outcome}: {counts}")
        out.append("URLs that keep failing:" if self.failing else "URLs that keep failing: none")
        for u in self.failing:
            line = f"  {u.url} ({_url_state(u)}): {u.last_error or '?'}"
            out.append(redact(line))
        out.append("sources that failed:" if self.sources else "sources that failed: none")
        for src in self.sources:
            out.append(redact(f"  {src.url} ({_source_state(src)}): {src.last_error or '?'}"))
        out.append("sites:" if self.sites else "sites: none yet")
        for s in self.sites:
            out += site_lines(s)
        return out

    def tables(self) -> list[RenderableType]:
        """The status as tables, for a terminal of 80 columns or more; long URLs and
        errors fold, never cut. The heading is a line of its own: as a table title it
        wrapped into the width of the two-column counts table."""
        heading = Text(f"{self.job}: URLs by status\nstate: {self.state}", overflow="fold")
        counts = _table()
        counts.add_column("status")
        counts.add_column("URLs", justify="right")
        for name, number in self.counts.items():
            counts.add_row(name, str(number))
        counts.add_row("total", str(sum(self.counts.values())))
        runs = _table("last runs")
        runs.add_column("run")
        runs.add_column("started (UTC)", no_wrap=True)
        runs.add_column("outcome", no_wrap=True)
        for name in _RUN_COLUMNS:
            runs.add_column(_SHORT.get(name, name), justify="right")
        for r in self.runs:
            started = r.started_at[:16].replace("T", " ")  # to the minute is enough here
            runs.add_row(str(r.id), started, r.outcome, *(str(r.counts[k]) for k in _RUN_COLUMNS))
        failing = _table("URLs that keep failing")
        failing.add_column("URL", overflow="fold", ratio=3)
        failing.add_column("status")
        failing.add_column("attempts", justify="right")
        failing.add_column("last error", overflow="fold", ratio=2)
        for u in self.failing:
            failing.add_row(
                redact(u.url), _status_cell(u), str(u.attempts), redact(u.last_error or "")
            )
        sources = _table("sources that failed")
        sources.add_column("URL", overflow="fold", ratio=3)
        sources.add_column("kind")
        sources.add_column("runs", justify="right")
        sources.add_column("last error", overflow="fold", ratio=2)
        for src in self.sources:
            error = redact(src.last_error or "")
            sources.add_row(redact(src.url), src.kind, str(src.failures), error)
        sites = _table("sites: chrome learned, and health in their latest run")
        sites.add_column("site", overflow="fold")
        sites.add_column("learned", overflow="fold")
        sites.add_column("health", overflow="fold")
        for s in self.sites:
            lines = site_lines(s)
            learned = "\n".join(line.strip() for line in lines[1:] if line.startswith("    - "))
            health = "\n".join(line.strip() for line in lines[1:] if not line.startswith("    - "))
            sites.add_row(s.site, learned, health)
        return [heading, counts, runs, failing, sources, sites]


def _url_state(row: UrlRow) -> str:
    text = f"{row.status}, {row.attempts} attempts"
    return text + (f", next try {row.next_retry}" if row.next_retry else "")


def _status_cell(row: UrlRow) -> str:
    """The status, and under it the next try to the minute (80 columns leave no room
    for a column of its own)."""
    if not row.next_retry:
        return row.status
    return f"{row.status}\nnext {row.next_retry[:16].replace('T', ' ')}"


def _source_state(row: SourceRow) -> str:
    runs = "the last run" if row.failures == 1 else f"the last {row.failures} runs"
    return f"{row.kind}, failed {runs}"


def site_dict(s: SiteSummary) -> dict[str, Any]:
    health = s.health
    return {
        "site": s.site,
        "learned_from": s.pages,
        "chrome": list(s.chrome),
        "kept": list(s.kept),
        "health": None
        if health is None
        else {
            "pages": health.pages,
            "median_chars": health.median_chars,
            "empty": health.empty,
            "low_quality": health.low_quality,
            "authors": health.authors,
            "dates": health.dates,
        },
        "alert": s.alert,
    }


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def site_lines(s: SiteSummary) -> list[str]:
    """One site: its learned chrome lines, its latest health, and its alert if any."""
    learned = f"{len(s.chrome)} chrome lines learned from {s.pages} pages" if s.pages else ""
    out = [f"  {s.site}: " + (learned or "nothing learned")]
    out += [f"    - {line}" for line in s.chrome]
    h = s.health
    if h is not None:
        low = f", low quality {_pct(h.low_quality)}" if h.low_quality is not None else ""
        out.append(
            f"    latest run: {h.pages} pages saved, median text {h.median_chars} chars,"
            f" empty {_pct(h.empty)}{low}, author {_pct(h.authors)}, date {_pct(h.dates)}"
        )
    if s.alert:
        out.append(f"    {s.alert}")
    return out


def _table(title: str | None = None) -> Table:
    """Borders only under the header: vertical lines cost three columns each."""
    return Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False
    )
