"""Docs that cannot drift: every fenced example of README.md and docs/*.md is run.

Each block runs in a fresh sandbox folder holding the files the docs name (copies of
fixtures), with the docs' ``https://example.com`` / ``example.org`` URLs pointed at a
local server (tests/docs_server.py) and private addresses allowed for it:

* ``python``: run as a script; README's blocks also pasted together into one script,
  and into one notebook cell (top-level await allowed, inside a running event loop);
* ``sh``: run by bash (``set -eo pipefail``) with ``.venv/bin`` on the PATH; ``make X``
  is checked with ``make -n X``;
* ``toml``: a job file is checked and run (``scraper run``), a rules file loaded;
* ``cron`` and ``ini``: the scraper command they hold parses as ``scraper`` would, and
  runs (cron's line by ``sh``, a unit's ``ExecStart``) in the sandbox standing in for
  /srv/scraper;
* ``json``: parses, with the document's keys;
* ``text``: shown output, not run.

Dask (README's block, docs/dask.md) and Scrapy (docs/scrapy.md) examples run on a real
local cluster, S3 server, Scrapy project and Redis server: see tests/docs_scale.py and
tests/docs_scrapy.py. The blocks of one section of docs/scrapy.md make one project,
crawled once for them all.

A line ``...`` in a block marks an excerpt: it is left out before the block is checked.
"""

from __future__ import annotations

import ast
import configparser
import inspect
import json
import re
import shlex
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from clean_helpers import DOCUMENT_KEYS, FIXTURES, ROOT
from docs_scale import (
    Scale,
    dask_deployment,
    dask_python,
    dask_sh,
    dask_unit,
    sandbox_run,
    scale_world,
    shared_inputs,
)
from docs_scrapy import check_items, scrapy_section
from docs_server import DocsSite, serve

from scraper.cli import build_parser
from scraper.config import load_rules
from scraper.jobs.job import job_extract
from scraper.jobs.jobfile import parse_job

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BIN = Path(sys.executable).parent
_FENCE = re.compile(r"^```(\S*)\n(.*?)^```$", re.M | re.S)
_EXCERPT = re.compile(r"^\s*\.\.\.,?\s*$", re.M)

# What the sandbox holds: the names the docs use, each a copy of a fixture.
FILES = {
    "saved/page.html": "15_article_table_lists.html",
    "saved/news/2024/pier.html": "02_wordpress_amp.html",
    "saved/gazette/story.html": "03_wordpress_classic.html",
    "saved-pages/a.html": "05_blogger_post.html",
    "saved-pages/b/c.html": "11_german_news.html",
    "page.html.gz": "21_drupal_news_gzipped.html.gz",
    "old-scrape.txt": "00_seed.txt",
    "careless-scrape.txt": "22_careless_scrape_other_site.txt",
    "one-more-page.html": "06_substack_newsletter.html",
    "one-more-scrape.txt": "22_careless_scrape_other_site.txt",
}

# Run first in every Python example: the docs server is on 127.0.0.1, which a Fetcher
# refuses by default (FetchConfig.allow_private); this allows it for every Fetcher.
PRELUDE = """\
import scraper.fetching.fetcher as _docs_fetcher
_docs_fetcher.Fetcher.__init__.__kwdefaults__["is_allowed"] = lambda address: True
"""


@dataclass(frozen=True)
class Block:
    doc: Path
    line: int
    lang: str
    code: str

    @property
    def id(self) -> str:
        return f"{self.doc.name}:{self.line}"

    @property
    def section(self) -> int:
        """The line of the heading the block is under."""
        heading, fenced = 0, False
        for number, text in enumerate(self.doc.read_text("utf-8").splitlines()[: self.line], 1):
            fenced ^= text.startswith("```")
            if text.startswith("#") and not fenced:
                heading = number
        return heading


def blocks(doc: Path) -> Iterator[Block]:
    text = doc.read_text("utf-8")
    for found in _FENCE.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        yield Block(doc, line, found.group(1), _EXCERPT.sub("", found.group(2)))


BLOCKS = [block for doc in DOCS for block in blocks(doc)]


@pytest.fixture(scope="module")
def site() -> Iterator[DocsSite]:
    with serve() as running:
        yield running


def _local(code: str, site: DocsSite) -> str:
    port = site.base.rsplit(":", 1)[1]
    code = code.replace("https://example.com", site.base)
    return code.replace("https://example.org", f"http://localhost:{port}")


