"""Fixtures shared by several test modules."""

from __future__ import annotations

from fetch_server import fetch_server

__all__ = ["fetch_server"]
