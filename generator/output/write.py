"""Write stage: a build's files and the manifest that lists them.

The files are published all or nothing (:mod:`generator.output.publish`):
an interrupted or failed build never leaves a half-written PDF and never
leaves some files new and others old. One build at a time writes into a
folder (:mod:`generator.output.lock`), so two builds at once both keep their
rows in the manifest.

The manifest lives on shared drives and may be damaged, edited by hand or
written by an older drukwerk: its rows are read defensively, and a row whose
path is not a plain relative path inside the folder, or whose fields have the
wrong type, is dropped or given defaults, never followed.
"""
from __future__ import annotations

import hashlib
import json
import math
import typing
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from collections.abc import Callable, Sequence, Set
from typing import Any

from ..errors import InputError
from ..inputs.files import read_bounded
from .folder import PLAIN_PATH, regular_file, safe_target
from .publish import Publication

MANIFEST = "manifest.json"
PREVIEWS = "previews"   # folder of the page previews, inside the output folder
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # a manifest of 100 profiles' files is a few MB
# Files made from a folder's manifest rows (its catalogue), published with the manifest.
Describing = Callable[[list[dict]], Sequence[tuple[str, bytes]]]


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
    inputs: str = ""               # hash of what it was made from (generator.incremental)


def write_files(publication: Publication, files: list[tuple[Entry, bytes]],
                extras: Sequence[tuple[str, bytes]] = (),
                alongside: Describing | None = None) -> tuple[list[dict], bytes]:
    """Publish every file and the extra files (previews, HTML), then the manifest.

    Call it inside :func:`~generator.output.publish.publishing`. The manifest is
    merged with the previous build's; the merged rows are returned with the
    manifest's bytes, so the catalogue can show everything in the folder.
    ``alongside`` makes files from the merged rows (the catalogue) to publish
    with the manifest (see :func:`write_manifest`).
    """
    out = publication.out
    before = {row["path"]: row for row in read_manifest(out)}
    publication.put([(entry.path, data) for entry, data in files] + list(extras))
    entries = [entry for entry, _ in files]
    gone = _stale_previews(before, entries)
    for path in gone:
        publication.remove(path)
    return write_manifest(publication, entries, gone, alongside)


def _stale_previews(before: dict[str, dict], entries: list[Entry]) -> set[str]:
    """The previews of a rebuilt file that the new build did not make again, so no
    preview shows a page that is no longer in the PDF (only under previews/)."""
    stale = set()
    for entry in entries:
        for path in set(before.get(entry.path, {}).get("previews", ())) - set(entry.previews):
            if path.startswith(PREVIEWS + "/"):
                stale.add(path)
    return stale


def write_manifest(publication: Publication, entries: list[Entry],
                   gone: Set[str] = frozenset(),
                   alongside: Describing | None = None) -> tuple[list[dict], bytes]:
    """The manifest of the folder: this build's rows and the earlier rows whose file is
    still there (reached without a link); returns them and the manifest's bytes.

    The files ``alongside`` makes of the rows are published with the manifest, in one
    go: each go flushes its files together (see :func:`~.publish.write_whole`)."""
    out = publication.out
    rows = {row["path"]: row for row in read_manifest(out)
            if regular_file(out, row["path"]) is not None}
    rows.update({entry.path: _row(entry) for entry in entries})
    merged = [rows[key] for key in sorted(rows)]
    for row in merged:
        row["previews"] = [path for path in row["previews"] if path not in gone]
    manifest = manifest_bytes(merged)
    publication.put([(MANIFEST, manifest), *(alongside(merged) if alongside else ())])
    return merged, manifest


def _row(entry: Entry) -> dict:
    """The entry as a manifest row: what ``dataclasses.asdict`` gives for its plain
    fields, without its deep copy (a twentieth of the time)."""
    return {name: getattr(entry, name) for name in _FIELDS}


def manifest_bytes(rows: list[dict]) -> bytes:
    return (json.dumps({"files": rows}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_manifest(out: Path) -> list[dict]:
    """The previous build's rows, as far as they can be trusted (see the module's notes);
    fields an older drukwerk did not write get their defaults."""
    try:
        path = safe_target(Path(out), MANIFEST, create=False)
        data = json.loads(read_bounded(path, MAX_MANIFEST_BYTES, "manifest", follow=False))
    except (InputError, ValueError):  # missing, damaged, a link, a pipe, far too large
        return []
    rows = data.get("files") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        return []
    return [clean for clean in map(clean_row, rows) if clean is not None]


_TYPES = typing.get_type_hints(Entry)
_FIELDS = tuple(field.name for field in fields(Entry))


def clean_row(row: object) -> dict | None:
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
    return isinstance(path, str) and PLAIN_PATH.fullmatch(path) is not None


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
