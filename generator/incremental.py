"""Incremental builds: a file is made again only when what it is made from changed.

Each manifest row records ``inputs``, a SHA-256 over everything that reaches the
piece the file belongs to: the job's name, the topic (every topic, for the book),
its labels, the profile, the layout with its whole ``extends`` chain merged, the
logo's bytes, the bytes of each pictogram the topic names, the options that change
the bytes (mode, duplex offset) or the checks (preflight on or off), and
drukwerk itself: its version, a digest of its own source files and the versions of
ReportLab, pikepdf and the font package. Content is hashed as loaded data, not as file
text, so a comment or a re-indented line changes nothing in the output and
rebuilds nothing.

A piece is up to date, and is neither laid out, rendered, checked, previewed nor
written again (its files keep their modification times), when every file this
mode makes of it has a manifest row with the same ``inputs`` and the file on
disk still has the row's SHA-256; with previews on, its previews must be there
too. A file deleted or edited by hand, a manifest that had to be repaired
(a row dropped or a field defaulted by :func:`~generator.output.write.read_manifest`)
or ``--force`` means: made again. The decision is taken again under the output
folder's lock just before writing, so a build that ran in between cannot make
a stale row look current.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Iterable

from .memo import KeptFor

if TYPE_CHECKING:
    from .inputs.load import Source

FORMAT = "2"   # raise when what goes into the hash changes meaning
_PACKAGE = Path(__file__).resolve().parent
_OWN_SUFFIXES = (".py", ".j2", ".svg")   # the package's own files: code, page templates, pictures
TIP_BLOCKS = {"tips", "tips_easy"}   # the block kinds that draw the tips' pictograms


LIBRARIES = ("drukwerk", "reportlab", "pikepdf", "svglib",   # svglib: pictograms
             "fontpkg-atkinson-hyperlegible")
KEPT_VERSION = "drukwerk-code-version"


@cache
def code_version() -> str:
    """drukwerk's version and a digest of its own files, with the versions of the
    libraries that shape the bytes: a changed drukwerk rebuilds everything.

    Reading every file for the digest is most of its cost, so the digest is kept beside
    the package (:func:`~generator.memo.keep_beside`), under the size, modification and
    change times and inode of each file: a file changed since, even one given back its
    old modification time (``cp -p``, ``rsync -a``, an unpacked archive, which cannot set
    the change time), is read again, with all the others."""
    from .memo import keep_beside, kept_beside

    versions = "".join(f"{name}={_version(name)}\n" for name in LIBRARIES)
    files = _own_files()
    stamps = hashlib.sha256(versions.encode())
    for path in files:
        found = path.stat()
        stamps.update(f"{_relative(path)}\0{found.st_size}\0{found.st_mtime_ns}\0"
                      f"{found.st_ctime_ns}\0{found.st_ino}\n".encode())
    header = f"{KEPT_VERSION} {FORMAT} {stamps.hexdigest()}\n".encode()
    kept = kept_beside(_PACKAGE, KEPT_VERSION, header)
    if kept is not None and re.fullmatch(rb"[0-9a-f]{64}", kept):
        return kept.decode()
    digest = hashlib.sha256(versions.encode())
    for path in files:
        digest.update(_relative(path).encode() + b"\0")
        digest.update(path.read_bytes())
    keep_beside(_PACKAGE, KEPT_VERSION, header, digest.hexdigest().encode())
    return digest.hexdigest()


def _relative(path: Path) -> str:
    return path.relative_to(_PACKAGE).as_posix()


def _own_files() -> list[Path]:
    """The package's files of each kind in ``_OWN_SUFFIXES``, kind by kind, each kind sorted:
    one walk of the folder (a ``rglob`` per kind walks it once per kind, three times as slow)."""
    found: list[Path] = []
    for folder, _, names in os.walk(_PACKAGE):
        found += (Path(folder, name) for name in names if name.endswith(_OWN_SUFFIXES))
    return [path for suffix in _OWN_SUFFIXES
            for path in sorted(path for path in found if path.name.endswith(suffix))]


def _version(distribution: str) -> str:
    """The installed version of ``distribution``, as ``importlib.metadata.version`` gives
    it: the ``Version:`` line of the metadata of the first ``NAME-VERSION.dist-info`` (or
    ``NAME.egg-info``) folder on ``sys.path``; "?" when it is not installed. Found here
    without importing importlib.metadata, whose e-mail, zip and CSV modules alone cost
    about 30 ms of every build's start."""
    found = _metadata_folders(tuple(sys.path)).get(_project(distribution))
    return _header_version(*found) if found else "?"


@cache
def _metadata_folders(path: tuple[str, ...]) -> dict[str, tuple[Path, str]]:
    """Each distribution's first metadata folder on ``path`` (and its name's stem), by the
    distribution's name: one look into each folder for all the versions."""
    found: dict[str, tuple[Path, str]] = {}
    for folder in path:
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            continue
        for name in names:
            stem, _, kind = name.rpartition(".")
            if kind in ("dist-info", "egg-info"):
                found.setdefault(_project(stem.split("-")[0]), (Path(folder or ".", name), stem))
    return found


