"""The compiled build of the extraction modules (mypyc), used only while it is current.

``make`` compiles the hot extraction modules with mypyc (``python -m scraper.native_build``)
into the virtual environment's site-packages, under ``scraper-native/``, never into the
source tree, with a manifest of the SHA-256 of every source file the build read (the
compiled modules and every scraper module they import). ``install()``, run when
``scraper.extraction`` is first imported, puts the compiled modules in front of the
``.py`` files only if every one of those files is still byte for byte what was compiled;
otherwise (a file edited since, no build, another Python) nothing happens and the
pure-Python modules run, with no message. ``SCRAPER_PURE_PYTHON=1`` forces pure Python.

Compiled code calls the functions of other compiled modules directly, so replacing such a
function on its module (a test's ``monkeypatch.setattr``) does not reach those calls:
the modules whose functions are replaced that way stay pure (``native_build.PURE``), and
so does ``pipeline.py``, whose calls to every stage then stay replaceable.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import sys
import sysconfig
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

__all__ = ["BUILD_DIR", "PACKAGE_DIR", "active", "current", "install", "source_hashes"]

PACKAGE_DIR = Path(__file__).resolve().parent
BUILD_DIR = Path(sysconfig.get_path("platlib")) / "scraper-native"
MANIFEST = "manifest.json"
PURE_ENV = "SCRAPER_PURE_PYTHON"
FORMAT = 1

_installed: list[_CompiledFinder] = []


class _CompiledFinder:
    """Finds the compiled modules named in the manifest, and nothing else."""

    def __init__(self, modules: dict[str, Path]) -> None:
        self.modules = modules

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        location = self.modules.get(fullname)
        if location is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(location))
        return importlib.machinery.ModuleSpec(fullname, loader, origin=str(location))


def source_hashes(names: Sequence[str], package_dir: Path = PACKAGE_DIR) -> dict[str, str]:
    """SHA-256 of each file (a path relative to the package's directory)."""
    return {name: hashlib.sha256((package_dir / name).read_bytes()).hexdigest() for name in names}


def current(build_dir: Path = BUILD_DIR, package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """The compiled modules (name -> file) if the build matches these sources, else {}."""
    try:
        manifest = json.loads((build_dir / MANIFEST).read_text("utf-8"))
        if manifest["format"] != FORMAT or manifest["suffix"] != _suffix():
            return {}
        sources: dict[str, str] = manifest["sources"]
        if source_hashes(sorted(sources), package_dir) != sources:
            return {}
        modules = {name: build_dir / file for name, file in manifest["modules"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return modules if all(path.is_file() for path in modules.values()) else {}


def install(build_dir: Path = BUILD_DIR, package_dir: Path = PACKAGE_DIR) -> bool:
    """Put the compiled modules before the ``.py`` files when the build is current."""
    if _installed:
        return True
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return False
    modules = current(build_dir, package_dir)
    if not modules or any(name in sys.modules for name in modules):
        return False  # a module already imported as pure Python: stay pure throughout
    finder = _CompiledFinder(modules)
    sys.meta_path.insert(0, finder)
    _installed.append(finder)
    return True


def active() -> bool:
    """Whether the extraction modules run compiled in this process."""
    if not _installed:
        return False
    return any(
        isinstance(getattr(module, "__loader__", None), importlib.machinery.ExtensionFileLoader)
        for name in _installed[0].modules
        if (module := sys.modules.get(name)) is not None
    )


def _suffix() -> str:
    return importlib.machinery.EXTENSION_SUFFIXES[0]
