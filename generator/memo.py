"""Things made once per process and kept: parsed drawings, drawn pictures.

A build, a batch of profiles or the workshop server makes the same pure
results again and again. :class:`Kept` holds them by a key that names
everything they are made from (for a file, its content's SHA-256, never its
path or time), and starts empty again when full, so a long-running process
does not grow without end. Forked workers inherit what was kept before the fork.
"""
from __future__ import annotations

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
