"""Write stage: files appear whole or not at all, plus a manifest of the build.

Each file is written to a temporary name in the same folder and renamed over
the target, so an interrupted or failed build never leaves a half-written PDF
and never damages the previous one. A build that is killed outright leaves
its temporary file behind; the next build into the folder removes it (only
files named the way drukwerk names them). One build at a time writes into a
folder (:mod:`generator.output.lock`), so two builds at once both keep their rows in
the manifest.

The manifest lives on shared drives and may be damaged, edited by hand or
written by an older drukwerk: its rows are read defensively, and a row whose
path is not a plain relative path inside the folder, or whose fields have the
wrong type, is dropped or given defaults, never followed.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import time
import typing
from collections.abc import Sequence
from typing import Any
from contextlib import contextmanager
from dataclasses import MISSING, asdict, dataclass, fields
from pathlib import Path

from ..errors import InputError
from .lock import locked

MANIFEST = "manifest.json"
PREVIEWS = "previews"   # folder of the page previews, inside the output folder
TEMP_SUFFIX = ".drukwerk.tmp"
# A temporary file: "." + the target's name + "." + mkstemp's 8 random characters.
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
# A path a manifest row may name: relative, forward slashes, no part starting with a dot.
_ROW_PATH = re.compile(r"[A-Za-z0-9_][\w.-]*(/[A-Za-z0-9_][\w.-]*)*", re.ASCII)
# Test hook, see _pause_for_tests.
PAUSE_VARIABLE = "DRUKWERK_TEST_PAUSE"
_UMASK = os.umask(0)
os.umask(_UMASK)


@dataclass(frozen=True)
class Entry:
    """One manifest row: a written file and what it is."""

    path: str          # relative to the output folder, with forward slashes
    product: str
    layout: str
    locale: str
    mode: str
    sheet: bool
    pages: int
    width_mm: float    # finished (trimmed) size
    height_mm: float
    sha256: str
    up: int = 1        # pieces per sheet
    # What the catalogue shows; kept here so it also describes files an earlier
    # build made from inputs that have changed since.
    topic: str = ""
    title: str = ""
    language: str = ""           # BCP 47, for the catalogue's lang attributes
    description: str = ""        # the layout's: what it is for
    printing: str = ""           # the layout's: how to print it
    previews: tuple[str, ...] = ()  # PNG per page, relative to the output folder
    profile: str = ""              # in a batch's top-level manifest: the profile's folder
    organisation: str = ""         # the profile's organisation name: whom the piece is for
    profile_file: str = ""         # the profile it was made from (relative to the working
                                   # folder when inside it, else the file name)
    concept: bool = False          # made from a concept: not approved for use


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _pause_for_tests(path)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


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


@contextmanager
def publishing(out: Path):
    """Hold the output folder for writing: create it, take its lock, and remove
    the temporary files a killed build left behind (no other build is writing
    while we hold the lock). Write the files, manifest and catalogue inside."""
    out = Path(out)
    with writable(out):
        if out.exists() and not out.is_dir():
            raise InputError("this is a file, not a folder", where=out,
                             hint="choose a folder with --out")
        out.mkdir(parents=True, exist_ok=True)
        with locked(out):
            remove_stray_temps(out)
            yield


def remove_stray_temps(out: Path) -> list[Path]:
    """Delete drukwerk's own temporary files below ``out``; returns what went."""
    removed = []
    for folder, _, names in os.walk(out):
        for name in names:
            path = Path(folder) / name
            if _TEMP_NAME.fullmatch(name) and path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def write_files(out: Path, files: list[tuple[Entry, bytes]],
                extras: Sequence[tuple[str, bytes]] = ()) -> list[dict]:
    """Write every file and the extra files (previews, HTML), then the manifest.

    Call it inside :func:`publishing`. The manifest is merged with the
    previous build's; the merged rows are returned, so the catalogue can show
    everything in the folder.
    """
    out = Path(out)
    with writable(out):
        out.mkdir(parents=True, exist_ok=True)
        before = {row["path"]: row for row in read_manifest(out)}
        targets = [(inside(out, path), data) for path, data in
                   [(entry.path, data) for entry, data in files] + list(extras)]
        for target, data in targets:
            write_atomic(target, data)
        entries = [entry for entry, _ in files]
        _drop_stale_previews(out, before, entries)
        return write_manifest(out, entries)


@contextmanager
def writable(out: Path):
    """A folder we may not write to is the user's to fix: say so, no traceback."""
    try:
        yield
    except (FileExistsError, NotADirectoryError) as exc:
        raise InputError("the output folder, or a folder in it, is a file",
                         where=exc.filename or out, hint="choose another folder with --out") from None
    except PermissionError as exc:
        raise InputError(f"cannot write here: {exc.strerror}", where=exc.filename or out,
                         hint="close the file if a PDF viewer has it open, or choose another "
                              "folder with --out") from None
    except OSError as exc:  # a full or read-only disk
        raise InputError(f"cannot write here: {exc.strerror or exc}", where=exc.filename or out,
                         hint="choose another folder with --out") from None


def inside(out: Path, relative: str) -> Path:
    """``out / relative``, refusing anything that would land outside ``out``."""
    target = (out / relative).resolve()
    if out.resolve() not in target.parents:
        raise InputError(f"refusing to write outside the output folder: {relative}", where=out)
    return target


def _drop_stale_previews(out: Path, before: dict[str, dict], entries: list[Entry]) -> None:
    """Remove the previews of a rebuilt file that the new build did not make again,
    so no preview shows a page that is no longer in the PDF."""
    folder = (out / PREVIEWS).resolve()
    for entry in entries:
        for path in set(before.get(entry.path, {}).get("previews", ())) - set(entry.previews):
            target = (out / path).resolve()
            if folder in target.parents:  # never touch anything a manifest could point at
                target.unlink(missing_ok=True)


def write_manifest(out: Path, entries: list[Entry]) -> list[dict]:
    rows = {row["path"]: row for row in read_manifest(out) if (out / row["path"]).is_file()}
    rows.update({entry.path: asdict(entry) for entry in entries})
    merged = [rows[key] for key in sorted(rows)]
    data = json.dumps({"files": merged}, indent=2, ensure_ascii=False) + "\n"
    write_atomic(out / MANIFEST, data.encode("utf-8"))
    return merged


def read_manifest(out: Path) -> list[dict]:
    """The previous build's rows, as far as they can be trusted (see the module's notes);
    fields an older drukwerk did not write get their defaults."""
    try:
        data = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    rows = data.get("files") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        return []
    return [clean for clean in map(_clean_row, rows) if clean is not None]


_TYPES = typing.get_type_hints(Entry)


def _clean_row(row: object) -> dict | None:
    if not isinstance(row, dict) or not _plain_path(row.get("path")):
        return None
    clean = {}
    for field in fields(Entry):
        value = row.get(field.name, MISSING)
        if field.name == "previews" and isinstance(value, list):
            value = [path for path in value if _plain_path(path)]
        if _has_type(value, _TYPES[field.name]):
            clean[field.name] = value
        elif field.default is not MISSING:
            clean[field.name] = field.default
        else:
            return None
    return clean


def _plain_path(path: object) -> bool:
    return isinstance(path, str) and _ROW_PATH.fullmatch(path) is not None


def _has_type(value: object, kind: Any) -> bool:
    if kind is float:
        return (isinstance(value, (int, float)) and not isinstance(value, bool)
                and math.isfinite(value))
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if typing.get_origin(kind) is tuple:  # tuple[str, ...]: a JSON list of text
        return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
    return isinstance(value, kind)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
