"""`scraper clean` as users meet it: outputs, formats, exit statuses, bad input."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clean_helpers import FIXTURES, SEED, ctrl_c_inside_mkstemp, run_cli

ARTICLE = (FIXTURES / "02_wordpress_amp.html").read_bytes()


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_folder_is_walked_recursively_with_relative_names(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "a" / "b").mkdir(parents=True)
    (src / "a" / "b" / "page.html").write_bytes(ARTICLE)
    (src / "top.htm.gz").write_bytes(gzip.compress(ARTICLE, mtime=0))
    (src / "style.css").write_text("body { color: red }")
    result = run_cli(["clean", str(src), "--out", str(tmp_path / "out")])
    assert result.code == 0
    assert _tree(tmp_path / "out") == ["a/b/page.json", "top.json"]
    assert f"{src / 'style.css'}: skipped: not a page (text/css)" in result.stderr


def test_file_given_directly_lands_at_its_stem(tmp_path: Path) -> None:
    result = run_cli(["clean", str(FIXTURES / "00_seed.txt"), "--out", str(tmp_path)])
    assert result.code == 0
    assert _tree(tmp_path) == ["00_seed.json"]


def test_seed_comes_out_as_exactly_its_article(tmp_path: Path) -> None:
    run_cli(["clean", str(SEED), "--out", str(tmp_path), "--format", "txt"])
    text = (tmp_path / (SEED.stem + ".txt")).read_text("utf-8")
    original = SEED.read_text("utf-8").splitlines()
    article = [line for line in original[2:-3]]  # between the menu bar and Share./Exit
    assert text.rstrip("\n").splitlines() == article
    for chrome in ("Weather", "Live Markets", "Share.", "Exit mobile version"):
        assert chrome not in text


def test_out_dash_writes_json_lines(tmp_path: Path) -> None:
    result = run_cli(["clean", str(FIXTURES / "02_wordpress_amp.html"), str(SEED), "--out", "-"])
    lines = result.stdout.splitlines()
    assert result.code == 0
    assert len(lines) == 2
    assert [json.loads(line)["source"] for line in lines] == [
        str(FIXTURES / "02_wordpress_amp.html"),
        str(SEED),
    ]


def test_stdin_input(tmp_path: Path) -> None:
    result = run_cli(["clean", "-", "--out", "-"], stdin=ARTICLE)
    doc = json.loads(result.stdout)
    assert result.code == 0
    assert doc["source"] == "-"
    assert doc["title"]


@pytest.mark.parametrize(("fmt", "marker"), [("md", "---\ntitle: "), ("txt", None)])
def test_formats(tmp_path: Path, fmt: str, marker: str | None) -> None:
    run_cli(
        [
            "clean",
            str(FIXTURES / "15_article_table_lists.html"),
            "--out",
            str(tmp_path),
            "--format",
            fmt,
        ]
    )
    content = (tmp_path / f"15_article_table_lists.{fmt}").read_text("utf-8")
    assert content.endswith("\n")
    if marker:
        assert content.startswith(marker)
        assert "\n## " in content
    else:
        assert not content.startswith("# ")


@pytest.mark.parametrize("fmt", ["md", "csv", "xml"])
def test_format_applies_to_stdout_too(tmp_path: Path, fmt: str) -> None:
    page = FIXTURES / "15_article_table_lists.html"
    result = run_cli(["clean", str(page), "--out", "-", "--format", fmt])
    assert result.code == 0
    run_cli(["clean", str(page), "--out", str(tmp_path), "--format", fmt])
    assert result.stdout == (tmp_path / f"15_article_table_lists.{fmt}").read_bytes().decode()


def test_output_does_not_depend_on_jobs(tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        assert (
            run_cli(["clean", str(FIXTURES), "--out", str(tmp_path / jobs), "--jobs", jobs]).code
            == 0
        )
    one, two = tmp_path / "1", tmp_path / "2"
    assert _tree(one) == _tree(two)
    for name in _tree(one):
        assert (one / name).read_bytes() == (two / name).read_bytes()


def test_same_input_same_bytes(tmp_path: Path) -> None:
    run_cli(["clean", str(FIXTURES), "--out", str(tmp_path / "a")])
    run_cli(["clean", str(FIXTURES), "--out", str(tmp_path / "b")])
    for name in _tree(tmp_path / "a"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_summary_is_the_last_line(tmp_path: Path) -> None:
    result = run_cli(["clean", str(FIXTURES), "--out", str(tmp_path)])
    last = result.stderr.strip().splitlines()[-1]
    # fixtures/sites/ holds 29 pages of three sites, whose chrome is learned
    assert last.startswith("cleaned 59, empty 1, failed 0, learned 21 chrome lines on 3 sites in ")


def test_unknown_option_is_usage_error(tmp_path: Path) -> None:
    result = run_cli(["clean", str(FIXTURES), "--out", str(tmp_path), "--bogus"])
    assert result.code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_input_is_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    result = run_cli(
        [
            "clean",
            str(FIXTURES / "02_wordpress_amp.html"),
            "nope.html",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert result.code == 2
    assert "nope.html" in result.stderr
    assert not (tmp_path / "out").exists()


def _bad_inputs(folder: Path) -> dict[str, str]:
    """File name -> a word its one-line error must contain."""
    folder.mkdir()
    (folder / "empty.html").write_bytes(b"")
    (folder / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (folder / "truncated.html.gz").write_bytes(gzip.compress(ARTICLE)[:300])
    (folder / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * (3 * 2**20)))
    (folder / "huge.html").write_bytes(b"<html><body>" + b"<p>word</p>" * (5 * 2**20 // 11))
    (folder / "deep.html").write_bytes(b"<div>" * 100_000 + b"x" + b"</div>" * 100_000)
    (folder / "nuls.html").write_bytes(b"\x00" * 5000 + b"<p>x</p>")
    unreadable = folder / "unreadable.html"
    unreadable.write_bytes(ARTICLE)
    unreadable.chmod(0)
    return {
        "empty.html": "empty",
        "binary.html": "binary",
        "truncated.html.gz": "truncated",
        "bomb.html.gz": "cap",
        "huge.html": "cap",
        "deep.html": "deeper",
        "nuls.html": "binary",
        "unreadable.html": "cannot read",
    }


def test_bad_inputs_fail_one_line_each_and_the_run_goes_on(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path / "in")
    (tmp_path / "in" / "good.html").write_bytes(ARTICLE)
    if os.access(tmp_path / "in" / "unreadable.html", os.R_OK):  # running as root
        (tmp_path / "in" / "unreadable.html").unlink()
        bad.pop("unreadable.html")
    result = run_cli(
        [
            "clean",
            str(tmp_path / "in"),
            "--out",
            str(tmp_path / "out"),
            "--max-bytes",
            str(2 * 2**20),
        ]
    )
    assert result.code == 1
    errors = [line for line in result.stderr.splitlines() if not line.startswith("cleaning")]
    for name, word in bad.items():
        lines = [line for line in errors if name in line]
        assert len(lines) == 1, (name, errors)
        assert word in lines[0], lines[0]
    assert _tree(tmp_path / "out") == ["good.json"]
    assert errors[-1].startswith(f"cleaned 1, empty 0, failed {len(bad)} in ")


def test_page_cut_off_mid_tag_is_still_cleaned(tmp_path: Path) -> None:
    cut = ARTICLE[: len(ARTICLE) * 2 // 3]
    cut = cut[: cut.rindex(b"<") + 2]  # ends inside a tag
    (tmp_path / "cut.html").write_bytes(cut)
    result = run_cli(["clean", str(tmp_path / "cut.html"), "--out", str(tmp_path / "out")])
    assert result.code == 0
    assert f"{tmp_path / 'cut.html'}: warning: page ends inside a tag" in result.stderr
    assert json.loads((tmp_path / "out" / "cut.json").read_text())["text"]


def test_stray_nul_bytes_are_removed_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "nul.html").write_bytes(ARTICLE.replace(b"<p>", b"<p>\x00", 3))
    result = run_cli(["clean", str(tmp_path / "nul.html"), "--out", str(tmp_path / "out")])
    assert result.code == 0
    assert "nul.html: warning: 3 NUL bytes removed" in result.stderr
    assert "\x00" not in (tmp_path / "out" / "nul.json").read_text()


def test_page_without_article_is_empty_with_a_warning(tmp_path: Path) -> None:
    result = run_cli(
        ["clean", str(FIXTURES / "25_login_wall_no_article.html"), "--out", str(tmp_path)]
    )
    assert result.code == 0
    assert "25_login_wall_no_article.html: warning: no article text found" in result.stderr
    assert json.loads((tmp_path / "25_login_wall_no_article.json").read_text())["text"] == ""


def test_nothing_half_written_is_left(tmp_path: Path) -> None:
    run_cli(["clean", str(FIXTURES), "--out", str(tmp_path)])
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]


def test_ctrl_c_while_the_temporary_file_is_being_made_leaves_no_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The narrowest window: the temporary file exists, its name not yet returned."""
    from scraper.storage import atomic_write

    ctrl_c_inside_mkstemp(monkeypatch)
    with pytest.raises(KeyboardInterrupt):  # the interrupt is held, not lost
        atomic_write(tmp_path / "doc.json", '{"text": "whole"}\n')
    assert (tmp_path / "doc.json").read_text() == '{"text": "whole"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]


