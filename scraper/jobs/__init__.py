"""Scheduled jobs: a job file, discovery from feeds and sitemaps, state between runs.

job.toml ──▶ JobSpec ──▶ Job.run(): discover ──▶ state (SQLite) ──▶ fetch ──▶ dedup ──▶ out/
                                                        └──▶ RunReport ──▶ out/runs.jsonl
"""

from __future__ import annotations

from scraper.jobs.job import Job
from scraper.jobs.jobfile import FilterSpec, JobSpec, SourceSpec
from scraper.jobs.report import RunReport
from scraper.jobs.status import JobStatus

__all__ = ["FilterSpec", "Job", "JobSpec", "JobStatus", "RunReport", "SourceSpec"]
