"""Publishing: a put's files are written, then flushed to the disk by several threads at
once, and still every file is whole on the disk before any is renamed into place, and a
failure while writing leaves nothing behind and changes nothing."""
from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from generator.output import publish
from generator.output.publish import JOURNAL, TEMP_SUFFIX, publishing, write_whole

FILES = [f"nl/piece-{number}.pdf" for number in range(12)]


def _everything(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".drukwerk.lock"}


def _published(out: Path, content: bytes) -> None:
    with publishing(out) as publication:
        publication.put([(name, content + name.encode()) for name in FILES])


def test_every_file_is_flushed_to_the_disk_before_the_first_rename(tmp_path, monkeypatch):
    flushed: set[str] = set()
    synced_at_rename: list[set[str]] = []
    real_fsync, real_replace, lock = os.fsync, os.replace, threading.Lock()

    def fsync(fd):
        real_fsync(fd)
        with lock:
            flushed.add(os.readlink(f"/proc/self/fd/{fd}"))

    def replace(source, target):
        synced_at_rename.append(set(flushed))
        assert os.fspath(Path(source).resolve()) in flushed, f"{source} renamed unflushed"
        real_replace(source, target)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name a flushed file")
    monkeypatch.setattr(publish.os, "fsync", fsync)
    monkeypatch.setattr(publish.os, "replace", replace)
    _published(tmp_path, b"new ")
    # the journal first, then each file: all flushed before the first rename
    assert len(synced_at_rename) == len(FILES) + 1
    assert len(synced_at_rename[0]) == len(FILES) + 1
    assert _everything(tmp_path) == {name: b"new " + name.encode() for name in FILES}


@pytest.mark.parametrize("at_once", [64, 5])   # all files open at once, or five at a time
@pytest.mark.parametrize("failing", [0, 7, 12])   # a piece first, in the middle, the journal
def test_a_file_that_cannot_be_written_changes_nothing_and_leaves_no_temporary_file(
        tmp_path, monkeypatch, failing, at_once):
    monkeypatch.setattr(publish, "_OPEN_AT_ONCE", at_once)
    _published(tmp_path, b"old ")
    before = _everything(tmp_path)
    calls, real_fsync, lock = [], os.fsync, threading.Lock()

    def full_disk(fd):
        with lock:
            calls.append(fd)
            if len(calls) == failing + 1:
                raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(publish.os, "fsync", full_disk)
    with pytest.raises(Exception, match="No space left on device"):
        _published(tmp_path, b"new ")
    assert _everything(tmp_path) == before
    assert not list(tmp_path.rglob(f"*{TEMP_SUFFIX}"))
    assert not (tmp_path / JOURNAL).exists()


def test_the_error_is_that_of_the_first_file_that_failed(tmp_path):
    files = [(tmp_path / "a.pdf", b"a"), (tmp_path / "missing" / "b.pdf", b"b"),
             (tmp_path / "c.pdf", b"c"), (tmp_path / "gone" / "d.pdf", b"d")]
    with pytest.raises(FileNotFoundError) as failed:
        write_whole(files)
    assert Path(failed.value.filename).parent == tmp_path / "missing"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("at_once", [64, 7])
def test_files_written_at_once_hold_their_own_bytes(tmp_path, monkeypatch, at_once):
    monkeypatch.setattr(publish, "_OPEN_AT_ONCE", at_once)
    files = [(tmp_path / f"{number}.pdf", os.urandom(50_000)) for number in range(30)]
    temps = write_whole(files)
    assert [Path(temp).read_bytes() for temp in temps] == [data for _, data in files]
    assert all(Path(temp).name.startswith(f".{target.name}.")
               for temp, (target, _) in zip(temps, files))
    assert len(os.listdir(tmp_path)) == len(files)


def test_flushing_together_says_the_error_of_the_first_file_that_failed(monkeypatch):
    flushed = []

    def fsync(handle):
        if handle in (5, 9):
            raise OSError(errno.EIO, f"cannot flush {handle}")
        flushed.append(handle)

    monkeypatch.setattr(publish.os, "fsync", fsync)
    with pytest.raises(OSError, match="cannot flush 5"):
        publish._flush([3, 5, 7, 9, 11])
    assert sorted(flushed) == [3, 7, 11]   # the others are flushed all the same


def test_a_journal_that_cannot_be_put_in_place_changes_nothing_and_leaves_no_file(
        tmp_path, monkeypatch):
    _published(tmp_path, b"old ")
    before = _everything(tmp_path)
    real_replace = os.replace

    def refuse_the_journal(source, target):
        if Path(target).name == JOURNAL:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        real_replace(source, target)

    monkeypatch.setattr(publish.os, "replace", refuse_the_journal)
    with pytest.raises(Exception, match="Permission denied"):
        _published(tmp_path, b"new ")
    assert _everything(tmp_path) == before
    assert not list(tmp_path.rglob(f"*{TEMP_SUFFIX}"))
