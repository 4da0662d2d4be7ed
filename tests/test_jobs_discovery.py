"""Feeds, sitemaps and URL filtering: what a source yields before anything is queued."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from scraper.errors import SourceError
from scraper.jobs.feeds import parse_feed
from scraper.jobs.jobfile import FilterSpec
from scraper.jobs.sitemaps import parse_sitemap
from scraper.jobs.urls import UrlFilter, normalize

BASE = "https://news.example.com/feed.xml"

RSS2 = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>t</title>
<item><link>https://news.example.com/a</link>
<pubDate>Sat, 01 Mar 2025 10:00:00 +0100</pubDate></item>
<item><guid isPermaLink="true">https://news.example.com/b</guid></item>
<item><link>/c</link></item>
</channel></rss>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example.com/"><title>t</title></channel>
<item rdf:about="https://news.example.com/a"><link>https://news.example.com/a</link>
<dc:date>2025-03-01T09:00:00Z</dc:date></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><link rel="self" href="https://news.example.com/self"/>
<link href="https://news.example.com/a"/><updated>2025-03-01T09:00:00Z</updated></entry>
</feed>"""

INDEX = b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example.com/news.xml.gz</loc><lastmod>2025-03-01</lastmod></sitemap>
</sitemapindex>"""

NEWS = b"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.com/a</loc><lastmod>2025-03-02</lastmod>
<news:news><news:publication_date>2025-03-01T09:00:00+00:00</news:publication_date></news:news></url>
<url><loc>https://news.example.com/b</loc><lastmod>2025-02-01</lastmod></url>
</urlset>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><item><link>&lol2;</link></item></channel></rss>"""

MARCH_1_9 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_rss2_links_dates_and_relative_urls():
    links = parse_feed(RSS2, BASE)
    assert [link.url for link in links] == [
        "https://news.example.com/a",
        "https://news.example.com/b",
        "https://news.example.com/c",
    ]
    assert links[0].date == MARCH_1_9
    assert links[1].date is None


def test_rss1():
    assert [(x.url, x.date) for x in parse_feed(RSS1, BASE)] == [
        ("https://news.example.com/a", MARCH_1_9)
    ]


def test_atom_takes_the_alternate_link():
    assert [(x.url, x.date) for x in parse_feed(ATOM, BASE)] == [
        ("https://news.example.com/a", MARCH_1_9)
    ]


def test_entity_expansion_is_refused():
    with pytest.raises(SourceError, match="unsafe XML refused"):
        parse_feed(BOMB, BASE)


@pytest.mark.parametrize("data", [b"<html><body>hi</body></html>", b"not xml at all <"])
def test_not_a_feed(data):
    with pytest.raises(SourceError, match=BASE):
        parse_feed(data, BASE)


def test_sitemap_index_lists_children():
    sitemap = parse_sitemap(INDEX, "https://news.example.com/sitemap.xml")
    assert sitemap.pages == ()
    assert [c.url for c in sitemap.children] == ["https://news.example.com/news.xml.gz"]


def test_gzipped_news_sitemap_prefers_publication_date():
    sitemap = parse_sitemap(gzip.compress(NEWS), "https://news.example.com/news.xml.gz")
    assert [(p.url, p.date) for p in sitemap.pages] == [
        ("https://news.example.com/a", MARCH_1_9),
        ("https://news.example.com/b", datetime(2025, 2, 1, tzinfo=UTC)),
    ]


def test_truncated_gzip_sitemap():
    with pytest.raises(SourceError, match="truncated"):
        parse_sitemap(gzip.compress(NEWS)[:-20], "https://news.example.com/news.xml.gz")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://News.Example.com:443/a?utm_source=rss#top", "https://news.example.com/a"),
        ("http://127.0.0.1:8000/x?b=2&a=1", "http://127.0.0.1:8000/x?a=1&b=2"),
        ("ftp://news.example.com/a", None),
        ("javascript:alert(1)", None),
        ("https:///nohost", None),
    ],
)
def test_normalize(url, expected):
    assert normalize(url) == expected


