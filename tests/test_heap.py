"""scraper.heap: glibc is told to unmap large blocks when they are freed."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from scraper.heap import give_back_large_blocks

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_glibc_takes_the_setting() -> None:
    assert give_back_large_blocks() is True


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_a_freed_large_block_leaves_the_process() -> None:
    """Without the setting, a freed 1 MiB block raises glibc's threshold and the next
    ones stay in the heap; with it, they are mapped and unmapped (mallinfo2 tells)."""
    code = """
import ctypes, sys
from scraper.heap import give_back_large_blocks
class Info(ctypes.Structure):
    names = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"
    _fields_ = [(n, ctypes.c_size_t) for n in names.split()]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
if sys.argv[1] == "on":
    give_back_large_blocks()
del bytearray(4 << 20)[:]  # one large block freed: glibc raises its threshold
blocks = [bytearray(600 << 10) for _ in range(8)]
print(libc.mallinfo2().hblkhd >= 8 * (600 << 10))
"""
    found = {}
    for setting in ("on", "off"):
        done = subprocess.run(
            [sys.executable, "-c", code, setting], capture_output=True, text=True, check=True
        )
        found[setting] = done.stdout.strip()
    assert found == {"on": "True", "off": "False"}
