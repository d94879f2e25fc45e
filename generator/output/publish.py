"""Publishing a build: every new file appears, or none does.

A build replaces many files at once, and replacing can fail half-way: a disk
that fills, a PDF held open in a viewer on Windows, a folder in the way. So
files are published in two phases (:meth:`Publication.put`):

1. every new file is written whole under a temporary name next to its target
   (``.NAME.xxxxxxxx.drukwerk.tmp``); a failure here changes nothing;
2. only then is each renamed over its target. The file it replaces is kept
   under a temporary name (a hard link, else a copy) until the end.

If anything fails before the end of the ``with publishing(...)`` block, every
replaced file is put back and every new one removed, and the message names
the real file that failed, not a temporary one. At the end (the commit) the
kept files go. The manifest and the catalogue are published in the same
block, after the files they describe, so they always describe what is there.

A build killed outright (power cut, ``kill -9``) cannot put anything back
itself. Before its first rename it writes a journal (``.drukwerk.journal``:
each target and where its old file is kept); the next build into the folder
finds it and puts the earlier build back before it starts, and the journal
is removed at the commit. Then the temporary files a killed build left are
removed, in the folders the new build writes to and nowhere else.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import string
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from collections.abc import Iterator, Sequence

from ..errors import InputError
from ..inputs.files import read_bounded
from .folder import ANOTHER_FOLDER, check_output_folder, check_space, safe_target
from .lock import locked

TEMP_SUFFIX = ".drukwerk.tmp"
JOURNAL = ".drukwerk.journal"
# A temporary file: "." + the target's name + "." + 8 random characters.
TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
# Test hook, see _pause_for_tests.
PAUSE_VARIABLE = "DRUKWERK_TEST_PAUSE"
_MAX_JOURNAL_BYTES = 16 * 1024 * 1024
_OPEN_AT_ONCE = 64   # files written, then flushed together (see write_whole)
_FLUSHING = 4        # threads flushing them
_UMASK = os.umask(0)
os.umask(_UMASK)


def _holds(target: Path, data: bytes) -> bool:
    """Whether ``target`` is a regular file with exactly ``data`` in it."""
    try:
        return (target.is_file() and not target.is_symlink()
                and target.stat().st_size == len(data) and target.read_bytes() == data)
    except OSError:
        return False


class Publication:
    """The files published so far in one ``with publishing(...)`` block."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.replaced: list[tuple[Path, Path | None]] = []  # target, its kept old file
        self.removals: list[Path] = []
        self.cleaned: set[Path] = set()

    def put(self, files: Sequence[tuple[str, bytes]]) -> list[Path]:
        """Publish ``files`` (path relative to the output folder, bytes): write all,
        then rename all. A file that already holds exactly these bytes is left alone,
        so it keeps its modification time. Returns the targets."""
        every = [(safe_target(self.out, relative), data) for relative, data in files]
        for target, _ in every:
            self._tidy(target.parent)
        targets = [(target, data) for target, data in every if not _holds(target, data)]
        if not targets:
            return [target for target, _ in every]
        check_space(self.out, sum(len(data) for _, data in targets))
        keep = [_temp_name(target) if target.exists() else None for target, _ in targets]
        journal = self._journal([(target, kept) for (target, _), kept in zip(targets, keep)])
        *temps, journal_temp = write_whole(targets + [(self.out / JOURNAL, journal)])
        try:
            os.replace(journal_temp, self.out / JOURNAL)
        except BaseException:
            for temp in [*temps, journal_temp]:
                Path(temp).unlink(missing_ok=True)
            raise
        plan = [(target, temp, kept) for (target, _), temp, kept in zip(targets, temps, keep)]
        for index, (target, temp, kept) in enumerate(plan):
            try:
                if kept is not None:
                    _keep(target, kept)
                self.replaced.append((target, kept))
                _pause_for_tests(target)
                os.replace(temp, target)
            except BaseException:
                for _, later, _ in plan[index:]:
                    Path(later).unlink(missing_ok=True)
                raise
        return [target for target, _ in every]

    def remove(self, relative: str) -> None:
        """Delete this file at the commit (when it is a regular file reached without a link)."""
        target = safe_target(self.out, relative, create=False)
        if target.exists():
            self.removals.append(target)

    def _tidy(self, folder: Path) -> None:
        """Remove the temporary files a killed build left in ``folder``, once."""
        if folder not in self.cleaned:
            self.cleaned.add(folder)
            remove_stray_temps(folder)

    def _journal(self, entries: list[tuple[Path, Path | None]]) -> bytes:
        """The journal: every file replaced so far and by this put, with where its old
        file is kept (None: there was none)."""
        known = [[_relative(self.out, target), kept and _relative(self.out, kept)]
                 for target, kept in self.replaced + entries]
        return json.dumps({"replaced": known}).encode("utf-8")

    def roll_back(self) -> None:
        """Put every replaced file back and remove every new one."""
        for target, kept in reversed(self.replaced):
            _put_back(target, kept)
        self.replaced.clear()
        (self.out / JOURNAL).unlink(missing_ok=True)

    def commit(self) -> None:
        (self.out / JOURNAL).unlink(missing_ok=True)
        for _, kept in self.replaced:
            if kept is not None:
                kept.unlink(missing_ok=True)
        for target in self.removals:
            target.unlink(missing_ok=True)


