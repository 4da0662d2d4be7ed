"""The examples of docs/dask.md and README's Dask block, run for real by
tests/test_docs.py, with local stand-ins for what the docs name:

* the scheduler ``tcp://scheduler.internal:8786`` is a ``LocalCluster`` on 127.0.0.1
  (one single-threaded worker process) whose workers have moto's S3 server as
  ``AWS_ENDPOINT_URL``, so ``s3://corpus/...`` is a bucket on 127.0.0.1;
* ``/shared/...`` is a folder of the sandbox holding saved pages and a WARC file;
* ``pip install ...`` is checked, not run: the extras it names are declared in
  pyproject.toml and installed (``scraper`` on PyPI is not this project);
* ``dask scheduler`` / ``dask worker`` (and a systemd unit's ``ExecStart``) run as
  written but bound to 127.0.0.1, with one worker process instead of one per core.

Every cleaning command run on the cluster is run again locally and the outputs are
compared byte for byte, as docs/dask.md says they are the same.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clean_helpers import FIXTURES, ROOT, write_warc
from scale_servers import CREDENTIALS, free_port, local_cluster, moto_server

BIN = Path(sys.executable).parent
BUCKET = "corpus"
_ADDRESS = re.compile(r"tcp://[\w.-]+:8786")
_SHARED = re.compile(r"(?<![\w./-])/shared\b")


def sandbox_run(
    argv: Sequence[str], cwd: Path, stdin: str | None = None, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    """A command in the sandbox: its HOME, ``.venv/bin`` first on the PATH."""
    env = {**os.environ, "HOME": str(cwd), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        list(argv), cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=timeout
    )


# -- Dask ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    address: str  # the LocalCluster's scheduler
    endpoint: str  # moto's S3 server
    fs: Any  # an s3fs file system of this process, on that server


@contextlib.contextmanager
def scale_world() -> Iterator[Scale]:
    """moto's S3 server with the bucket ``corpus``, and a LocalCluster whose worker has
    the endpoint and credentials in its environment (the client has neither)."""
    import s3fs

    with moto_server() as endpoint:
        fs = s3fs.S3FileSystem(
            endpoint_url=endpoint,
            key=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            secret=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            skip_instance_cache=True,
        )
        fs.mkdir(BUCKET)
        with local_cluster(1, {**CREDENTIALS, "AWS_ENDPOINT_URL": endpoint}) as cluster:
            yield Scale(cluster.scheduler_address, endpoint, fs)


def shared_inputs(sandbox: Path) -> None:
    """What the docs' ``/shared`` holds: saved pages, a crawl's WARC; and a rules file."""
    pages = sandbox / "shared" / "saved-pages"
    pages.mkdir(parents=True, exist_ok=True)
    for name in ("02_wordpress_amp.html", "03_wordpress_classic.html", "05_blogger_post.html"):
        shutil.copy(FIXTURES / name, pages / name)
    (sandbox / "shared" / "crawls").mkdir(exist_ok=True)
    article = (FIXTURES / "02_wordpress_amp.html").read_bytes()
    write_warc(
        sandbox / "shared" / "crawls" / "2025-03.warc.gz",
        [
            ("https://ex.org/a", "text/html; charset=utf-8", article),
            ("https://ex.org/b", "text/html", article.replace(b"Saltmarsh", b"Eastmarsh")),
        ],
    )
    (sandbox / "my-rules.toml").write_text('[[site]]\ndomain = "ex.org"\nremove = ["div.promo"]\n')


def scaled(code: str, sandbox: Path, scale: Scale) -> str:
    """A docs example pointed at the stand-ins: the cluster, the sandbox's /shared."""
    code = _ADDRESS.sub(scale.address, code.replace("\\\n", " "))
    return _SHARED.sub(f"{sandbox}/shared", code)


