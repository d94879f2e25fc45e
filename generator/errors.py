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

# A model's own check says what is wrong, then HOW, then how to fix it, in one
# ValueError text (a validation library passes only text along); see problem().
HOW = "\nHOW TO FIX: "


def problem(message: str, hint: str) -> str:
    """The text of a ValueError raised by a model check: what is wrong and how to fix it."""
    return f"{message}{HOW}{hint}"


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


Where = Position | Path | str | None  # a place in the input an error points at


class InputError(Exception):
    """Bad input: what is wrong, where, and how to fix it."""

    def __init__(
        self,
        message: str,
        *,
        where: Where = None,
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

    def __reduce__(self):
        # A worker process hands its errors back pickled (generator.making): rebuilt
        # from their attributes, whatever a subclass's __init__ asks for.
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(kind: type[InputError], args: tuple, attributes: dict) -> InputError:
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    error.__dict__.update(attributes)
    return error


MAX_REPORTED = 50  # a run reports at most this many problems; the rest are counted


class InputErrors(InputError):
    """Several problems with the input, found in one run: every file and field is
    checked, so fitting a new text takes one round trip, not one per mistake."""

    errors: list[InputError]

    def __init__(self, errors: list[InputError]) -> None:
        flat: list[InputError] = []
        for error in errors:
            flat.extend(error.errors if isinstance(error, InputErrors) else [error])
        # The same field at the same place is one problem, however many pieces it spoils
        # (a text colour too light is said once, not once per product).
        seen: dict[tuple[str, str], InputError] = {}
        for error in flat:
            seen.setdefault((str(error.where), error.field or str(error)), error)
        unique = list(seen.values())
        first = unique[0]
        super().__init__(first.message, where=first.where, field=first.field, hint=first.hint)
        self.errors = unique

    def __str__(self) -> str:
        shown = "\n".join(str(error) for error in self.errors[:MAX_REPORTED])
        more = len(self.errors) - MAX_REPORTED
        return shown + (f"\n... and {more} more" if more > 0 else "")


class Collector:
    """Runs checks one after another and keeps every input error they raise."""

    def __init__(self, errors=()) -> None:
        self.errors: list[InputError] = list(errors)

    def attempt(self, check, *args, **kwargs):
        """``check(*args)``, or None when it raised an input error (kept for the report)."""
        try:
            return check(*args, **kwargs)
        except InputError as error:
            self.errors.append(error)
            return None

    def check(self) -> None:
        """Raise every error kept so far: one as itself, several together."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise InputErrors(self.errors)
