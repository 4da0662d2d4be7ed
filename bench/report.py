"""Scores and tables for bench/quality.py: what its runs mean, per set and per part.

Every figure is computed from the per-page outputs (``PageRun``) that the extractor
processes returned, with the metric of ``bench/evalsets.py`` and, for metadata, the
per-set metrics of ``bench/metadata.py``. Nothing here runs an extractor.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from evalsets import EvalPage, leaks, prf
from extractors import PageRun
from timing import Timing

try:  # bench/metadata.py scores metadata with each set's metric (owned by 8meta)
    from metadata import Fields, score_page, summarize
except ImportError:  # an older bench/metadata.py without them: no metadata tables
    score_page = None  # type: ignore[assignment]

PEERS = ("trafilatura", "readability", "resiliparse")
SET_NAMES = {"wcxb": "WCXB dev", "fundus": "fundus-dev"}
MIN_GROUP = 9  # the "every page type and language group of at least 9 pages"
WORST = 15
LEAK_TARGET = 0.08
SPEED_TARGET = 0.5


@dataclass(frozen=True, slots=True)
class Score:
    p: float
    r: float
    f1: float
    leak: bool


def score(run: PageRun, page: EvalPage) -> Score:
    p, r, f1 = prf(run.text, page.reference)
    return Score(p, r, f1, leaks(run.text, list(page.without)))


@dataclass(frozen=True, slots=True)
class SetRun:
    """One set's pages and what every extractor did on them."""

    name: str
    pages: list[EvalPage]
    runs: dict[str, dict[str, PageRun]]
    peaks: dict[str, float | None]
    cached: frozenset[str] = frozenset()
    scores: dict[str, dict[str, Score]] = field(default_factory=dict)
    timing: Timing | None = None  # scraper and trafilatura timed uncached, interleaved

    def __post_init__(self) -> None:
        for name, runs in self.runs.items():
            self.scores[name] = {p.id: score(runs[p.id], p) for p in self.pages}

    @property
    def extractors(self) -> list[str]:
        return list(self.runs)

    def part(self, part: str) -> list[EvalPage]:
        if part == "all":
            return self.pages
        return [p for p in self.pages if p.check == (part == "check")]

    def mean(self, name: str, pages: Iterable[EvalPage], attr: str = "f1") -> float:
        values = [getattr(self.scores[name][p.id], attr) for p in pages]
        return statistics.mean(values) if values else float("nan")

    def median_ms(self, name: str, pages: Sequence[EvalPage]) -> float:
        return statistics.median(self.runs[name][p.id].ms for p in pages)

    def best_peer(self, page: EvalPage) -> tuple[str, float] | None:
        peers = [(self.scores[n][page.id].f1, n) for n in PEERS if n in self.scores]
        if not peers:
            return None
        f1, name = max(peers)
        return name, f1


def groups(pages: Sequence[EvalPage]) -> list[tuple[str, int]]:
    counts = Counter(p.group for p in pages)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def quality_table(s: SetRun, part: str) -> str:
    pages = s.part(part)
    names = s.extractors
    rows: list[list[str]] = []
    for attr, label in (("f1", "F1"), ("p", "precision"), ("r", "recall")):
        rows.append([f"**{label}**" if attr == "f1" else label])
        rows[-1] += [f"{s.mean(n, pages, attr):.3f}" for n in names]
    kind = "page type" if s.name == "wcxb" else "language group"
    for group, count in groups(pages):
        members = [p for p in pages if p.group == group]
        cells = [_fpr(s, n, members) for n in names]
        rows.append([f"{kind} {group} ({count}): F1 (P, R)", *cells])
    if any(p.without for p in pages):
        rows.append(
            ["pages leaking a `without` snippet"]
            + [f"{leak_share(s, n, pages):.1%}" for n in names]
        )
    errors = [sum(s.runs[n][p.id].error is not None for p in pages) for n in names]
    if any(errors):
        rows.append(["pages the extractor failed on (scored 0)"] + [str(e) for e in errors])
    rows.append(["median ms per page"] + [_ms(s, n, pages) for n in names])
    rows.append(["peak memory (process RSS), MiB"] + [_peak(s, n) for n in names])
    return _table(["metric", *names], rows)


