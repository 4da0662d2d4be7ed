"""SIGTERM and SIGHUP stop a command the way Ctrl-C does.

systemd stops a service with SIGTERM, closing a terminal sends SIGHUP, and Python's
default for both is to die on the spot: no summary, no ``runs.jsonl`` line, a run left
``running`` in the state, a temporary file and the process pool's semaphores left
behind. Every command already stops cleanly on Ctrl-C, through whoever handles SIGINT at
that moment (asyncio's runner cancels the main task, ``storage.ctrl_c_deferred`` holds
it until a rename is done, Python's default raises ``KeyboardInterrupt``). So the
handler here only hands the signal to that SIGINT handler and remembers which signal it
was, for the exit status (128 + the signal: 143 for SIGTERM, 129 for SIGHUP).

A second signal (any of the three) ends the process at once: whatever the first one
started is taking too long for the person or the service manager waiting on it.
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType, TracebackType
from typing import Any

from scraper.exitcodes import ExitCode

__all__ = ["StopSignals"]

_HANDLED = (signal.SIGTERM, signal.SIGHUP)


class StopSignals:
    """``with StopSignals() as stop:`` SIGTERM and SIGHUP act as Ctrl-C inside the block;
    ``stop.exit_code(code)`` is the status to exit with afterwards."""

    def __init__(self) -> None:
        self.received: list[int] = []
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is not threading.main_thread():
            return self  # only the main thread may set handlers (a library caller's thread)
        for signum in _HANDLED:
            if signal.getsignal(signum) == signal.SIG_IGN:
                continue  # `nohup` or a parent chose to ignore it: respected
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()

    @property
    def signum(self) -> int | None:
        """The first stop signal received, if any."""
        return self.received[0] if self.received else None

    def exit_code(self, code: int) -> int:
        """``code``, except that an interrupted command stopped by SIGTERM or SIGHUP
        exits with 128 + that signal, as a shell reports a process killed by it."""
        if self.signum is not None and code == ExitCode.INTERRUPTED:
            return 128 + self.signum
        return code

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received.append(signum)
        if len(self.received) > 1:
            name = signal.Signals(signum).name
            os.write(2, f"scraper: {name} again: stopped at once\n".encode())
            os._exit(128 + self.received[0])
        handler = signal.getsignal(signal.SIGINT)
        if callable(handler):  # told which signal: a held Ctrl-C may be ignored, this not
            handler(signum, frame)
        else:  # SIGINT ignored or left to the system: stop the way Ctrl-C would
            signal.default_int_handler(signal.SIGINT, frame)
