"""The cleaning pool's sizes and delays, each with the reason for its value."""

from __future__ import annotations

__all__ = ["DEPTH", "GRACE", "MAX_BATCH", "MAX_CONFIGS", "READ_AHEAD", "START_FAILURES"]

# Large enough that the per-message cost is spread thin, small enough that one batch
# never holds a worker for long (about 50 ms of bench pages).
MAX_BATCH = 16
# Batches given to a worker at once: the next one waits in its pipe, so the worker goes
# on while its last answers travel back.
DEPTH = 2
# Seconds past the time limit before a worker is killed: the worker's own checks
# between stages usually stop a slow page first, with a message saying where.
GRACE = 1.0
# Bytes of pages ``clean_ordered`` reads ahead of the one its caller waits for (beside
# its count bound): WCXB dev holds 128 pages in a row that weigh 104 MB, and the main
# process's peak followed whichever such run was in flight, pickled copies included.
READ_AHEAD = 32 * 1024 * 1024
# Configs given with pages (``submit(page, done, config)``) that the pool and each of its
# workers keep, the least recently used one dropped first: a Dask worker's pool lives for
# run after run, and with learning is given a config per site per task (each a copy of
# every rule once pickled); keeping them all grew the pool and every worker for good.
# More than a batch's worth (``MAX_BATCH``), so that a batch never drops its own.
MAX_CONFIGS = 32
# Workers in a row that die before they are ready before the pool gives up.
START_FAILURES = 3
