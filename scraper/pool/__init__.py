"""The cleaning pool: the worker processes that turn ``Page``s into ``Document``s.

    submit(Page) ──▶ waiting ──batch──▶ worker process ──one answer per page──▶ done(Cleaned)

One pool serves every entry point (``scraper clean``, ``scraper fetch``, ``scraper
run`` and the library); ``clean_ordered`` drives it from plain code, ``clean`` from an
event loop. The pool owns its processes instead of borrowing a
``ProcessPoolExecutor`` because it must kill one of them: lexbor's parser cannot be
interrupted (one ``<div>`` with 100,000 attributes takes it minutes), so a page still
running past ``ExtractConfig.time_limit`` (plus ``GRACE``) is abandoned, its worker
killed and replaced, and the page fails with an error naming it. An executor can
neither say which page a worker is on nor kill one worker.

The modules, one job each:

* ``cleaning_pool``: ``CleaningPool``, what callers use (submit, ``clean``,
  ``clean_ordered``, close), and the config each page is cleaned with;
* ``ordered``: ``clean_ordered``'s in-order iteration, with its bounds;
* ``inbox``: answers handed to an event loop in bursts;
* ``manager``: the thread that batches pages to workers, reads their answers, enforces
  the time limit and replaces dead workers;
* ``processes``: a worker process, its pipes and its feeder thread (the process itself
  runs ``scraper.batch``);
* ``tasks`` and ``tuning``: a page in the pool; the pool's sizes and delays.

Bounds: the pool holds what it is given; its drivers bound that (``clean_ordered``'s
``window``; ``scraper.fetch_documents``' backlog). Configs given with pages are kept,
in the pool and in each worker, for the last ``MAX_CONFIGS`` only.
"""

from __future__ import annotations

from scraper.batch import Cleaned, default_workers
from scraper.pool.cleaning_pool import CleaningPool
from scraper.pool.tuning import DEPTH, GRACE, MAX_BATCH, MAX_CONFIGS, READ_AHEAD

__all__ = [
    "DEPTH",
    "GRACE",
    "MAX_BATCH",
    "MAX_CONFIGS",
    "READ_AHEAD",
    "Cleaned",
    "CleaningPool",
    "default_workers",
]
