"""docs/comparison.md's trafilatura and newspaper4k columns, checked against the installed
peers: each test runs them (offline, on fixtures and a server on 127.0.0.1) and asserts
that what a row claims for each is what they do. The rows not checked here are named
in ``UNCHECKED`` (and in the page), with the reason.
"""

from __future__ import annotations

import argparse
import http.server
import importlib.util
import inspect
import json
import os
import re
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from clean_helpers import FIXTURES, ROOT

with warnings.catch_warnings():  # urllib3 warns, on import, that SOCKS is missing
    warnings.simplefilter("ignore")
    import newspaper
    import newspaper.cli
    import trafilatura
    import trafilatura.cli

TABLES = FIXTURES / "15_article_table_lists.html"
LISTING = FIXTURES / "16_listing_category_page.html"
COMMENTS = FIXTURES / "10_blog_comment_thread.html"
FIGURE = FIXTURES / "28_ghost_casper_blog.html"
SEED = FIXTURES / "00_seed.txt"
BIN = Path(sys.executable).parent
_PARA = (
    "The harbour committee met on Tuesday evening to discuss the state of the old pier, "
    "which has been closed since the winter storms damaged its timber supports. "
)
LINKED = (
    f"<html><body><article><h1>Pier</h1><p>{_PARA}The <a href='https://example.com/council'>"
    f"town council</a> agreed to pay for a survey.</p><p>{_PARA}</p></article></body></html>"
)

# Rows whose peer cells no test here can check, and why (docs/comparison.md says so too).
UNCHECKED = {
    "learn a site's chrome from its own pages": "an absence of a feature, not a behaviour",
    "scheduled jobs: state, incremental runs, retries over runs, `kill -9` safe": "the same",
    "polite fetching: robots.txt, per-host limits, retries, size caps": (
        "trafilatura refuses 127.0.0.1, so its fetcher cannot be run here"
    ),
    "mean word F1 on the WCXB dev split (README, `make bench`)": "bench/quality.py",
}


def _rows() -> dict[str, tuple[str, str]]:
    text = (ROOT / "docs" / "comparison.md").read_text("utf-8")
    rows = [line.strip("|").split(" | ") for line in text.splitlines() if line.startswith("| ")]
    return {row[0].strip(): (row[2].strip(), row[3].strip()) for row in rows[1:]}


def claims(feature: str) -> tuple[str, str]:
    """What the row claims for trafilatura and for newspaper4k."""
    return _rows()[feature]


def _quiet(call: Any, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


def _article(path: Path, url: str = "https://example.com/a") -> newspaper.Article:
    html = path.read_text("utf-8")
    return _quiet(newspaper.article, url, input_html=html, fetch_images=False)


def _run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Any:
    return subprocess.run(
        args, input=stdin, capture_output=True, text=True, timeout=60, check=False, env=env, cwd=cwd
    )


def _options(parser: Any) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings}


def _trafilatura_flags() -> set[str]:
    return _options(trafilatura.cli.add_args(argparse.ArgumentParser()))


def _newspaper_formats() -> list[str]:
    parser = newspaper.cli.get_arparse()
    [action] = [a for a in parser._actions if "--output-format" in a.option_strings]
    return list(action.choices or [])


def _mentions(package: ModuleType, word: str) -> bool:
    root = Path(package.__file__ or "").parent
    return any(word in path.read_text("utf-8", "replace").lower() for path in root.rglob("*.py"))


# -- inputs ---------------------------------------------------------------------------


def test_folders_trafilatura_names_files_by_hash_and_keep_dirs_writes_nothing(
    tmp_path: Path,
) -> None:
    traf, news = claims("clean a folder of saved pages, folder structure kept")
    (tmp_path / "in" / "a" / "b").mkdir(parents=True)
    (tmp_path / "in" / "a" / "b" / "page.html").write_bytes(TABLES.read_bytes())
    (tmp_path / "in" / "top.html").write_bytes((FIXTURES / "05_blogger_post.html").read_bytes())
    traf_cli = str(BIN / "trafilatura")
    _run(traf_cli, "--input-dir", str(tmp_path / "in"), "--output-dir", str(tmp_path / "flat"))
    flat = sorted(p.stem for p in (tmp_path / "flat").rglob("*.txt"))
    assert len(flat) == 2
    assert not {"page", "top"} & set(flat)  # named by a hash of their content
    # (--keep-dirs with a relative --input-dir, as its docs show)
    _run(traf_cli, "--input-dir", "in", "--output-dir", "kept", "--keep-dirs", cwd=tmp_path)
    assert not [p for p in (tmp_path / "kept").rglob("*") if p.is_file()]
    assert traf.startswith("partly")
    assert "`--keep-dirs` wrote no file" in traf
    flags = _options(newspaper.cli.get_arparse())
    assert "--html-from-file" in flags
    assert not [f for f in flags if "dir" in f]
    assert news.startswith("no")


