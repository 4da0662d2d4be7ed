"""Extraction options: each one an ``ExtractConfig`` field, a CLI flag of ``clean`` and
``fetch``, and a key of a job file's ``[extract]`` table, under the same name."""

from __future__ import annotations

import json
import shutil
from dataclasses import fields
from pathlib import Path

import pytest
from clean_helpers import FIXTURES, run_cli
from jobs_helpers import run, saved_documents, write_small_job
from news_site import PRINT, STORY, NewsSite, serve

from scraper import ExtractConfig, Favor, clean_file, extract
from scraper.config import OPTIONS
from scraper.errors import ConfigError
from scraper.jobs.job import Job
from scraper.jobs.jobfile import parse_job
from scraper.jobs.state import StateStore

TABLES = FIXTURES / "15_article_table_lists.html"
GERMAN = FIXTURES / "11_german_news.html"
LISTING = FIXTURES / "16_listing_category_page.html"


def test_tables_and_captions_can_be_dropped() -> None:
    rows = [line for line in clean_file(TABLES).text.splitlines() if " | " in line]
    assert len(rows) >= 3
    no_tables = clean_file(TABLES, config=ExtractConfig(tables=False))
    assert not [line for line in no_tables.text.splitlines() if " | " in line]
    assert no_tables.text.split("\n\n")[0] == clean_file(TABLES).text.split("\n\n")[0]
    caption = "Proposed 2024-25 spending by category"  # a table's <caption>
    assert caption in clean_file(TABLES).text
    no_captions = clean_file(TABLES, config=ExtractConfig(captions=False))
    assert caption not in no_captions.text
    assert no_captions.text.split() == clean_file(TABLES).text.replace(caption, "").split()


def test_every_option_is_a_field_a_flag_and_a_job_key(tmp_path: Path) -> None:
    names = {f.name for f in fields(ExtractConfig)}
    options = [name for name in OPTIONS if name in names]
    assert {"tables", "captions", "target_language", "dedup", "comments", "links", "images"} <= set(
        options
    )
    for command in ("clean", "fetch"):
        help_text = run_cli([command, "--help"]).stdout
        for name in options:
            flag = "--" + name.replace("_", "-")
            if name in ("max_bytes", "max_depth", "time_limit") and command == "fetch":
                continue  # (fetch caps sizes and times with its own fetch settings)
            assert flag in help_text, (command, flag)
    # Every option is a key of a job's [extract] table (none refused), each given a value
    # other than a job's default: the job's config is the one the keys say.
    other = {"favor": "precision", "target_language": "de", "max_bytes": 1000}
    other |= {"max_depth": 100, "time_limit": 5.0, "dedup": False}
    values = {name: other.get(name, not getattr(ExtractConfig(), name)) for name in options}
    table = "".join(f"{name} = {json.dumps(value)}\n" for name, value in values.items())
    job = '[job]\nname = "a"\nout = "o"\n[[source]]\nurls = ["http://x.org/"]\n'
    (tmp_path / "j.toml").write_text(job + "[extract]\n" + table, "utf-8")
    assert set(parse_job(job + "[extract]\n" + table, tmp_path / "j.toml").extract) == set(options)
    assert Job.from_toml(tmp_path / "j.toml").extract_config == ExtractConfig(**values)


def test_a_bad_extract_key_in_a_job_names_line_and_key(tmp_path: Path) -> None:
    job = '[job]\nname = "a"\nout = "o"\n[[source]]\nurls = ["http://x.org/"]\n[extract]\n'
    with pytest.raises(ConfigError, match=r"j.toml:7: \[extract\] unknown key 'table'.*'tables'"):
        parse_job(job + "table = false\n", tmp_path / "j.toml")
    with pytest.raises(ConfigError, match=r"j.toml:7: \[extract\] 'tables'"):
        parse_job(job + 'tables = "no"\n', tmp_path / "j.toml")
    with pytest.raises(
        ConfigError, match=r"\[job\] unknown key 'tables': it belongs in \[extract\]"
    ):
        parse_job(job.replace('out = "o"', 'out = "o"\ntables = false'), tmp_path / "j.toml")


def _lines(text: str) -> set[str]:
    return set(text.splitlines()) - {""}


def test_favor_precision_keeps_only_what_trafilatura_agrees_and_recall_never_asks() -> None:
    """`favor`: precision asks trafilatura's second opinion on every page (the balanced
    default only on pages scraper doubts) and keeps only blocks it agrees with; recall
    never asks, so it keeps what balanced drops on a doubtful page."""
    balanced = clean_file(LISTING)
    precise = clean_file(LISTING, config=ExtractConfig(favor=Favor.PRECISION))
    assert _lines(precise.text) < _lines(balanced.text)
    assert "trafilatura's second opinion applied" not in balanced.quality.reasons
    shop = "".join(f"<li><a href='/p/{n}'>Wool runner, size {n}</a> $98</li>" for n in range(12))
    prose = (
        "The council met on Tuesday evening to discuss the new bridge, which has been delayed"
        " for three years by disputes over its cost and the route it should take."
    )
    app_promo = (
        "<div><div><span>You are reading the second best way!</span></div>"
        "<div><a href='/app'>No thanks. Continue in this view.</a></div></div>"
    )
    doubtful = (
        "<html><head><title>Bridge plans</title></head><body><div>"
        f"<p>{prose}</p>{app_promo}<ul>{shop}</ul></div></body></html>"
    )
    balanced = extract(doubtful)
    recall = extract(doubtful, config=ExtractConfig(favor=Favor.RECALL))
    assert "trafilatura's second opinion applied" in balanced.quality.reasons
    assert not [r for r in recall.quality.reasons if "second opinion" in r]
    assert _lines(balanced.text) < _lines(recall.text)
    assert prose in balanced.text
    # On a page it doubts, trafilatura's word drops paragraphs only: the list stays.
    assert "Wool runner, size 3" in balanced.text


