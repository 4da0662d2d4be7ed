"""Types for users: a script outside the repository, checked with ``mypy --strict``
against the package as ``make`` installs it (editable, in ``.venv``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not (Path(sys.prefix) / "bin" / "mypy").exists(), reason="mypy is in the dev extra"
)

USER_SCRIPT = """\
import asyncio

import scraper
from scraper import CleaningPool, Document, FetchConfig, Fetcher, fetch_documents


def headline(html: str) -> str:
    doc: Document = scraper.extract(html, url="https://example.com/a")
    return doc.title or doc.text[:80]


async def titles(urls: list[str]) -> list[str | None]:
    async with Fetcher(FetchConfig(per_host=2)) as fetcher, CleaningPool() as pool:
        found = fetch_documents(fetcher, pool, urls)
        return [r.document.title async for r in found if r.document]


async def one(url: str) -> str:
    return (await scraper.afetch(url)).text


if __name__ == "__main__":
    print(headline("<p>x</p>"), asyncio.run(titles([])))
"""

WRONG = """\
import scraper

count: int = scraper.extract("<p>x</p>").title
"""


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "user_script.py"
    script.write_text(source)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", script.name],
        cwd=tmp_path,  # outside the repository: no project config, no checkout on the path
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_user_script_type_checks_strictly_against_the_installed_package(tmp_path):
    done = _mypy(tmp_path, USER_SCRIPT)
    assert done.returncode == 0, done.stdout
    assert "Success" in done.stdout


def test_the_installed_package_types_are_seen_not_any(tmp_path):
    """A wrong type must be caught: proof mypy reads scraper's annotations."""
    done = _mypy(tmp_path, WRONG)
    assert done.returncode == 1
    assert 'Incompatible types in assignment (expression has type "str | None"' in done.stdout
