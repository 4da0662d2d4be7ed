"""`scraper clean` and `scraper fetch` into an output folder they cannot write: exit 2
at once, one line naming the folder and the real reason, no input touched first."""

from __future__ import annotations

from pathlib import Path

from clean_helpers import FIXTURES, run_cli
from disks import tmpfs

from scraper.exitcodes import ExitCode

PAGES = [str(FIXTURES / "02_wordpress_amp.html"), str(FIXTURES / "00_seed.txt")]


def test_clean_into_a_file_exits_2_naming_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("in the way")
    result = run_cli(["clean", *PAGES, "--out", str(out)])
    assert result.code == ExitCode.USAGE
    assert result.stderr == (
        f"scraper clean: error: {out}: the output folder (--out) is not a folder"
        " (a file is in the way)\n"
    )


def test_clean_under_a_file_exits_2_naming_it(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("in the way")
    out = tmp_path / "file" / "out"
    result = run_cli(["clean", *PAGES, "--out", str(out)])
    assert result.code == ExitCode.USAGE
    assert result.stderr == (
        f"scraper clean: error: {out}: the output folder (--out) is not writable: Not a directory\n"
    )


def test_clean_into_a_read_only_folder_exits_2_naming_it(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "size=1m,ro") as out:
        result = run_cli(["clean", *PAGES, "--out", str(out)])
    assert result.code == ExitCode.USAGE
    assert result.stderr == (
        f"scraper clean: error: {out}: the output folder (--out) is not writable:"
        " Read-only file system\n"
    )


def test_fetch_into_a_file_exits_2_before_any_request(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("in the way")
    # A URL nothing answers: the check must come before the first request is tried.
    result = run_cli(["fetch", "http://unresolvable.invalid/a", "--out", str(out)])
    assert result.code == ExitCode.USAGE
    assert result.stderr == (
        f"scraper fetch: {out}: the output folder (--out) is not a folder (a file is in the way)\n"
    )