def _project(name: str) -> str:
    """A distribution's name as its metadata folder spells it (PEP 503, with ``_``)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _header_version(found: Path, stem: str) -> str:
    """The ``Version:`` line of the metadata's header (the header ends at the first empty
    line), else the version in the folder's name."""
    for file in ("METADATA", "PKG-INFO"):
        try:
            text = (found / file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for line in text.splitlines():
            if not line:
                break
            if line.startswith("Version:"):
                return line.removeprefix("Version:").strip()
    return stem.partition("-")[2] or "?"


def canonical(value: Any) -> Any:
    """Loaded YAML as JSON-able data with one spelling: keys as text, in order."""
    if isinstance(value, dict):
        return {repr(key) if not isinstance(key, str) else key: canonical(item)
                for key, item in sorted(value.items(), key=lambda pair: repr(pair[0]))}
    if isinstance(value, (list, tuple)):
        return [canonical(item) for item in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)   # dates and the like


def _pictograms(data: Any) -> set[str]:
    """Every name given as ``pictogram:`` anywhere in a topic."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, item in data.items():
            if key == "pictogram" and isinstance(item, str):
                found.add(item)
            else:
                found |= _pictograms(item)
    elif isinstance(data, list):
        for item in data:
            found |= _pictograms(item)
    return found


def inputs_hash(job, options: dict[str, Any], blocks: set[str]) -> str:
    """The hash of everything that reaches ``job`` (a :class:`generator.pipeline.Job`);
    ``blocks``: the block kinds its layout prints, so the logo counts only for a layout
    that prints it, and pictograms only for one that prints the tips."""
    parts: dict[str, Any] = {
        "format": FORMAT, "drukwerk": code_version(), "job": job.name,
        "product": job.product.name, "options": canonical(options),
        "layout": _digest(job.layout.source), "topics": []}
    for resolved in job.topics:
        files = {}
        if resolved.logo is not None and "logo" in blocks:
            files["logo"] = _file_digest(resolved.logo.path)
        library = resolved.pictograms
        shows_tips = bool(blocks & TIP_BLOCKS)
        named = _NAMED.get_or_make(resolved.topic_source, lambda topic: _pictograms(topic.data))
        for name in sorted(named if shows_tips else ()):
            entry = library.entries.get(name) if library is not None else None
            files[f"pictogram {name}"] = _file_digest(entry.path) if entry else "?"
        parts["topics"].append({
            "locale": resolved.locale, "name": resolved.name,
            "topic": _digest(resolved.topic_source),
            "labels": _digest(resolved.labels_source),
            "profile": _digest(resolved.profile_source), "files": files})
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, allow_nan=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digest(source: Source) -> str:
    """The SHA-256 of a loaded file's data (see :func:`canonical`): once per loaded file,
    which every job of a build (a layout, topic and labels: every profile of a batch)
    shares."""
    return _DIGESTS.get_or_make(source, lambda loaded: hashlib.sha256(json.dumps(
        canonical(loaded.data), sort_keys=True, ensure_ascii=False, allow_nan=True
    ).encode("utf-8")).hexdigest())


_DIGESTS: KeptFor[Source, str] = KeptFor(4096)
_NAMED: KeptFor[Source, set[str]] = KeptFor(4096)   # a topic's pictograms (see _pictograms)


def library_hash(library) -> str:
    """The hash of the pictogram page's inputs: every pictogram's name, origin and bytes."""
    digest = hashlib.sha256(f"{FORMAT}\n{code_version()}\n".encode())
    for name in library.names:
        entry = library.entries[name]
        digest.update(f"{name} {entry.own} {_file_digest(entry.path)}\n".encode())
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    return file_sha256(Path(path)) or "?"


def trusted_rows(out: Path) -> dict[str, dict]:
    """The manifest's rows by path, or nothing at all when the manifest is missing,
    unreadable or had to be repaired: then every piece is made again."""
    from .output.write import MANIFEST, clean_row

    try:
        data = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    rows = data.get("files") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        return {}
    trusted = {}
    for row in rows:
        if clean_row(row) != row:
            return {}
        trusted[row["path"]] = row
    return trusted


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class Cache:
    """What an output folder already holds, and which pieces need making again."""

    out: Path
    rows: dict[str, dict] = field(default_factory=dict)
    previews: bool = True
    force: bool = False

    @classmethod
    def read(cls, out: Path, previews: bool, force: bool) -> Cache:
        return cls(Path(out), {} if force else trusted_rows(out), previews, force)

    def reread(self) -> None:
        """Read the manifest again (under the lock: another build may have written)."""
        if not self.force:
            self.rows = trusted_rows(self.out)

    def current(self, digest: str, paths: Iterable[str]) -> list[dict] | None:
        """The rows of an up-to-date piece (``paths``: every file its mode may make of
        it), or None when it must be made again."""
        found = []
        for path in paths:
            row = self.rows.get(path)
            target = self.out / path
            if row is None:
                if target.exists():   # a file of ours without a row: not to be trusted
                    return None
                continue
            if row.get("inputs") != digest or file_sha256(target) != row["sha256"]:
                return None
            if self.previews and not (row["previews"] and all(
                    (self.out / picture).is_file() for picture in row["previews"])):
                return None
            found.append(row)
        return found or None
