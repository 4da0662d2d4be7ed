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


def test_a_user_script_type_checks_strictly_and_wrong_types_are_caught(tmp_path):
    """One mypy run (it checks scraper's own modules once) over two scripts outside the
    repository: the right one passes ``--strict``; the wrong one fails, which proves
    mypy reads scraper's annotations rather than seeing ``Any``."""
    (tmp_path / "user_script.py").write_text(USER_SCRIPT)
    (tmp_path / "wrong_script.py").write_text(WRONG)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "user_script.py",
            "wrong_script.py",
        ],
        cwd=tmp_path,  # outside the repository: no project config, no checkout on the path
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, done.stdout
    assert errors[0].startswith("wrong_script.py:3: error: Incompatible types in assignment")
    assert '(expression has type "str | None", variable has type "int")' in errors[0]
