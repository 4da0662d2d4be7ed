"""The extractors that bench/quality.py compares, and the loop that runs one of them.

``run_extractor`` is what each fresh child process executes: it builds one extractor
(importing its library there, so that neither the parent nor another extractor pays
for it), then reads the pages one at a time and times only the extraction call. What
an extractor says about a page is a ``PageRun``: plain data, so that peers' runs can be
cached as JSON between runs (peers do not change while scraper is tuned).
"""

from __future__ import annotations

import dataclasses
import gzip
import logging
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class PageRun:
    """One extractor's output for one page, and how long the extraction took."""

    text: str
    ms: float
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    quality: float | None = None  # scraper's Document.quality.score, when it has one
    error: str | None = None  # the exception, when the extractor failed on the page

    def to_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "authors": list(self.authors)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageRun:
        return cls(**{**data, "authors": tuple(data.get("authors") or ())})


@dataclass(frozen=True, slots=True)
class Extractor:
    """How to build one extractor in a child process.

    ``build`` returns the timed call (html, url) -> PageRun fields; ``metadata``, when
    given, is an untimed second call for peers whose default extraction carries none.
    ``package`` is the distribution whose version keys the cache, with ``recipe``: bump
    it when the way the extractor is called or its output read changes. ``peer`` says
    whether its outputs may be cached.
    """

    name: str
    package: str
    peer: bool
    build: Callable[[], Callable[[str, str | None], PageRun]]
    metadata: Callable[[], Callable[[str, str | None], PageRun]] | None = None
    recipe: int = 1


def favor_field() -> dataclasses.Field[Any] | None:
    """ExtractConfig's ``favor`` field, once the lead's second opinion has landed."""
    from scraper.config import ExtractConfig

    return next((f for f in dataclasses.fields(ExtractConfig) if f.name == "favor"), None)


def _scraper(favor: str | None) -> Callable[[str, str | None], PageRun]:
    from scraper import ExtractConfig, extract

    config = ExtractConfig()
    if favor is not None:
        field = favor_field()
        assert field is not None, "ExtractConfig has no favor field"
        # The field's type is the Favor StrEnum; build the member from its value.
        config = dataclasses.replace(config, favor=type(config.favor)(favor))  # type: ignore[attr-defined]

    def run(html: str, url: str | None) -> PageRun:
        doc = extract(html, url, config=config)
        quality = getattr(doc, "quality", None)  # promised by the lead; may not exist yet
        return PageRun(
            text=doc.text,
            ms=0.0,
            title=doc.title,
            authors=tuple(doc.authors),
            date=doc.published,
            quality=None if quality is None else float(quality.score),
        )

    return run


def _trafilatura() -> Callable[[str, str | None], PageRun]:
    import trafilatura

    def run(html: str, url: str | None) -> PageRun:
        return PageRun(text=trafilatura.extract(html) or "", ms=0.0)  # its default extract

    return run


def _trafilatura_metadata() -> Callable[[str, str | None], PageRun]:
    import trafilatura

    def run(html: str, url: str | None) -> PageRun:
        meta = trafilatura.extract_metadata(html, default_url=url)
        if meta is None:
            return PageRun(text="", ms=0.0)
        # trafilatura joins several authors with "; ".
        authors = tuple(a.strip() for a in (meta.author or "").split(";") if a.strip())
        return PageRun(text="", ms=0.0, title=meta.title, authors=authors, date=meta.date)

    return run


# Block elements after which readability's summary HTML gets a line break: lxml's
# text_content() would otherwise glue the last word of a paragraph to the next one's
# first ("end.</p><p>Next" is fine, "end</p><p>Next" becomes one token).
_BLOCKS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "table", "blockquote", "pre", "section", "article", "figure", "figcaption", "dd", "dt",
)  # fmt: skip


def _readability() -> Callable[[str, str | None], PageRun]:
    from lxml import html as lxml_html
    from readability import Document

    def run(html: str, url: str | None) -> PageRun:
        summary = Document(html).summary()
        tree = lxml_html.fromstring(summary)
        for element in tree.iter(*_BLOCKS):
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
        return PageRun(text=tree.text_content(), ms=0.0)

    return run


def _resiliparse() -> Callable[[str, str | None], PageRun]:
    from resiliparse.extract.html2text import extract_plain_text

    def run(html: str, url: str | None) -> PageRun:
        return PageRun(text=extract_plain_text(html, main_content=True), ms=0.0)

    return run


EXTRACTORS: dict[str, Extractor] = {
    e.name: e
    for e in (
        Extractor("scraper", "scraper", peer=False, build=lambda: _scraper(None)),
        Extractor("scraper-precision", "scraper", False, build=lambda: _scraper("precision")),
        Extractor("trafilatura", "trafilatura", True, _trafilatura, _trafilatura_metadata),
        Extractor("readability", "readability-lxml", True, _readability),
        Extractor("resiliparse", "resiliparse", True, _resiliparse),
    )
}


@dataclass(frozen=True, slots=True)
class Job:
    """What a child process is asked to do: one extractor over some pages."""

    extractor: str
    pages: tuple[tuple[str, str | None, Path], ...]  # (id, url, gzipped html)


@dataclass(frozen=True, slots=True)
class JobResult:
    runs: dict[str, PageRun]
    peak_mib: float


def _html(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def run_extractor(job: Job) -> JobResult:
    """Run one extractor over the pages, in this (fresh, child) process. Pages load one
    at a time, so that peak memory is the extractor's, not the data set's."""
    # readability logs a traceback for every page it cannot parse; the bench counts those.
    logging.getLogger("readability").setLevel(logging.CRITICAL)
    spec = EXTRACTORS[job.extractor]
    extract = spec.build()
    metadata = spec.metadata() if spec.metadata else None
    runs: dict[str, PageRun] = {}
    for page_id, url, path in job.pages:
        html = _html(path)
        start = time.perf_counter()
        try:
            run = extract(html, url)
        except Exception as exc:  # a peer that fails on a page scores 0 there, as empty output
            run = PageRun(text="", ms=0.0, error=f"{type(exc).__name__}: {exc}"[:200])
        ms = (time.perf_counter() - start) * 1000
        if metadata is not None:
            try:
                meta = metadata(html, url)
                run = dataclasses.replace(
                    run, title=meta.title, authors=meta.authors, date=meta.date
                )
            except Exception:  # metadata is reported separately; the text still counts
                pass
        runs[page_id] = dataclasses.replace(run, ms=ms)
    return JobResult(runs=runs, peak_mib=_peak_mib())


def _peak_mib() -> float:
    """This process's own peak resident set. Linux keeps ru_maxrss across exec, so a
    spawned child would report its parent's peak at fork time when that was higher (the
    parent holds every set's outputs); VmHWM belongs to the new address space."""
    try:
        status = Path("/proc/self/status").read_text("ascii")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024
