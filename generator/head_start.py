"""A head start for the workers of a build into a new output folder.

:mod:`generator.making` forks its workers once the build has read, checked and
planned its content, so that they inherit the jobs. Until then the second core
is idle while the build imports its models and validates the content (about a
third of a full build), and before forking the build loads the lay-out and
render stages' code (ReportLab, pdfium, pikepdf, preflight) itself.

With a head start, the first worker is forked as soon as the command has imported
the pipeline, and loads that code on the idle core while the build reads its
content. When the build
has its jobs, it hands them to that worker, pickled (a few milliseconds); the
worker forks the others from its own loaded state, and the build hands out the
jobs one at a time, the largest first (as :func:`generator.making.make_all`
does) but each worker kept to its locale and topic where it can (:func:`_next`),
over a pair of pipes per worker made before the first fork. The outcomes come
back as they are made; the build puts them in the jobs' order, whichever worker
made which: the same bytes as any other build.

It is taken where it pays and is safe: on Linux, with more than one core, for a
build of one profile into a folder without a manifest, or with ``--force`` (an
incremental build mostly has little to make). A build whose jobs cannot be
pickled, or that has none, ends the head start and goes on as it would without.

The workers end with the build as :mod:`generator.parallel` describes. They have
a process group of their own, so that the build can end every one of them with
one signal (the first worker's children too); Ctrl+C reaches the build, which
then ends them. Outside the terminal's foreground group, they ignore the signals
with which a terminal stops a background process that writes to it.
"""
from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import sys
import time
import traceback
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from .parallel import END_WITHIN, STOP_SIGNALS, run_task, start_worker, stop_worker

_LENGTH = struct.Struct("<Q")   # each message: its length, then the pickle
_PIPE_BYTES = 1 << 20   # room for the jobs, so the build need not wait to hand them over
_END = None   # the message that ends a worker


def worth_it(out: Path, force: bool, workers: int) -> bool:
    """Whether a build into ``out`` gets a head start (see the module's notes)."""
    from .output.write import MANIFEST   # loaded by the build anyway

    return (sys.platform.startswith("linux") and hasattr(os, "fork") and workers > 1
            and (force or not (Path(out) / MANIFEST).exists()))


class _Channel:
    """The two pipes between the build and one worker."""

    def __init__(self) -> None:
        self.to_worker, self.from_build = _pipe()
        self.to_build, self.from_worker = _pipe()

    def keep_worker_ends(self) -> None:
        os.close(self.to_worker)
        os.close(self.from_worker)

    def close_worker_ends(self) -> None:
        """In the build, and in a worker for every other worker's pipes."""
        os.close(self.from_build)
        os.close(self.to_build)

    def close_build_ends(self) -> None:
        """In the build, once: a number closed may be another file's by a second time."""
        ends, self.to_worker, self.from_worker = (self.to_worker, self.from_worker), -1, -1
        _close(*(end for end in ends if end >= 0))


def _pipe() -> tuple[int, int]:
    """A pipe as (write end, read end), as large as Linux lets it be made."""
    read, write = os.pipe()
    try:
        import fcntl
        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass   # the default size: a large message waits for its reader
    return write, read


def _send(fd: int, message: Any) -> None:
    _write(fd, pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))


def _write(fd: int, data: bytes) -> None:
    """One message: its length, then its bytes (a pickle)."""
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int) -> Any:
    """The next message, or EOFError when the other end closed its pipe (it ended)."""
    length = _LENGTH.unpack(_read_exactly(fd, _LENGTH.size))[0]
    return pickle.loads(_read_exactly(fd, length))


def _read_exactly(fd: int, size: int) -> bytes:
    parts, left = [], size
    while left:
        part = os.read(fd, min(left, _PIPE_BYTES))
        if not part:
            raise EOFError
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


class WorkerEnded(RuntimeError):
    """A worker ended without handing back its work (killed, or out of memory)."""

    def __init__(self) -> None:
        super().__init__("a worker process of the build ended before its work was done "
                         "(killed, or out of memory?)")


class _InTheWorker(Exception):
    """Where an error raised in a worker came from: its traceback there, as text."""

    def __str__(self) -> str:
        return f"\n\nin the worker:\n{self.args[0]}"


