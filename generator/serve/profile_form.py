"""The profile form: its fields, what a submitted form changes in the profile, and the
save, checked the way the command line checks a profile.

A saved profile is one ``drukwerk build`` accepts: the candidate file is loaded,
validated and every selected piece laid out with it (the contrast of each colour is
checked where it is used, a PNG logo's pixels against the size it prints), and each
problem is shown with the command line's own message beside the field it is about.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import InputError, Position, display_path
from ..inputs.logo import MAX_LOGO_BYTES
from ..inputs.load import load_yaml
from ..model.schema import Colours, Meldpunt, Printing
from .profile_store import REMOVE, ProfileStore, edited

NAME, LOGO, URL, DUPLEX = "name", "logo", "protocol_url", "printing.duplex_offset"
MELDPUNT = tuple(f"meldpunt.{key}" for key in Meldpunt.model_fields)
COLOURS = tuple(f"colours.{key}" for key in Colours.model_fields)
TEXT_FIELDS = (NAME, URL, *MELDPUNT, *COLOURS)
LOGO_SUFFIXES = (".svg", ".png")
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_LOGO_SIGNATURES = {".png": (b"\x89PNG\r\n\x1a\n",), ".svg": (b"<", b"\xef\xbb\xbf<")}


@dataclass
class Upload:
    """A logo file sent with the form."""

    filename: str
    data: bytes


@dataclass
class Outcome:
    """A save: its problems by form field ("" for the profile as a whole); none: saved."""

    problems: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)

    @property
    def saved(self) -> bool:
        return not self.problems


def current_values(data: object) -> dict[str, str]:
    """The form's values from the profile's plain data (as the YAML loader gives it)."""
    data = data if isinstance(data, dict) else {}
    values = {}
    for name in TEXT_FIELDS:
        value = _lookup(data, name)
        if value is None and name in COLOURS:  # the colour the build uses without one
            value = Colours.model_fields[name.split(".")[1]].default
        values[name] = "" if value is None else str(value)
    offset = _lookup(data, DUPLEX)
    pair = offset if isinstance(offset, (list, tuple)) and len(offset) == 2 else (0, 0)
    for axis, value in zip("xy", pair):
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        values[f"{DUPLEX}.{axis}"] = f"{value:g}" if number else str(value)
    values[LOGO] = str(data.get(LOGO) or "")
    return values


def _lookup(data: dict, name: str) -> Any:
    value: Any = data
    for key in name.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def changes_from(form: dict[str, str], remove_logo: bool) -> dict[tuple[str, ...], Any]:
    """The key paths the form sets. Text is stripped; empty meldpunt details stay empty
    (a write-in line); a duplex offset that reads as numbers is written as numbers, any
    other text as text, so the profile's own check says what is wrong with it."""
    changes: dict[tuple[str, ...], Any] = {}
    for name in TEXT_FIELDS:
        if name in form:
            value = form[name].strip()
            if name in COLOURS and _HEX.fullmatch(value):
                value = value.upper()  # as the profile writes them; a picker sends lower case
            changes[tuple(name.split("."))] = value
    if f"{DUPLEX}.x" in form or f"{DUPLEX}.y" in form:
        changes[tuple(DUPLEX.split("."))] = [_number(form.get(f"{DUPLEX}.{axis}", "0"))
                                            for axis in "xy"]
    if remove_logo:
        changes[(LOGO,)] = REMOVE
    return changes


def _default(path: tuple[str, ...]) -> Any:
    """What the build uses where the profile does not give ``path``."""
    name = ".".join(path)
    if name in COLOURS:
        return Colours.model_fields[path[-1]].default
    if name == DUPLEX:
        return [float(v) for v in Printing.model_fields["duplex_offset"].default]
    return ""


def _without_defaults(changes: dict[tuple[str, ...], Any], data: object) -> dict:
    """The changes less those that would only write out a default the profile leaves
    out (the form shows every field; saving it unchanged changes no line)."""
    data = data if isinstance(data, dict) else {}
    return {path: value for path, value in changes.items()
            if value is REMOVE or _lookup(data, ".".join(path)) is not None
            or value != _default(path)}