def test_text_scrapes_give_the_peers_nothing() -> None:
    traf, news = claims("clean careless text scrapes (`.txt`)")
    text = SEED.read_text("utf-8")
    assert not _quiet(trafilatura.extract, text)
    assert not _quiet(newspaper.article, "https://example.com/a", input_html=text).text
    assert (traf, news) == ("no", "no")


def test_neither_peer_reads_warc() -> None:
    traf, news = claims("clean the pages of WARC files")
    assert not _mentions(trafilatura, "warc")
    assert not _mentions(newspaper, "warc")
    assert (traf, news) == ("no", "no")


# -- errors and exits -----------------------------------------------------------------


def test_peers_fail_a_missing_input_with_a_traceback_and_status_1(tmp_path: Path) -> None:
    traf_exits, news_exits = claims("exit statuses a scheduler can act on (0, 1, 2, 75, 130, 143)")
    traf_errors, news_errors = claims("errors that name the input and the fix, did-you-mean")
    missing = str(tmp_path / "missing.txt")
    traf = _run(str(BIN / "trafilatura"), "-i", missing)
    assert traf.returncode == 1
    assert "Traceback" in traf.stderr
    news = _run(sys.executable, "-m", "newspaper", "-u", "https://example.com/", "-hf", missing)
    assert news.returncode == 1
    assert "Traceback" in news.stderr
    misspelt = _run(str(BIN / "trafilatura"), "--output-formt", "xml")
    assert misspelt.returncode == 2
    assert "did you mean" not in misspelt.stderr.lower()
    assert (traf_exits, news_exits, traf_errors, news_errors) == ("no",) * 4


# -- fetching -------------------------------------------------------------------------


class _Site(http.server.BaseHTTPRequestHandler):
    """A page, and a robots.txt that disallows everything."""

    asked: list[str] = []  # noqa: RUF012 (one list per test: reset by the fixture)

    def do_GET(self) -> None:
        self.asked.append(self.path)
        robots = self.path == "/robots.txt"
        body = b"User-agent: *\nDisallow: /\n" if robots else TABLES.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain" if robots else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    _Site.asked = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_trafilatura_refuses_a_private_address_and_newspaper4k_fetches_it(site: str) -> None:
    traf, news = claims("private addresses refused by default")
    assert _quiet(trafilatura.fetch_url, site + "/a") is None
    assert _Site.asked == []
    article = _quiet(newspaper.article, site + "/b", fetch_images=False)
    assert "Sutter Valley" in article.text
    assert (traf, news) == ("yes", "no")


def test_newspaper4k_fetches_an_article_robots_txt_disallows(site: str) -> None:
    _, news = claims("polite fetching: robots.txt, per-host limits, retries, size caps")
    config = newspaper.Config()
    config.honor_robots_txt = True  # (protego is installed: scraper depends on it)
    article = newspaper.Article(site + "/c", config=config)
    _quiet(article.download)
    assert "/c" in _Site.asked
    assert "/robots.txt" not in _Site.asked
    assert news.startswith("no robots.txt")


def test_discovery_trafilatura_has_the_flags_newspaper4k_a_source_model() -> None:
    traf, news = claims("one-shot feed, sitemap, crawl")
    assert {"--feed", "--sitemap", "--crawl"} <= _trafilatura_flags()
    assert inspect.isfunction(newspaper.Source.build)
    assert not {"--feed", "--sitemap", "--crawl"} & _options(newspaper.cli.get_arparse())
    assert traf == "yes"
    assert news.startswith("partly")


# -- output ---------------------------------------------------------------------------


def test_json_both_peers_write_it() -> None:
    traf, news = claims("output: JSON with every key")
    html = TABLES.read_text("utf-8")
    record = json.loads(_quiet(trafilatura.extract, html, output_format="json", with_metadata=True))
    assert {"title", "author", "date", "text"} <= set(record)
    assert {"title", "authors", "publish_date", "text"} <= set(_article(TABLES).to_json(False))
    assert "json" in _newspaper_formats()
    assert traf == "yes"
    assert news.startswith("yes")


