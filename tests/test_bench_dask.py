"""bench/dask_clean.py's verdict on its two outputs: byte-identical, different (and where),
or not comparable (the pages were read at two paths, and a document's ``source`` names
its input: the cause of an earlier "NO" at 10,000 pages)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import dask_clean  # noqa: E402

DOC = {"title": "Harbour board", "text": "The harbour board voted.", "source": "/p/1.html"}


def _outputs(folder: Path, dask_docs: dict[str, dict[str, Any]], pages_at: str) -> dict[str, Any]:
    """Both runs' outputs under ``folder`` as the bench leaves them with ``--keep``."""
    local_docs = {"1.json": DOC, "2.json": {**DOC, "source": "/p/2.html"}}
    results: dict[str, Any] = {}
    for name, docs, at in (("local", local_docs, "/p"), ("dask", dask_docs, pages_at)):
        out = folder / f"out-{name}"
        out.mkdir()
        for file, doc in docs.items():
            (out / file).write_text(json.dumps(doc, indent=2))
        files = dask_clean.manifest(out)
        (folder / f"manifest-{name}.json").write_text(json.dumps(files))
        results[name] = {"digest": dask_clean.digest(files), "files": len(files), "pages_at": at}
    return results


def test_the_same_bytes_are_byte_identical(tmp_path: Path):
    same = {"1.json": DOC, "2.json": {**DOC, "source": "/p/2.html"}}
    assert dask_clean.compare(_outputs(tmp_path, same, "/p"), tmp_path) == "yes (2 files)"


def test_a_difference_names_the_file_and_the_keys_that_differ(tmp_path: Path):
    changed = {"1.json": DOC, "2.json": {**DOC, "source": "/p/2.html", "title": "Harbour"}}
    verdict = dask_clean.compare(_outputs(tmp_path, changed, "/p"), tmp_path)
    assert verdict == "NO: 1 of 2 files differ, the first 2.json (keys title)"


def test_a_file_missing_from_one_output_is_named(tmp_path: Path):
    verdict = dask_clean.compare(_outputs(tmp_path, {"1.json": DOC}, "/p"), tmp_path)
    assert verdict == "NO: 1 of 2 files differ, the first 2.json (only in the local output)"


def test_pages_read_at_two_paths_are_not_comparable(tmp_path: Path):
    """Every document's source differs: that is no difference between the two engines."""
    elsewhere = {"1.json": {**DOC, "source": "/q/1.html"}, "2.json": {**DOC, "source": "/q/2.html"}}
    verdict = dask_clean.compare(_outputs(tmp_path, elsewhere, "/q"), tmp_path)
    assert verdict.startswith("not comparable: the pages were read at /p and /q")


def test_the_digest_covers_names_and_bytes(tmp_path: Path):
    (tmp_path / "a").write_bytes(b"one")
    first = dask_clean.digest(dask_clean.manifest(tmp_path))
    (tmp_path / "a").rename(tmp_path / "b")
    renamed = dask_clean.digest(dask_clean.manifest(tmp_path))
    (tmp_path / "b").write_bytes(b"two")
    assert len({first, renamed, dask_clean.digest(dask_clean.manifest(tmp_path))}) == 3
