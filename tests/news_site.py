"""A small news site on 127.0.0.1 for the job tests: feed, sitemaps, robots.txt, articles.

What it serves (N = 50 articles, numbered 1..N):

- ``/``: the front page, linking to ``/private/secret``, every article (newest first), an
  image and another site (for crawls).
- ``/robots.txt``: disallows ``/private/``.
- ``/feed.xml``: RSS 2.0 with the 20 newest articles, one of them again with a
  ``utm_source`` tag (normalization makes it the same URL), and one ``/private/`` link.
- ``/sitemap.xml``: an index of ``/sitemaps/pages.xml`` (every article, ``lastmod``) and
  ``/sitemaps/archive.xml``, itself an index of the news sitemap ``/sitemaps/news.xml.gz``,
  which lists the duplicates: ``/story/{n}`` for n in ``STORY`` (the article with the same
  ``rel=canonical``, but one sentence updated and a tracking parameter on a link, so
  only the canonical URL tells it is the same page), and ``/print/{n}`` for n in
  ``PRINT`` (the same text, no canonical: only the text hash tells).
- ``/article/{n}``: with ``ETag`` and ``Last-Modified``, answering conditional requests
  with 304. Articles in ``FLAKY`` answer 503 to their first request, then work.
  Articles in ``broken`` answer 503 until ``heal()`` is called; articles in ``revised``
  have one more paragraph and a new ``ETag``; articles in ``flood`` are the
  attribute-flood page (``attribute_flood()``), which the parser takes minutes over.

``add_article()`` publishes one more article at the top of the feed. ``hold()`` makes
article requests wait (bounded) until ``release()``, so a test can catch a run in flight;
``hold_last()`` holds only the first request of the last article to be asked for, so a
run saves all the others and still cannot end, however slowly it runs.
Every request is logged in ``requests`` (method, path, conditional headers).
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from loopback import bound_socket, running
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

N = 50
FLAKY = frozenset({3, 13, 23, 33})
STORY = (5, 15, 25)
PRINT = (7,)
LAST_MODIFIED = "Sat, 01 Mar 2025 09:00:00 GMT"
HOLD_LIMIT = 20.0  # seconds a held request waits at most, so no test can hang on it


def attribute_flood(count: int = 100_000) -> str:
    """A page whose one ``<div>`` has ``count`` attributes (about 1.4 MB at 100,000).

    lexbor's parser is quadratic in the attributes of one element (40,000 take it 5 s),
    and a C call cannot be interrupted: only killing its process stops it.
    """
    attributes = " ".join(f'data-a{i}="{i}"' for i in range(count))
    return (
        "<!doctype html><html><head><title>Flood</title></head><body>"
        f"<div {attributes}><p>Nothing to read here.</p></div></body></html>"
    )


@dataclass(frozen=True)
class Hit:
    method: str
    path: str
    if_none_match: str | None
    if_modified_since: str | None
    authorization: str | None = None


@dataclass
class NewsSite:
    count: int = N
    slow: float = 0.0  # seconds each article takes to answer
    broken: set[int] = field(default_factory=set)
    revised: set[int] = field(default_factory=set)
    flood: set[int] = field(default_factory=set)
    requests: list[Hit] = field(default_factory=list)
    base: str = ""
    _flaky_seen: set[int] = field(default_factory=set)
    _held: threading.Event = field(default_factory=threading.Event)
    _last: threading.Event = field(default_factory=threading.Event)
    _asked: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._held.set()
        self._last.set()

    # -- controls used by tests ---------------------------------------------------------

    def add_article(self) -> int:
        self.count += 1
        return self.count

    def heal(self) -> None:
        self.broken.clear()

    def hold(self) -> None:
        self._held.clear()

    def hold_last(self) -> None:
        self._last.clear()

    def release(self) -> None:
        self._held.set()
        self._last.set()

    def hits(self, prefix: str = "/") -> list[Hit]:
        with self._lock:
            return [h for h in self.requests if h.path.startswith(prefix)]

    def url(self, path: str) -> str:
        return self.base + path

    # -- content --------------------------------------------------------------------------

    def article_html(
        self, n: int, canonical: bool = True, story: bool = False, revised: bool = False
    ) -> str:
        """Article ``n``; ``story`` is its copy under ``/story/{n}``: same canonical URL,
        a sentence updated in the last paragraph and a ``utm_source`` on a link."""
        link = f'<link rel="canonical" href="{self.url(f"/article/{n}")}">' if canonical else ""
        tag = "?utm_source=story" if story else ""
        paragraphs = [
            f"<p>Article {n}, paragraph {p}: the council of town number {n} met on day {p}"
            f" and agreed on measure {n * 100 + p}, which residents had asked for since"
            f" the storm of <a href='/year/{1900 + n}{tag}'>year {1900 + n}</a>."
            f" Observers called it a turning point.</p>"
            for p in range(1, 5)
        ]
        if story:
            paragraphs[-1] = paragraphs[-1].replace(
                "</p>", " Updated at 10:42 with the vote count of the second reading.</p>"
            )
        if revised:
            paragraphs.append(f"<p>Correction: measure {n * 100 + 1} passed by one vote.</p>")
        body = "\n".join(paragraphs)
        return (
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Story number {n}</title>{link}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>Story number {n}</h1>{body}</article>"
            f"<footer>Copyright News Site</footer></body></html>"
        )

    def home(self) -> str:
        """The front page, for crawls: a robots-disallowed link, the articles newest
        first, an image, and a link to another site."""
        links = [
            f"<li><a href='/article/{n}'>Story number {n}</a></li>"
            for n in range(self.count, 0, -1)
        ]
        return (
            "<!doctype html><html lang='en'><head><title>News Site</title></head><body>"
            "<p><a href='/private/secret'>Members</a> <a href='/logo.png'>Logo</a></p>"
            f"<ul>{''.join(links)}</ul>"
            "<p><a href='http://elsewhere.example/'>A friend</a></p></body></html>"
        )

    def feed(self) -> str:
        newest = range(self.count, max(0, self.count - 20), -1)
        items = [f"<item><link>{self.url(f'/article/{n}')}</link></item>" for n in newest]
        items.append(
            f"<item><link>{self.url(f'/article/{self.count}?utm_source=rss')}</link></item>"
        )
        items.append(f"<item><link>{self.url('/private/secret')}</link></item>")
        return (
            "<?xml version='1.0'?><rss version='2.0'><channel><title>News</title>"
            + "".join(items)
            + "</channel></rss>"
        )

    def index(self, *children: str) -> str:
        entries = "".join(f"<sitemap><loc>{self.url(c)}</loc></sitemap>" for c in children)
        return (
            "<?xml version='1.0'?><sitemapindex"
            " xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>" + entries + "</sitemapindex>"
        )

    def urlset(self, entries: list[str]) -> str:
        return (
            "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'"
            " xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
            + "".join(entries)
            + "</urlset>"
        )

    def pages(self) -> str:
        return self.urlset(
            [
                f"<url><loc>{self.url(f'/article/{n}')}</loc><lastmod>2025-03-01</lastmod></url>"
                for n in range(1, N + 1)
            ]
        )

    def news(self) -> bytes:
        paths = [f"/story/{n}" for n in STORY] + [f"/print/{n}" for n in PRINT]
        entries = [
            f"<url><loc>{self.url(p)}</loc><news:news><news:publication_date>"
            "2025-03-01T09:00:00Z</news:publication_date></news:news></url>"
            for p in paths
        ]
        return gzip.compress(self.urlset(entries).encode(), mtime=0)


def _etag(n: int, revised: bool = False) -> str:
    return '"' + hashlib.sha256(f"{n}{'r' * revised}".encode()).hexdigest()[:16] + '"'


def make_app(site: NewsSite) -> Starlette:
    async def log(request: Request) -> None:
        hit = Hit(
            request.method,
            request.url.path,
            request.headers.get("if-none-match"),
            request.headers.get("if-modified-since"),
            request.headers.get("authorization"),
        )
        with site._lock:
            site.requests.append(hit)

    async def wait_if_held(event: threading.Event) -> None:
        deadline = time.monotonic() + HOLD_LIMIT
        while not event.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)

    def last_asked(n: int, kind: str) -> bool:
        """Whether this is the first request of the last article not yet asked for."""
        if kind != "article" or not 1 <= n <= site.count:
            return False
        with site._lock:
            new = n not in site._asked
            site._asked.add(n)
            return new and len(site._asked) == site.count

    def xml(body: str | bytes, media: str = "application/xml") -> Response:
        return Response(body, media_type=media)

    async def robots(request: Request) -> Response:
        await log(request)
        return PlainTextResponse("User-agent: *\nDisallow: /private/\n")

    async def home(request: Request) -> Response:
        await log(request)
        return Response(site.home(), media_type="text/html; charset=utf-8")

    async def feed(request: Request) -> Response:
        await log(request)
        return xml(site.feed(), "application/rss+xml")

    async def sitemap(request: Request) -> Response:
        await log(request)
        return xml(site.index("/sitemaps/pages.xml", "/sitemaps/archive.xml"))

    async def pages(request: Request) -> Response:
        await log(request)
        return xml(site.pages())

    async def archive(request: Request) -> Response:
        await log(request)
        return xml(site.index("/sitemaps/news.xml.gz"))

    async def news(request: Request) -> Response:
        await log(request)
        return xml(site.news(), "application/gzip")

    async def article(request: Request) -> Response:
        await log(request)
        await wait_if_held(site._held)
        if site.slow:
            await asyncio.sleep(site.slow)
        n = int(request.path_params["n"])
        kind = request.url.path.split("/")[1]
        if last_asked(n, kind):
            await wait_if_held(site._last)
        if not 1 <= n <= site.count:
            return PlainTextResponse("no such article", status_code=404)
        if n in site.broken:
            return PlainTextResponse("down", status_code=503)
        if n in FLAKY and kind == "article":
            with site._lock:
                first = n not in site._flaky_seen
                site._flaky_seen.add(n)
            if first:
                return PlainTextResponse("busy", status_code=503)
        revised = n in site.revised
        etag = _etag(n, revised)
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        if n in site.flood:
            return Response(attribute_flood(), media_type="text/html; charset=utf-8")
        story = kind == "story"
        html = site.article_html(n, canonical=kind != "print", story=story, revised=revised)
        return Response(html, media_type="text/html; charset=utf-8", headers=headers)

    async def private(request: Request) -> Response:
        await log(request)
        return PlainTextResponse("you should not be here")

    routes = [
        Route("/", home),
        Route("/robots.txt", robots),
        Route("/feed.xml", feed),
        Route("/sitemap.xml", sitemap),
        Route("/sitemaps/pages.xml", pages),
        Route("/sitemaps/archive.xml", archive),
        Route("/sitemaps/news.xml.gz", news),
        Route("/article/{n:int}", article),
        Route("/story/{n:int}", article),
        Route("/print/{n:int}", article),
        Route("/private/{rest:path}", private),
    ]
    return Starlette(routes=routes)


@contextlib.contextmanager
def serve(site: NewsSite) -> Iterator[NewsSite]:
    """Run the site on 127.0.0.1 at an ephemeral port in a thread, for the block's time."""
    sock, site.base = bound_socket()
    with running(make_app(site), sock):
        try:
            yield site
        finally:
            site.release()