def _fpr(s: SetRun, name: str, pages: Sequence[EvalPage]) -> str:
    f1, p, r = (s.mean(name, pages, attr) for attr in ("f1", "p", "r"))
    return f"{f1:.3f} ({p:.2f}, {r:.2f})"


def leak_share(s: SetRun, name: str, pages: Sequence[EvalPage]) -> float:
    return sum(s.scores[name][p.id].leak for p in pages) / len(pages) if pages else 0.0


def _ms(s: SetRun, name: str, pages: Sequence[EvalPage]) -> str:
    cached = " (cached)" if name in s.cached else ""
    return f"{s.median_ms(name, pages):.1f}{cached}"


def _peak(s: SetRun, name: str) -> str:
    peak = s.peaks.get(name)
    if peak is None:
        return "n/a"
    return f"{peak:.0f}" + (" (cached)" if name in s.cached else "")


def metadata_table(s: SetRun, part: str) -> str | None:
    """Title, author and date accuracy of scraper (and its variants) beside trafilatura's
    extract_metadata, with the set's own metric (bench/metadata.py)."""
    if score_page is None:
        return "(no metadata figures: bench/metadata.py has no score_page/summarize yet)"
    pages = s.part(part)
    names = [n for n in s.extractors if n.startswith("scraper") or n == "trafilatura"]
    if not names or not pages:
        return None
    summaries = {}
    for n in names:
        runs = s.runs[n]
        found = [(p, Fields(runs[p.id].title, runs[p.id].authors, runs[p.id].date)) for p in pages]
        summaries[n] = summarize([score_page(p, f) for p, f in found])
    first = summaries[names[0]]
    rows = []
    for key in ("title", "author", "date"):
        stated = getattr(first, key)[0]
        rows.append(
            [f"{key} ({stated} pages state it)"]
            + [f"{getattr(summaries[n], key)[1]:.3f}" for n in names]
        )
    for key, label in (
        ("wrong_author", "names a wrong author"),
        ("wrong_date", "gives a wrong date"),
    ):
        rows.append(
            [f"{label} (share of all pages)"] + [f"{getattr(summaries[n], key):.1%}" for n in names]
        )
    return _table(["metadata", *names], rows)


def metadata_accuracy(s: SetRun, part: str, name: str) -> dict[str, float] | None:
    if score_page is None or name not in s.runs:
        return None
    runs = s.runs[name]
    pages = s.part(part)
    summary = summarize(
        [
            score_page(p, Fields(runs[p.id].title, runs[p.id].authors, runs[p.id].date))
            for p in pages
        ]
    )
    return {
        key: value
        for key in ("author", "date")
        for stated, value in [getattr(summary, key)]
        if stated
    }


