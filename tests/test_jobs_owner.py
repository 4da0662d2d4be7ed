"""Two job files naming one state database: the state says whose it is, the other job
gets exit status 2 and a line naming the owner, and touches nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from jobs_helpers import old_state
from news_site import NewsSite, serve

from scraper.cli import main
from scraper.errors import StateError
from scraper.exitcodes import ExitCode
from scraper.jobs.lock import RunLock
from scraper.jobs.state import StateStore

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def site():
    with serve(NewsSite()) as running:
        yield running


def job_file(folder, name: str, urls: list[str], state) -> object:
    """A job of a few pages, in its own folder and with its own `out`, sharing ``state``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    listed = ", ".join(f'"{u}"' for u in urls)
    path.write_text(
        f'[job]\nname = "{name}"\nout = "out"\nstate = "{state}"\nretry_backoff = 0\n\n'
        f"[[source]]\nurls = [{listed}]\n\n"
        "[fetch]\nallow_private = true\ndelay = 0\nbackoff = 0\nattempts = 1\n",
        encoding="utf-8",
    )
    return path


def test_second_job_on_the_same_state_exits_2_naming_the_owner(site, tmp_path, capsys):
    state = tmp_path / "shared" / "state.sqlite"
    first = job_file(tmp_path / "a", "sports", [site.url("/article/1")], state)
    second = job_file(tmp_path / "b", "world", [site.url(f"/article/{n}") for n in (2, 3)], state)
    site.broken.add(1)  # the first job's page stays pending for a retry
    assert main(["run", str(first)]) == ExitCode.SOME_FAILED
    capsys.readouterr()
    before = len(site.hits())

    assert main(["run", str(second)]) == ExitCode.USAGE
    assert capsys.readouterr().err == (
        f"scraper: {state}: this state belongs to job 'sports' ({first}), not to job 'world'"
        f" ({second}); give each job a `state` (and an `out`) of its own\n"
    )
    assert len(site.hits()) == before  # nothing fetched
    assert not (tmp_path / "b" / "out").exists() or not list((tmp_path / "b" / "out").glob("*"))
    with StateStore.open(state) as store:
        assert store.counts() == {"retry": 1}  # the first job's page is still its own

    assert main(["status", str(second)]) == ExitCode.USAGE
    assert "belongs to job 'sports'" in capsys.readouterr().err
    site.heal()
    assert main(["run", str(first)]) == ExitCode.OK  # the owner goes on as before
    assert len(list((tmp_path / "a" / "out").glob("*.json"))) == 1


def test_other_job_while_the_owner_runs_exits_2_not_75(site, tmp_path, capsys):
    state = tmp_path / "state.sqlite"
    job = job_file(tmp_path / "b", "world", [site.url("/article/2")], state)
    with RunLock(state, "sports"):  # the owner's run, in flight
        assert main(["run", str(job)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"scraper: {state}: this state belongs to job 'sports', running now")
    assert site.hits() == []


def test_same_job_from_a_moved_job_file_keeps_its_state(tmp_path):
    path = tmp_path / "state.sqlite"
    with StateStore.open(path) as store:
        store.claim("news", tmp_path / "old" / "news.toml", NOW)
        store.claim("news", tmp_path / "new" / "news.toml", NOW)
        with pytest.raises(StateError, match=r"belongs to job 'news' \(.*new/news.toml\)"):
            store.claim("sport", tmp_path / "sport.toml", NOW)


def test_state_from_before_owners_is_migrated_and_claimed_by_the_first_job(tmp_path):
    path = tmp_path / "state.sqlite"
    old_state(path, 3)
    with StateStore.open(path) as store:
        store.check_owner("anyone", tmp_path / "x.toml")  # no owner yet: nothing refused
        store.claim("news", tmp_path / "news.toml", NOW)
        assert store.counts() == {"saved": 1}
        with pytest.raises(StateError, match="belongs to job 'news'"):
            store.check_owner("sport", tmp_path / "sport.toml")