def test_unwritable_output_fails_the_input_not_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "00_seed.json").mkdir()  # a folder where the file should go
    result = run_cli(
        [
            "clean",
            str(FIXTURES / "00_seed.txt"),
            str(FIXTURES / "02_wordpress_amp.html"),
            "--out",
            str(out),
        ]
    )
    assert result.code == 1
    assert (out / "02_wordpress_amp.json").is_file()


def test_ctrl_c_exits_130_and_leaves_only_whole_files(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n in range(600):
        (src / f"page{n:04}.html").write_bytes(ARTICLE)
    out = tmp_path / "out"
    process = subprocess.Popen(
        # --no-learn: documents are written from the first page on (learning writes
        # nothing until its first pass has read every page)
        [
            sys.executable,
            "-m",
            "scraper",
            "clean",
            str(src),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--no-learn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 20:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    written = list(out.glob("*.json"))
    assert 20 <= len(written) < 600
    for path in written:
        json.loads(path.read_text("utf-8"))  # whole, parseable
    assert not [p for p in out.iterdir() if p.name.startswith(".tmp-")]
    assert stderr.strip().splitlines()[-1].startswith("interrupted: cleaned ")


def test_every_command_has_a_description_in_its_help() -> None:
    from scraper.cli import build_parser

    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) >= {"clean", "fetch", "run", "status"}
    for name, sub in commands.choices.items():
        assert len(sub.description or "") > 40, name
        assert sub.description.split()[0] in sub.format_help(), name
        assert "Exit status" in sub.description, name


def test_a_misspelt_option_gets_a_did_you_mean(tmp_path: Path) -> None:
    result = run_cli(["clean", str(FIXTURES), "--out", str(tmp_path), "--max-bites", "9"])
    assert result.code == 2
    assert result.stderr.strip() == (
        "scraper clean: error: unrecognized arguments: --max-bites 9 (did you mean '--max-bytes'?)"
    )
