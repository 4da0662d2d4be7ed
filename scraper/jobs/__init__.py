"""Scheduled jobs: a job file, discovery from feeds and sitemaps, state between runs.

job.toml ──▶ JobSpec ──▶ Job.run(): discover ──▶ state (SQLite) ──▶ fetch ──▶ dedup ──▶ out/
                                                        └──▶ RunReport ──▶ out/runs.jsonl
"""
