"""Spreading independent work (the pieces of a build, whole profiles) over the
machine's cores, in worker processes that never outlive the build.

Worker processes are forked, so they start in milliseconds with the fonts and
libraries already loaded; results come back in order, so output stays
deterministic. Where forking is not available, or there is little to do, the
work runs in this process.

A worker ends with its build, however the build ends:

- killed outright (SIGKILL, the out-of-memory killer, "end task"): on Linux
  the kernel kills each worker with its parent (``PR_SET_PDEATHSIG``, set as
  the worker starts); everywhere, a watchdog thread in each worker looks for
  its parent every second and ends the worker when it is gone;
- stopped with SIGINT (Ctrl+C), SIGTERM or SIGHUP: the build raises
  :class:`Stopped`, ends its workers (each removes its own temporary file
  first) and only then exits, with status 128 + the signal's number.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING
from collections.abc import Callable

if TYPE_CHECKING:  # multiprocessing and the pool load when a pool is made, not at start-up
    from concurrent.futures import ProcessPoolExecutor


# Signals that stop a build cleanly (SIGHUP: the terminal went away; not on Windows).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                     if hasattr(signal, name))
WATCH_EVERY = 1.0   # seconds between a worker's checks that its parent is still there
END_WITHIN = 3.0    # seconds a stopped worker gets to tidy up before it is killed
# Test hook: the number of worker processes for the pieces of a build, whatever the
# number of cores, so that a test on a one-core machine still has workers to stop.
WORKERS_VARIABLE = "DRUKWERK_TEST_WORKERS"


class Stopped(KeyboardInterrupt):
    """The build was told to stop by a signal; like Ctrl+C, so no ``except Exception``
    in the build swallows it, and every ``finally`` on the way out runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # as shells report a command ended by a signal


def cores() -> int:
    return os.cpu_count() or 1


def default_workers() -> int:
    """Worker processes for the pieces of a build: one per core."""
    forced = os.environ.get(WORKERS_VARIABLE, "")
    return int(forced) if forced.isdigit() and int(forced) > 0 else cores()


def can_fork() -> bool:
    """Forked workers inherit loaded fonts and content; elsewhere they start empty."""
    from multiprocessing import get_all_start_methods  # imported when used: start-up stays light
    return "fork" in get_all_start_methods()


def worker_context():
    from multiprocessing import get_context
    return get_context("fork" if can_fork() else "spawn")


@contextmanager
def worker_pool(workers: int, initializer: Callable | None = None, initargs: tuple = ()):
    """A process pool whose workers end with this process (see the module's notes).

    Submit work through :func:`run_task`, as ``pool.submit(run_task, fn, arg)``.
    Leaving the block by an exception (an error, Ctrl+C, :class:`Stopped`) ends
    the workers at once instead of waiting for the work still queued."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=worker_context(),
                               initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs))
    try:
        yield pool
    except BaseException:
        end_workers(pool)
        raise
    pool.shutdown(wait=True)


def end_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's workers now: each gets SIGTERM (it removes its temporary file and
    exits), and is killed if it has not ended within :data:`END_WITHIN` seconds."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + END_WITHIN
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(1.0)


@contextmanager
def stopping_on_signals():
    """Turn SIGINT, SIGTERM and SIGHUP into :class:`Stopped` while the block runs.

    One stop is enough: further stop signals are ignored while the build tidies up
    (ends its workers, removes its temporary file), so the tidying is not cut short."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals
        return

    def stop(signum, frame):
        for number in STOP_SIGNALS:
            signal.signal(number, _ignore)
        raise Stopped(signum)

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            if handler is not None:  # None: set outside Python, and cannot be put back
                signal.signal(number, handler)


def _ignore(signum, frame):
    """A stop signal after the first. Not SIG_IGN: a signal already on its way when the
    handler changes to SIG_IGN becomes an OSError ("ignored due to race condition")."""


# --- in the worker ---------------------------------------------------------------------

_busy = False  # this worker is running a task (which cleans up after itself when stopped)
_stopped: Stopped | None = None  # the stop this worker was told, once told


def _start_worker(parent: int, initializer: Callable | None, initargs: tuple) -> None:
    """Runs first in every worker of a pool: :func:`start_worker`, then the pool's own
    initializer."""
    start_worker(parent)
    if initializer is not None:
        initializer(*initargs)


def start_worker(parent: int, watch: bool = True) -> None:
    """Runs first in every worker: end with the parent, stop cleanly. ``watch``: also
    start the watchdog thread (a worker that forks others of its own starts none, as
    forking a process with threads is unsafe; on Linux the death signal still ends it)."""
    # Ctrl+C in a terminal reaches every process of the build: the build ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in STOP_SIGNALS[1:]:
        signal.signal(number, stop_worker)
    sys.unraisablehook = _quiet_stop
    _die_with(parent, watch)
    keep_freed_memory()