def test_a_target_language_must_be_a_two_letter_code() -> None:
    assert ExtractConfig(target_language="EN").target_language == "en"
    with pytest.raises(ConfigError, match="two-letter"):
        ExtractConfig(target_language="english")


def test_documents_in_other_languages_are_skipped_and_counted(tmp_path: Path) -> None:
    for page in (TABLES, GERMAN):
        shutil.copy(page, tmp_path / page.name)
    result = run_cli(["clean", str(tmp_path), "--out", "-", "--target-language", "en"])
    assert result.code == 0
    [kept] = [json.loads(line) for line in result.stdout.splitlines()]
    assert kept["language"] == "en"
    assert f"skipped: {tmp_path / GERMAN.name}: language de, not en" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("cleaned 1, empty 0, skipped 1, failed 0")


def test_duplicate_documents_are_dropped_within_a_run(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(TABLES, tmp_path / "in" / "a.html")
    shutil.copy(TABLES, tmp_path / "in" / "b.html")
    result = run_cli(["clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--dedup"])
    assert result.code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json"]
    assert f"same text as {tmp_path / 'in' / 'a.html'}" in result.stderr
    again = run_cli(["clean", str(tmp_path / "in"), "--out", str(tmp_path / "all")])
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == ["a.json", "b.json"]
    assert again.code == 0


def test_a_job_skips_pages_in_other_languages_and_fetches_them_when_the_target_changes(
    tmp_path: Path,
) -> None:
    with serve(NewsSite()) as site:
        urls = [site.url("/article/1"), site.url("/article/2")]
        job = write_small_job(tmp_path, urls)
        base = job.read_text("utf-8")
        job.write_text(base + '\n[extract]\ntarget_language = "de"\n', "utf-8")
        report = run(job)
        assert (report.new, report.skipped, report.failed) == (0, 2, 0)
        assert saved_documents(tmp_path / "out") == {}
        with StateStore.open(tmp_path / "out" / "state.sqlite") as state:
            row = state.get(urls[0])
            assert row.status == "skipped"
            assert row.last_error == f"{urls[0]}: language en, not de"
        job.write_text(base + '\n[extract]\ntarget_language = "en"\n', "utf-8")
        report = run(job)  # another target: the pages skipped for theirs are tried again
        assert (report.new, report.skipped) == (2, 0)
        assert set(saved_documents(tmp_path / "out")) == set(urls)


def test_a_jobs_dedup_key_says_whether_the_same_text_makes_a_page_a_duplicate(
    tmp_path: Path,
) -> None:
    """`dedup` in a job is on by default (one copy of pages with the same text);
    `dedup = false` saves such pages as their own documents, the ones a run with dedup
    kept out included; a page naming another's canonical URL stays a duplicate."""
    site = NewsSite()
    with serve(site):
        article, story = site.url(f"/article/{STORY[0]}"), site.url(f"/story/{STORY[0]}")
        printed, copy = site.url(f"/article/{PRINT[0]}"), site.url(f"/print/{PRINT[0]}")
        job = write_small_job(tmp_path, [article, story, printed, copy])
        base = job.read_text("utf-8")
        report = run(job)  # no key: dedup, as a job always did
        assert (report.new, report.duplicates) == (2, 2)
        assert saved_documents(tmp_path / "out") == {article: 1, printed: 1}
        job.write_text(base + "\n[extract]\ndedup = true\n", "utf-8")
        assert Job.from_toml(job).extract_config == ExtractConfig(dedup=True)
        assert (run(job).new, len(site.hits("/print/")), len(site.hits("/story/"))) == (0, 1, 1)
        job.write_text(base + "\n[extract]\ndedup = false\n", "utf-8")
        report = run(job)  # the page kept out for its text only is fetched and saved
        assert (report.new, report.duplicates) == (1, 0)
        assert (len(site.hits("/print/")), len(site.hits("/story/"))) == (2, 1)
        assert saved_documents(tmp_path / "out") == {article: 1, printed: 1, copy: 1}
        with StateStore.open(tmp_path / "out" / "state.sqlite") as state:
            assert (state.get(copy).status, state.get(story).status) == ("saved", "duplicate")
            assert state.get(copy).text_hash == state.get(printed).text_hash
        assert run(job).new == 0  # and saved once: not fetched again
        assert len(site.hits("/print/")) == 2

    fresh = tmp_path / "fresh"  # a job with dedup = false from its first run
    fresh.mkdir()
    with serve(NewsSite()) as site:
        urls = [site.url(p) for p in (f"/article/{STORY[0]}", f"/story/{STORY[0]}")]
        urls += [site.url(p) for p in (f"/article/{PRINT[0]}", f"/print/{PRINT[0]}")]
        job = write_small_job(fresh, urls)
        job.write_text(job.read_text("utf-8") + "\n[extract]\ndedup = false\n", "utf-8")
        report = run(job)
        assert (report.new, report.duplicates) == (3, 1)
        assert saved_documents(fresh / "out") == {urls[0]: 1, urls[2]: 1, urls[3]: 1}
