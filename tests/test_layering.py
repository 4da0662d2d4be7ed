"""The package's layers: no lower module imports a higher one (README's layout), and a
cleaning worker process imports neither httpx nor the fetcher."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import scraper

PACKAGE = Path(scraper.__file__).parent

# Lowest first; a module may import its own layer and the layers below it. The names
# are modules and packages directly under scraper/ ("scraper" is the package itself).
LAYERS: list[set[str]] = [
    {
        "model",
        "credentials",
        "errors",
        "config",
        "suggest",
        "version",
        "exitcodes",
        "encoding",
        "bodies",
        "heap",
        "sniffing",
        "progress",
        "formats",
        "markdown_parts",
        "selection",
        "native",  # the compiled build's import hook, run by extraction/__init__.py
    },
    {"reading", "storage", "warc"},  # files -> Page, Document -> files
    {"fetching"},  # URLs -> Page
    {"extraction"},
    {"batch", "pool", "api", "learning"},
    {"cleaning", "fetch_clean"},
    {"jobs", "cli", "dask", "scale", "scrapy", "scraper", "__main__", "native_build"},
]


def _unit(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "scraper":
        return None
    return parts[1] if len(parts) > 1 else "scraper"


def _imports(path: Path) -> set[str]:
    """The scraper units ``path`` imports, anywhere in the file (lazy imports count)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {unit for name in names if (unit := _unit(name)) is not None}
    return found


def _layer(unit: str) -> int:
    for n, layer in enumerate(LAYERS):
        if unit in layer:
            return n
    raise AssertionError(f"scraper/{unit}: in no layer of this test (add it to LAYERS)")


def test_no_lower_module_imports_a_higher_one() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        unit = _unit(".".join(relative.parts).removesuffix(".__init__")) or "scraper"
        for imported in sorted(_imports(path) - {unit}):
            if _layer(imported) > _layer(unit):
                wrong.append(f"{relative}: imports scraper.{imported}")
    assert wrong == []


def test_a_cleaning_worker_imports_no_network_code() -> None:
    """``scraper.batch`` is what a worker imports: the extractor only."""
    code = (
        "import sys, scraper.batch; "
        "print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('httpx', 'httpcore', 'tenacity')"
        " or m.startswith(('scraper.fetching', 'scraper.jobs', 'scraper.pool'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
