"""Exit statuses, the same for every command."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    OK = 0  # every input was handled
    SOME_FAILED = 1  # at least one input failed; the others were handled
    USAGE = 2  # usage, configuration or storage error: a person must act
    SITE_HEALTH = 3  # scraper run: all went well, but a site's extraction fell sharply
    LOCKED = 75  # EX_TEMPFAIL: the job is already running, try again later
    HANGUP = 129  # SIGHUP (128 + 1), handled as Ctrl-C
    INTERRUPTED = 130  # Ctrl-C; what was written is whole
    TERMINATED = 143  # SIGTERM (128 + 15), handled as Ctrl-C
