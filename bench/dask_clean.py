"""Cleaning throughput on Dask beside a local run: the same pages, the same output.

    python bench/dask_clean.py [--pages 10000] [--workers 2] [--dir /tmp/scraper-bench-dask]
                               [--only local|dask] [--time-limit S] [--keep]

Makes ``--pages`` pages under ``--dir`` by copying the WCXB dev pages (gzipped, as the
eval set keeps them; read through ``bench/evalsets.py``) round-robin, then cleans them
twice with the command users run:

* locally: ``scraper clean PAGES --out OUT --jobs N --no-learn``;
* on a Dask ``LocalCluster`` of N single-threaded worker processes on 127.0.0.1:
  ``scraper clean PAGES --out OUT --dask ADDRESS --no-learn``.

Both are timed as whole commands (start-up, planning and writing included); the
cluster is started before its run and its start-up is shown apart. Besides wall time,
each run's CPU time is summed over every process it used (the command and its
cleaning processes; for Dask also the scheduler, nannies, workers and the workers'
cleaning processes): on a machine shared with other work, wall time says as much about
the neighbours as about scraper, CPU time much less, and pages per core-hour is a CPU
figure. Learning is off in both (``--no-learn``): it is a second cleaning pass in both,
and the figure wanted is the cost of cleaning on the cluster. The two runs go one after the
other, never together (each would be the other's load).

The outputs are compared byte for byte: each run's file digests go to
``--dir/manifest-local.json`` and ``manifest-dask.json``, and the verdict names how many
files differ and the first one (with the JSON keys that differ; ``--keep`` keeps both
outputs, ``--dir/out-local`` and ``out-dask``, to read them). Both runs must read the
pages at the same path: a document's ``source`` is its input as named on the command
line, so the same pages under two folder names differ in every file (an earlier 10,000
page comparison said "NO" for that reason alone, its two halves run in two ``--dir``);
the verdict then says "not comparable" instead.

``--only local`` / ``--only dask`` runs one of the two (the pages are kept in ``--dir``
for the other, each run's figures in ``--dir/results.json``); the table is printed,
ready for the README with its command, once both are there (``--table`` prints it
again without running anything).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evalsets

ROOT = Path(__file__).resolve().parent.parent
SCRAPER = Path(sys.executable).with_name("scraper")
RUNS = ("local", "dask")


def make_pages(folder: Path, count: int) -> None:
    """``count`` copies of the WCXB dev pages in ``folder``, round-robin (kept if there)."""
    if folder.is_dir() and sum(1 for _ in folder.iterdir()) == count:
        return
    pages = evalsets.load("wcxb")
    if not pages:
        raise SystemExit(f"no WCXB pages under {evalsets.WCXB}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i in range(count):
        page = pages[i % len(pages)]
        shutil.copyfile(page.html_path, folder / f"{i:05d}-{page.id}.html.gz")


def manifest(folder: Path) -> dict[str, str]:
    """Each file under ``folder`` (relative name) with the SHA-256 of its bytes, sorted."""
    found = sorted(p for p in folder.rglob("*") if p.is_file())
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in found
    }


def digest(files: dict[str, str]) -> str:
    """One digest of a manifest: equal for byte-identical folders."""
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()


def _json_keys(a: Path, b: Path) -> list[str]:
    """The top-level keys whose values differ between two JSON documents ([] if not JSON)."""
    try:
        one, two = json.loads(a.read_bytes()), json.loads(b.read_bytes())
    except (OSError, ValueError):
        return []
    if not isinstance(one, dict) or not isinstance(two, dict):
        return []
    return sorted(k for k in one.keys() | two.keys() if one.get(k) != two.get(k))


def compare(results: dict[str, Any], folder: Path) -> str:
    """Whether the two runs' outputs are byte-identical, and if not, where they differ.

    A document's ``source`` is its input as the user named it (``/tmp/x/pages/1.html``),
    so two runs over the same pages under two folder names differ in every file: they are
    said to be not comparable rather than counted as a difference (the cause of an
    earlier "NO" at 10,000 pages, when the two halves ran in two ``--dir``).
    """
    local, on_dask = results["local"], results["dask"]
    if local.get("pages_at") != on_dask.get("pages_at"):
        return (
            f"not comparable: the pages were read at {local.get('pages_at')} and"
            f" {on_dask.get('pages_at')}, and each document's source names its input"
        )
    if local["digest"] == on_dask["digest"]:
        return f"yes ({on_dask['files']:,} files)"
    try:
        one = json.loads((folder / "manifest-local.json").read_text())
        two = json.loads((folder / "manifest-dask.json").read_text())
    except (OSError, ValueError):
        return "NO (no manifests to say where)"
    names = sorted(n for n in one.keys() | two.keys() if one.get(n) != two.get(n))
    first = names[0]
    where = f"only in the {'local' if first in one else 'Dask'} output"
    if first in one and first in two:
        keys = _json_keys(folder / "out-local" / first, folder / "out-dask" / first)
        where = f"keys {', '.join(keys)}" if keys else "outputs kept with --keep only"
    total = len(one.keys() | two.keys())
    return f"NO: {len(names):,} of {total:,} files differ, the first {first} ({where})"


def tree_cpu() -> float:
    """CPU seconds of this process, its live descendants and every child reaped so far
    (a live process's reaped children are in its ``children_*`` times)."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for proc in [me, *me.children(recursive=True)]:
        try:
            t = proc.cpu_times()
        except psutil.Error:  # gone meanwhile: its time is in its parent's children_*
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


def _load() -> float:
    """The 1-minute load average: on a shared machine, what the wall time also measured."""
    return os.getloadavg()[0]


def timed(args: list[str]) -> dict[str, float]:
    """Wall and CPU seconds of a command (CPU: everything this process's tree spent)."""
    cpu, load = tree_cpu(), _load()
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{shlex.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return {"seconds": seconds, "cpu": tree_cpu() - cpu, "load": load, "load_after": _load()}


def run_local(pages: Path, out: Path, workers: int, extra: list[str]) -> dict[str, Any]:
    clean = [str(SCRAPER), "clean", str(pages), "--no-learn", "--out", str(out), *extra]
    return timed([*clean, "--jobs", str(workers)])


def run_dask(pages: Path, out: Path, workers: int, extra: list[str]) -> dict[str, Any]:
    from distributed import LocalCluster

    started = time.monotonic()
    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    ) as cluster:
        startup = time.monotonic() - started
        clean = [str(SCRAPER), "clean", str(pages), "--no-learn", "--out", str(out), *extra]
        figures = timed([*clean, "--dask", cluster.scheduler_address])
    return {**figures, "startup": startup}


def table(results: dict[str, Any], pages: int, workers: int, same: str) -> None:
    local, on_dask = results["local"], results["dask"]
    print(
        f"| run ({workers} processes) | UTC | load before, after | seconds | pages/s | CPU s |"
        " CPU ms/page | pages per core-hour |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, run in (
        (f"local, `--jobs {workers}`", local),
        (f"Dask LocalCluster, {workers} workers", on_dask),
    ):
        rate, per = pages / run["seconds"], run["cpu"] / pages * 1000
        print(
            f"| {name} | {run.get('utc', '?')} | {run['load']:.1f}, {run.get('load_after', 0):.1f}"
            f" | {run['seconds']:.0f} | {rate:.1f} |"
            f" {run['cpu']:.0f} | {per:.1f} | {pages / run['cpu'] * 3600:,.0f} |"
        )
    print()
    wall = (on_dask["seconds"] - local["seconds"]) / pages * 1000
    cpu = (on_dask["cpu"] - local["cpu"]) / pages * 1000
    print(
        f"{pages:,} pages (copies of the {min(pages, 1497)} WCXB dev pages, gzipped),"
        f" `--no-learn`; cluster overhead per page: {cpu:+.1f} ms of CPU"
        f" ({(on_dask['cpu'] / local['cpu'] - 1) * 100:+.0f}%), {wall:+.1f} ms of wall time"
        f" ({(on_dask['seconds'] / local['seconds'] - 1) * 100:+.0f}%); cluster start-up"
        f" {on_dask['startup']:.1f} s (not in its time); outputs byte-identical: {same}."
    )
    print(f"{os.cpu_count()} cores, Python {platform.python_version()}.")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/scraper-bench-dask"))
    parser.add_argument("--only", choices=RUNS, default=None)
    parser.add_argument(
        "--time-limit",
        default=None,
        metavar="SECONDS",
        help="scraper clean's --time-limit (default its own); a loaded machine may need more",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep both outputs (--dir/out-local, out-dask)"
    )
    parser.add_argument(
        "--table", action="store_true", help="print the table of --dir/results.json; run nothing"
    )
    return parser.parse_args()


def _run(name: str, args: argparse.Namespace, pages_dir: Path) -> dict[str, Any]:
    """One of the two runs, timed; its output's manifest written to ``--dir``."""
    out = args.dir / f"out-{name}"
    shutil.rmtree(out, ignore_errors=True)
    run = run_local if name == "local" else run_dask
    extra = [] if args.time_limit is None else ["--time-limit", args.time_limit]
    began = time.strftime("%H:%M:%S", time.gmtime())
    figures = run(pages_dir, out, args.workers, extra)
    files = manifest(out)
    (args.dir / f"manifest-{name}.json").write_text(json.dumps(files, indent=0))
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    ended = time.strftime("%H:%M:%S", time.gmtime())
    return {
        **figures,
        "digest": digest(files),
        "files": len(files),
        "pages_at": str(pages_dir),
        "utc": f"{began}-{ended}",
    }


def main() -> None:
    args = _arguments()
    pages_dir = args.dir / "pages"
    store = args.dir / "results.json"
    results: dict[str, Any] = json.loads(store.read_text()) if store.exists() else {}
    if results.get("pages") != args.pages or results.get("workers") != args.workers:
        results = {"pages": args.pages, "workers": args.workers}
    if not args.table:
        make_pages(pages_dir, args.pages)
    for name in () if args.table else RUNS if args.only is None else (args.only,):
        results[name] = _run(name, args, pages_dir)  # one after the other, never together
        store.write_text(json.dumps(results, indent=1))
        print(f"{name}: {json.dumps(results[name])}", file=sys.stderr)
    if all(name in results for name in RUNS):
        command = shlex.join(["python", "bench/dask_clean.py", *sys.argv[1:]])
        print(f"$ {command}\n")
        table(results, args.pages, args.workers, compare(results, args.dir))
        if not args.keep:
            shutil.rmtree(pages_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
