"""Fixtures shared by several test modules."""

from __future__ import annotations

import signal
from collections import defaultdict
from typing import Any

import pytest
from fetch_server import fetch_server

__all__ = ["fetch_server"]

# A shell that starts a command in the background (`make test &`, some CI runners)
# starts it with SIGINT ignored, and the children inherit that: the Ctrl-C tests would
# then test nothing. Python's own handler here means children start with the default.
signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The slowest test files, by the sum of their tests' set-up, call and tear-down
    (``--durations`` lists single tests; a slow file is what one splits or marks)."""
    seconds: dict[str, float] = defaultdict(float)
    for reports in terminalreporter.stats.values():
        for report in reports:
            if isinstance(report, pytest.TestReport):
                seconds[report.nodeid.split("::")[0]] += report.duration
    slowest = sorted(seconds.items(), key=lambda item: -item[1])[:8]
    if slowest:
        terminalreporter.write_sep("=", "slowest test files")
        for path, total in slowest:
            terminalreporter.write_line(f"{total:8.1f}s  {path}")
