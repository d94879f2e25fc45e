"""Press fonts without hinting: the outlines, advances and characters stay exactly as they were."""
from __future__ import annotations

import struct

import fontpkg_atkinson_hyperlegible as package
import pytest
import uharfbuzz as hb

from generator.output.font_hinting import HINTING_TABLES, without_hinting

FILES = sorted((package.ROOT / "files").glob("*.ttf"))


class Recorder:
    """Every drawing command of a glyph, as HarfBuzz reads it from the font."""

    def __init__(self) -> None:
        self.commands: list[tuple] = []

    def moveTo(self, *point):
        self.commands.append(("M", *point))

    def lineTo(self, *point):
        self.commands.append(("L", *point))

    def qCurveTo(self, *points):
        self.commands.append(("Q", *points))

    def curveTo(self, *points):
        self.commands.append(("C", *points))

    def closePath(self):
        self.commands.append(("Z",))


def outlines(data: bytes) -> tuple[list, list]:
    face = hb.Face(hb.Blob(data))
    font = hb.Font(face)
    shapes, advances = [], []
    for glyph in range(face.glyph_count):
        pen = Recorder()
        font.draw_glyph_with_pen(glyph, pen)
        shapes.append(pen.commands)
        advances.append(font.get_glyph_h_advance(glyph))
    return shapes, advances


def tables(data: bytes) -> dict[bytes, tuple[int, int, int]]:
    count = struct.unpack(">H", data[4:6])[0]
    return {tag: (checksum, offset, length) for tag, checksum, offset, length in
            (struct.unpack(">4sIII", data[12 + 16 * n:28 + 16 * n]) for n in range(count))}


def _sum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_outlines_advances_and_characters_are_kept(path):
    original = path.read_bytes()
    lean = without_hinting(original)
    assert len(lean) < len(original) * 0.9
    assert not set(HINTING_TABLES) & set(tables(lean))
    assert outlines(lean) == outlines(original)
    face = hb.Face(hb.Blob(lean))
    assert hb.Font(face).get_nominal_glyph(ord("ë")) == \
        hb.Font(hb.Face(hb.Blob(original))).get_nominal_glyph(ord("ë"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_font_file_is_consistent(path):
    """Each table's checksum and the whole font's adjustment hold, as a strict reader checks."""
    lean = without_hinting(path.read_bytes())
    found = tables(lean)
    for tag, (checksum, offset, length) in found.items():
        data = bytearray(lean[offset:offset + length])
        if tag == b"head":
            data[8:12] = b"\0\0\0\0"
        assert _sum(bytes(data)) == checksum, tag
    assert _sum(lean) == 0xB1B0AFBA
    maxp = lean[found[b"maxp"][1]:][:32]
    assert struct.unpack(">H", maxp[26:28])[0] == 0  # no instructions left anywhere


def test_what_is_not_a_truetype_program_is_left_as_it_is():
    for data in (b"", b"OTTO" + b"\0" * 40, b"\0\1\0\0\0\1" + b"\0" * 6 + b"glyf" + b"\xff" * 12):
        assert without_hinting(data) == data
