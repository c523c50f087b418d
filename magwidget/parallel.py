"""Spread per-article work over every core: a process pool above PARALLEL_FROM articles.

Owns the pool and the threshold. Results come back in input order, so a parallel build writes
the same bytes as a serial one. Workers are forked: they inherit the loaded templates and
settings, and only each article's rendered files travel back. Knows nothing of what the work is.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# bench/parallel.py: below this many articles, starting the workers costs more than they save
# (at 4 articles two jobs were slower than one, at 8 twice as fast with an empty cache).
PARALLEL_FROM = 8
_WORK: tuple[Callable, Sequence] | None = None  # what forked workers run, inherited from us


def cores() -> int:
    """Return how many cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def jobs_for(count: int, jobs: int | None = None) -> int:
    """Return how many processes ``count`` items get (``jobs`` None: decide by PARALLEL_FROM)."""
    if jobs is None:
        jobs = cores() if count >= PARALLEL_FROM else 1
    return min(jobs, count)


def map_ordered(work: Callable[[T], R], items: Sequence[T], jobs: int | None = None) -> list[R]:
    """Return ``[work(item) for item in items]``, computed by ``jobs`` processes (None: auto)."""
    import multiprocessing  # only now: a small or no-op build never starts a pool
    from concurrent.futures import ProcessPoolExecutor

    jobs = jobs_for(len(items), jobs)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(item) for item in items]
    global _WORK
    _WORK = (work, items)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            chunk = max(1, len(items) // (jobs * 4))
            return list(pool.map(_run, range(len(items)), chunksize=chunk))
    finally:
        _WORK = None


def _run(index: int):
    """Do the inherited work on one item (runs in a worker)."""
    work, items = _WORK
    return work(items[index])