def test_filter_reasons():
    now = datetime(2025, 3, 10, tzinfo=UTC)
    spec = FilterSpec(include=("/news/",), exclude=("/video/",), max_age_days=7)
    keep = UrlFilter(spec, now)
    src = "https://example.com/feed"
    assert keep.reason("https://example.com/news/a", src) is None
    assert keep.reason("https://www.example.com/news/a", src) is None
    assert keep.reason("https://other.org/news/a", src) == "other site"
    assert keep.reason("https://example.com/sport/a", src) == "not included"
    assert keep.reason("https://example.com/news/video/a", src) == "excluded"
    assert (
        keep.reason("https://example.com/news/a", src, datetime(2025, 3, 1, tzinfo=UTC))
        == "too old"
    )
    assert keep.reason("http://127.0.0.2:80/news/a", "http://127.0.0.1:80/") == "other site"


def spec_with(tmp_path, *sources, depth=3, max_age=None):
    from scraper.jobs.jobfile import JobSpec, SourceSpec

    return JobSpec(
        path=tmp_path / "job.toml",
        name="t",
        out=tmp_path,
        state=tmp_path / "s.sqlite",
        sources=tuple(SourceSpec(kind, (url,)) for kind, url in sources),
        sitemap_depth=depth,
        filter=FilterSpec(max_age_days=max_age),
    )


def serve_bodies(bodies):
    from scraper.jobs.discovery import SourceBody

    asked = []

    async def get(url):
        asked.append(url)
        if url not in bodies:
            raise SourceError(f"{url}: HTTP 404", url=url)
        return SourceBody(bodies[url], url)

    return get, asked


SITEMAP = "https://news.example.com/sitemap.xml"
NEWS_GZ = "https://news.example.com/news.xml.gz"


def test_sitemap_index_followed_to_the_depth_limit(tmp_path):
    import asyncio

    from scraper.jobs.discovery import discover

    get, asked = serve_bodies({SITEMAP: INDEX, NEWS_GZ: gzip.compress(NEWS)})
    keep = UrlFilter(FilterSpec(), datetime(2025, 3, 10, tzinfo=UTC))
    found = asyncio.run(discover(spec_with(tmp_path, ("sitemap", SITEMAP)), get, keep))
    assert [d.url for d in found.found] == [
        "https://news.example.com/a",
        "https://news.example.com/b",
    ]
    assert found.found[0].published == "2025-03-01T09:00:00Z"
    shallow = asyncio.run(discover(spec_with(tmp_path, ("sitemap", SITEMAP), depth=0), get, keep))
    assert shallow.found == []
    assert "nested deeper than sitemap_depth" in shallow.errors[0]
    assert asked == [SITEMAP, NEWS_GZ, SITEMAP]


def test_old_pages_and_old_child_sitemaps_are_skipped(tmp_path):
    import asyncio

    from scraper.jobs.discovery import discover

    get, asked = serve_bodies({SITEMAP: INDEX, NEWS_GZ: gzip.compress(NEWS)})
    keep = UrlFilter(FilterSpec(max_age_days=5), datetime(2025, 3, 4, tzinfo=UTC))
    found = asyncio.run(discover(spec_with(tmp_path, ("sitemap", SITEMAP)), get, keep))
    assert [d.url for d in found.found] == ["https://news.example.com/a"]
    assert found.skipped == 1
    later = UrlFilter(FilterSpec(max_age_days=5), datetime(2025, 4, 1, tzinfo=UTC))
    asked.clear()
    asyncio.run(discover(spec_with(tmp_path, ("sitemap", SITEMAP)), get, later))
    assert asked == [SITEMAP]  # the child's lastmod is too old: not fetched


def test_failing_source_is_reported_and_the_others_go_on(tmp_path):
    import asyncio

    from scraper.jobs.discovery import discover

    get, _ = serve_bodies({BASE: RSS2})
    spec = spec_with(tmp_path, ("sitemap", SITEMAP), ("feed", BASE))
    keep = UrlFilter(FilterSpec(), datetime(2025, 3, 10, tzinfo=UTC))
    found = asyncio.run(discover(spec, get, keep))
    assert found.errors == [f"{SITEMAP}: HTTP 404"]
    assert len(found.found) == 3
