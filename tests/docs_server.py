"""A stand-in for the sites the docs name (example.com, example.org), on 127.0.0.1.

The examples in README.md and docs/ fetch ``https://example.com/...``; the docs tests
rewrite those URLs to this server. It serves ``/robots.txt`` (allow all), a feed at
``/feed/``, a sitemap at ``/sitemap.xml``, a section front at ``/news/`` (an
introduction, and a link to each article inside ``<article>``, as docs/scrapy.md's spider
follows them), and an article at every other path, titled after its path, so that any URL
a doc names gives a real page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape

from loopback import bound_socket, running
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

ARTICLES = ("/news/1", "/news/2", "/news/3")


def article(path: str) -> str:
    title = f"Story at {path}"
    paragraphs = "".join(
        f"<p>Paragraph {n} of the story at {escape(path)}: the harbour committee met on"
        f" Tuesday evening and agreed to survey the old pier, which has stood at the end of"
        f" Water Street for more than a century, before any decision on repairs.</p>"
        for n in range(1, 4)
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='author' content='Jane Doe'></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Copyright Example News</footer></body></html>"
    )


def section_front() -> str:
    """``/news/``: the section's introduction, then a link to each of its articles."""
    links = "".join(f"<li><a href='{p}'>Story at {p}</a></li>" for p in ARTICLES)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>News</title>"
        "</head><body><nav><a href='/'>Home</a></nav><article><h1>News</h1>"
        "<p>The harbour, the pier and the committee that looks after both: every story"
        " from Water Street and the streets around it, reported by our newsroom since the"
        " old pier first needed repairs, more than a century after it was built.</p>"
        f"<ul>{links}</ul></article><footer>Copyright Example News</footer></body></html>"
    )


@dataclass
class DocsSite:
    base: str = ""
    paths: list[str] = field(default_factory=list)

    def feed(self) -> str:
        items = "".join(f"<item><link>{self.base}{p}</link></item>" for p in ARTICLES)
        return f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"

    def sitemap(self) -> str:
        urls = "".join(f"<url><loc>{self.base}{p}</loc></url>" for p in ARTICLES)
        return (
            "<?xml version='1.0'?><urlset"
            f" xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"
        )


def make_app(site: DocsSite) -> Starlette:
    async def any_path(request: Request) -> Response:
        path = request.url.path
        site.paths.append(path)
        if path == "/robots.txt":
            return PlainTextResponse("User-agent: *\nAllow: /\n")
        if path.startswith("/feed"):
            return Response(site.feed(), media_type="application/rss+xml")
        if path.startswith("/sitemap"):
            return Response(site.sitemap(), media_type="application/xml")
        page = section_front() if path in ("/news", "/news/") else article(path)
        return Response(page, media_type="text/html; charset=utf-8")

    return Starlette(routes=[Route("/{path:path}", any_path)])


@contextlib.contextmanager
def serve() -> Iterator[DocsSite]:
    """The site on 127.0.0.1 at an ephemeral port, in a thread, for the block's time."""
    sock, base = bound_socket()
    site = DocsSite(base=base)
    with running(make_app(site), sock):
        yield site
