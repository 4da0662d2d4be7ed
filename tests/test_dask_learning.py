"""Learning on Dask: a page that learning's first pass could not clean is reported by the
writing pass with the same error, not cleaned a second time (as in a local run, where a
page abandoned at the time limit would otherwise cost it twice)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from clean_helpers import FIXTURES, run_cli
from scale_servers import local_cluster

distributed = pytest.importorskip("distributed")

import scraper.dask  # noqa: E402
from scraper import __version__  # noqa: E402
from scraper.cleaning import plan_inputs  # noqa: E402
from scraper.config import ExtractConfig  # noqa: E402
from scraper.learning.folder import LearnOptions  # noqa: E402
from scraper.scale.cleaners import PLUGIN, WorkerPool  # noqa: E402
from scraper.scale.tasks import first_failures, plan_tasks, run_task, task_lines  # noqa: E402

ARTICLE = (FIXTURES / "02_wordpress_amp.html").read_bytes()
# Too deep for ``max_depth=50`` (it fails at once, the same way each time), fine for 5000.
DEEP = b"<html><body>" + b"<div>" * 80 + b"<p>Deep in the harbour.</p>" + b"</div>" * 80


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"story-{n}.html").write_bytes(ARTICLE.replace(b"Saltmarsh", b"Marsh%d" % n))
    (folder / "story-deep.html").write_bytes(DEEP)
    return folder


def test_the_writing_pass_reports_a_first_pass_failure_without_cleaning_again(tmp_path: Path):
    folder = _folder(tmp_path)
    [task] = plan_tasks(plan_inputs([str(folder)]), 10)
    first = task_lines(task, ExtractConfig(max_depth=50), None, __version__)
    failed = first_failures(first)
    [(key, error)] = failed.items()
    assert key[0] == str(folder / "story-deep.html")
    assert len(first.lines) == 3
    # The writing pass's config would clean the deep page: it is not given the chance.
    config = ExtractConfig(max_depth=5000)
    result = run_task(task, config, "json", str(tmp_path / "out"), __version__, None, failed)
    assert result.messages == (error,)
    assert (result.cleaned, result.failed) == (3, 1)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"story-{n}.json" for n in range(3)
    ]
    # Without the first pass's word, the same page cleans.
    again = run_task(task, config, "json", str(tmp_path / "again"), __version__)
    assert (again.cleaned, again.failed) == (4, 0)


def _pages_given(client: Any) -> int:
    """Pages given to the workers' cleaning processes so far (``WorkerPool.pages``)."""

    def given(dask_worker: Any) -> int:
        plugin = dask_worker.plugins.get(PLUGIN)
        return plugin.pages if isinstance(plugin, WorkerPool) else 0

    return sum(client.run(given).values())


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        local_cluster(1) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        yield client


@pytest.mark.slow  # a cluster run: seconds on a quiet machine
def test_on_a_cluster_a_page_that_fails_learning_is_cleaned_once(client: Any, tmp_path: Path):
    folder = _folder(tmp_path)
    config = ExtractConfig(max_depth=50)
    local = run_cli(
        ["clean", str(folder), "--out", str(tmp_path / "local"), "--jobs", "1", "--max-depth", "50"]
    )
    scraper.dask.prepare(client)
    before = _pages_given(client)
    messages: list[str] = []
    report = scraper.dask.clean(
        [str(folder)],
        str(tmp_path / "out"),
        client=client,
        config=config,
        learn=LearnOptions(),
        on_message=messages.append,
    )
    # Four pages in learning's pass, then only the three that cleaned there.
    assert _pages_given(client) - before == 4 + 3
    assert (report.cleaned, report.failed) == (3, 1)
    [line] = messages
    assert line.startswith(f"{folder / 'story-deep.html'}: ")
    assert local.stderr.splitlines()[:-1] == [line]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        p.name for p in (tmp_path / "local").iterdir()
    )
