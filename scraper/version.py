"""The package's version, alone in its module so that anything may import it cheaply."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
