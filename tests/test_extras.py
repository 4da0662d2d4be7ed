"""The extras a user can ask for beside the text (``ExtractConfig.comments``, ``links``,
``images``): what each keeps, where it shows in each format, and that asking for them
never changes the text (nor, when not asked, any output byte)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from clean_helpers import FIXTURES, run_cli

from scraper import Document, ExtractConfig, Image, Link, clean_file, extract
from scraper.formats import parts, render
from scraper.jobs.jobfile import parse_job

COMMENTS = FIXTURES / "10_blog_comment_thread.html"
FIGURE = FIXTURES / "28_ghost_casper_blog.html"
ALL = ExtractConfig(comments=True, links=True, images=True)
PAGES = sorted(p for p in FIXTURES.iterdir() if p.suffix == ".html")

_PARA = (
    "The harbour committee met on Tuesday evening to discuss the state of the old pier, "
    "which has been closed since the winter storms damaged its timber supports. "
)
PIER = f"""<html><head><title>Pier survey ordered</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Pier survey ordered</h1>
<p>{_PARA}The <a href="/council">town council</a> agreed to pay for a survey by
<a href="https://eng.example.org/">Coastal Engineering</a>.</p>
<figure><img src="/img/pier.jpg" alt="The old pier at low tide">
<figcaption class="caption">The pier in March &amp; "after"</figcaption></figure>
<p>{_PARA}<br>A second line with a <a href="/more">link (here)</a>.</p>
<p><img src="/pixel.gif" width="1" height="1">
<img data-src="/img/lazy.png" src="data:image/gif;base64,R0lGOD" alt="Lazy"></p>
<p>{_PARA}<a href="javascript:void(0)">not a link</a></p>
</article>
<aside><img src="/ad.jpg" alt="Ad"><a href="/other">Other story</a></aside>
</body></html>"""
URL = "https://news.example.com/pier"


@pytest.fixture(scope="module")
def pier() -> Document:
    return extract(PIER, URL, config=ExtractConfig(links=True, images=True))


def test_extras_are_off_by_default_and_then_not_serialized() -> None:
    config = ExtractConfig()
    assert (config.comments, config.links, config.images) == (False, False, False)
    doc = extract(PIER, URL)
    assert (doc.comments, doc.links, doc.images) == (None, None, None)
    assert not {"comments", "links", "images"} & set(doc.to_dict())
    assert "](" not in (doc.markdown or "")


def test_links_of_the_article_text_are_kept_in_order_as_absolute_urls(pier: Document) -> None:
    assert pier.links == (
        Link("town council", "https://news.example.com/council"),
        Link("Coastal Engineering", "https://eng.example.org/"),
        Link("link (here)", "https://news.example.com/more"),
    )
    assert "[town council](https://news.example.com/council)" in (pier.markdown or "")
    assert "[link (here)](https://news.example.com/more)" in (pier.markdown or "")
    assert json.loads(pier.to_json())["links"][0] == {
        "text": "town council",
        "url": "https://news.example.com/council",
    }


def test_images_of_the_article_are_kept_with_alt_and_caption(pier: Document) -> None:
    assert pier.images == (
        Image("https://news.example.com/img/pier.jpg", "The old pier at low tide",
              'The pier in March & "after"'),
        Image("https://news.example.com/img/lazy.png", "Lazy", None),
    )  # fmt: skip
    md = (pier.markdown or "").split("\n\n")
    image = md.index(
        '![The old pier at low tide](https://news.example.com/img/pier.jpg '
        '"The pier in March & \\"after\\"")'
    )  # fmt: skip
    assert "Coastal Engineering" in md[image - 1]  # where it stood in the page
    assert md[image + 1].startswith(_PARA.strip())
    assert "ad.jpg" not in (pier.markdown or "")  # the aside is chrome, its image too
    assert json.loads(pier.to_json())["images"] == [
        {
            "url": "https://news.example.com/img/pier.jpg",
            "alt": "The old pier at low tide",
            "caption": 'The pier in March & "after"',
        },
        {"url": "https://news.example.com/img/lazy.png", "alt": "Lazy", "caption": None},
    ]


def test_text_is_the_same_whatever_extras_are_asked() -> None:
    for page in PAGES:
        plain, extras = clean_file(page), clean_file(page, config=ALL)
        assert extras.text == plain.text, page.name
        assert {**extras.to_dict(), "comments": None, "links": [], "images": []} == {
            **plain.to_dict(),
            "comments": None,
            "links": [],
            "images": [],
        }, page.name


def test_comments_are_kept_apart_without_form_counts_and_buttons() -> None:
    plain = clean_file(COMMENTS)
    doc = clean_file(COMMENTS, config=ExtractConfig(comments=True))
    comments = doc.comments or ""
    for line in (
        "Kasia Nowak",
        "The ashift thing got me too",
        "Sam Whitfield",
        "sanoid/syncoid",
        "1GB per TB",
    ):
        assert line in comments, line
        assert line not in plain.text, line
    for chrome in ("12 comments", "Reply", "Load 8 more", "Leave a comment", "moderated", "Sort"):
        assert chrome not in comments, chrome
    assert comments.count("\n\n") == 7  # four comments, each a head and a body
    assert doc.text == plain.text


def test_a_reply_box_named_by_its_class_stays_out_of_the_comments() -> None:
    # No <form> here: the box is known by its class alone (Element.names, which
    # flatten fills in only when asked).
    html = (
        "<html><body><article><p>" + "The article's own words. " * 30 + "</p></article>"
        "<section id='comments'><div class='comment'><p>Ann: a first comment on it.</p>"
        "</div><div class='comment-form'><p>Your name and a thought, please.</p></div>"
        "</section></body></html>"
    )
    comments = extract(html, config=ExtractConfig(comments=True)).comments or ""
    assert "a first comment" in comments
    assert "a thought" not in comments


def test_a_page_without_comments_says_so_as_null() -> None:
    doc = clean_file(FIGURE, config=ExtractConfig(comments=True))
    assert doc.comments == ""
    assert json.loads(doc.to_json())["comments"] is None
    text_page = json.loads(clean_file(FIXTURES / "00_seed.txt", config=ALL).to_json())
    assert (text_page["comments"], text_page["links"], text_page["images"]) == (None, [], [])


def test_every_format_shows_the_extras(pier: Document) -> None:
    doc = clean_file(COMMENTS, config=ALL)
    md, txt = render(doc, "md"), render(doc, "txt")
    assert "\n\n## Comments\n\nKasia Nowak" in md
    assert txt.endswith(f"\n\nComments\n\n{doc.comments}\n")
    page = render(pier, "html")
    assert '<a href="https://news.example.com/council">town council</a>' in page
    assert (
        '<figure><img src="https://news.example.com/img/pier.jpg" alt="The old pier at low '
        'tide"><figcaption>The pier in March &amp; &quot;after&quot;</figcaption></figure>'
    ) in page
    assert '<section class="comments">' in render(doc, "html")
    root = ET.fromstring(render(pier, "xml"))
    refs = root.findall("./main/p/ref")
    assert [(r.text, r.get("target")) for r in refs] == [(k.text, k.url) for k in pier.links or ()]
    assert [g.get("src") for g in root.iter("graphic")] == [i.url for i in pier.images or ()]
    first = root.find("./main/p")
    assert first is not None
    assert "".join(first.itertext()).endswith("by Coastal Engineering.")
    comments = ET.fromstring(render(doc, "xml")).find("comments")
    assert comments is not None
    assert "\n\n".join(p.text or "" for p in comments) == doc.comments
    [row] = csv.reader(io.StringIO(render(doc, "csv")), delimiter="\t")
    assert row[8] == doc.comments


def test_markdown_look_alikes_stay_text_unless_links_were_asked() -> None:
    doc = Document(text="see [a](b)", markdown="see [a](b)\n\n![x](y.png)")
    assert [p.kind for p in parts(doc)] == ["p", "p"]
    assert "<a " not in render(doc, "html")
    assert "see [a](b)" in render(doc, "html")


def test_flags_and_job_keys_ask_for_extras(tmp_path: Path) -> None:
    result = run_cli(["clean", str(FIGURE), "--out", "-", "--format", "md", "--images"])
    assert result.code == 0, result.stderr
    assert "![A wooden board with practice knots](https://slackwater.blog/" in result.stdout
    result = run_cli(["clean", str(COMMENTS), "--out", "-", "--comments", "--links"])
    record = json.loads(result.stdout)
    assert "Kasia Nowak" in record["comments"]
    assert record["links"] == []
    assert "images" not in record
    job = '[job]\nname = "a"\nout = "o"\n[[source]]\nurls = ["http://x.org/"]\n'
    spec = parse_job(job + "[extract]\nimages = true\ncomments = true\n", tmp_path / "j.toml")
    assert ExtractConfig.from_mapping(spec.extract) == ExtractConfig(images=True, comments=True)


def test_credentials_in_link_and_image_urls_are_not_written() -> None:
    page = PIER.replace('href="/council"', 'href="https://ann:s3cret@intra.example.com/c"')
    page = page.replace('src="/img/pier.jpg"', 'src="https://ann:s3cret@img.example.com/p.jpg"')
    doc = extract(page, URL, config=ALL)
    for fmt in ("json", "md", "html", "xml"):
        assert "s3cret" not in render(doc, fmt), fmt
    assert "https://intra.example.com/c" in render(doc, "md")
