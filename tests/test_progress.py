"""Progress output: a bar on a terminal, plain lines elsewhere, the summary last."""

from __future__ import annotations

import io

from scraper.progress import Reporter


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with Reporter(40, "cleaning", stream) as reporter:
        for _ in range(40):
            reporter.advance()
        reporter.line("a.html: empty file")
        reporter.finish("cleaned 39, empty 0, failed 1 in 0.10s")
    lines = stream.getvalue().splitlines()
    assert "cleaning: 1/40" in lines
    assert "a.html: empty file" in lines
    assert lines[-1] == "cleaned 39, empty 0, failed 1 in 0.10s"
    assert "\x1b[" not in stream.getvalue()


def test_bar_on_a_terminal_and_summary_last() -> None:
    stream = _Terminal()
    with Reporter(3, "cleaning", stream) as reporter:
        reporter.advance(3)
        reporter.line("b.html: warning: no article text found")
        reporter.finish("cleaned 3, empty 1, failed 0 in 0.01s")
    output = stream.getvalue()
    assert "b.html: warning: no article text found" in output
    assert output.rstrip("\n").endswith("cleaned 3, empty 1, failed 0 in 0.01s")
    assert "cleaning: 1/3" not in output  # no plain progress lines on a terminal