def _job_file(code: str, site: DocsSite) -> str:
    """A docs job file, pointed at the docs server, private addresses allowed, no
    delay between requests (the server is ours; the delay only made the test slow)."""
    code = re.sub(r"^delay = .*$", "", _local(code, site), flags=re.M)
    fetch = "[fetch]\nallow_private = true\ndelay = 0"
    if re.search(r"^\[fetch\]", code, re.M):
        return re.sub(r"^\[fetch\].*$", fetch, code, count=1, flags=re.M)
    return code + "\n" + fetch + "\n"


@pytest.fixture
def sandbox(tmp_path: Path, site: DocsSite) -> Path:
    for name, fixture in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / fixture, tmp_path / name)
    (tmp_path / ".venv").symlink_to(BIN.parent)
    (tmp_path / "logs").mkdir()
    for folder in ("", "jobs/"):  # the rules file a docs job names ([extract] rules)
        rules = tmp_path / f"{folder}rules" / "world-news.toml"
        rules.parent.mkdir(parents=True, exist_ok=True)
        rules.write_text('[[site]]\ndomain = "example.com"\nremove = ["div.promo"]\n')
    for block in BLOCKS:  # job files the docs name (`# jobs/x.toml`) exist
        first = block.code.splitlines()[0] if block.code else ""
        if block.lang == "toml" and first.startswith("# ") and first.endswith(".toml"):
            path = tmp_path / first[2:].strip()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_job_file(block.code, site))
    return tmp_path


@pytest.fixture(scope="module")
def scale() -> Iterator[Scale]:
    """A LocalCluster and an S3 server, for the Dask examples (started for the first)."""
    pytest.importorskip("distributed")
    pytest.importorskip("s3fs")
    with scale_world() as world:
        yield world


@pytest.fixture(scope="module")
def crawls() -> dict[tuple[str, int], str]:
    """The crawl of each Scrapy section, by (doc, heading line): "" if it worked."""
    return {}


