"""Fixtures shared by several test modules."""

from __future__ import annotations

import signal

from fetch_server import fetch_server

__all__ = ["fetch_server"]

# A shell that starts a command in the background (`make test &`, some CI runners)
# starts it with SIGINT ignored, and the children inherit that: the Ctrl-C tests would
# then test nothing. Python's own handler here means children start with the default.
signal.signal(signal.SIGINT, signal.default_int_handler)
