"""Spreading independent per-file work (preflight, previews) over the machine's cores.

Worker processes are forked, so they start in milliseconds with the fonts and
libraries already loaded; results come back in order, so output stays
deterministic. Where forking is not available, or there is little to do, the
work runs in this process.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import Callable, Iterable, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def cores() -> int:
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Forked workers inherit loaded fonts and content; elsewhere they start empty."""
    return "fork" in get_all_start_methods()


def worker_context():
    return get_context("fork" if can_fork() else "spawn")


def map_in_order(function: Callable[[Item], Result], items: Iterable[Item],
                 workers: int) -> list[Result]:
    items = list(items)
    if workers <= 1 or len(items) < 3 or not can_fork():
        return [function(item) for item in items]
    with ProcessPoolExecutor(max_workers=min(workers, len(items)),
                             mp_context=worker_context()) as pool:
        return list(pool.map(function, items))