def check_pip(line: str) -> None:
    """``pip install 'scraper[dask]'  # a, b`` : the extra is declared with the packages
    the comment names, each installed at a version its requirement allows."""
    from packaging.requirements import Requirement

    command, _, comment = line.partition("#")
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    for wanted in shlex.split(command)[2:]:
        name, _, extras = wanted.partition("[")
        if name != "scraper":  # a package of its own (s3fs): installed
            assert importlib.metadata.version(wanted), wanted
            continue
        for extra in extras.rstrip("]").split(","):
            requirements = [Requirement(r) for r in declared["optional-dependencies"][extra]]
            for req in requirements:
                assert req.specifier.contains(importlib.metadata.version(req.name)), req
            named = [
                f"{r.name}[{','.join(sorted(r.extras))}]" if r.extras else r.name
                for r in requirements
            ]
            assert comment.strip() == ", ".join(named), (line, named)


def outputs(out: str, scale: Scale | None) -> dict[str, bytes]:
    """Every file under ``out`` (a folder or an s3:// URL), by relative name."""
    if out.startswith("s3://"):
        assert scale is not None
        root = out.removeprefix("s3://").rstrip("/")
        return {p[len(root) + 1 :]: scale.fs.cat_file(p) for p in scale.fs.find(root)}
    folder = Path(out)
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def forget(out: str, scale: Scale | None) -> None:
    """Empty ``out`` before a run, so what is there after was written by it."""
    if out.startswith("s3://"):
        assert scale is not None
        root = out.removeprefix("s3://")
        if scale.fs.exists(root):
            scale.fs.rm(root, recursive=True)
    else:
        shutil.rmtree(out, ignore_errors=True)


def clean_on_dask(command: str, sandbox: Path, scale: Scale | None) -> None:
    """Run a docs ``scraper clean ... --dask`` line, then the same line locally (no
    ``--dask``, another ``--out``): the same files with the same bytes."""
    words = shlex.split(command)
    out = words[words.index("--out") + 1]
    forget(out, scale)
    done = sandbox_run(["bash", "-c", command], sandbox)
    assert done.returncode == 0, done.stderr
    local = sandbox / "local-run"
    shutil.rmtree(local, ignore_errors=True)
    here = re.sub(r" --dask \S+", "", command).replace(f"--out {out}", f"--out {local}")
    done = sandbox_run(["bash", "-c", here], sandbox)
    assert done.returncode == 0, done.stderr
    expected = outputs(str(local), scale)
    assert expected, command
    assert outputs(out, scale) == expected


def dask_sh(code: str, sandbox: Path, scale: Callable[[], Scale]) -> None:
    """A shell block of Dask commands: pip lines checked, clean lines run and compared
    (``scale`` starts the cluster and the S3 server, the first time it is called)."""
    for line in code.replace("\\\n", " ").splitlines():
        command = line.split(" #")[0].strip()
        if not command or command.startswith("#"):
            continue
        if command.startswith("pip install"):
            check_pip(line)
        else:
            assert re.search(r"\bscraper clean .* --dask ", command), command
            clean_on_dask(scaled(command, sandbox, scale()), sandbox, scale())


def dask_python(code: str, sandbox: Path, scale: Scale, prelude: str) -> None:
    """The ``scraper.dask.clean`` example, to the bucket; a local run writes the same."""
    code = scaled(code, sandbox, scale)
    out = re.findall(r'"(s3://[^"]+)"', code)[0]
    forget(out, scale)
    (sandbox / "example.py").write_text(prelude + code)
    done = sandbox_run([sys.executable, "example.py"], sandbox)
    assert done.returncode == 0, done.stderr
    summary = done.stdout.splitlines()[-1]
    assert re.fullmatch(r"cleaned \d+, empty \d+, failed \d+ in [\d.]+s", summary), summary
    # The same with the CLI, locally: the library's default is not to learn.
    fmt = re.findall(r'fmt="(\w+)"', code)[0]
    rules = re.findall(r'load_rules\("([^"]+)"\)', code)[0]
    inputs = re.findall(r"scraper.dask.clean\(\s*\[([^]]*)\]", code)[0]
    local = sandbox / "local-run"
    argv = ["scraper", "clean", *json.loads(f"[{inputs}]"), "--out", str(local)]
    argv += ["--format", fmt, "--rules", rules, "--no-learn"]
    done = sandbox_run(argv, sandbox)
    assert done.returncode == 0, done.stderr
    assert outputs(out, scale) == outputs(str(local), scale) != {}


