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
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import InputError

MANIFEST = "manifest.json"
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


def write_files(out: Path, files: list[tuple[Entry, bytes]]) -> list[Entry]:
    """Write every file, then the manifest (merged with the previous build's)."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for entry, data in files:
            target = (out / entry.path).resolve()
            if out.resolve() not in target.parents:
                raise InputError(f"refusing to write outside the output folder: {entry.path}",
                                 where=out)
            write_atomic(target, data)
        entries = [entry for entry, _ in files]
        write_manifest(out, entries)
    except PermissionError as exc:
        raise InputError(f"cannot write here: {exc.strerror}", where=exc.filename or out,
                         hint="choose another folder with --out") from None
    return entries


def write_manifest(out: Path, entries: list[Entry]) -> None:
    rows = {row["path"]: row for row in read_manifest(out) if (out / row["path"]).is_file()}
    rows.update({entry.path: asdict(entry) for entry in entries})
    data = json.dumps({"files": [rows[key] for key in sorted(rows)]}, indent=2,
                      ensure_ascii=False) + "\n"
    write_atomic(out / MANIFEST, data.encode("utf-8"))


def read_manifest(out: Path) -> list[dict]:
    try:
        data = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
        return [row for row in data["files"] if isinstance(row, dict) and "path" in row]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
