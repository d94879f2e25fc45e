"""One build at a time writes into an output folder.

Two builds into the same folder (two people on a shared drive, two terminals)
would otherwise both read the manifest, add their rows and write it back, and
the one that writes last would drop the other's rows. The write stage holds an
exclusive lock on ``.drukwerk.lock`` in the output folder while it writes the
files, the manifest and the catalogue, which takes a fraction of a second;
another build waits for it. The operating system releases the lock when a
build ends in any way, killed included, so a lock never goes stale.

POSIX systems lock with ``fcntl.flock``, Windows with ``msvcrt.locking``.
Where the file system cannot lock (some network shares), builds go ahead
unlocked rather than not at all.
"""
from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from collections.abc import Iterator

from .folder import regular_file, safe_target

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None  # type: ignore[assignment]

LOCK_FILE = ".drukwerk.lock"


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock for the duration of the ``with`` block."""
    with _open(folder) as handle:
        held = _acquire(handle)
        try:
            yield
        finally:
            if held:
                _release(handle)


def _open(folder: Path) -> IO[bytes]:
    """The lock file, created when missing; a link here would create or lock a file
    anywhere, so it is refused (and never followed)."""
    path = safe_target(Path(folder), LOCK_FILE, create=False)
    flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | \
        getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(path, flags, 0o666), "a+b")


def _acquire(handle: IO[bytes]) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            return True
        except OSError:
            return False
    if msvcrt is not None:
        handle.seek(0)
        while True:
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                return True
            except OSError as exc:  # LK_LOCK gives up after 10 s: wait again
                if exc.errno != errno.EDEADLOCK:
                    return False
    return False


def _release(handle: IO[bytes]) -> None:
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    elif msvcrt is not None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


def in_use(folder: Path) -> bool:
    """Whether a build holds the folder's lock now (asked without waiting for it)."""
    if regular_file(Path(folder), LOCK_FILE) is None:  # none yet, or a link: not ours
        return False
    with _open(folder) as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            except OSError:
                return False
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        elif msvcrt is not None:
            handle.seek(0)
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            except OSError:
                return True
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return False
