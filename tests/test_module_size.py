"""Small modules with one job each (../shared/STYLE.md): none grows past 400 lines."""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scraper"
LIMIT = 400


@pytest.mark.parametrize(
    "module", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_module_is_small(module: Path) -> None:
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= LIMIT, f"{module.relative_to(PACKAGE)} has {lines} lines (limit {LIMIT})"
