"""TrueType subsets without hinting, for press files.

Hinting (the ``fpgm``, ``prep`` and ``cvt`` tables and each glyph's instructions)
snaps outlines to a screen's pixel grid. An imagesetter or platesetter at 2400 dpi
and more has no use for it, yet in Atkinson Hyperlegible it is about a third of a
subset's bytes: a press file of a few pages is mostly its two fonts. The PDF
specification asks of an embedded TrueType program only ``glyf``, ``head``,
``hhea``, ``hmtx``, ``loca`` and ``maxp`` (and ``cvt``, ``fpgm``, ``prep`` where the
font's instructions use them), so a subset without instructions is complete. The
outlines, advances and the character map are left exactly as they are.
"""
from __future__ import annotations

import itertools
import struct

HINTING_TABLES = (b"fpgm", b"prep", b"cvt ")
_MORE_COMPONENTS, _WORDS, _SCALE, _XY_SCALE, _TWO_BY_TWO, _INSTRUCTIONS = (
    0x0020, 0x0001, 0x0008, 0x0040, 0x0080, 0x0100)


def without_hinting(font: bytes) -> bytes:
    """The TrueType program ``font`` with its hinting left out; ``font`` itself when it
    is not a TrueType program this understands (then nothing is lost, only not saved)."""
    try:
        tables = _tables(font)
        if b"glyf" not in tables or b"loca" not in tables or b"head" not in tables:
            return font
        long_offsets = struct.unpack(">h", tables[b"head"][50:52])[0] == 1
        glyphs = _glyphs(tables[b"glyf"], tables[b"loca"], long_offsets)
        stripped = [_strip(glyph) for glyph in glyphs]
    except (struct.error, ValueError, IndexError):
        return font
    glyf, loca = _join(stripped, long_offsets)
    tables = {tag: data for tag, data in tables.items() if tag not in HINTING_TABLES}
    tables[b"glyf"], tables[b"loca"] = glyf, loca
    if b"maxp" in tables and len(tables[b"maxp"]) >= 32:
        maxp = tables[b"maxp"]  # no instructions left: their largest size is 0
        tables[b"maxp"] = maxp[:26] + b"\0\0" + maxp[28:]
    return _font(font[:4], tables)


def _tables(font: bytes) -> dict[bytes, bytes]:
    count = struct.unpack(">H", font[4:6])[0]
    tables = {}
    for n in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", font[12 + 16 * n:28 + 16 * n])
        if offset + length > len(font):
            raise ValueError("table beyond the end of the font")
        tables[tag] = font[offset:offset + length]
    return tables


def _glyphs(glyf: bytes, loca: bytes, long_offsets: bool) -> list[bytes]:
    offsets = (struct.unpack(f">{len(loca) // 4}I", loca) if long_offsets
               else [2 * o for o in struct.unpack(f">{len(loca) // 2}H", loca)])
    return [glyf[start:end] for start, end in itertools.pairwise(offsets)]


def _strip(glyph: bytes) -> bytes:
    """One glyph without its instructions."""
    if not glyph:
        return glyph
    contours = struct.unpack(">h", glyph[:2])[0]
    if contours >= 0:  # simple: header, end points, instructions, flags and coordinates
        at = 10 + 2 * contours
        length = struct.unpack(">H", glyph[at:at + 2])[0]
        return glyph[:at] + b"\0\0" + glyph[at + 2 + length:]
    at, out = 10, bytearray(glyph[:10])
    while True:  # composite: its components, then instructions when the last says so
        flags = struct.unpack(">H", glyph[at:at + 2])[0]
        size = 4 + (4 if flags & _WORDS else 2) + (
            8 if flags & _TWO_BY_TWO else 4 if flags & _XY_SCALE else 2 if flags & _SCALE else 0)
        out += struct.pack(">H", flags & ~_INSTRUCTIONS) + glyph[at + 2:at + size]
        at += size
        if not flags & _MORE_COMPONENTS:
            return bytes(out)


def _join(glyphs: list[bytes], long_offsets: bool) -> tuple[bytes, bytes]:
    glyf, offsets = bytearray(), [0]
    for glyph in glyphs:
        glyf += glyph + b"\0" * (-len(glyph) % 4)
        offsets.append(len(glyf))
    if long_offsets:
        return bytes(glyf), struct.pack(f">{len(offsets)}I", *offsets)
    return bytes(glyf), struct.pack(f">{len(offsets)}H", *(o // 2 for o in offsets))


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _font(version: bytes, tables: dict[bytes, bytes]) -> bytes:
    """The tables as a font file, in tag order, with their checksums and the head's
    whole-font adjustment."""
    tags = sorted(tables)
    if b"head" in tables:  # the adjustment is computed with its own field at 0
        head = tables[b"head"]
        tables[b"head"] = head[:8] + b"\0\0\0\0" + head[12:]
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = version + struct.pack(">HHHH", count, power * 16, power.bit_length() - 1,
                                   count * 16 - power * 16)
    offset = len(header) + 16 * count
    directory, body = bytearray(), bytearray()
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    if b"head" in tables:
        at = offset + sum(len(tables[t]) + (-len(tables[t]) % 4)
                          for t in tags[:tags.index(b"head")])
        adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
        font[at + 8:at + 12] = struct.pack(">I", adjustment)
    return bytes(font)
