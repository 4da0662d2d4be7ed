"""Memory of big runs: `scraper clean` of many saved pages, and a job of many URLs.

    python bench/memory.py [--pages 1000,10000] [--urls 500,5000] [--jobs 2]
                           [--learn both|yes|no]

Clean: the WCXB dev pages (../shared/eval/wcxb-dev/html, 1,497 gzipped pages) linked
over and over into one folder under /tmp until it holds N files, cleaned by
`scraper clean DIR --out OUT --jobs 2` in a child process. Job: a local server (the
one of bench/fetch.py, in its own process) serves N article pages, and `scraper run`
fetches a job listing all N URLs. While each command runs, /proc is read every 20 ms:
the peak resident memory of its main process, and of its whole process tree (main
process, cleaning workers, resource tracker). The table shows both, and the main
process's peak at the largest N over its peak at the smallest: flat memory means a
ratio near 1.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WCXB_HTML = ROOT.parent / "shared" / "eval" / "wcxb-dev" / "html"
SCRAPER = [sys.executable, "-m", "scraper"]
MiB = 1024 * 1024


def _rss(pid: int) -> int:
    """Resident bytes of ``pid`` (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                found += [int(c) for c in children.read().split()]
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, float, float, int]:
    """Run ``command``; (seconds, main peak MiB, tree peak MiB, exit status)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    main = tree = 0
    while child.poll() is None:
        pids = _tree(child.pid)
        sizes = [_rss(pid) for pid in pids]
        main = max(main, sizes[0])
        tree = max(tree, sum(sizes))
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    assert child.stderr is not None
    last = child.stderr.read().strip().splitlines()[-1:] or [""]
    print(f"  {shlex.join(command[2:])}: {last[0]}", file=sys.stderr, flush=True)
    return seconds, main / MiB, tree / MiB, child.returncode


def pages_folder(base: Path, count: int) -> Path:
    """``count`` saved pages: the WCXB dev pages hard-linked (or copied) in turn."""
    sources = sorted(WCXB_HTML.glob("*.html.gz"))
    if not sources:
        raise SystemExit(f"{WCXB_HTML}: no pages (the eval sets live in ../shared/eval)")
    folder = base / f"pages-{count}"
    folder.mkdir()
    for n in range(count):
        target = folder / f"page-{n:06d}.html.gz"
        try:
            os.link(sources[n % len(sources)], target)
        except OSError:
            shutil.copyfile(sources[n % len(sources)], target)
    return folder


def clean_rows(base: Path, counts: list[int], jobs: int, learn: bool) -> list[tuple[str, ...]]:
    rows = []
    for count in counts:
        folder = pages_folder(base, count)
        out = base / f"out-{count}-{learn}"
        flags = [] if learn else ["--no-learn"]
        command = [*SCRAPER, "clean", str(folder), "--out", str(out), "--jobs", str(jobs), *flags]
        seconds, main, tree, status = measure(command)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(folder)
        what = f"clean {count:,} pages" + ("" if learn else " --no-learn")
        rows.append((what, f"{main:.0f}", f"{tree:.0f}", f"{seconds:.1f}", str(status)))
    return rows


def job_rows(base: Path, counts: list[int]) -> list[tuple[str, ...]]:
    import multiprocessing

    from fetch import _serve, urls_for  # bench/fetch.py's server

    rows = []
    here, there = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(there, 20, max(counts)))
    server.start()
    try:
        ports = here.recv()
        for count in counts:
            folder = base / f"job-{count}"
            folder.mkdir()
            listed = ",\n  ".join(f'"{url}"' for url in urls_for(ports, count))
            (folder / "job.toml").write_text(
                f'[job]\nname = "bench-{count}"\nout = "out"\n\n'
                f"[[source]]\nurls = [\n  {listed}\n]\n\n"
                "[fetch]\nallow_private = true\nobey_robots = false\ndelay = 0\n"
                "per_host = 8\nconcurrency = 32\nattempts = 1\n",
                encoding="utf-8",
            )
            command = [*SCRAPER, "run", "job.toml"]
            seconds, main, tree, status = measure(command, cwd=folder)
            shutil.rmtree(folder)
            rows.append(
                (
                    f"job of {count:,} URLs",
                    f"{main:.0f}",
                    f"{tree:.0f}",
                    f"{seconds:.1f}",
                    str(status),
                )
            )
    finally:
        server.terminate()
        server.join()
    return rows


def table(rows: list[tuple[str, ...]]) -> str:
    lines = [
        "| run | main process peak, MiB | process tree peak, MiB | seconds | exit |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def ratios(rows: list[tuple[str, ...]]) -> list[str]:
    """The main process's peak at the largest run of each kind over its smallest."""
    out = []
    for kind in ("clean", "clean --no-learn", "job"):
        mine = [r for r in rows if r[0].startswith(kind.split()[0])]
        mine = [r for r in mine if ("--no-learn" in r[0]) == ("--no-learn" in kind)]
        if len(mine) >= 2:
            first, last = float(mine[0][1]), float(mine[-1][1])
            out.append(f"{kind}: main peak {last / first:.2f}x from {mine[0][0]} to {mine[-1][0]}")
    return out


def measure_rows(
    pages: list[int], urls: list[int], jobs: int, learn: str = "both"
) -> list[tuple[str, ...]]:
    """The table's rows; ``learn`` is "yes", "no" or "both" (clean runs)."""
    with tempfile.TemporaryDirectory(prefix="scraper-bench-memory-") as tmp:
        base = Path(tmp)
        rows = clean_rows(base, pages, jobs, learn=True) if learn != "no" else []
        rows += clean_rows(base, pages, jobs, learn=False) if learn != "yes" else []
        rows += job_rows(base, urls) if urls else []
    return rows


def run(pages: list[int], urls: list[int], jobs: int, learn: str = "both") -> tuple[str, list[str]]:
    """The table and the ratios; ``learn`` is "yes", "no" or "both" (clean runs)."""
    rows = measure_rows(pages, urls, jobs, learn)
    return table(rows), ratios(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="1000,10000", help="pages per clean run")
    parser.add_argument("--urls", default="500,5000", help="URLs per job run ('' for none)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--learn", choices=("both", "yes", "no"), default="both")
    args = parser.parse_args()
    pages = [int(x) for x in args.pages.split(",") if x]
    urls = [int(x) for x in args.urls.split(",") if x]
    text, notes = run(pages, urls, args.jobs, args.learn)
    print(f"$ {shlex.join(['python', 'bench/memory.py', *sys.argv[1:]])}\n")
    print(text)
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main()
