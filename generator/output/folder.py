"""The output folder: where drukwerk may write, checked before anything is made.

drukwerk never follows a link inside the output folder: a link there could
point anywhere (a home folder, ``/``), and writing, locking, reading back or
deleting through it would touch files that are not drukwerk's. So every path
it writes, locks, reads back or deletes is walked from the output folder one
part at a time, and a part that is a link, a file where a folder belongs or a
folder where a file belongs is refused with the path and how to fix it.

:func:`check_output_folder` runs before lay-out and rendering, so a folder
that cannot take the build is said at once; the same walk runs again for
every file when it is written, because the folder may change in between.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path
from collections.abc import Iterable

from ..errors import InputError, display_path
from ..inputs.files import kind_of

# A path drukwerk writes or a manifest row may name: relative, forward slashes,
# no part starting with a dot (so no "..").
PLAIN_PATH = re.compile(r"[A-Za-z0-9_][\w.-]*(/[A-Za-z0-9_][\w.-]*)*", re.ASCII)
# A path drukwerk itself writes: plain folders, and a file name without a slash that
# may start with one dot (the lock, the journal) but is not "." or "..".
_TARGET = re.compile(r"([A-Za-z0-9_][\w.-]*/)*\.?[^./\\\x00-\x1f][^/\\\x00-\x1f]*",
                     re.ASCII)
ANOTHER_FOLDER = "choose another folder with --out"
SPACE_MARGIN = 1024 * 1024  # bytes left free on the disk beyond what a build writes
ROUGH_FILE_BYTES = 128 * 1024  # a PDF with its previews, for the check before rendering


def check_output_folder(out: Path, inputs: Iterable[Path] = (),
                        files: Iterable[str] = ()) -> None:
    """Refuse an output folder that cannot take the build, before anything is made:
    a file system root, the content or layouts folder or a folder inside them, a
    file, and any of ``files`` (relative paths) that is a link, lies behind a link
    or is a folder or a device where a file belongs."""
    out = Path(out)
    real = out.resolve()
    if real.parent == real:
        raise InputError("the output folder is the root of a file system; drukwerk "
                         "writes a build into a folder of its own", where=out,
                         hint=f"{ANOTHER_FOLDER}, e.g. --out output")
    for folder in inputs:
        source = Path(folder).resolve()
        if real == source or source in real.parents:
            raise InputError(f"the output folder is inside the input folder "
                             f"{display_path(folder)}; the PDFs would mix with the files "
                             "they are made from", where=out,
                             hint=f"{ANOTHER_FOLDER}, e.g. --out output")
    if out.exists() and not out.is_dir():
        raise InputError("this is a file, not a folder", where=out,
                         hint="choose a folder with --out")
    files = list(files)
    for relative in files:
        safe_target(out, relative, create=False)
    check_space(out if out.exists() else real.parent, len(files) * ROUGH_FILE_BYTES)


def check_space(folder: Path, size: int) -> None:
    """Refuse when the disk under ``folder`` has less room than ``size`` bytes and a
    margin, where the file system says how much it has."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # a file system that does not say: the write itself will tell
    if free < size + SPACE_MARGIN:
        raise InputError(f"the disk has {free // 1024} KB free; this build writes about "
                         f"{size // 1024} KB", where=folder,
                         hint=f"make room on the disk, or {ANOTHER_FOLDER}")


def safe_target(out: Path, relative: str, create: bool = True) -> Path:
    """``out / relative`` for writing, reading back or deleting, walked part by part:
    no part may be a link, the folders must be folders, and the file, when there,
    a regular file. With ``create``, missing folders are made."""
    if not _TARGET.fullmatch(relative):
        raise InputError(f"refusing to write outside the output folder: {relative}", where=out)
    path = Path(out)
    parts = relative.split("/")
    for index, part in enumerate(parts):
        path = path / part
        last = index == len(parts) - 1
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            if create and not last:
                path.mkdir()
            continue
        except OSError as exc:
            raise InputError(f"cannot reach this path: {exc.strerror or exc}", where=path,
                             hint=ANOTHER_FOLDER) from None
        if stat.S_ISLNK(info.st_mode):
            raise InputError("this is a link; drukwerk does not follow links in the output "
                             "folder", where=path,
                             hint=f"remove the link (drukwerk makes the folder itself), or "
                                  f"{ANOTHER_FOLDER}")
        wanted = stat.S_ISREG if last else stat.S_ISDIR
        if not wanted(info.st_mode):
            found, needed = kind_of(info.st_mode), "a file" if last else "a folder"
            raise InputError(f"drukwerk writes {needed} here, and {found} is in the way",
                             where=path, hint=f"move it away, or {ANOTHER_FOLDER}")
    return path


def regular_file(out: Path, relative: str) -> Path | None:
    """``out / relative`` when it is a regular file reached without a link, else None:
    for what a manifest or catalogue says is there."""
    try:
        path = safe_target(out, relative, create=False)
    except InputError:
        return None
    return path if path.exists() else None


class FilesThere:
    """The regular files under ``out`` reached without a link, as :func:`regular_file`
    finds them, with their sizes: for a catalogue of thousands of paths, so each folder
    is walked once and no path object is made per file."""

    def __init__(self, out: Path) -> None:
        self.out = os.fspath(out)
        self._folders: dict[str, bool] = {"": True}

    def size(self, relative: str) -> int | None:
        """The size of the file at ``relative``, or None when it is not there as one."""
        if not _TARGET.fullmatch(relative):
            return None
        folder = relative.rpartition("/")[0]
        if not self._folder(folder):
            return None
        try:
            info = os.lstat(os.path.join(self.out, relative))
        except OSError:
            return None
        return info.st_size if stat.S_ISREG(info.st_mode) else None

    def _folder(self, folder: str) -> bool:
        known = self._folders.get(folder)
        if known is None:
            try:
                info = os.lstat(os.path.join(self.out, folder))
            except OSError:
                info = None
            known = (info is not None and stat.S_ISDIR(info.st_mode)
                     and self._folder(folder.rpartition("/")[0]))
            self._folders[folder] = known
        return known
