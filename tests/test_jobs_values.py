"""Values a job file must not get past `scraper run`: system folders as `out` or `state`,
NaN and infinity, numbers past their bounds, control characters in paths and URLs.
Each is refused as `FILE:LINE: [table] 'key' problem`, exit status 2, nothing fetched,
nothing written."""

from __future__ import annotations

import math

import pytest
from jobs_helpers import write_job
from news_site import NewsSite, serve

from scraper.cli import main
from scraper.errors import ConfigError
from scraper.exitcodes import ExitCode
from scraper.fetching.config import BOUNDS, FetchConfig, number_text
from scraper.jobs.jobfile import JOB_BOUNDS, MAX_AGE_BOUNDS


@pytest.fixture(scope="module")
def site():
    with serve(NewsSite()) as running:
        yield running


CASES = [
    ('out = "out"', 'out = "/"', "[job] 'out' is /, a system folder; give the job a folder"),
    ('out = "out"', 'out = "/etc"', "[job] 'out' is /etc, a system folder"),
    ('out = "out"', 'out = "/etc/scraper"', "[job] 'out' is /etc/scraper, inside the system"),
    ('out = "out"', 'out = "/tmp"', "[job] 'out' is /tmp, a system folder"),
    ('out = "out"', f'out = "{"../" * 40}usr"', "[job] 'out' is /usr ("),
    ('state = "state/', 'state = "/etc/', "[job] 'state' is /etc, a system folder"),
    ('out = "out"', 'out = "o\\u0000ut"', "[job] 'out' must not contain control characters"),
    ('state = "state/', 'state = "st\\nate/', "[job] 'state' must not contain control"),
    ("delay = 0", "delay = nan", "[fetch] 'delay' must be a finite number, not nan"),
    ("\nbackoff = 0", "\ndeadline = inf", "[fetch] 'deadline' must be a finite number, not inf"),
    ("delay = 0", "delay = 86400", "[fetch] 'delay' must be at most 3600 seconds"),
    ("attempts = 3", "concurrency = 1000000000", "[fetch] 'concurrency' must be at most 512"),
    ("attempts = 3", "per_host = 1000", "[fetch] 'per_host' must be at most 64"),
    ("attempts = 3", "max_bytes = 1099511627776", "[fetch] 'max_bytes' must be at most 1073741824"),
    ("retry_backoff = 0", "sitemap_depth = 1000000", "[job] 'sitemap_depth' must be at most 10"),
    ("retry_backoff = 0", "retry_limit = 1000000", "[job] 'retry_limit' must be at most 100"),
    ("retry_backoff = 0", "retry_backoff = inf", "[job] 'retry_backoff' must be a finite"),
    ("retry_backoff = 0", "retry_backoff = nan", "[job] 'retry_backoff' must be a finite"),
    ('feed = "http', 'feed = "http://a.org/\\u0000x', "(contains a control character)"),
    ("attempts = 3", 'user_agent = "bot\\u0000"', "[fetch] 'user_agent' must not contain control"),
]


@pytest.mark.parametrize(("old", "new", "message"), CASES, ids=[c[1] for c in CASES])
def test_bad_value_is_refused_with_file_line_and_exit_2(site, tmp_path, capsys, old, new, message):
    job = write_job(tmp_path, site)
    text = job.read_text("utf-8")
    assert old in text
    job.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = next(
        i for i, t in enumerate(job.read_text().splitlines(), 1) if t.startswith(new.strip())
    )
    before = len(site.hits())
    assert main(["run", str(job)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"scraper: {job}:{line}: "), err
    assert message in err
    assert len(err.splitlines()) == 1
    assert len(site.hits()) == before
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "state").exists()


def test_max_age_days_must_be_finite(site, tmp_path, capsys):
    job = write_job(tmp_path, site)
    job.write_text(job.read_text() + "\n[filter]\nmax_age_days = inf\n", encoding="utf-8")
    assert main(["run", "--check", str(job)]) == ExitCode.USAGE
    line = len(job.read_text().splitlines())
    assert (
        f"{job}:{line}: [filter] 'max_age_days' must be a finite number" in capsys.readouterr().err
    )


def test_a_folder_of_its_own_under_srv_or_var_lib_is_accepted(site, tmp_path, capsys):
    job = write_job(tmp_path, site)
    text = job.read_text().replace('out = "out"', 'out = "/srv/scraper/news"')
    job.write_text(text.replace('state = "state/', 'state = "/var/lib/scraper/'))
    assert main(["run", "--check", str(job)]) == ExitCode.OK


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_every_fetch_bound_holds_at_its_ends_and_not_past_them(name):
    bounds = BOUNDS[name]
    integer = isinstance(getattr(FetchConfig(), name), int)
    FetchConfig(**{name: int(bounds.high) if integer else bounds.high})
    if not bounds.positive:
        FetchConfig(**{name: int(bounds.low) if integer else bounds.low})
    for bad in (bounds.high + 1, bounds.low - 1, math.nan, math.inf):
        with pytest.raises(ConfigError, match=f"fetch setting {name} must"):
            FetchConfig(**{name: bad})


def test_job_bounds_are_the_documented_ones():
    """docs/scheduling.md lists every bound; a bound changed here must be changed there."""
    from jobs_helpers import ROOT

    doc = (ROOT / "docs" / "scheduling.md").read_text("utf-8")
    every = {**BOUNDS, **JOB_BOUNDS, "max_age_days": MAX_AGE_BOUNDS}
    for name, bounds in every.items():
        low = ("more than " if bounds.positive else "") + number_text(bounds.low)
        assert f"| `{name}` | {low} | {number_text(bounds.high)} |" in doc, name