def _number(text: str) -> float | str:
    text = text.strip().replace(",", ".")  # a Dutch keyboard writes 1,5
    try:
        return float(text) if text else 0.0
    except ValueError:
        return text


def save(store: ProfileStore, form: dict[str, str], upload: Upload | None, remove_logo: bool,
         check) -> Outcome:
    """Check the form's profile with ``check(candidate_path)`` (the command line's
    checks; returns its input errors) and keep it only when there are none."""
    values = {**form}
    problems: dict[str, list[str]] = {}
    changes = _without_defaults(changes_from(form, remove_logo), _yaml_data(store))
    logo_temp = None
    if upload is not None and upload.filename:
        refused = _refuse_upload(upload)
        if refused:
            return Outcome({LOGO: [refused]}, values)
        logo_temp = _write_upload(store.path.parent, upload)
        changes[(LOGO,)] = logo_temp.name
    try:
        text = edited(store.read(), changes)
        with store.candidate(text) as (candidate, keep):
            for error in check(candidate):
                name = _field_of(error)
                problems.setdefault(name, []).append(
                    _message(error, candidate, store.path, logo_temp, upload))
            if problems:
                return Outcome(problems, values)
            if logo_temp is not None and upload is not None:
                # the logo gets its own name, then the profile says it
                final = _logo_name(store.path, upload.filename)
                logo_temp.replace(store.path.parent / final)
                logo_temp = None
                changes[(LOGO,)] = final
                candidate.write_text(edited(store.read(), changes), encoding="utf-8")
            keep()
            return Outcome({}, values)
    finally:
        if logo_temp is not None:
            logo_temp.unlink(missing_ok=True)


def _yaml_data(store: ProfileStore) -> object:
    try:
        return load_yaml(store.path, "organisation profile").data
    except InputError:
        return {}


def _refuse_upload(upload: Upload) -> str | None:
    """The checks made before an uploaded logo is written anywhere."""
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in LOGO_SUFFIXES:
        return (f"the logo must be an .svg or .png file, not '{suffix or upload.filename}'\n"
                "  How to fix: save the logo as SVG (vector) or PNG")
    if len(upload.data) > MAX_LOGO_BYTES:
        return (f"the logo is {len(upload.data) // 1024} KB; at most "
                f"{MAX_LOGO_BYTES // 1024 // 1024} MB is read\n"
                "  How to fix: save it smaller (a logo needs no more than a few hundred KB)")
    if not upload.data.lstrip().startswith(_LOGO_SIGNATURES[suffix]):
        return (f"this file is not a {suffix[1:].upper()} image inside\n"
                "  How to fix: export the logo again from the drawing program")
    return None


def _write_upload(folder: Path, upload: Upload) -> Path:
    suffix = Path(upload.filename).suffix.lower()
    temp = folder / f".logo-upload-{secrets.token_hex(4)}{suffix}"
    temp.write_bytes(upload.data)
    return temp


def _logo_name(profile: Path, filename: str) -> str:
    """The uploaded logo's file, next to the profile: ``<profile>-logo.svg``."""
    stem = re.sub(r"[^a-z0-9]+", "-", profile.stem.lower()).strip("-") or "profile"
    return f"{stem}-logo{Path(filename).suffix.lower()}"


def _field_of(error: InputError) -> str:
    name = (error.field or "").removeprefix("organisation.")
    if name.startswith(DUPLEX):
        return DUPLEX
    if name in TEXT_FIELDS or name == LOGO:
        return name
    return ""


def _message(error: InputError, candidate: Path, profile: Path, logo: Path | None,
             upload: Upload | None) -> str:
    """The command line's message, naming the profile and the logo as the user knows them."""
    where = error.where
    if isinstance(where, Position) and where.file == candidate:
        where = replace(where, file=profile)
    elif where is not None and not isinstance(where, Position) and Path(where) == candidate:
        where = profile
    text = str(InputError(error.message, where=where, field=error.field, hint=error.hint))
    text = text.replace(display_path(candidate), display_path(profile))
    if logo is not None and upload is not None:
        text = text.replace(logo.name, Path(upload.filename).name)
    return text