def stop_worker(signum, frame):
    # Once is enough: the pool sends every worker SIGTERM again when one has ended,
    # which must not cut short the tidying up of the first (end_workers kills a
    # worker that does not end in time).
    global _stopped
    for number in STOP_SIGNALS[1:]:
        signal.signal(number, _ignore)
    _stopped = Stopped(signum)
    if _busy:
        raise _stopped  # the task's `finally` and `except` blocks run, then run_task exits
    os._exit(128 + signum)


def run_task(function: Callable, *args):
    """Run one piece of work in a worker; a worker told to stop ends when its work has
    tidied up, instead of going back to the pool for more."""
    global _busy
    try:
        _busy = True
        result = function(*args)
    except Stopped as stop:
        os._exit(stop.exit_code)
    finally:
        _busy = False
    if _stopped is not None:  # the stop landed where it could not be raised (see below)
        os._exit(_stopped.exit_code)
    return result


def _quiet_stop(unraisable, default=sys.unraisablehook) -> None:
    """A stop that lands in a finalizer or a destructor cannot end the task there: Python
    swallows it and prints "Exception ignored". It is remembered instead (``_stopped``),
    and the worker exits when the task is done; nothing is printed for it."""
    if not isinstance(unraisable.exc_value, Stopped):
        default(unraisable)


def _die_with(parent: int, watch: bool = True) -> None:
    """End this worker when the process that started it is gone."""
    if sys.platform.startswith("linux"):
        _set_death_signal()
    if _parent_gone(parent):  # it died before the death signal was set
        os._exit(1)
    if watch:
        threading.Thread(target=_watch, args=(parent,), name="drukwerk-parent-watch",
                         daemon=True).start()


def _set_death_signal() -> None:
    """Linux: have the kernel SIGKILL this process when its parent ends."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # the watchdog still ends the worker


def _watch(parent: int) -> None:
    while not _parent_gone(parent):
        time.sleep(WATCH_EVERY)
    os._exit(1)  # whatever the main thread is doing, e.g. blocked writing to a dead pipe


def _parent_gone(parent: int) -> bool:
    if os.getppid() != parent:  # POSIX: an orphan is adopted by another process
        return True
    if sys.platform == "win32":  # the parent's pid stays; its process handle tells
        from multiprocessing import parent_process
        process = parent_process()
        try:
            return process is not None and not process.is_alive()
        except (OSError, ValueError):
            return False
    return False


# --- memory in a worker ------------------------------------------------------------------

# glibc's mallopt options (their numbers in malloc.h) and what a worker sets them to. Every
# page a worker draws is a few megabytes of pixels (an A4 page at 100 ppi, 32-bit: 3.9 MB),
# freed when the file is checked and previewed.
# By default glibc gives such blocks back to the kernel (each its own mapping, or the top
# of the heap once more than a few megabytes of it are free), and the next page faults its
# memory in again, zeroed 4 KB at a time.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
WORKER_MALLOC = (
    # blocks up to 32 MB come from the heap: every page a build draws (at most 2,000 pixels
    # on its longest side, 16 MB) fits. It is the most glibc's own sliding threshold reaches
    # on a 64-bit system; a larger block is still mapped, and given back when freed.
    (M_MMAP_THRESHOLD, 32 * 1024 * 1024),
    # up to 64 MB free at the top of the heap stay there: a book's pages (about 23 MB at
    # once) are freed and drawn again for the next file without a fault. A worker lives
    # only as long as its build, so what it keeps is the build's peak, not a leak.
    (M_TRIM_THRESHOLD, 64 * 1024 * 1024),
)


def keep_freed_memory(libc: object = None) -> bool:
    """In a worker: freed memory stays in the process for its next page and file (see
    WORKER_MALLOC) instead of being faulted in afresh. Only in workers, which end with
    their build: the build itself keeps glibc's defaults. Does nothing where the C
    library is not glibc (musl, macOS, Windows) or lacks mallopt; returns whether the
    options were set. ``libc``: the C library to set them in (found when not given)."""
    libc = libc if libc is not None else _glibc()
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:
        return False
    return all([mallopt(option, value) == 1 for option, value in WORKER_MALLOC])


def _glibc() -> object:
    """This process's C library when it is glibc, else None."""
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return None
        import ctypes
        return ctypes.CDLL(None)
    except (AttributeError, ValueError, OSError):  # no confstr (Windows), no such name (macOS)
        return None