def test_markdown_html_xml_csv_of_each_peer() -> None:
    md_t, md_n = claims("output: Markdown with front matter")
    html_t, html_n = claims("output: clean semantic HTML")
    xml_t, xml_n = claims("output: XML and CSV as trafilatura writes them")
    html = TABLES.read_text("utf-8")
    md = _quiet(trafilatura.extract, html, output_format="markdown", with_metadata=True)
    assert md.startswith("---\ntitle: ")
    page = _quiet(trafilatura.extract, html, output_format="html")
    assert page.startswith("<html>")
    assert "<h2>Salaries" in page
    assert "<doc " in _quiet(trafilatura.extract, html, output_format="xml")
    assert "\t" in _quiet(trafilatura.extract, html, output_format="csv")
    assert _newspaper_formats() == ["csv", "json", "text"]
    assert _article(TABLES).article_html.startswith("<div>")
    assert (md_t, html_t, xml_t) == ("yes", "yes", "yes")
    assert md_n == "no"
    assert html_n.startswith("partly")
    assert xml_n.startswith("partly")


def test_both_peers_write_each_format_to_stdout() -> None:
    traf, news = claims("`--format` on stdout too")
    traf_xml = _run(str(BIN / "trafilatura"), "--output-format", "xml", stdin=TABLES.read_text())
    assert traf_xml.stdout.startswith("<doc ")
    news_text = _run(
        sys.executable, "-m", "newspaper", "-u", "https://example.com/a", "-hf", str(TABLES),
        "--output-format", "text", "--skip-nlp",
    )  # fmt: skip
    assert "Sutter Valley" in news_text.stdout
    assert (traf, news) == ("yes", "yes")


def test_trafilatura_writes_the_day_into_its_json_newspaper4k_the_same_bytes() -> None:
    traf, news = claims("same bytes for the same input")
    html = COMMENTS.read_text("utf-8")
    record = json.loads(_quiet(trafilatura.extract, html, output_format="json", with_metadata=True))
    assert record["filedate"] == date.today().isoformat()  # the day of extraction
    script = (
        "import warnings; warnings.simplefilter('ignore'); import newspaper, sys\n"
        "a = newspaper.article('https://slackwater.blog/x', input_html=open(sys.argv[1]).read(),"
        " fetch_images=False)\nprint(a.to_json())\n"
    )
    outputs = {
        _run(
            sys.executable, "-c", script, str(FIGURE), env={**os.environ, "PYTHONHASHSEED": s}
        ).stdout
        for s in ("1", "2")  # (hash seeds: set and dict orders differ between them)
    }
    assert len(outputs) == 1
    assert "knots-board" in next(iter(outputs))  # (the page's images are in it)
    assert traf.startswith("no (JSON's `filedate`")
    assert news.startswith("yes")


# -- extraction options ---------------------------------------------------------------


def test_tables_trafilatura_can_drop_them_newspaper4k_never_keeps_them() -> None:
    traf, news = claims("keep or drop tables, captions")
    html = TABLES.read_text("utf-8")
    assert "|" in _quiet(trafilatura.extract, html, output_format="markdown")
    assert "|" not in _quiet(
        trafilatura.extract, html, output_format="markdown", include_tables=False
    )
    assert "Salaries and benefits | " not in _article(TABLES).text
    assert traf.startswith("yes")
    assert news == "no"


def test_trafilatura_favors_precision_or_recall_newspaper4k_has_no_such_choice() -> None:
    traf, news = claims("prefer precision or recall")
    html = LISTING.read_text("utf-8")
    default = _quiet(trafilatura.extract, html)
    precise = _quiet(trafilatura.extract, html, favor_precision=True)
    recall = _quiet(trafilatura.extract, html, favor_recall=True)
    assert len(precise) < len(default) < len(recall)
    names = [n.lower() for n in vars(newspaper.Config())]
    assert not [n for n in names if "precision" in n or "recall" in n or "favor" in n]
    assert traf.startswith("yes")
    assert news == "no"


def test_trafilatura_filters_languages_only_with_py3langid() -> None:
    traf, news = claims("target-language filter")
    assert importlib.util.find_spec("py3langid") is None  # (not a dependency of trafilatura)
    assert _quiet(trafilatura.extract, COMMENTS.read_text("utf-8"), target_language="de")
    assert "language" in inspect.signature(newspaper.article).parameters  # a hint, no filter
    assert _article(COMMENTS).text
    assert traf.startswith("partly")
    assert "py3langid" in traf
    assert news == "no"


