"""Write stage: files appear whole or not at all, plus a manifest of the build.

Each file is written to a temporary name in the same folder and renamed over
the target, so an interrupted or failed build never leaves a half-written PDF
and never damages the previous one.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import MISSING, asdict, dataclass, fields
from pathlib import Path

from .errors import InputError

MANIFEST = "manifest.json"
PREVIEWS = "previews"   # folder of the page previews, inside the output folder
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


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are for sharing
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_files(out: Path, files: list[tuple[Entry, bytes]],
                extras: list[tuple[str, bytes]] = ()) -> list[dict]:
    """Write every file and the extra files (previews, HTML), then the manifest.

    The manifest is merged with the previous build's; the merged rows are
    returned, so the catalogue can show everything in the folder.
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
    except OSError as exc:  # no permission, read-only drive, disk full, ...
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
        old = before.get(entry.path, {}).get("previews")
        for path in set(old if isinstance(old, list) else []) - set(entry.previews):
            target = (out / str(path)).resolve()
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
    """The previous build's rows; fields an older drukwerk did not write get their defaults."""
    defaults = {f.name: f.default for f in fields(Entry) if f.default is not MISSING}
    try:
        data = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
        return [{**defaults, **row} for row in data["files"]
                if isinstance(row, dict) and "path" in row]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
