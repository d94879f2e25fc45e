"""The unchanged rebuild, answered before drukwerk loads its pipeline.

Checking every piece (:mod:`generator.incremental`) needs the inputs loaded and
validated, which means importing the models, Jinja2 and the layout code: most of
an unchanged rebuild's time. So a finished single-profile build leaves a stamp,
``.drukwerk.unchanged`` in the output folder, written under the folder's lock
right after the build published, holding:

- ``key``: the command's options (paths, selection, mode, duplex offset,
  preflight, previews) and drukwerk's own digest (its version, its files and the
  libraries that shape the bytes);
- ``inputs``: the SHA-256 of the raw bytes of every file in the content and
  layouts folders, of the profile, and of the logo and pictograms the build read
  (also when they lie elsewhere);
- ``outputs``: the SHA-256 of every file in the output folder but the lock and
  the stamp itself;
- what the build's summary said.

The next build, before importing anything heavy, takes the lock and compares:
same key, the same input files with the same bytes (none added or removed), the
same output files with the same bytes (none added, removed or edited). Only when
all of that holds does it say the same summary ("0 rebuilt, N up to date") and
stop. Any doubt (no stamp, a damaged one, a link in the output folder or a
linked folder among the inputs, a file that cannot be read, ``--force``, a build
of many profiles) means the normal build, which checks every piece itself.

Raw bytes are stricter than the piece hashes (a comment added to a topic takes
the normal path, which then rebuilds nothing): the stamp only skips work, it
never decides what is up to date on its own.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from .errors import InputError
from .output.folder import check_output_folder, safe_target
from .output.lock import LOCK_FILE, locked

STAMP = ".drukwerk.unchanged"
FORMAT = "1"   # raise when what the stamp holds changes meaning
MAX_STAMP_BYTES = 16 * 1024 * 1024


def build_key(options: dict[str, Any]) -> str:
    """The digest of the command's options and of drukwerk itself."""
    from .incremental import code_version

    text = json.dumps({"format": FORMAT, "drukwerk": code_version(), "options": options},
                      sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def input_digests(folders: tuple[Path, ...], files: tuple[str | Path, ...]) -> dict[str, str] | None:
    """SHA-256 of every file under ``folders`` and of ``files``, by absolute path;
    None when one cannot be read or a folder holds a linked folder."""
    found: set[str] = {os.path.abspath(path) for path in files}
    try:
        for folder in folders:
            for root, dirs, names in os.walk(folder, onerror=_raise):
                if any(os.path.islink(os.path.join(root, name)) for name in dirs):
                    return None   # the pipeline may follow it; the walk does not: doubt
                found.update(os.path.abspath(os.path.join(root, name)) for name in names)
        if not all(stat.S_ISREG(os.stat(path).st_mode) for path in found):
            return None   # a pipe would block the read: the normal build refuses it
        return {path: _sha256(Path(path)) for path in sorted(found)}
    except OSError:   # missing, unreadable: the normal build says what is wrong
        return None


def output_digests(out: Path) -> dict[str, str] | None:
    """SHA-256 of every file in the output folder by relative path, leaving out the
    lock and the stamp; None at any link or anything but files and folders."""
    found: dict[str, str] = {}
    try:
        for root, dirs, names in os.walk(out, onerror=_raise):
            for name in dirs + names:
                path = os.path.join(root, name)
                mode = os.lstat(path).st_mode
                if stat.S_ISDIR(mode):
                    continue
                if not stat.S_ISREG(mode):   # a link, a pipe: never followed, never trusted
                    return None
                relative = Path(path).relative_to(out).as_posix()
                if relative not in (LOCK_FILE, STAMP):
                    found[relative] = _sha256(Path(path))
    except OSError:
        return None
    return dict(sorted(found.items()))


def _raise(error: OSError) -> None:
    raise error


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def up_to_date(out: Path, key: str, folders: tuple[Path, ...],
               profile: Path) -> dict | None:
    """The stamp's summary when nothing the last build read or wrote has changed since
    (checked under the folder's lock), else None."""
    out = Path(out)
    try:
        check_output_folder(out, folders, [LOCK_FILE, STAMP])
        if not out.is_dir():
            return None
        with locked(out):
            stamp = _read(out)
            if stamp is None or stamp.get("key") != key:
                return None
            extras = stamp.get("extras")
            if not isinstance(extras, list) or not all(isinstance(p, str) for p in extras):
                return None
            inputs = input_digests(folders, (profile, *extras))
            if inputs is None or inputs != stamp.get("inputs"):
                return None
            outputs = output_digests(out)
            if outputs is None or outputs != stamp.get("outputs"):
                return None
    except (InputError, OSError):
        return None
    summary = stamp.get("summary")
    return summary if _is_summary(summary) else None


def _read(out: Path) -> dict | None:
    try:
        path = safe_target(out, STAMP, create=False)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(path, flags), "rb") as handle:
            data = json.loads(handle.read(MAX_STAMP_BYTES + 1))
    except (InputError, OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def _is_summary(summary: object) -> bool:
    return (isinstance(summary, dict) and isinstance(summary.get("kept"), int)
            and all(isinstance(summary.get(name), list)
                    and all(isinstance(item, str) for item in summary[name])
                    for name in ("pages", "skipped", "notes")))


def record(out: Path, key: str, inputs: dict[str, str] | None, extras: tuple[str, ...],
           manifest_sha: str, summary: dict) -> None:
    """Leave the stamp of the build that just published into ``out``. ``inputs``:
    the digests taken before the build read anything (the extras are hashed now).
    Left out when the folder changed since (another build published in between:
    its manifest differs), so a stamp never pairs one build's inputs with another's
    files; an earlier stamp left in place still names what it was made from, so it
    can only match when that holds again."""
    from .output.publish import publishing
    from .output.write import MANIFEST

    with publishing(out) as publication:
        extra = input_digests((), extras)
        outputs = output_digests(out)
        manifest = outputs.get(MANIFEST) if outputs else None
        if inputs is None or extra is None or manifest != manifest_sha:
            return
        stamp = {"format": FORMAT, "key": key, "inputs": {**inputs, **extra},
                 "extras": sorted(extra), "outputs": outputs, "summary": summary}
        publication.put([(STAMP, json.dumps(stamp, indent=1, sort_keys=True).encode())])