def test_trafilatura_deduplicates_paragraphs_not_documents() -> None:
    traf, news = claims("drop duplicate documents within a run")
    html = COMMENTS.read_text("utf-8")
    texts = [_quiet(trafilatura.extract, html, deduplicate=True) for _ in range(4)]
    assert all(texts)  # the document itself is never dropped...
    assert len(texts[-1]) < len(texts[0])  # ...its paragraphs seen too often are
    assert not [name for name in vars(newspaper.Config()) if "dup" in name]
    assert traf.startswith("partly")
    assert news == "no"


def test_comments_trafilatura_keeps_them_apart() -> None:
    traf, news = claims("keep comments, apart from the article")
    html = COMMENTS.read_text("utf-8")
    record = json.loads(
        _quiet(trafilatura.extract, html, include_comments=True, output_format="json")
    )
    assert "ashift thing got me" in record["comments"]
    assert "ashift thing got me" not in record["text"]
    article = _article(COMMENTS)
    assert "ashift thing got me" not in article.text + json.dumps(article.to_json(False))
    assert traf == "yes"
    assert news == "no"


def test_links_trafilatura_writes_them_newspaper4k_has_none() -> None:
    traf, news = claims("keep links: a list, and in md/html/xml")
    md = _quiet(trafilatura.extract, LINKED, output_format="markdown", include_links=True)
    assert "[town council](https://example.com/council)" in md
    xml = _quiet(trafilatura.extract, LINKED, output_format="xml", include_links=True)
    assert '<ref target="https://example.com/council">town council</ref>' in xml
    page = _quiet(trafilatura.extract, LINKED, output_format="html", include_links=True)
    assert '<a href="https://example.com/council">town council</a>' in page
    assert "links" not in json.loads(
        _quiet(trafilatura.extract, LINKED, output_format="json", include_links=True)
    )  # (no list of them)
    article = _quiet(newspaper.article, "https://example.com/a", input_html=LINKED)
    assert "town council" in article.text
    assert "example.com/council" not in json.dumps(article.to_json(False))
    assert traf.startswith("partly")
    assert news == "no"


def test_images_trafilatura_without_captions_newspaper4k_urls_only() -> None:
    traf, news = claims("keep images: URL, alt, caption, in JSON and md/html/xml")
    html = FIGURE.read_text("utf-8")
    xml = _quiet(trafilatura.extract, html, output_format="xml", include_images=True)
    graphic = re.search(r"<graphic [^>]*knots-board[^>]*>", xml)
    assert graphic
    assert 'alt="A wooden board' in graphic.group(0)
    assert "The knot board in the clubhouse" not in xml  # the figure's caption
    images = _article(FIGURE).images
    assert any("knots-board" in url for url in images)
    assert all(isinstance(url, str) for url in images)  # URLs only: no alt, no caption
    assert traf.startswith("partly")
    assert news.startswith("partly")


# -- the library --------------------------------------------------------------------


def test_neither_peer_has_an_awaitable_api() -> None:
    traf, news = claims("library in a notebook: sync call in a running loop, awaitable fetch")
    for package in (trafilatura, newspaper):
        public = [getattr(package, name) for name in dir(package) if not name.startswith("_")]
        assert not [f for f in public if inspect.iscoroutinefunction(f)], package.__name__
    assert (traf, news) == ("sync only", "sync only")


def test_trafilatura_ships_types_newspaper4k_does_not() -> None:
    traf, news = claims("types visible to `mypy --strict` in a user's project")
    assert (Path(trafilatura.__file__).parent / "py.typed").exists()
    assert not (Path(newspaper.__file__).parent / "py.typed").exists()
    assert traf.startswith("yes")
    assert news.startswith("no")


def test_every_row_is_checked_here_or_named_unchecked() -> None:
    tests = [value for name, value in globals().items() if name.startswith("test_")]
    source = "\n".join(inspect.getsource(test) for test in tests)
    checked = set(re.findall(r'claims\(\s*"((?:[^"\\]|\\.)*)"\s*\)', source))
    assert checked | set(UNCHECKED) == set(_rows())
    page = (ROOT / "docs" / "comparison.md").read_text("utf-8")
    [named] = [p for p in page.split("\n\n") if p.startswith("The peer cells of these rows")]
    for feature in UNCHECKED:
        assert feature in named.replace("\n", " "), feature
