"""Jobs learn each site's chrome as they save its pages, keep it in their state, show it
in `scraper status`, and say when a site's figures fall sharply (site health)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from clean_helpers import run_cli
from jobs_helpers import run, write_job
from news_site import NewsSite, serve

from scraper.exitcodes import ExitCode
from scraper.jobs.state import StateStore
from scraper.learning.health import SiteFigures, fallen
from scraper.model import Document

KICKER = "Coastal news from the Gazette's quayside desk"
PROMO = "Gazette Extra readers hear every story read aloud"
PRESS = "Printed on the Gazette press at 4 Quay Street"
CHROME = (KICKER, PROMO, PRESS)
RENAMED = "Gazette Extra members can now listen to every story"


class LeakySite(NewsSite):
    """The news site with chrome no shipped rule knows, inside the article element.

    ``layout``: "good"; "renamed" (the promo line says something else); "broken" (the
    story moved into markup the extractor cannot read: a short teaser is left, and
    the byline and date are gone).
    """

    layout = "good"

    def article_html(
        self, n: int, canonical: bool = True, story: bool = False, revised: bool = False
    ) -> str:
        paragraphs = "".join(
            f"<p>Article {n}, paragraph {p}: the harbour board of town {n} met on day {p}"
            f" and agreed on berth {n * 100 + p}, which skippers had asked for since the"
            " winter storms. Observers called it overdue but welcome.</p>"
            for p in range(1, 5)
        )
        promo = RENAMED if self.layout == "renamed" else PROMO
        body = f"<p>{KICKER}</p><h1>Story number {n}</h1><p>{promo}</p>{paragraphs}<p>{PRESS}</p>"
        meta = (
            "<meta name='author' content='Jane Roe'>"
            "<meta property='article:published_time' content='2025-03-01T09:00:00Z'>"
        )
        if self.layout == "broken":
            body = f"<h1>Story number {n}</h1><p>Open the Gazette app to read story {n}.</p>"
            meta = ""
        link = f"<link rel='canonical' href='{self.url(f'/article/{n}')}'>" if canonical else ""
        return (
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{meta}"
            f"<title>Story number {n}</title>{link}</head><body>"
            f"<nav><a href='/'>Home</a></nav><article>{body}</article></body></html>"
        )


@pytest.fixture
def site() -> Iterator[LeakySite]:
    with serve(LeakySite(count=8)) as running:
        yield running


def write_feed_job(tmp_path: Path, site: NewsSite, extra: str = "") -> Path:
    return write_job(tmp_path, site, extra, name="gazette", state="state.sqlite", sitemap=False)


def texts(out: Path) -> dict[str, str]:
    """Saved documents' text by article number."""
    found = {}
    for file in out.glob("*.json"):
        doc = json.loads(file.read_text("utf-8"))
        found[doc["source"].rsplit("/", 1)[1]] = doc["text"]
    return found


def leaks(text: str) -> list[str]:
    return [line for line in (*CHROME, RENAMED) if line in text]


def test_a_job_learns_the_chrome_and_its_later_documents_are_clean(
    site: LeakySite, tmp_path: Path
) -> None:
    job = write_feed_job(tmp_path, site)
    report = run(job)
    assert report.new == 8
    docs = texts(tmp_path / "out")
    # Pages are handled in queue order (by URL): the first two saw no other page yet.
    assert leaks(docs["1"]) == list(CHROME)
    assert {n: leaks(docs[n]) for n in "345678"} == {n: [] for n in "345678"}
    assert all(f"Article {n}, paragraph 4" in docs[n] for n in docs)
    # The next run applies what was learned from its first page on.
    site.add_article()
    site.add_article()
    run(job)
    docs = texts(tmp_path / "out")
    assert leaks(docs["9"]) == leaks(docs["10"]) == []


def test_status_shows_what_is_learned_per_site(site: LeakySite, tmp_path: Path) -> None:
    job = write_feed_job(tmp_path, site)
    run(job)
    result = run_cli(["status", str(job)])
    assert result.code == 0
    assert "  127.0.0.1: 3 chrome lines learned from 8 pages" in result.stdout
    for line in CHROME:
        assert f"    - {line}" in result.stdout
    data = json.loads(run_cli(["status", str(job), "--json"]).stdout)
    [gazette] = data["sites"]
    assert sorted(gazette["chrome"]) == sorted(CHROME)
    assert gazette["health"]["pages"] == 8


def test_learning_follows_a_site_that_changes(site: LeakySite, tmp_path: Path) -> None:
    job = write_feed_job(tmp_path, site)
    run(job)
    site.layout = "renamed"
    for _ in range(6):
        site.add_article()
    run(job)
    docs = texts(tmp_path / "out")
    # Queue order is by URL: 10, 11, 12, 13, 14, 9. The new line is learned once it is
    # on 30% of the site's pages (4 of 12, at page 13).
    assert RENAMED in docs["10"]
    assert [leaks(docs[n]) for n in ("13", "14", "9")] == [[], [], []]
    with StateStore.open(tmp_path / "state.sqlite") as state:
        [chrome] = state.connection.execute("SELECT chrome FROM site_rules").fetchone()
    assert RENAMED in json.loads(chrome)


