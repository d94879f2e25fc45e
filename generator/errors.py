"""Errors a user can act on.

Every problem with the input (content, profile, layouts, options) is raised as
an :class:`InputError`. The CLI prints it as one message, without a traceback,
and exits with status 2. Anything else is a bug in drukwerk (exit status 1).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

EXIT_INPUT = 2
EXIT_INTERNAL = 1


@dataclass(frozen=True)
class Position:
    """Where a value stands in a source file (1-based line and column)."""

    file: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}:{self.column}"


def display_path(path: Path | str) -> str:
    """The path as the user typed it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


class InputError(Exception):
    """Bad input: what is wrong, where, and how to fix it."""

    def __init__(
        self,
        message: str,
        *,
        where: Position | Path | str | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.field = field
        self.hint = hint

    def __str__(self) -> str:
        parts = []
        if self.where is not None:
            where = self.where if isinstance(self.where, Position) else display_path(self.where)
            parts.append(f"{where}: ")
        if self.field:
            parts.append(f"{self.field}: ")
        parts.append(self.message)
        text = "".join(parts)
        if self.hint:
            text += f"\n  How to fix: {self.hint}"
        return text
