"""Compile the hot extraction modules with mypyc into ``scraper.native.BUILD_DIR``.

    python -m scraper.native_build [--out DIR] [--force] [--strict]

Needs mypy (the ``dev`` extra), a C compiler and Python's headers. Without them, or when
anything fails, it says so on one line and exits 0: scraper then runs as pure Python,
which gives the same documents (``tests/test_native.py``), only slower. ``--strict``
exits 1 instead. Nothing is done when the build is already current, or when
``SCRAPER_PURE_PYTHON`` is set (``SCRAPER_PURE_PYTHON=1 make test`` skips the compile).

The build is written beside the old one and swapped in by renames, the manifest last,
with the hashes of the sources read *before* compiling: a file edited during the build
leaves a build that ``scraper.native`` sees as stale.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scraper import native

__all__ = ["PURE", "build", "compiled_modules", "dependencies"]

# Modules left pure: the packages' __init__ files; the pipeline, whose calls to each stage
# bench/stages.py and tests replace; the modules whose functions tests replace
# (content's call to marked.lone_article, htmldate_flow's own _steps and page_date); this
# module and native.py.
PURE = frozenset(
    {
        "extraction/pipeline.py",
        "extraction/marked.py",
        "extraction/htmldate_flow.py",
    }
)
GROUP = "scraper_native"


def compiled_modules(package_dir: Path = native.PACKAGE_DIR) -> list[str]:
    """The files to compile, relative to the package's directory."""
    files = sorted(package_dir.glob("extraction/*.py")) + sorted(
        package_dir.glob("extraction/blocks/*.py")
    )
    names = [path.relative_to(package_dir).as_posix() for path in files]
    return [name for name in names if name not in PURE and not name.endswith("__init__.py")]


def dependencies(names: list[str], package_dir: Path = native.PACKAGE_DIR) -> list[str]:
    """``names`` and every scraper module (or package ``__init__``) they import, at any depth."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen or not (package_dir / name).is_file():
            continue
        seen.add(name)
        tree = ast.parse((package_dir / name).read_bytes())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            todo.extend(_file(m, package_dir) for m in modules if m.startswith("scraper"))
    return sorted(seen)


def _file(module: str, package_dir: Path) -> str:
    """The file of a scraper module, or of its package ``__init__`` (one that is absent
    is skipped by the caller: a name imported from a module is not a module)."""
    parts = module.split(".")[1:]
    if not parts:
        return "__init__.py"
    base = "/".join(parts)
    return f"{base}/__init__.py" if (package_dir / base).is_dir() else f"{base}.py"


def build(out: Path, work: Path, package_dir: Path = native.PACKAGE_DIR) -> None:
    """Compile into a new directory beside ``out``, then swap it in."""
    from mypyc.build import mypycify

    names = compiled_modules(package_dir)
    sources = native.source_hashes(dependencies(names, package_dir), package_dir)
    root = package_dir.parent
    os.chdir(root)  # mypy reads its settings (pyproject.toml) from here, when present
    extensions = mypycify(
        [str(package_dir / name) for name in names],
        opt_level="3",
        debug_level="0",
        group_name=GROUP,
        target_dir=str(work / "c"),
    )
    staging = out.with_name(f"{out.name}.new-{os.getpid()}")
    try:
        _compile(extensions, staging, work, sources)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = out.with_name(f"{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _compile(extensions: list[Any], staging: Path, work: Path, sources: dict[str, str]) -> None:
    """Build the extensions into ``staging``, with their manifest."""
    setuptools = importlib.import_module("setuptools")  # untyped
    distribution = setuptools.Distribution({"name": GROUP, "ext_modules": extensions})
    command = distribution.get_command_obj("build_ext")
    command.build_lib = str(staging)
    command.build_temp = str(work / "o")
    distribution.run_command("build_ext")
    modules: dict[str, str] = {}
    for path in staging.rglob("*" + native._suffix()):
        relative = path.relative_to(staging)
        name = ".".join(relative.parts)[: -len(native._suffix())]
        modules[name] = relative.as_posix()
    manifest = {"format": native.FORMAT, "suffix": native._suffix()}
    manifest |= {"modules": modules, "sources": sources}
    (staging / native.MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))


@contextlib.contextmanager
def _quiet(log: Path) -> Iterator[None]:
    """Send this process's output and its children's (the compiler's) to ``log``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with log.open("wb") as handle:
        os.dup2(handle.fileno(), 1)
        os.dup2(handle.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=native.BUILD_DIR)
    parser.add_argument("--force", action="store_true", help="build even when current")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the build fails")
    args = parser.parse_args(argv)
    if os.environ.get(native.PURE_ENV, "") not in ("", "0"):
        print(f"scraper: {native.PURE_ENV} is set: no compiled build")
        return 0
    if not args.force and native.current(args.out):
        print(f"scraper: compiled build in {args.out} is current")
        return 0
    start = time.monotonic()
    print("scraper: compiling the extraction modules with mypyc (about 2 minutes)", flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="scraper-native-") as work:
            log = Path(work) / "build.log"
            try:
                with _quiet(log):
                    build(args.out, Path(work))
            except BaseException:
                sys.stderr.write(log.read_text("utf-8", errors="replace")[-3000:])
                raise
    except (Exception, SystemExit) as error:  # setuptools exits on a compiler error
        print(
            f"scraper: no compiled build ({type(error).__name__}: {error});"
            " pure Python runs, with the same results, slower",
            file=sys.stderr,
        )
        return 1 if args.strict else 0
    print(
        f"scraper: compiled {len(compiled_modules())} modules into {args.out}"
        f" in {time.monotonic() - start:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
