"""scraper.heap: glibc is told to unmap large blocks when they are freed."""

from __future__ import annotations

import platform
import sys

import pytest

from scraper.heap import give_back_large_blocks

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_glibc_takes_the_setting() -> None:
    assert give_back_large_blocks() is True
