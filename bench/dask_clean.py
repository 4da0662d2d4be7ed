"""Cleaning throughput on Dask beside a local run: the same pages, the same output.

    python bench/dask_clean.py [--pages 10000] [--workers 2] [--dir /tmp/scraper-bench-dask]

Makes ``--pages`` pages under ``--dir`` by copying the WCXB dev pages (gzipped, as the
eval set keeps them; read through ``bench/evalsets.py``) round-robin, then cleans them
twice with the command users run:

* locally: ``scraper clean PAGES --out OUT --jobs N --no-learn``;
* on a Dask ``LocalCluster`` of N single-threaded worker processes on 127.0.0.1:
  ``scraper clean PAGES --out OUT --dask ADDRESS --no-learn``.

Both times are wall clock of the whole command (start-up, planning and writing
included); the cluster is started before its run and its start-up is shown apart.
Learning is off in both (``--no-learn``): it is a second cleaning pass in both, and
the figure wanted is the cost of cleaning on the cluster. The two outputs are compared
byte for byte. Prints a table ready for the README, with the command on top.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evalsets

ROOT = Path(__file__).resolve().parent.parent
SCRAPER = Path(sys.executable).with_name("scraper")


def make_pages(folder: Path, count: int) -> None:
    """``count`` copies of the WCXB dev pages in ``folder``, round-robin."""
    pages = evalsets.load("wcxb")
    if not pages:
        raise SystemExit(f"no WCXB pages under {evalsets.WCXB}")
    folder.mkdir(parents=True)
    for i in range(count):
        page = pages[i % len(pages)]
        shutil.copyfile(page.html_path, folder / f"{i:05d}-{page.id}.html.gz")


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            sha.update(path.relative_to(folder).as_posix().encode())
            sha.update(path.read_bytes())
    return sha.hexdigest()


def timed(args: list[str]) -> float:
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{shlex.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/scraper-bench-dask"))
    args = parser.parse_args()
    from distributed import LocalCluster

    shutil.rmtree(args.dir, ignore_errors=True)
    pages_dir = args.dir / "pages"
    make_pages(pages_dir, args.pages)
    load = os.getloadavg()[0]
    common = ["--no-learn"]
    local_out, dask_out = args.dir / "out-local", args.dir / "out-dask"
    clean = [str(SCRAPER), "clean", str(pages_dir), *common]
    local = timed([*clean, "--out", str(local_out), "--jobs", str(args.workers)])
    started = time.monotonic()
    with LocalCluster(
        n_workers=args.workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    ) as cluster:
        startup = time.monotonic() - started
        on_dask = timed([*clean, "--out", str(dask_out), "--dask", cluster.scheduler_address])
    same = digest(local_out) == digest(dask_out)
    n = args.pages
    command = shlex.join(["python", "bench/dask_clean.py", *sys.argv[1:]])
    print(f"$ {command}")
    print()
    print(f"| run ({args.workers} processes) | seconds | pages/s | pages per core-hour |")
    print("|---|---:|---:|---:|")
    runs = (
        (f"local, `--jobs {args.workers}`", local),
        (f"Dask LocalCluster, {args.workers} workers", on_dask),
    )
    for name, seconds in runs:
        rate = n / seconds
        print(f"| {name} | {seconds:.1f} | {rate:.0f} | {rate * 3600 / args.workers:,.0f} |")
    print()
    print(
        f"{n} pages (copies of the {min(n, 1497)} WCXB dev pages, gzipped), `--no-learn`;"
        f" cluster overhead {(on_dask - local) / n * 1000:+.2f} ms per page"
        f" ({(on_dask / local - 1) * 100:+.0f}%); cluster start-up {startup:.1f} s (not in"
        f" its time); outputs byte-identical: {'yes' if same else 'NO'}."
    )
    print(
        f"{os.cpu_count()} cores, Python {platform.python_version()},"
        f" load average before: {load:.1f}."
    )
    shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
