"""Progress and diagnostics on stderr, shared by every command.

On a terminal: a rich progress bar, with error and warning lines printed above it.
Elsewhere (cron, CI, pipes): plain lines only, a progress line every tenth of the work.
The last line is always the summary the caller passes to ``finish``.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from scraper.credentials import redact

__all__ = ["Reporter"]


class Reporter:
    """Counts work done and prints one line per problem."""

    def __init__(self, total: int | None, label: str, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._total = total
        self._label = label
        self._done = 0
        self._next_line = 0
        self._progress: Progress | None = None
        self._task: int | None = None
        if self._stream.isatty():
            console = Console(file=self._stream, highlight=False)
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )

    def __enter__(self) -> Reporter:
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task(self._label, total=self._total)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def line(self, text: str) -> None:
        """One diagnostic line (an error or a warning), shown above the bar."""
        text = redact(text)
        if self._progress is not None:
            self._progress.console.print(text, markup=False, highlight=False)
        else:
            self._stream.write(text + "\n")
            self._stream.flush()

    def set_total(self, total: int) -> None:
        self._total = total
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, total=total)  # type: ignore[arg-type]

    def advance(self, amount: int = 1) -> None:
        self._done += amount
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, amount)  # type: ignore[arg-type]
            return
        if self._total and self._total >= 20 and self._done >= self._next_line:
            self._stream.write(f"{self._label}: {self._done}/{self._total}\n")
            self._stream.flush()
            self._next_line = self._done + max(1, self._total // 10)

    def finish(self, summary: str) -> None:
        """Stop the bar and print the summary as the last line."""
        summary = redact(summary)
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
        self._stream.write(summary + "\n")
        self._stream.flush()