def _run(argv: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return sandbox_run(argv, cwd, stdin)


def _python(code: str, sandbox: Path, site: DocsSite) -> None:
    script = sandbox / "example.py"
    script.write_text(PRELUDE + _local(code, site))
    done = _run([sys.executable, str(script)], sandbox)
    assert done.returncode == 0, done.stderr


def _sh(code: str, sandbox: Path, site: DocsSite) -> None:
    code = code.replace("\\\n", " ")  # one line per command
    lines = []
    for line in _local(code, site).splitlines():
        if line.startswith("make "):
            line = f"make -n -C {shlex.quote(str(ROOT))} {line[5:]}"
        line = re.sub(r"\bscraper fetch\b", "scraper fetch --allow-private", line)
        lines.append(line)
    done = _run(["bash", "-c", "set -eo pipefail\n" + "\n".join(lines)], sandbox)
    assert done.returncode == 0, done.stderr


# The folder the docs' crontab lines and systemd units run in; the sandbox stands in.
SERVER_FOLDER = "/srv/scraper"


def _scheduled(argv: list[str], sandbox: Path) -> None:
    """A crontab line's command or a unit's ExecStart, run as cron or systemd would, in
    the sandbox standing in for /srv/scraper: the docs' job runs against the docs site."""
    argv = [arg.replace(SERVER_FOLDER, str(sandbox)) for arg in argv]
    done = _run(argv, sandbox)
    assert done.returncode == 0, done.stdout + done.stderr
    logs = [p.read_text("utf-8") for p in (sandbox / "logs").glob("*.log")]
    summary = logs[0] if logs else done.stderr
    assert re.search(r"\bnew [1-9]", summary), summary  # the run saved the job's pages


def _parses(command: str) -> None:
    """The scraper arguments of a shell command line parse as the CLI would."""
    found = re.search(r"scraper ([^>|&;]+)", command)
    assert found, command
    build_parser().parse_args(shlex.split(found.group(1)))


def _toml(code: str, sandbox: Path, site: DocsSite) -> None:
    path = sandbox / "example.toml"
    if "[job]" in code:
        path.write_text(_job_file(code, site))
        checked = _run([str(BIN / "scraper"), "run", "--check", str(path)], sandbox)
        assert checked.returncode == 0, checked.stderr
        done = _run([str(BIN / "scraper"), "run", str(path)], sandbox)
        assert done.returncode == 0, done.stderr
    elif "[extract]" in code:  # a job file's [extract] table, alone: in a whole job file
        job = '[job]\nname = "docs"\nout = "out"\n[[source]]\nurls = ["https://example.com/"]\n'
        spec = parse_job(job + code, path)
        assert job_extract(spec.extract) != job_extract()  # (a job's defaults)
    else:
        path.write_text(code)
        assert load_rules(path).sites or load_rules(path).generic


def _scrapy(
    block: Block, sandbox: Path, site: DocsSite, crawls: dict[tuple[str, int], str]
) -> None:
    """The block's section of docs/scrapy.md, made into a project and crawled (once)."""
    key = (block.doc.name, block.section)
    if key not in crawls:
        members = [b for b in BLOCKS if (b.doc.name, b.section) == key and b.lang != "text"]
        redis = any("redis://" in b.code for b in members)
        try:
            check_items(
                scrapy_section([(b.lang, b.code) for b in members], sandbox, site), site, redis
            )
            crawls[key] = ""
        except Exception as exc:  # (the section's other blocks fail with the same)
            crawls[key] = f"{type(exc).__name__}: {exc}"
    assert crawls[key] == "", crawls[key]


def _dask(block: Block, sandbox: Path, request: pytest.FixtureRequest) -> None:
    shared_inputs(sandbox)

    def scale() -> Scale:  # (started for the first example that needs it)
        world: Scale = request.getfixturevalue("scale")
        return world

    if block.lang == "python":
        dask_python(block.code, sandbox, scale(), PRELUDE)
    elif block.lang == "ini":
        dask_unit(block.code, sandbox, scale())
    elif re.search(r"^dask scheduler", block.code, re.M):
        dask_deployment(block.code, sandbox)
    else:
        dask_sh(block.code, sandbox, scale)


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_example_runs(
    block: Block, sandbox: Path, site: DocsSite, request: pytest.FixtureRequest
) -> None:
    if block.doc.name == "scrapy.md" and block.lang in ("python", "sh"):
        _scrapy(block, sandbox, site, request.getfixturevalue("crawls"))
    elif block.lang != "text" and (block.doc.name == "dask.md" or " --dask " in block.code):
        _dask(block, sandbox, request)
    elif block.lang == "python":
        _python(block.code, sandbox, site)
    elif block.lang == "sh":
        _sh(block.code, sandbox, site)
    elif block.lang == "toml":
        _toml(block.code, sandbox, site)
    elif block.lang == "cron":
        for line in block.code.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                assert len(line.split(None, 5)) == 6, line  # five time fields, a command
                _parses(line.split(None, 5)[5])
                _scheduled(["/bin/sh", "-c", line.split(None, 5)[5]], sandbox)
    elif block.lang == "ini":
        units = configparser.ConfigParser(strict=False, interpolation=None)
        units.read_string(block.code)
        for section in units.sections():
            if "ExecStart" in units[section]:
                _parses(units[section]["ExecStart"])
                assert units[section]["WorkingDirectory"] == SERVER_FOLDER
                _scheduled(shlex.split(units[section]["ExecStart"]), sandbox)
    elif block.lang == "json":
        assert list(json.loads(block.code)) == DOCUMENT_KEYS
    else:
        assert block.lang == "text", f"{block.id}: say what the block is (```python, ```sh ...)"


def test_readme_python_pasted_into_one_script_runs(sandbox: Path, site: DocsSite) -> None:
    code = "\n\n".join(b.code for b in BLOCKS if b.doc.name == "README.md" and b.lang == "python")
    _python(code, sandbox, site)


CELL = """\
import ast, asyncio, inspect, sys

async def kernel():  # what a notebook kernel does with a cell: its loop is running
    code = compile(sys.stdin.read(), "<cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(code, {"__name__": "__main__"})
    if inspect.iscoroutine(result):
        await result

asyncio.run(kernel())
"""


def test_readme_python_pasted_into_one_notebook_cell_runs(sandbox: Path, site: DocsSite) -> None:
    code = "\n\n".join(b.code for b in BLOCKS if b.doc.name == "README.md" and b.lang == "python")
    done = _run([sys.executable, "-c", CELL], sandbox, stdin=PRELUDE + _local(code, site))
    assert done.returncode == 0, done.stderr
    assert "Story at /a" in done.stdout  # the Fetcher's pages came back


def test_readme_quick_start_is_still_the_two_commands() -> None:
    [quick] = [b for b in BLOCKS if b.doc.name == "README.md" and b.lang == "sh"][:1]
    commands = [line.split("#")[0].split() for line in quick.code.splitlines()]
    assert commands == [["make", "run"], ["make", "test"]]


def _comparison_rows() -> list[list[str]]:
    text = (ROOT / "docs" / "comparison.md").read_text("utf-8")
    rows = [line.strip("|").split(" | ") for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[1:]]  # (after the header)


def test_the_comparison_names_only_tests_that_exist() -> None:
    defined = {
        name
        for path in (ROOT / "tests").glob("test_*.py")
        for name in re.findall(r"^def (test_\w+)", path.read_text("utf-8"), re.M)
    }
    rows = _comparison_rows()
    assert len(rows) > 15
    for feature, ours, *_, tests in rows:
        named = [name.strip().strip("`") for name in tests.split(",") if name.strip()]
        if ours.startswith(("yes", "at least")):
            assert named, feature
            assert [name for name in named if name not in defined] == [], feature
        else:
            assert not named, feature


def test_the_comparisons_f1_is_no_more_than_the_floor_the_tests_hold() -> None:
    """The F1 row claims "at least" the WCXB floor: true while the floor test passes,
    and still true when the floor is raised (the README has the latest figure)."""
    source = (ROOT / "tests" / "test_quality_floor.py").read_text("utf-8")
    [floors] = re.findall(r"^WCXB_FLOORS = (\{.*\})$", source, re.M)
    [row] = [row for row in _comparison_rows() if row[0].startswith("mean word F1 on the WCXB")]
    claimed = re.fullmatch(r"at least (0\.\d+) .*", row[1])
    assert claimed, row[1]
    assert float(claimed.group(1)) <= ast.literal_eval(floors)["all"]


def test_the_comparisons_trafilatura_column_matches_the_installed_trafilatura() -> None:
    with warnings.catch_warnings():  # urllib3 warns, on import, that SOCKS is missing
        warnings.simplefilter("ignore")
        import trafilatura
        from trafilatura.settings import SUPPORTED_FMT_CLI

    options = inspect.signature(trafilatura.extract).parameters
    claims = {row[0]: row[2] for row in _comparison_rows()}
    assert claims["output: Markdown with front matter"] == "yes"
    assert {"markdown", "html", "xml", "csv", "json"} <= set(SUPPORTED_FMT_CLI)
    for feature, option in [
        ("keep comments, apart from the article", "include_comments"),
        ("keep links: a list, and in md/html/xml", "include_links"),
        ("keep images: URL, alt, caption, in JSON and md/html/xml", "include_images"),
        ("target-language filter", "target_language"),
        ("drop duplicate documents within a run", "deduplicate"),
    ]:
        assert claims[feature].startswith(("yes", "partly")), feature
        assert option in options, option
    assert claims["keep or drop tables, captions"].startswith("yes")
    assert "include_tables" in options
    typed = Path(trafilatura.__file__).parent / "py.typed"
    assert claims["types visible to `mypy --strict` in a user's project"].startswith("yes")
    assert typed.exists()


def test_docs_hold_one_page_per_use_each_linked_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    uses = {
        "cleaning.md": "# ",
        "scheduling.md": "[job]",
        "library.md": "import scraper",
        "formats.md": "--format",
        "comparison.md": "| feature |",
    }
    for page, mark in uses.items():
        text = (ROOT / "docs" / page).read_text("utf-8")
        assert mark in text, page
        assert f"](docs/{page})" in readme, page


def test_make_test_prints_the_slowest_test_files(tmp_path: Path) -> None:
    recipe = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "--durations" in recipe
    (tmp_path / "test_two.py").write_text(
        "import time\n\ndef test_slow():\n    time.sleep(0.3)\n\ndef test_fast():\n    pass\n"
    )
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    shutil.copy(ROOT / "tests" / "fetch_server.py", tmp_path / "fetch_server.py")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--durations=1", "-p", "no:cacheprovider", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    summary = done.stdout.split("slowest test files")[1]
    assert "test_two.py" in summary
    assert "slowest 1 durations" in done.stdout


def test_every_page_of_docs_is_run() -> None:
    """No page is left out (docs/dask.md and docs/scrapy.md once were)."""
    assert {d.name for d in DOCS} == {p.name for p in (ROOT / "docs").glob("*.md")} | {"README.md"}
    for name in ("dask.md", "scrapy.md"):
        assert [b for b in BLOCKS if b.doc.name == name and b.lang != "text"], name
