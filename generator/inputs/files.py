"""Reading a file safely: only a regular file, and only up to a size limit.

A path can name a pipe (opening it for reading waits for a writer for ever),
a device such as ``/dev/zero`` (reading it never ends), a folder, or a link to
any of these. Every file drukwerk reads goes through :func:`read_bounded`: the
file is opened without waiting (``O_NONBLOCK``), its type is checked on the
open handle (so it cannot be swapped between the check and the read), and at
most ``limit`` bytes are read. With ``follow=False`` a link is refused instead
of followed, for the files drukwerk reads back from its own output folder.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InputError, Position

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a link"
    return "a file"


def size_text(size: int) -> str:
    return f"{size / 1024 ** 2:.1f} MB" if size >= 1024 ** 2 else f"{size // 1024} KB"


def read_bounded(path: Path, limit: int, what: str = "file",
                 where: Position | Path | None = None, field: str | None = None,
                 hint: str | None = None, follow: bool = True, head: bool = False) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them; anything
    else (missing, a folder, a pipe, a device, too large, unreadable) is an
    :class:`InputError` naming ``what`` (a noun: "file", "logo") at ``where``
    (default: the path). With ``head``, a larger file is no error: its first
    ``limit`` bytes are returned."""
    path = Path(path)
    place = where if where is not None else path
    # "an SVG logo", "a PDF": an acronym takes the article of its first letter's name
    article = "an" if what[:1] in "aeiouAEIOU" or what[:2] in {"SV", "HT", "FO"} else "a"

    def refuse(message: str, fix: str | None = hint) -> InputError:
        return InputError(message, where=place, field=field, hint=fix)

    flags = os.O_RDONLY | _NONBLOCK | _BINARY | (0 if follow else _NOFOLLOW)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        raise refuse(f"{what} not found", hint) from None
    except IsADirectoryError:
        raise refuse(f"expected {article} {what}, found a folder") from None
    except PermissionError:
        raise refuse(f"no permission to read this {what}") from None
    except OSError as exc:
        if not follow and os.path.islink(path):
            raise refuse(f"this {what} is a link; drukwerk does not follow links here",
                         "remove the link") from None
        # a link that points at itself, a disk that fails
        raise refuse(f"cannot read this {what}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise refuse(f"expected {article} {what}, found {kind_of(info.st_mode)}",
                         hint or "give the path of an ordinary file")
        if info.st_size > limit and not head:
            raise refuse(f"the {what} is {size_text(info.st_size)}; drukwerk reads at most "
                         f"{size_text(limit)}", hint or "check that this is the right file")
        if _NONBLOCK:
            os.set_blocking(handle, True)
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(handle, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise refuse(f"cannot read this {what}: {exc.strerror or exc}") from None
    finally:
        os.close(handle)
    data = b"".join(chunks)
    if head:
        return data[:limit]
    if len(data) > limit:  # it grew while we read it
        raise refuse(f"the {what} is larger than {size_text(limit)}; drukwerk reads at most that")
    return data
