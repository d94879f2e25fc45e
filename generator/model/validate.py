"""Validate stage: plain data from :mod:`load` into typed, frozen models.

Pydantic does the checking; this module turns its findings into one message a
quality officer can act on: the file and line, the field, what is wrong, for
an unknown key the nearest valid key, and for a key missing from a translation
the value the reference locale has for it.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import HOW, InputError, InputErrors, Position, Where, display_path
from ..inputs.load import Source, field_name, load_yaml

Model = TypeVar("Model", bound=BaseModel)


def validate(source: Source, model: type[Model], what: str,
             reference: Path | None = None) -> Model:
    """Validate ``source.data`` as ``model``; raise :class:`InputError` with every problem
    of the file (:class:`InputErrors` when there are several).

    ``reference`` is the same file in the reference locale: a key missing here
    is shown with its value there, as the text to translate.
    """
    data = source.data
    if data is None:
        raise InputError(f"the {what} is empty", where=source.file)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _all_errors(exc, source, model, reference) from None


def _all_errors(exc: ValidationError, source: Source, model: type[BaseModel],
                reference: Path | None) -> InputError:
    """Every problem Pydantic found, in the order of the file. A misspelt key shows up
    twice, as unknown and as missing: only the unknown one is said, with its fix."""
    errors = exc.errors(include_url=False)
    missing = [_path(e) for e in errors if e["type"] == "missing"]
    twins = set()  # the missing keys that an unknown key is a misspelling of
    for error in errors:
        if error["type"] == "extra_forbidden":
            path = _path(error)
            siblings = [str(m[-1]) for m in missing if m[:-1] == path[:-1]]
            close = difflib.get_close_matches(str(path[-1]), siblings, n=1)
            if close:
                twins.add(path[:-1] + (close[0],))
    found = [_error(error, source, model, reference) for error in errors
             if not (error["type"] == "missing" and _path(error) in twins)]
    found.sort(key=lambda e: (e.where.line, e.where.column) if isinstance(e.where, Position)
               else (0, 0))
    return found[0] if len(found) == 1 else InputErrors(found)


def _path(error: Mapping[str, Any]) -> tuple:
    return tuple(part for part in error["loc"] if not _is_union_tag(part))


def _error(error: Mapping[str, Any], source: Source, model: type[BaseModel],
           reference: Path | None) -> InputError:
    path = _path(error)
    kind = error["type"]
    where = source.at(path)
    name = field_name(path) or "(top level)"
    if kind == "extra_forbidden":
        parent_model = _model_at(model, path[:-1])
        valid = sorted(parent_model.model_fields) if parent_model else []
        key = str(path[-1])
        close = difflib.get_close_matches(key, valid, n=1)
        hint = f"did you mean '{close[0]}'?" if close else None
        if valid:
            hint = (hint + " " if hint else "") + "Valid keys here: " + ", ".join(valid) + "."
        return InputError(f"unknown key '{key}'", where=where, field=name, hint=hint)
    if kind == "missing":
        parent = field_name(path[:-1])
        place = f" under {parent}" if parent else ""
        return InputError(f"this required field is missing from {display_path(source.file)}",
                          where=source.at(path[:-1]), field=name,
                          hint=f"add '{path[-1]}:'{place} with a value"
                               + _reference_value(reference, source.file, path))
    if kind == "string_type" and error.get("input") is None:
        # `primary: #1F4E79`: YAML reads everything after # as a comment
        return InputError("expected text, found nothing", where=where, field=name,
                          hint="nothing follows the colon; a value that starts with # must be "
                               "in quotes, e.g. \"#1F4E79\"")
    if kind in _EXPECTED:
        expected, hint = _EXPECTED[kind]
        found = _describe(error.get("input"))
        written = source.written.get(path)
        if kind == "string_type" and written is not None:
            if written != str(error.get("input")):  # 0201234567 unquoted is octal 33896823
                found = f"{written}, which YAML reads as {found}"
            hint = f'put it in quotes: "{written}"'
        return InputError(f"expected {expected}, found {found}",
                          where=where, field=name, hint=hint)
    if kind == "string_too_short":
        return InputError("this text is empty", where=where, field=name,
                          hint="write the text after the colon")
    if kind.startswith("date"):
        return InputError(f"'{error.get('input')}' is not a date", where=where, field=name,
                          hint="write dates as year-month-day, e.g. 2026-11-01")
    if kind == "literal_error":
        return _not_a_choice(error, where, name)
    if kind == "too_long":
        context = error.get("ctx", {})
        return InputError(
            f"{context.get('actual_length', 'too many')} items here; at most "
            f"{context.get('max_length')} are allowed", where=where, field=name,
            hint="a list this long does not fit the products it is for: keep the items that "
                 "belong together, and put the rest in a topic of its own")
    if kind == "too_short":
        context = error.get("ctx", {})
        return InputError(f"this list needs at least {context.get('min_length', 1)} item(s)",
                          where=where, field=name,
                          hint="write each item on its own line under the key, starting with "
                               "'- '")
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    # Our own checks say how to fix after HOW (see generator.model.schema.problem).
    message, _, hint = message.partition(HOW)
    return InputError(message[0].lower() + message[1:], where=where, field=name,
                      hint=hint or "see the README for what this key takes")


def _not_a_choice(error: Mapping[str, Any], where: Where, name: str) -> InputError:
    """A value outside the choices a key has, with the nearest choice."""
    expected = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
    value = error.get("input")
    close = difflib.get_close_matches(str(value), expected, n=1)
    hint = (f"did you mean '{close[0]}'? " if close else "") + \
        "choose one of: " + ", ".join(expected)
    return InputError(f"'{value}' is not one of the choices here", where=where, field=name,
                      hint=hint)


def _reference_value(reference: Path | None, file: Path, path: tuple) -> str:
    """"; in nl (file:line) it is: ..." for a key the reference locale has, else ""."""
    if reference is None or not reference.is_file() or reference.resolve() == file.resolve():
        return ""
    try:
        found = load_yaml(reference)
    except InputError:
        return ""
    value = found.data
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return ""
    if isinstance(value, (dict, list)):
        shown = "(a group of values; copy and translate them)"
    else:
        shown = " ".join(str(value).split())
        shown = shown if len(shown) <= 120 else shown[:117] + "..."
    return f"; in the reference locale {reference.parent.name} ({found.at(path)}) it is: {shown}"


# What a field of the wrong type should have been, and how to write it.
_EXPECTED = {
    "string_type": ("text", "put the value in quotes, e.g. \"1.0\""),
    "list_type": ("a list", "write each item on its own line under the key, starting with '- '"),
    "model_type": ("a group of keys", "write the keys on their own lines, indented under it"),
    "dict_type": ("a group of keys", "write the keys on their own lines, indented under it"),
}


def _is_union_tag(part: Any) -> bool:
    # Pydantic adds the union member's type name (e.g. "str") to the location.
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "float", "function-after"})


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of keys"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return type(value).__name__


def _model_at(model: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path`` (for key suggestions)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            current = _inner_model(current)
        if current is None or part not in current.model_fields:
            # A free mapping (dict[str, Model]): its values are the model.
            current = _inner_model(current) if current is not None else None
            continue
        current = _inner_model(current.model_fields[part].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return _inner_model(current)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