def _ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their mean rank (as scipy's rankdata "average")."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for i in order[start : end + 1]:
            ranks[i] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation: scipy's when the bench extra is installed, else the
    Pearson correlation of the ranks (the same figure; NaN when one side is constant)."""
    if len(xs) < 3:
        return float("nan")
    try:
        from scipy.stats import spearmanr
    except ImportError:
        rx, ry = _ranks(xs), _ranks(ys)
        try:
            return statistics.correlation(rx, ry)
        except statistics.StatisticsError:
            return float("nan")
    if len(set(xs)) < 2 or len(set(ys)) < 2:
        return float("nan")  # scipy would warn (ConstantInputWarning) and return NaN
    return float(spearmanr(xs, ys).statistic)


def ranking_table(s: SetRun, part: str) -> str | None:
    """How well scraper's Document.quality score ranks pages by F1 (issue 8, point 4)."""
    pages = s.part(part)
    rows = []
    for n in s.extractors:
        if not n.startswith("scraper"):
            continue
        pairs = [(s.runs[n][p.id].quality, s.scores[n][p.id].f1) for p in pages]
        known = [(q, f1) for q, f1 in pairs if q is not None]
        if not known:
            continue
        rho = spearman([q for q, _ in known], [f1 for _, f1 in known])
        tenth = sorted(known)[: max(1, len(known) // 10)]
        rows.append(
            [
                n,
                f"{len(known)}/{len(pages)}",
                f"{rho:.3f}",
                f"{statistics.mean(f1 for _, f1 in tenth):.3f} ({len(tenth)} pages)",
                f"{statistics.mean(f1 for _, f1 in known):.3f}",
            ]
        )
    if not rows:
        return None
    head = [
        "quality score",
        "pages scored",
        "Spearman(score, F1)",
        "mean F1, lowest-scored tenth",
        "mean F1, all",
    ]
    return _table(head, rows)


def worst_pages(s: SetRun, name: str = "scraper") -> str | None:
    """The tune pages where scraper falls furthest below the best peer. Check pages are
    never listed: they are for measuring, not for looking at."""
    if name not in s.scores or not any(n in s.scores for n in PEERS):
        return None
    gaps = []
    for p in s.part("tune"):
        best = s.best_peer(p)
        assert best is not None
        ours = s.scores[name][p.id].f1
        gaps.append((ours - best[1], p.id, p.group, ours, *best))
    gaps.sort()
    rows = []
    for gap, page_id, group, ours, peer, theirs in gaps[:WORST]:
        if gap < 0:
            mine = s.scores[name][page_id]
            pr = f"{mine.p:.2f} / {mine.r:.2f}"
            rows.append([page_id, group, f"{ours:.3f}", pr, peer, f"{theirs:.3f}", f"{gap:+.3f}"])
    head = ["page (tune part)", "group", name, "its P / R", "best peer", "its F1", "gap"]
    return _table(head, rows)


def collapses(s: SetRun, pages: Sequence[EvalPage], name: str = "scraper") -> int:
    """Pages where scraper scores below 0.3 and the best peer above 0.9."""
    count = 0
    for p in pages:
        best = s.best_peer(p)
        count += best is not None and best[1] > 0.9 and s.scores[name][p.id].f1 < 0.3
    return count


def done_when(s: SetRun, part: str, name: str = "scraper") -> list[str]:
    """The issue's "done when", one line per criterion: ok / NO and the figures."""
    pages = s.part(part)
    if name not in s.scores or not pages:
        return []
    rivals = [n for n in ("trafilatura", "readability") if n in s.scores]
    if not rivals:
        return ["(neither trafilatura nor readability in this run: nothing to compare)"]
    lines = []

    def verdict(ok: bool) -> str:
        return "ok " if ok else "NO "

    ours = s.mean(name, pages)
    theirs = {n: s.mean(n, pages) for n in rivals}
    ok = all(ours > t for t in theirs.values())
    vs = ", ".join(f"{n} {t:.3f}" for n, t in theirs.items())
    lines.append(f"{verdict(ok)} F1 overall {ours:.3f} above {vs}")
    below = []
    for group, count in groups(pages):
        if count < MIN_GROUP:
            continue
        members = [p for p in pages if p.group == group]
        g_ours = s.mean(name, members)
        behind = [f"{n} {s.mean(n, members):.3f}" for n in rivals if s.mean(n, members) >= g_ours]
        if behind:
            below.append(f"{group} ({count}) {g_ours:.3f} < {', '.join(behind)}")
    big = sum(1 for _, c in groups(pages) if c >= MIN_GROUP)
    detail = "; ".join(below) if below else f"ahead on all {big}" if big else "none in this part"
    lines.append(f"{verdict(not below)} every group of >= {MIN_GROUP} pages: {detail}")
    if any(p.without for p in pages):
        share = leak_share(s, name, pages)
        lines.append(f"{verdict(share <= LEAK_TARGET)} leak share {share:.1%} (target <= 8%)")
    bad = collapses(s, pages, name)
    lines.append(f"{verdict(bad == 0)} pages < 0.3 where the best peer > 0.9: {bad}")
    if s.timing is not None and s.timing.pages:
        lines.append(s.timing.verdict(SPEED_TARGET))
    elif "trafilatura" in s.cached:
        # Times from another run, on another load of the machine: no ratio to trust.
        lines.append(
            "??  median ms scraper/trafilatura: not measured (trafilatura's times are cached)"
        )
    elif "trafilatura" in s.runs:
        ratio = s.median_ms(name, pages) / s.median_ms("trafilatura", pages)
        speed = f"median ms scraper/trafilatura {ratio:.2f} (target <= {SPEED_TARGET})"
        lines.append(f"{verdict(ratio <= SPEED_TARGET)} {speed}")
    if "trafilatura" in s.runs:
        ours_meta = metadata_accuracy(s, part, name)
        theirs_meta = metadata_accuracy(s, part, "trafilatura")
        if ours_meta and theirs_meta:
            for key in ours_meta:  # the fields some page's truth states
                a, b = ours_meta[key], theirs_meta[key]
                lines.append(f"{verdict(a > b)} {key} accuracy {a:.3f} above trafilatura {b:.3f}")
    return lines


def compare(s: SetRun, earlier: dict[str, Any], name: str = "scraper", top: int = 10) -> str:
    """scraper's F1 now beside an earlier run's ``--json``: the mean per part, and the
    tune pages that moved most either way (check pages only count in the means)."""
    common = [p for p in s.pages if name in earlier.get(p.id, {})]
    if not common or name not in s.scores:
        return ""

    def before(page: EvalPage) -> float:
        return float(earlier[page.id][name]["f1"])

    rows = []
    for part in ("all", "tune", "check"):
        pages = [p for p in common if part == "all" or p.check == (part == "check")]
        if not pages:
            continue
        old, new = statistics.mean(before(p) for p in pages), s.mean(name, pages)
        deltas = [s.scores[name][p.id].f1 - before(p) for p in pages]
        up, down = sum(d > 0.01 for d in deltas), sum(d < -0.01 for d in deltas)
        rows.append([part, str(len(pages)), f"{old:.3f}", f"{new:.3f}", f"{new - old:+.3f}"])
        rows[-1] += [str(up), str(down)]
    out = [_table(["part", "pages", "before", "now", "change", "up > 0.01", "down > 0.01"], rows)]
    moved = sorted((s.scores[name][p.id].f1 - before(p), p.id) for p in common if not p.check)
    worse = [m for m in moved if m[0] < -0.005][:top]
    better = [m for m in reversed(moved) if m[0] > 0.005][:top]
    if worse or better:
        pairs = [(d, i, "worse") for d, i in worse] + [(d, i, "better") for d, i in better]
        by_id = {p.id: p for p in common}
        cells = [
            [i, way, f"{before(by_id[i]):.3f}", f"{s.scores[name][i].f1:.3f}", f"{d:+.3f}"]
            for d, i, way in pairs
        ]
        out.append(_table(["tune page", "moved", "before", "now", "change"], cells))
    return "\n\n".join(out)


def page_scores(s: SetRun) -> dict[str, Any]:
    """Every page's figures for every extractor, for --json (the lead diffs runs)."""
    out: dict[str, Any] = {}
    for p in s.pages:
        entry: dict[str, Any] = {"part": "check" if p.check else "tune", "group": p.group}
        for n in s.extractors:
            sc, run = s.scores[n][p.id], s.runs[n][p.id]
            entry[n] = {
                "f1": round(sc.f1, 4),
                "p": round(sc.p, 4),
                "r": round(sc.r, 4),
                "leak": sc.leak,
                "ms": round(run.ms, 2),
                "quality": run.quality,
                "error": run.error,
            }
        out[p.id] = entry
    return out
