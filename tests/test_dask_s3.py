"""`scraper clean --dask --out s3://...` against a real S3-compatible server on 127.0.0.1.

moto's server (``moto[server]``, a dev dependency) runs as a subprocess on a free port;
the Dask workers write through fsspec's s3fs with the endpoint and the credentials in
their environment (``AWS_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``, ...), as docs/dask.md
says a deployment gives them, and the client never touches the bucket. The objects are
compared with a local run of the same inputs, byte for byte.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from clean_helpers import FIXTURES, run_cli
from scale_servers import CREDENTIALS, files, local_cluster, moto_server, within

distributed = pytest.importorskip("distributed")
s3fs = pytest.importorskip("s3fs")

BOUND = 120.0  # seconds any one run may take on a loaded 2-core machine


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """moto's S3 server, a subprocess on 127.0.0.1; its URL once it answers."""
    with moto_server() as url:
        yield url


@pytest.fixture(scope="module")
def cluster(endpoint: str) -> Iterator[Any]:
    """Two workers whose environment holds the endpoint and the credentials."""
    env = {**CREDENTIALS, "AWS_ENDPOINT_URL": endpoint}
    with local_cluster(2, env) as local:
        yield local


@pytest.fixture
def bucket(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, str]:
    """A fresh bucket, and an s3fs file system of this process that reads it."""
    for key, value in CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    fs = s3fs.S3FileSystem(endpoint_url=endpoint, skip_instance_cache=True)
    name = f"corpus-{os.getpid()}-{time.monotonic_ns()}"
    fs.mkdir(name)
    return fs, name


def _objects(fs: Any, root: str) -> dict[str, bytes]:
    return {path[len(root) + 1 :]: fs.cat_file(path) for path in fs.find(root)}


@pytest.mark.slow  # a cluster of its own and an S3 server
@pytest.mark.parametrize("fmt", ["json", "parquet"])
def test_workers_write_to_s3_what_a_local_run_writes(
    cluster: Any, bucket: Any, tmp_path: Path, fmt: str
):
    fs, name = bucket
    args = ["clean", str(FIXTURES), "--format", fmt, "--task-files", "10", "--no-learn"]
    local = run_cli([*args, "--out", str(tmp_path / "local"), "--jobs", "2"])
    assert local.code == 0, local.stderr
    url = f"s3://{name}/clean/run-1"
    on_dask = within(
        BOUND, lambda: run_cli([*args, "--out", url, "--dask", cluster.scheduler_address])
    )
    assert on_dask.code == 0, on_dask.stderr
    written = _objects(fs, f"{name}/clean/run-1")
    expected = files(tmp_path / "local")
    assert len(expected) > (3 if fmt == "parquet" else 30)
    assert written == expected  # the same names, the same bytes; nothing else
