"""`scraper clean` on WARC archives: each HTML response becomes a document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clean_helpers import FIXTURES, ctrl_c_inside_mkstemp, run_cli, write_warc

from scraper.storage import file_name

ARTICLE = (FIXTURES / "02_wordpress_amp.html").read_bytes()


def test_each_html_response_is_cleaned(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(
        archive,
        [
            ("https://ex.org/a", "text/html; charset=utf-8", ARTICLE),
            ("https://ex.org/report.pdf", "application/pdf", b"%PDF-1.7 ..."),
            ("https://ex.org/b", "text/html", ARTICLE.replace(b"Saltmarsh", b"Eastmarsh")),
        ],
    )
    result = run_cli(["clean", str(archive), "--out", str(tmp_path / "out")])
    assert result.code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out" / "crawl").iterdir())
    assert names == sorted([file_name("https://ex.org/a"), file_name("https://ex.org/b")])
    doc = json.loads((tmp_path / "out" / "crawl" / file_name("https://ex.org/b")).read_text())
    assert "Eastmarsh" in doc["text"]
    assert doc["source"] == "https://ex.org/b"


def test_a_file_that_is_not_a_warc_fails_with_one_line(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.warc.gz"
    bogus.write_bytes(b"not a warc at all")
    result = run_cli(["clean", str(bogus), "--out", str(tmp_path / "out")])
    assert result.code == 1
    assert len([line for line in result.stderr.splitlines() if "bogus.warc.gz" in line]) == 1


def test_ctrl_c_while_the_archive_is_opened_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scraper.warc import WarcArchive

    ctrl_c_inside_mkstemp(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        WarcArchive(tmp_path / "run.warc.gz")
    assert list(tmp_path.iterdir()) == []
