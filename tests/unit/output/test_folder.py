"""What the catalogue counts as there: the regular files reached without a link, the
same as every other reader of the output folder, each folder walked once."""
from __future__ import annotations

import os

from generator.output.folder import FilesThere, regular_file

PATHS = ["a.pdf", "nl/b.pdf", "nl/c.pdf", "linked/b.pdf", "nl/linked.pdf", "nl/folder.pdf",
         "nl/missing.pdf", "missing/b.pdf", "a.pdf/x.pdf", "../a.pdf", "nl/./b.pdf", "nl//b.pdf",
         "nl/fifo.pdf", "/etc/passwd", "nl"]


def test_the_files_there_are_those_a_reader_finds_with_their_sizes(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / "nl" / "folder.pdf").mkdir(parents=True)
    elsewhere.mkdir()
    (out / "a.pdf").write_bytes(b"a" * 3)
    (out / "nl" / "b.pdf").write_bytes(b"b" * 5)
    (out / "nl" / "c.pdf").write_bytes(b"")
    (elsewhere / "b.pdf").write_bytes(b"secret")
    (out / "linked").symlink_to(elsewhere, target_is_directory=True)
    (out / "nl" / "linked.pdf").symlink_to(elsewhere / "b.pdf")
    os.mkfifo(out / "nl" / "fifo.pdf")
    there = FilesThere(out)
    found = {path: there.size(path) for path in PATHS}
    assert found == {path: (file.stat().st_size if (file := regular_file(out, path)) else None)
                     for path in PATHS}
    assert {path for path, size in found.items() if size is not None} == {
        "a.pdf", "nl/b.pdf", "nl/c.pdf"}
    assert found["nl/b.pdf"] == 5 and found["nl/c.pdf"] == 0
