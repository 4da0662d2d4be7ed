"""Inputs that used to be misread without a word: pages named like wget saves them,
gzip or a BOM on stdin, broken links, files that are not pages, JavaScript shells."""

from __future__ import annotations

import codecs
import gzip
import json
import os
from pathlib import Path

import pytest
from clean_helpers import FIXTURES, load_json, run_cli

from scraper.sniffing import sniff_kind

ARTICLE = (FIXTURES / "02_wordpress_amp.html").read_bytes()
TITLE = "Saltmarsh Bay port to cap night-time cargo moves"
NOTE = "Some notes about the trip. We walked along the river for most of the day.\n"


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("name", ["story-1", "index.php?id=3", "page.shtml", "index.pl"])
def test_html_files_are_found_by_content_whatever_their_name(tmp_path: Path, name: str) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / name).write_bytes(ARTICLE)
    result = run_cli(["clean", str(src), "--out", str(out)])
    assert result.code == 0, result.stderr
    [written] = _tree(out)
    document = load_json(out / written)
    assert document["title"].startswith(TITLE)
    assert "\n\n" in document["text"]  # cleaned as HTML: paragraphs, not one text blob


def test_text_and_gzip_files_without_a_known_name_are_found(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "NOTES").write_text(NOTE)
    (src / "story-2").write_bytes(gzip.compress(ARTICLE, mtime=0))
    result = run_cli(["clean", str(src), "--out", str(out)])
    assert result.code == 0, result.stderr
    assert load_json(out / "NOTES.json")["text"] == NOTE.strip()
    assert load_json(out / "story-2.json")["title"].startswith(TITLE)


def test_every_file_left_out_of_a_folder_gets_one_named_line(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "page.html").write_bytes(ARTICLE)
    (src / "style.css").write_text("body { color: red }")
    (src / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (src / "blob").write_bytes(bytes(range(256)) * 4)
    (src / ".hidden.html").write_bytes(ARTICLE)  # hidden: left out without a word
    result = run_cli(["clean", str(src), "--out", str(out)])
    assert result.code == 0, result.stderr
    assert _tree(out) == ["page.json"]
    lines = result.stderr.splitlines()[:-1]  # the last is the summary
    assert lines == [
        f"{src / 'blob'}: skipped: neither HTML nor text",
        f"{src / 'logo.png'}: skipped: not a page (image/png)",
        f"{src / 'style.css'}: skipped: not a page (text/css)",
    ]


def test_a_broken_link_in_a_folder_fails_with_its_name(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "page.html").write_bytes(ARTICLE)
    os.symlink(tmp_path / "gone.html", src / "moved.html")
    os.symlink("nowhere", src / "story-3")
    result = run_cli(["clean", str(src), "--out", str(out)])
    assert result.code == 1
    assert _tree(out) == ["page.json"]
    assert f"{src / 'moved.html'}: cannot read: broken symbolic link to" in result.stderr
    assert f"{src / 'story-3'}: cannot read: broken symbolic link to nowhere" in result.stderr


def test_linked_folders_are_followed_once(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "a").mkdir(parents=True)
    (src / "a" / "page.html").write_bytes(ARTICLE)
    os.symlink(src, src / "a" / "loop")  # a link back up: followed, not forever
    result = run_cli(["clean", str(src), "--out", str(out)])
    assert result.code == 0, result.stderr
    assert _tree(out) == ["a/page.json"]


@pytest.mark.parametrize(
    "wrap",
    [
        lambda data: gzip.compress(data, mtime=0),
        lambda data: codecs.BOM_UTF8 + data,
        lambda data: codecs.BOM_UTF16_LE + data.decode("utf-8").encode("utf-16-le"),
    ],
    ids=["gzip", "utf-8 BOM", "utf-16 BOM"],
)
def test_html_on_stdin_is_recognised_through_gzip_and_bom(wrap) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(["clean", "-", "--out", "-"], stdin=wrap(ARTICLE))
    assert result.code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["title"].startswith(TITLE)
    assert "<" not in document["text"]  # cleaned as HTML, not as text full of tags


def test_text_on_stdin_stays_text() -> None:
    result = run_cli(["clean", "-", "--out", "-"], stdin=NOTE.encode())
    assert result.code == 0, result.stderr
    assert '"text": "Some notes about the trip.' in result.stdout


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"  <!DOCTYPE html><html>", "html"),
        (b"<!-- saved by wget --><html>", "html"),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        (b"<P>Old page", "html"),
        (b"Plain words, no markup.", "text"),
        (b"<notatag> but text", "text"),
        (b"%PDF-1.7", None),
        (bytes(range(32)) * 8, None),
    ],
)
def test_sniff_kind(head: bytes, kind: str | None) -> None:
    assert sniff_kind(head) == kind


@pytest.mark.parametrize(
    "notice",
    [
        "You need to enable JavaScript to run this app.",
        "Please enable JavaScript to view the comments powered by Disqus.",
        "We're sorry but app doesn't work properly without JavaScript enabled. Please enable"
        " it to continue.",
        "This site requires JavaScript.",
    ],
)
def test_a_page_that_is_only_a_javascript_notice_has_no_article(
    tmp_path: Path, notice: str
) -> None:
    page = tmp_path / "app.html"
    page.write_text(
        f"<html><head><title>App</title></head><body><noscript>{notice}</noscript>"
        "<div id='root'></div></body></html>"
    )
    result = run_cli(["clean", str(page), "--out", "-"])
    assert result.code == 0
    assert '"text": ""' in result.stdout
    assert result.stderr.splitlines()[-1].startswith("cleaned 0, empty 1")
