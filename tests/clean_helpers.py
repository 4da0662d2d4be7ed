"""Helpers for the clean tests: paths and a way to run the CLI in-process."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CLEANED = ROOT / "cleaned"
# The seed (../shared/seeds/000_f12999fde31d5a8e.txt), byte for byte: the bundled copy,
# so that a clone with nothing beside it runs every test but the dev-set floor.
SEED = FIXTURES / "00_seed.txt"

# The keys of every document, in order (the list; `fetch` is added by fetching).
DOCUMENT_KEYS = [
    "url", "title", "authors", "published", "modified", "site_name", "language",
    "description", "tags", "image", "text", "source", "quality",
]  # fmt: skip


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


def run_cli(args: Sequence[str], stdin: bytes | None = None) -> CliResult:
    from scraper.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = int(exc.code or 0)
    finally:
        sys.stdin = old_stdin
    return CliResult(code, out.getvalue(), err.getvalue())


def load_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def ctrl_c_inside_mkstemp(monkeypatch: Any) -> None:
    """Make ``tempfile.mkstemp`` receive a Ctrl-C after it made the file, before it
    returns its name: the narrowest window of a write through a temporary file."""
    import signal
    import tempfile

    real = tempfile.mkstemp

    def interrupted(*args: Any, **kwargs: Any) -> tuple[int, str]:
        made: tuple[int, str] = real(*args, **kwargs)
        signal.raise_signal(signal.SIGINT)
        return made

    monkeypatch.setattr(tempfile, "mkstemp", interrupted)


def write_warc(path: Path, responses: list[tuple[str, str, bytes]]) -> None:
    """A gzipped WARC of ``(url, content type, body)`` responses, written with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, content_type, body in responses:
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                "HTTP/1.1",
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)
