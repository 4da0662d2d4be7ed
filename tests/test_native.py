"""The compiled build (scraper/native.py): the same documents as pure Python, and never
used in place of a source file edited since it was built."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scraper import native

ROOT = Path(__file__).resolve().parent.parent

# Every bundled page, cleaned with the defaults and with everything on; prints whether the
# extraction modules ran compiled, then one digest per document.
_CLEAN = """
import hashlib, sys
from pathlib import Path
import scraper
from scraper import native
from scraper.config import ExtractConfig
configs = [ExtractConfig(), ExtractConfig(links=True, images=True, comments=True)]
pages = sorted(Path(sys.argv[1]).rglob("*.html"))
digests = []
for page in pages:
    html = page.read_text("utf-8", errors="replace")
    for config in configs:
        doc = scraper.extract(html, url="https://example.org/a/1", config=config)
        digests.append(hashlib.sha256(doc.to_json().encode()).hexdigest())
print(native.active())
print(len(pages))
print("\\n".join(digests))
"""


def _clean(env: dict[str, str], where: Path = ROOT) -> tuple[bool, list[str]]:
    """Run ``_CLEAN`` on the scraper package found in ``where`` (the script's directory
    comes first on the path)."""
    out = subprocess.run(
        [sys.executable, "-c", _CLEAN, str(ROOT / "fixtures")],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=where,
    ).stdout.split()
    return out[0] == "True", out[1:]


def test_compiled_and_pure_python_give_the_same_documents() -> None:
    compiled, documents = _clean({})
    pure, pure_documents = _clean({native.PURE_ENV: "1"})
    assert not pure
    assert compiled == bool(native.current())  # a current build is used by default
    assert int(documents[0]) >= 20
    assert documents == pure_documents


def test_a_source_edited_since_the_build_runs_as_python(tmp_path: Path) -> None:
    if not native.current():
        pytest.skip("no current compiled build (no compiler, or `make native` not run)")
    shutil.copytree(native.PACKAGE_DIR, tmp_path / "scraper")
    copy = tmp_path / "scraper" / "extraction" / "chrome.py"
    assert _clean({}, tmp_path)[0]  # the same sources elsewhere: the build still fits
    copy.write_text(copy.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert not _clean({}, tmp_path)[0]


def _fake_build(tmp_path: Path) -> tuple[Path, Path]:
    package, build = tmp_path / "package", tmp_path / "build"
    package.mkdir()
    build.mkdir()
    (package / "a.py").write_text("x = 1\n")
    (build / "a.so").write_bytes(b"")
    manifest = {
        "format": native.FORMAT,
        "suffix": native._suffix(),
        "modules": {"package.a": "a.so"},
        "sources": {"a.py": hashlib.sha256(b"x = 1\n").hexdigest()},
    }
    (build / native.MANIFEST).write_text(json.dumps(manifest))
    return build, package


def test_current_only_while_every_source_is_what_was_compiled(tmp_path: Path) -> None:
    build, package = _fake_build(tmp_path)
    assert native.current(build, package) == {"package.a": build / "a.so"}
    (package / "a.py").write_text("x = 2\n")
    assert native.current(build, package) == {}


@pytest.mark.parametrize(
    "damage",
    [
        lambda build: (build / "a.so").unlink(),
        lambda build: (build / native.MANIFEST).write_text("{"),
        lambda build: (build / native.MANIFEST).write_text(
            (build / native.MANIFEST).read_text().replace(native._suffix(), ".other.so")
        ),
    ],
)
def test_a_broken_or_foreign_build_is_not_current(tmp_path: Path, damage: object) -> None:
    build, package = _fake_build(tmp_path)
    damage(build)  # type: ignore[operator]
    assert native.current(build, package) == {}