@contextmanager
def publishing(out: Path, lock: bool = True) -> Iterator[Publication]:
    """Hold the output folder (create it, take its lock, put back what a killed build
    left half-published) and publish into it; all of it, or on any failure none."""
    out = Path(out)
    check_output_folder(out)
    with _said_as_input_error(out, None):
        out.mkdir(parents=True, exist_ok=True)
    with (locked(out) if lock else _nothing()):
        recover(out)
        publication = Publication(out)
        try:
            with _said_as_input_error(out, publication):
                yield publication
        except BaseException:
            publication.roll_back()
            raise
        publication.commit()


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _said_as_input_error(out: Path, publication: Publication | None) -> Iterator[None]:
    """A file system that refuses a file is the user's to fix: the real file, why, and
    that the earlier build is back in place."""
    try:
        yield
    except OSError as exc:
        where = _real_file(exc.filename) if exc.filename else out
        back = "; nothing was changed, the earlier files are back in place" \
            if publication is not None else ""
        reason = exc.strerror or str(exc)
        if isinstance(exc, PermissionError):
            hint = f"close the file if a PDF viewer has it open, or {ANOTHER_FOLDER}"
        else:
            hint = f"make room on the disk, or {ANOTHER_FOLDER}"
        raise InputError(f"cannot write this file: {reason}{back}", where=where,
                         hint=hint) from None


def _real_file(name: str | bytes | os.PathLike) -> Path:
    """The file a temporary name stands for (``.x.pdf.abcd1234.drukwerk.tmp`` -> ``x.pdf``)."""
    path = Path(os.fsdecode(name))
    if TEMP_NAME.fullmatch(path.name):
        return path.with_name(path.name[1:-len(TEMP_SUFFIX) - 9])
    return path


def recover(out: Path) -> None:
    """Put back the earlier build where a killed build left its journal."""
    journal = Path(out) / JOURNAL
    if not os.path.lexists(journal):
        return
    try:
        entries = json.loads(read_bounded(journal, _MAX_JOURNAL_BYTES, "journal",
                                          follow=False))["replaced"]
    except (InputError, ValueError, KeyError, TypeError):
        entries = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            relative, kept = entry
            target = safe_target(out, relative, create=False)
            if kept is None:
                _put_back(target, None)
            elif TEMP_NAME.fullmatch(kept.rsplit("/", 1)[-1]):
                _put_back(target, safe_target(out, kept, create=False))
        except (InputError, ValueError, TypeError, AttributeError, OSError):
            continue  # a damaged entry: never followed
    journal.unlink(missing_ok=True)


