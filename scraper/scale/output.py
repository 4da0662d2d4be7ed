"""Where a Dask worker writes: a local folder or any fsspec URL, one whole file at a time.

Each file goes to a temporary name beside its final name, then is renamed over it, so a
worker killed mid-write leaves no half document under a real name. The temporary name
is derived from the final one (``.tmp-<name>.part``), not random: the retry of a task
whose worker died writes the same temporary file again and renames it, so nothing is
left behind either. Object stores (S3, GCS, Azure) have no rename (fsspec copies, then
deletes) but store an object whole or not at all, so there the file is written once,
under its final name.

Final names are fixed by the plan (the input's relative path, or the task's number for
shards): a task run twice writes the same files with the same bytes, never a second copy.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.errors import StorageError

__all__ = ["SHARD_FORMATS", "Output", "parquet_bytes", "shard_data", "shard_name"]

SHARD_FORMATS = ("jsonl", "parquet")

# Protocols whose stores keep an object whole or not at all (a rename there is a copy).
_WHOLE_OBJECT_STORES = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "memory"})


def shard_name(index: int, fmt: str) -> str:
    """``part-00012.jsonl``: task 12's shard."""
    return f"part-{index:05d}.{fmt}"


def shard_data(lines: str, fmt: str) -> bytes:
    """A shard's bytes from its documents as JSON Lines (``jsonl`` or ``parquet``)."""
    if fmt == "jsonl":
        return lines.encode("utf-8")
    return parquet_bytes([json.loads(line) for line in lines.splitlines()])


@dataclass(frozen=True, slots=True)
class Output:
    """An output folder, as the user named it: a path or an fsspec URL."""

    url: str

    def put(self, name: str, data: bytes) -> None:
        """Write ``data`` to ``name`` (relative, ``/``-separated) in the folder."""
        from fsspec.core import url_to_fs

        try:
            fs, root = url_to_fs(self.url)
        except (ImportError, ValueError) as exc:
            raise StorageError(f"{self.url}: cannot open: {exc}", path=self.url) from exc
        protocols = {fs.protocol} if isinstance(fs.protocol, str) else set(fs.protocol)
        if "file" in protocols:
            _put_local(Path(root) / name, data)
            return
        final = f"{root.rstrip('/')}/{name}"
        try:
            if protocols & _WHOLE_OBJECT_STORES:
                fs.pipe_file(final, data)
                return
            parent, _, base = final.rpartition("/")
            temporary = f"{parent}/.tmp-{base}.part"
            fs.makedirs(parent, exist_ok=True)
            fs.pipe_file(temporary, data)
            fs.mv(temporary, final)
        except OSError as exc:
            raise StorageError(f"{final}: cannot write: {exc}", path=final) from exc


def _put_local(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".tmp-{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_TRUNC: a retried task overwrites what the dead worker left here.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise StorageError(f"{path}: cannot write: {exc.strerror}", path=path) from exc


def _column(values: list[Any]) -> tuple[Any, list[Any]]:
    """An Arrow type for one document key, and its values in that type."""
    import pyarrow as pa

    present = [v for v in values if v is not None]
    if any(isinstance(v, dict) for v in present):  # ``fetch``: nested, kept as JSON text
        text = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
        return pa.string(), text
    if any(isinstance(v, list) for v in present):
        return pa.list_(pa.string()), values
    if present and all(isinstance(v, float | int) and not isinstance(v, bool) for v in present):
        return pa.float64(), values
    return pa.string(), values


def parquet_bytes(rows: list[dict[str, Any]]) -> bytes:
    """Documents (``Document.to_dict()`` form) as one Parquet file, keys as columns in order.

    List keys (``authors``, ``tags``) are lists of strings; nested objects (``fetch``)
    are JSON text. The same rows give the same bytes.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    keys = list(dict.fromkeys(key for row in rows for key in row))
    fields, columns = [], []
    for key in keys:
        kind, values = _column([row.get(key) for row in rows])
        fields.append(pa.field(key, kind))
        columns.append(pa.array(values, type=kind))
    table = pa.Table.from_arrays(columns, schema=pa.schema(fields))
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()
