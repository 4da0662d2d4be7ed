"""The job file: valid files parse, every mistake names the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.errors import ConfigError
from scraper.jobs.job import validate_fetch_table
from scraper.jobs.jobfile import load_job_file, parse_job

GOOD = """\
[job]
name = "world-news"
out = "out/world-news"
state = "state/world-news.sqlite"
revalidate = true
retry_limit = 3

[[source]]
feed = "https://example.com/feed/"
[[source]]
sitemap = "https://example.com/sitemap.xml"
[[source]]
urls = [
  "https://example.com/a",
  "https://example.com/b",
]

[fetch]
delay = 0.5

[filter]
same_site = true
exclude = ["/video/"]
max_age_days = 7
"""


def parse(text: str, tmp_path: Path):
    return parse_job(text, tmp_path / "job.toml")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def error_of(text: str, tmp_path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        parse(text, tmp_path)
    assert info.value.path == str(tmp_path / "job.toml")
    return str(info.value)


def test_good_file_parses(tmp_path):
    spec = parse(GOOD, tmp_path)
    assert spec.name == "world-news"
    assert spec.out == tmp_path / "out/world-news"
    assert spec.state == tmp_path / "state/world-news.sqlite"
    assert [s.kind for s in spec.sources] == ["feed", "sitemap", "urls"]
    assert spec.sources[2].urls == ("https://example.com/a", "https://example.com/b")
    assert spec.sources[1].line == line_of(GOOD, "sitemap =")
    assert spec.fetch == {"delay": 0.5}
    assert spec.filter.exclude == ("/video/",)
    assert spec.filter.max_age_days == 7.0
    assert spec.revalidate is True
    assert spec.retry_limit == 3


def test_state_defaults_to_out_folder(tmp_path):
    spec = parse('[job]\nname = "a"\nout = "o"\n[[source]]\nurls = ["http://x.org/"]\n', tmp_path)
    assert spec.state == tmp_path / "o" / "state.sqlite"


def test_unknown_key_names_line_and_key(tmp_path):
    text = GOOD.replace("retry_limit = 3", "retry_limt = 3")
    where = f"{tmp_path / 'job.toml'}:{line_of(text, 'retry_limt')}"
    assert error_of(text, tmp_path).startswith(f"{where}: [job] unknown key 'retry_limt'")


def test_unknown_key_in_second_source(tmp_path):
    text = GOOD.replace('sitemap = "https', 'sitemaps = "https')
    message = error_of(text, tmp_path)
    assert f":{line_of(text, 'sitemaps')}: [[source]] #2 unknown key 'sitemaps'" in message


def test_bad_url_names_line_and_value(tmp_path):
    text = GOOD.replace('"https://example.com/b"', '"ftp://example.com/b"')
    message = error_of(text, tmp_path)
    assert (
        f":{line_of(text, 'urls =')}: [[source]] #3 'urls' is not a valid URL: 'ftp://example.com/b'"
        in message
    )


def test_wrong_type(tmp_path):
    message = error_of(GOOD.replace("revalidate = true", 'revalidate = "yes"'), tmp_path)
    assert ":5: [job] 'revalidate' must be true or false, not str" in message


def test_bool_is_not_an_integer(tmp_path):
    message = error_of(GOOD.replace("retry_limit = 3", "retry_limit = true"), tmp_path)
    assert ":6: [job] 'retry_limit' must be an integer, not a boolean" in message


def test_unknown_table(tmp_path):
    text = GOOD + "\n[fetcher]\nx = 1\n"
    assert f":{line_of(text, '[fetcher]')}: unknown table 'fetcher'" in error_of(text, tmp_path)


def test_missing_name(tmp_path):
    message = error_of(GOOD.replace('name = "world-news"\n', ""), tmp_path)
    assert ":1: [job] 'name' is required" in message


def test_source_with_two_kinds(tmp_path):
    text = GOOD.replace('feed = "https://example.com/feed/"', 'feed = "https://e.com/f"\nurls = []')
    assert "[[source]] #1 needs exactly one of" in error_of(text, tmp_path)


def test_no_sources(tmp_path):
    assert "no [[source]]" in error_of('[job]\nname = "a"\nout = "o"\n', tmp_path)


def test_bad_regex(tmp_path):
    text = GOOD.replace('exclude = ["/video/"]', 'exclude = ["(unclosed"]')
    message = error_of(text, tmp_path)
    assert (
        f":{line_of(text, 'exclude')}: [filter] 'exclude' has a bad regular expression" in message
    )


def test_invalid_toml_gives_line(tmp_path):
    text = GOOD.replace("delay = 0.5", "delay = = 0.5")
    assert f":{line_of(text, 'delay')}: invalid TOML" in error_of(text, tmp_path)


def test_fetch_keys_checked_by_validator(tmp_path):
    def validate(table):
        return {k: "unknown key" for k in table if k != "delay"}

    text = GOOD.replace("delay = 0.5", "delay = 0.5\nper_hots = 2")
    where = line_of(text, "per_hots")
    with pytest.raises(ConfigError, match=rf":{where}: \[fetch\] unknown key"):
        parse_job(text, tmp_path / "job.toml", validate_fetch=validate)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match=r"nope\.toml: cannot read job file"):
        load_job_file(tmp_path / "nope.toml")


def test_a_typo_gets_a_did_you_mean(tmp_path):
    text = GOOD.replace("retry_limit = 3", "retry_limt = 3")
    assert "unknown key 'retry_limt' (did you mean 'retry_limit'?)" in error_of(text, tmp_path)
    text = GOOD.replace("max_age_days = 7", "max_agedays = 7")
    assert "[filter] unknown key 'max_agedays' (did you mean 'max_age_days'?)" in error_of(
        text, tmp_path
    )


def test_a_fetch_key_under_job_says_where_it_belongs_and_names_the_flag(tmp_path):
    text = GOOD.replace("retry_limit = 3", "allow_private = true")
    message = error_of(text, tmp_path)
    where = f"{tmp_path / 'job.toml'}:{line_of(text, 'allow_private')}"
    assert message == (
        f"{where}: [job] unknown key 'allow_private': it belongs in [fetch];"
        " on the command line, --allow-private"
    )


def test_a_job_key_under_fetch_says_where_it_belongs(tmp_path):
    text = GOOD.replace("delay = 0.5", "revalidate = true")
    with pytest.raises(
        ConfigError, match=r"\[fetch\] unknown key 'revalidate': it belongs in \[job\]"
    ):
        parse_job(text, tmp_path / "job.toml", validate_fetch=validate_fetch_table)
