"""Things made once per process and kept: parsed drawings, drawn pictures.

A build, a batch of profiles or the workshop server makes the same pure
results again and again. :class:`Kept` holds them by a key that names
everything they are made from (for a file, its content's SHA-256, never its
path or time), and starts empty again when full, so a long-running process
does not grow without end. Forked workers inherit what was kept before the fork.

Some results of the package's own files (its page templates compiled, its
message catalogues compiled, its pictograms parsed) are also kept between
processes, where Python keeps the package's compiled modules: a ``__pycache__``
folder beside the file they are made from (:func:`kept_beside`,
:func:`keep_beside`). They are written only when Python writes its own compiled
modules (not with ``PYTHONDONTWRITEBYTECODE``) and where the package's folder can
be written; always beside the package, also where Python keeps its compiled
modules under a prefix of its own (``PYTHONPYCACHEPREFIX``). Whoever can change a
file there can change the package's code itself. Each starts with a header
naming what it was made from, and is used only when the header is the one
expected; nothing from another place (a temporary or output folder, where a file
someone else could change would become code or words this process uses) is ever
kept this way.
"""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Generic, TypeVar
from collections.abc import Callable, Hashable

Value = TypeVar("Value")
Owner = TypeVar("Owner")


class Kept(Generic[Value]):
    """Values by key, at most ``limit`` of them (emptied when full)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._values: dict[Hashable, Value] = {}

    def get_or_make(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """The value kept for ``key``, made (and kept) first when there is none. A
        ``make`` that raises keeps nothing."""
        if key not in self._values:
            value = make()
            if len(self._values) >= self.limit:
                self._values.clear()
            self._values[key] = value
        return self._values[key]

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        self._values.clear()


class KeptFor(Generic[Owner, Value]):
    """Values made from one object, by the object's identity: for what is read once and
    then shared by every job and profile of a build (a loaded layout, a loaded file),
    whose contents (dicts, models) cannot be a key. The object is kept with its value,
    so its identity cannot pass to another object while the value is kept."""

    def __init__(self, limit: int) -> None:
        self._kept: Kept[tuple[Owner, Value]] = Kept(limit)

    def get_or_make(self, owner: Owner, make: Callable[[Owner], Value]) -> Value:
        held, value = self._kept.get_or_make(id(owner), lambda: (owner, make(owner)))
        assert held is owner
        return value


def kept_beside(folder: Path, name: str, header: bytes) -> bytes | None:
    """What is kept as ``name`` beside the package's files in ``folder``, after
    ``header``; None when nothing is, or it was made from something else (another header)."""
    try:
        data = (Path(folder) / "__pycache__" / name).read_bytes()
    except OSError:
        return None
    return data[len(header):] if data.startswith(header) else None


def keep_beside(folder: Path, name: str, header: bytes, data: bytes) -> None:
    """Keep ``data`` as ``name`` beside the package's files in ``folder``, after
    ``header``: whole or not at all (also with processes at once), and not where Python
    would not write its own compiled modules."""
    if sys.dont_write_bytecode:
        return
    folder = Path(folder) / "__pycache__"
    target = folder / name
    temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(exist_ok=True)
        temp.write_bytes(header + data)
        os.replace(temp, target)
    except OSError:   # a package folder that cannot be written: made again next time
        with contextlib.suppress(OSError):   # nor, on a read-only file system, unlinked
            temp.unlink(missing_ok=True)
