"""What crosses the cleaning pool's pipes: pages and documents pickled by their fields
(``scraper.batch.dumps``), and batches many times larger than a pipe's buffer."""

from __future__ import annotations

import pickle

from scraper.batch import Cleaned, clean_one, dumps
from scraper.config import ExtractConfig
from scraper.errors import ExtractionError
from scraper.model import Document, FetchInfo, Image, Link, Page, Quality
from scraper.pool import CleaningPool

FETCH = FetchInfo(
    requested_url="http://example.test/a",
    final_url="http://example.test/b",
    status=200,
    fetched_at="2025-01-01T00:00:00Z",
    etag='"x"',
    encoding="utf-8",
    attempts=2,
)


def test_pages_and_documents_come_back_from_a_pickle_equal_field_for_field():
    page = Page(b"<p>x</p>", "s", url="u", charset="utf-8", fetch=FETCH, warnings=("w",))
    document = Document(
        text="Text",
        source="s",
        title="T",
        authors=("A", "B"),
        fetch=FETCH,
        quality=Quality(0.5, ("short",)),
        links=(Link("a", "http://example.test/l"),),
        images=(Image("http://example.test/i.png", alt="alt", caption=None),),
        markdown="# Text",
        warnings=("no date",),
    )
    message = (7, Cleaned("utf-8", document=document), [(1, page, None)])
    seq, cleaned, pages = pickle.loads(dumps(message))
    assert (seq, cleaned, pages) == message
    assert cleaned.document is not None
    # Not compared by ==, carried all the same.
    assert (cleaned.document.markdown, cleaned.document.warnings) == ("# Text", ("no date",))
    assert type(cleaned.document.quality) is Quality


def test_an_error_crosses_the_pipe_with_its_type_and_message():
    error = ExtractionError("http://example.test/a: cleaning failed")
    cleaned = pickle.loads(dumps(Cleaned("", error=error)))
    assert type(cleaned.error) is ExtractionError
    assert str(cleaned.error) == str(error)


def _big_page(n: int) -> Page:
    # About 250 KB: a batch of these is many times a pipe's 64 KB buffer.
    paragraphs = b"".join(
        b"<p>Paragraph %d of story %d: the harbour committee met again on Monday.</p>" % (i, n)
        for i in range(3000)
    )
    html = b"<html><body><article><h1>Story %d</h1>%s</article></body></html>" % (n, paragraphs)
    return Page(data=html, source=f"http://example.test/{n}", url=None)


def test_batches_larger_than_a_pipe_buffer_reach_the_worker_whole():
    pages = [_big_page(n) for n in range(24)]
    assert sum(len(p.data) for p in pages[:16]) > 16 * 64 * 1024
    config = ExtractConfig()
    with CleaningPool(config, workers=1) as pool:
        results = [cleaned for _, cleaned in pool.clean_ordered((p.source, p) for p in pages)]
    expected = [clean_one(page, config) for page in pages]
    assert [r.document for r in results if r is not None] == [e.document for e in expected]
    assert all(e.document is not None for e in expected)