def _put_back(target: Path, kept: Path | None) -> None:
    """``target`` as it was: its kept old file, or no file when there was none."""
    if kept is None:
        target.unlink(missing_ok=True)
    elif kept.exists():
        if target.exists() and os.path.samefile(kept, target):
            kept.unlink()  # not renamed yet: renaming a file over its own link does nothing
        else:
            os.replace(kept, target)


def remove_stray_temps(folder: Path) -> list[Path]:
    """Delete drukwerk's own temporary files in ``folder`` (not below it)."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        path = Path(folder) / name
        if TEMP_NAME.fullmatch(name) and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _temp_name(target: Path) -> Path:
    token = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(8))
    return target.with_name(f".{target.name}.{token}{TEMP_SUFFIX}")


def write_whole(files: Sequence[tuple[Path, bytes]]) -> list[str]:
    """Each file's ``data`` whole on the disk under a temporary name next to its target;
    returns the temporary names, in order. On any failure none is left, and the error
    is that of the first file that failed.

    The files are written first and then flushed to the disk (fsync) by a few threads
    at once (``os.fsync`` lets go of the interpreter while it waits): the disk commits
    them together, where one after the other each waits for the disk on its own (a
    profile's 38 files: about half the time here, a fifth while the disk is busy).
    At most ``_OPEN_AT_ONCE`` files are open at a time."""
    temps: list[str] = []
    handles: list[int] = []
    try:
        for first in range(0, len(files), _OPEN_AT_ONCE):
            for target, data in files[first:first + _OPEN_AT_ONCE]:
                handle, temp = _written(target, data)
                handles.append(handle)
                temps.append(temp)
            _flush(handles)
            while handles:
                os.close(handles.pop())
    except BaseException:
        for handle in handles:
            with suppress(OSError):
                os.close(handle)
        for temp in temps:
            Path(temp).unlink(missing_ok=True)
        raise
    return temps


def _written(target: Path, data: bytes) -> tuple[int, str]:
    """``data`` written, not yet flushed, under a temporary name next to ``target``;
    the open file and its name."""
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX,
                                    dir=target.parent)
    try:
        os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are for sharing
        left = memoryview(data)
        while left:
            left = left[os.write(handle, left):]
    except BaseException:
        os.close(handle)
        Path(temp).unlink(missing_ok=True)
        raise
    return handle, temp


def _flush(handles: list[int]) -> None:
    """Every file on the disk, flushed on a few threads at once; the error of the first
    (in order) that fails. Plain threads: ``concurrent.futures`` (with ``logging``) would
    cost a one-document build about 7 ms to import."""
    if len(handles) < 2:
        for handle in handles:
            os.fsync(handle)
        return
    import threading

    threads = min(len(handles), _FLUSHING)
    failed: dict[int, OSError] = {}

    def flush(first: int) -> None:
        for index in range(first, len(handles), threads):
            try:
                os.fsync(handles[index])
            except OSError as error:
                failed[index] = error

    flushing = [threading.Thread(target=flush, args=(first,), name="drukwerk-flush")
                for first in range(threads)]
    for thread in flushing:
        thread.start()
    for thread in flushing:
        thread.join()
    if failed:
        raise failed[min(failed)]


def _keep(target: Path, kept: Path) -> None:
    """Keep the file ``target`` holds now as ``kept``: a hard link, else a copy."""
    try:
        os.link(target, kept, follow_symlinks=False)
    except OSError:
        shutil.copyfile(target, kept, follow_symlinks=False)


def _relative(out: Path, path: Path) -> str:
    return path.relative_to(out).as_posix()


def _pause_for_tests(target: Path) -> None:
    """Test hook for interrupting a build at a known point; does nothing unless
    the environment variable DRUKWERK_TEST_PAUSE names a file.

    Then, before each rename, the write stage writes the target's path into
    that file and waits until the test deletes it, so a test can let a number
    of files through and kill the build while the next one waits, written
    but not yet renamed.
    """
    flag = os.environ.get(PAUSE_VARIABLE)
    if not flag:
        return
    Path(flag).write_text(str(target), encoding="utf-8")
    while Path(flag).exists():
        time.sleep(0.01)