class HeadStart:
    """The first worker, forked now, and the pipes of every worker to come.

    The worker loads what making ``options``' pieces needs (see
    :func:`generator.making.prepare`). Use as a context manager: leaving the block
    ends the workers, however it is left."""

    def __init__(self, workers: int, options: Any) -> None:
        self._channels = [_Channel() for _ in range(workers)]
        self.pid = _fork(_first_worker, os.getpid(), self._channels, options)
        with contextlib.suppress(OSError):
            os.setpgid(self.pid, self.pid)   # here too: it may be signalled before it has
        for channel in self._channels:
            channel.close_worker_ends()
        self._open = True      # jobs may be handed to the workers
        self._reaped = False   # the first worker has ended and been reaped
        self._ended = False    # every worker has

    def __enter__(self) -> HeadStart:
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.end(now=True)

    def make_all(self, jobs: list, digests: list[str], options: Any, order: list[int],
                 keys: list, store: Any, meanwhile: Callable[[], Any], waiting: Callable[[], Any],
                 progress: Callable[[int, int], None] | None) -> tuple[list, Any] | None:
        """Every job made by the workers, in the jobs' order, and what ``meanwhile``
        returns (done by the build while they work, then ``waiting``); None when the
        jobs cannot be handed over (the head start is then ended: make them another
        way). ``order``: the order to hand them out in; ``keys``: each job's (locale,
        topic), to keep jobs that share work in one worker (see :func:`_next`).
        ``store``: where the workers take kept pictogram figures from
        (:func:`generator.inputs.pictogram_library.figures_kept_in`)."""
        if not self._open:
            return None
        count = min(len(self._channels), len(jobs))
        try:
            handed = pickle.dumps((jobs, digests, options, store, count),
                                  protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            handed = None
        if not count or handed is None:
            self.end(now=True)
            return None
        channels = self._channels[:count]
        for channel in self._channels[count:]:
            channel.close_build_ends()
        self._channels = channels
        try:
            _write(channels[0].to_worker, handed)
        except OSError:
            raise WorkerEnded() from None
        waiting_jobs = list(order)
        busy: dict[int, int] = {}   # a worker's read end -> the job it makes
        made: dict[int, set] = {}   # a worker's read end -> the keys of the jobs it made
        for channel in channels:
            others = set().union(*made.values())
            index = _next(waiting_jobs, set(), keys, others)
            self._hand(channel, index)
            busy[channel.from_worker] = index
            made[channel.from_worker] = {keys[index]}
        beside = meanwhile()
        waiting()
        outcomes: list[Any] = [None] * len(jobs)
        by_read_end = {channel.from_worker: channel for channel in channels}
        done = 0
        while busy:
            ready, _, _ = select.select(list(busy), [], [])
            for read_end in ready:
                try:
                    failed, outcome = _receive(read_end)
                except EOFError:
                    raise WorkerEnded() from None
                if failed:
                    error, where = outcome
                    raise error from _InTheWorker(where)
                outcomes[busy.pop(read_end)] = outcome
                done += 1
                if progress:
                    progress(done, len(jobs))
                if waiting_jobs:
                    index = _next(waiting_jobs, made[read_end], keys)
                    self._hand(by_read_end[read_end], index)
                    made[read_end].add(keys[index])
                    busy[read_end] = index
        self.end()
        return outcomes, beside

    def _hand(self, channel: _Channel, index: int) -> None:
        try:
            _send(channel.to_worker, index)
        except OSError:   # BrokenPipeError: it ended
            raise WorkerEnded() from None

    def end(self, now: bool = False) -> None:
        """End the workers: when their work is done, by telling each to end; ``now``, with
        SIGTERM (each tidies up and exits), killed after :data:`END_WITHIN` seconds.
        Once ended, ending again does nothing (the first worker's number may be another
        process's by then); an ending cut short (a stop signal while it waits) is
        finished by the next, ``now``."""
        if self._ended:
            return
        telling, self._open = self._open and not now, False
        if telling:
            for channel in self._channels:
                with contextlib.suppress(OSError):
                    _send(channel.to_worker, _END)
        for channel in self._channels:
            channel.close_build_ends()
        if now and not self._reaped:
            _signal_group(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + END_WITHIN
        while not self._reaped:
            if _ended(self.pid):
                self._reaped = True
            elif time.monotonic() > deadline:
                _signal_group(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                self._reaped = True
            else:
                time.sleep(0.002)
        if now:   # its siblings, no children of the build, may still be tidying up
            while _group_alive(self.pid):
                if time.monotonic() > deadline:
                    # only while the group is there: once it is empty, its number may
                    # become another process's (and that process's group's)
                    _signal_group(self.pid, signal.SIGKILL)
                    break
                _reap(self.pid)
                time.sleep(0.002)
            _reap(self.pid)
        self._ended = True


def _next(waiting: list[int], done: AbstractSet, keys: list,
          others: AbstractSet = frozenset()) -> int:
    """The next job for a worker, taken from ``waiting`` (in the order to hand them out):
    the first whose key (locale, topic) the worker has made (``done``), else the first of
    a locale it has made, else the first; its first job: the first of a locale no other
    worker has (``others``). A worker keeps what it worked out for its jobs (a locale's
    hyphenation and dates, a text's shaped words and lines, its font subsets), so jobs
    that share them cost less in one worker than spread over two."""
    locales = {locale for locale, _ in done}
    taken = {locale for locale, _ in others}

    def closeness(index: int) -> int:
        locale = keys[index][0]
        if not done:
            return 0 if locale in taken else 1
        return 2 if keys[index] in done else 1 if locale in locales else 0

    best = max(range(len(waiting)), key=lambda position: (closeness(waiting[position]),
                                                          -position))
    return waiting.pop(best)


def _close(*fds: int) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def _ended(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG)[0] != 0
    except ChildProcessError:
        return True


def _signal_group(group: int, number: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, number)


def _reap(group: int) -> None:
    """Reap the group's workers that became this process's children: where the build runs
    as the first process of a container, orphans are handed to it."""
    try:
        while os.waitpid(-group, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


# --- in the workers ----------------------------------------------------------------------

def _fork(work: Callable[..., None], parent: int, *args: Any) -> int:
    """A worker forked to do ``work(*args)``, then exit; it never returns into the code
    that forked it, whatever happens (its exit status says how it ended). The fork is
    inside the ``try``: until the worker sets its own, it has the build's signal handlers,
    and a stop landing as fork returns raises there, in the worker too."""
    forking = os.getpid()
    try:
        pid = os.fork()
        if pid:
            return pid
        work(parent, *args)
    except BaseException:   # in the worker, its end is its exit status, never a return
        if os.getpid() == forking:
            raise   # the fork failed, or the stop is the build's own
        os._exit(1)
    os._exit(0)


def _first_worker(build: int, channels: list[_Channel], options: Any) -> None:
    """Load the code, wait for the jobs, fork the other workers, make jobs until told to
    end, then wait for the others."""
    start_worker(build, watch=False)   # no thread: it forks its siblings
    # A group of their own is not the terminal's foreground group: with `stty tostop` the
    # terminal stops a worker that writes to it (a warning), and the build would wait for
    # it for ever. Ignoring the terminal's stop signals, the workers write on.
    for number in ("SIGTTOU", "SIGTTIN"):
        signal.signal(getattr(signal, number), signal.SIG_IGN)
    os.setpgid(0, 0)
    for channel in channels:
        channel.keep_worker_ends()
    failed = None
    try:
        run_task(_load, options)
        message = _receive(channels[0].from_build)
    except EOFError:
        return   # the build made no use of the head start
    except Exception as error:  # noqa: BLE001  said by the build, as it would say it itself
        failed = _failure(error)
    if failed is not None:   # the outcome of its first job; then wait to be ended
        _say(channels[0].to_build, failed)
        with contextlib.suppress(EOFError):
            while True:
                _receive(channels[0].from_build)
        return
    jobs, digests, options, store, count = message
    gc.freeze()   # what the jobs brought: shared with the other workers, never collected
    others = [_fork(_other_worker, os.getpid(), channels, channel, jobs, digests, options,
                    store) for channel in channels[1:count]]
    _stop_after(others)
    for channel in channels[1:]:
        channel.close_worker_ends()
    _work(channels[0], jobs, digests, options, store)
    for pid in others:
        os.waitpid(pid, 0)


def _stop_after(others: list[int]) -> None:
    """Told to stop, the first worker ends after the others it forked (told the same, by
    the signal to the group), so that the build, which waits for the first, finds every
    worker ended and reaped."""
    def stop(signum, frame):
        for pid in others:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        stop_worker(signum, frame)

    for number in STOP_SIGNALS[1:]:
        signal.signal(number, stop)


def _other_worker(first: int, channels: list[_Channel], channel: _Channel, *work: Any) -> None:
    start_worker(first)
    for other in channels:
        if other is not channel:
            other.close_worker_ends()
    _work(channel, *work)


def _load(options: Any) -> None:
    from .making import prepare
    prepare(options, parsing=False)


def _work(channel: _Channel, jobs: list, digests: list[str], options: Any, store: Any) -> None:
    """Make the jobs the build hands this worker, one at a time, until it says to end."""
    from .inputs.pictogram_library import figures_kept_in
    from .making import make

    with figures_kept_in(store):
        while True:
            try:
                index = _receive(channel.from_build)
            except EOFError:
                return
            if index is _END:
                return
            try:
                outcome: tuple[bool, Any] = (
                    False, run_task(make, jobs[index], digests[index], options))
            except Exception as error:  # noqa: BLE001  a bug: raised in the build, with its trace
                outcome = _failure(error)
            _say(channel.to_build, outcome)


def _failure(error: Exception) -> tuple[bool, Any]:
    """The outcome that raises ``error`` in the build, with its trace here."""
    return True, (error, traceback.format_exc())


def _say(fd: int, outcome: tuple[bool, Any]) -> None:
    """Hand an outcome to the build. An error that cannot be pickled is said as its text,
    with its trace; an outcome that cannot, as the error pickling it raised."""
    try:
        _send(fd, outcome)
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        failed, what = outcome
        said, trace = what if failed else (error, traceback.format_exc())
        _send(fd, (True, (RuntimeError(f"{type(said).__name__}: {said}"), trace)))


__all__ = ["HeadStart", "WorkerEnded", "worth_it"]