def test_the_job_file_key_turns_learning_off(site: LeakySite, tmp_path: Path) -> None:
    job = write_feed_job(tmp_path, site, extra="learn = false")
    run(job)
    docs = texts(tmp_path / "out")
    assert all(leaks(text) == list(CHROME) for text in docs.values())
    with StateStore.open(tmp_path / "state.sqlite") as state:
        assert state.connection.execute("SELECT COUNT(*) FROM site_rules").fetchone() == (0,)


def test_site_health_line_fires_when_the_layout_breaks(site: LeakySite, tmp_path: Path) -> None:
    job = write_feed_job(tmp_path, site)
    first = run(job)
    assert (first.health, first.exit_code) == ((), ExitCode.OK)
    site.layout = "broken"
    for _ in range(5):
        site.add_article()
    report = run(job)
    assert report.new == 5
    [line] = report.health
    assert line.startswith("site health: 127.0.0.1: median text ")
    assert "author 100% -> 0%, date 100% -> 0% (5 pages this run" in line
    assert report.exit_code == ExitCode.SITE_HEALTH == 3
    last = json.loads((tmp_path / "out" / "runs.jsonl").read_text("utf-8").splitlines()[-1])
    assert last["health"] == [line]
    status = run_cli(["status", str(job)])
    assert f"    {line}" in status.stdout


def test_a_steady_site_raises_no_alert(site: LeakySite, tmp_path: Path) -> None:
    job = write_feed_job(tmp_path, site)
    run(job)
    for _ in range(4):
        site.add_article()
    report = run(job)
    assert report.new == 4
    assert report.health == ()
    assert report.exit_code == ExitCode.OK


def test_scraper_run_exits_3_and_prints_the_line(site: LeakySite, tmp_path: Path) -> None:
    job = write_feed_job(tmp_path, site)
    run(job)
    site.layout = "broken"
    for _ in range(3):
        site.add_article()
    result = run_cli(["run", str(job)])
    assert result.code == 3
    assert "site health: 127.0.0.1: " in result.stderr


# -- the health rule itself -----------------------------------------------------------


def _figures(
    pages: int = 10, chars: int = 2000, empty: float = 0.0, authors: float = 1.0
) -> SiteFigures:
    return SiteFigures("example.com", pages, chars, empty, None, authors, 1.0)


def test_health_compares_with_the_median_of_recent_runs() -> None:
    recent = [_figures(chars=2000), _figures(chars=2100), _figures(chars=300)]
    assert fallen(_figures(chars=1100), recent) is None  # over half of the median 2000
    line = fallen(_figures(chars=900, empty=0.4), recent)
    assert line == (
        "site health: example.com: median text 2000 -> 900 chars, empty 0% -> 40%"
        " (10 pages this run, against the median of its last 3 runs)"
    )


def test_health_needs_enough_pages_now_and_before() -> None:
    assert fallen(_figures(pages=2, chars=10), [_figures()]) is None
    assert fallen(_figures(chars=10), [_figures(pages=2)]) is None
    assert fallen(_figures(chars=10), []) is None
    assert fallen(_figures(authors=0.4), [_figures()]) is not None


def test_learner_over_fetch_many_cleans_the_sites_documents(site: LeakySite) -> None:
    """A program fetching many pages of one site with ``fetch_documents``."""
    import asyncio

    from scraper.fetch_clean import fetch_documents
    from scraper.fetching import FetchConfig, Fetcher
    from scraper.learning import Learner
    from scraper.pool import CleaningPool

    async def fetch() -> list[Document]:
        config = FetchConfig(allow_private=True, delay=0, obey_robots=False)
        async with Fetcher(config) as fetcher, CleaningPool(workers=1) as pool:
            urls = [site.url(f"/article/{n}") for n in (1, 2, 4, 5, 6)]
            found = fetch_documents(fetcher, pool, urls)
            return [r.document async for r in found if r.document]

    docs = asyncio.run(fetch())
    assert all(leaks(doc.text) == list(CHROME) for doc in docs)
    cleaned = list(Learner().clean(docs))
    assert [leaks(doc.text) for doc in cleaned] == [[]] * 5
    assert all("paragraph 4" in doc.text for doc in cleaned)


def test_low_quality_share_counts_scored_pages_only() -> None:
    from scraper.learning.health import PageFigures, figures

    pages = [PageFigures(100, True, True, q) for q in (0.9, 0.2, None, 0.4)]
    assert figures("s", pages).low_quality == round(2 / 3, 3)
    assert figures("s", [PageFigures(0, False, False, None)]).low_quality is None


def test_a_run_writes_what_it_learned_as_it_goes_not_at_its_end(
    site: LeakySite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages learned from are written every LEARN_FLUSH pages, so a job's memory
    does not grow with its pages (it held all of them until the run's end)."""
    from scraper.jobs import runner
    from scraper.learning.jobstate import SiteMemory

    held: list[int] = []
    observe = SiteMemory.observe

    def counting(self: SiteMemory, site_name: str, key: str, lines: object) -> None:
        observe(self, site_name, key, lines)  # type: ignore[arg-type]
        held.append(len(self._seen))

    monkeypatch.setattr(runner, "LEARN_FLUSH", 3)
    monkeypatch.setattr(SiteMemory, "observe", counting)
    run(write_feed_job(tmp_path, site))
    assert len(held) == 8
    assert max(held) == 3