def _wait_for_port(port: int, process: subprocess.Popen[bytes], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        assert process.poll() is None, "the process exited"
        assert time.monotonic() < deadline, f"nothing listens on port {port} after {limit} s"
        time.sleep(0.2)


def _local_worker(argv: list[str], address: str, sandbox: Path) -> list[str]:
    """A docs ``dask worker`` command for this machine: the scheduler's address, one
    worker process (not one per core: the test machine is shared), bound to 127.0.0.1."""
    argv = [str(BIN / "dask"), *argv[1:]]
    argv[argv.index("worker") + 1] = address
    if "--nworkers" in argv:
        argv[argv.index("--nworkers") + 1] = "1"
    if "--local-directory" in argv:
        argv[argv.index("--local-directory") + 1] = str(sandbox / "dask-worker")
    return [*argv, "--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0"]


@contextlib.contextmanager
def _started(argv: list[str], cwd: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as sink:
        process = subprocess.Popen(argv, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _workers(address: str, count: int) -> None:
    """Wait until the scheduler at ``address`` has ``count`` workers (60 s at most)."""
    import distributed

    with distributed.Client(address, timeout=30, set_as_default=False) as client:
        client.wait_for_workers(count, timeout=60)


def dask_deployment(code: str, sandbox: Path) -> None:
    """``dask scheduler`` and ``dask worker`` as the docs start them, on 127.0.0.1; then
    ``scraper clean --dask`` through them, compared with a local run."""
    lines = [shlex.split(line) for line in code.replace("\\\n", " ").splitlines() if line.strip()]
    commands = [argv for argv in lines if not argv[0].startswith("#")]
    assert [argv[:2] for argv in commands] == [["dask", "scheduler"], ["dask", "worker"]]
    scheduler, worker = commands
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = [str(BIN / "dask"), *scheduler[1:], "--dashboard-address", "127.0.0.1:0"]
    scheduler[scheduler.index("--host") + 1] = "127.0.0.1"
    scheduler[scheduler.index("--port") + 1] = str(port)
    with _started(scheduler, sandbox, sandbox / "scheduler.log") as started:
        _wait_for_port(port, started)
        argv = _local_worker(worker, address, sandbox)
        with _started(argv, sandbox, sandbox / "worker.log"):
            _workers(address, 1)
            pages = f"{sandbox}/shared/saved-pages"
            clean_on_dask(
                f"scraper clean {pages} --out {sandbox}/out --dask {address}", sandbox, None
            )


def dask_unit(code: str, sandbox: Path, scale: Scale) -> None:
    """A systemd unit's ``ExecStart`` (``dask worker ...``), run as its user would from
    its ``WorkingDirectory`` (both illustrative: the sandbox here): the worker joins the
    scheduler (the test cluster's), which then has one worker more."""
    import configparser

    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read_string(code)
    service = unit["Service"]
    assert service["Restart"] == "always"
    argv = shlex.split(service["ExecStart"])
    assert Path(argv[0]).name == "dask"
    assert (BIN / "dask").exists()
    assert Path(argv[0]).parent == Path(service["WorkingDirectory"]) / ".venv" / "bin"
    with _started(_local_worker(argv, scale.address, sandbox), sandbox, sandbox / "unit.log"):
        _workers(scale.address, 2)
    _workers(scale.address, 1)  # (gone again before the next test sends tasks)
