"""The previews' PNG files, written by drukwerk around ISA-L's (or zlib's) DEFLATE stream:
any PNG reader must get back exactly the pixels and the palette, and nothing else."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from generator.output.png_file import SIGNATURE, ZLIB_LEVEL, palette_png


def picture() -> Image.Image:
    """A palette picture with a gradient, flat areas and an odd width."""
    rgb = Image.new("RGB", (203, 57), "white")
    for x in range(203):
        for y in range(0, 57, 3):
            rgb.putpixel((x, y), (x % 256, (x * 7) % 256, y * 4))
    return rgb.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data.startswith(SIGNATURE)
    found, at = [], len(SIGNATURE)
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        crc = struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0]
        assert crc == zlib.crc32(kind + body), kind
        found.append((kind, body))
        at += 12 + length
    return found


@pytest.mark.parametrize("compress", [None, lambda data: zlib.compress(data, ZLIB_LEVEL)],
                         ids=["isal", "zlib"])
def test_a_reader_gets_back_the_pixels_and_the_palette(compress):
    image = picture()
    data = palette_png(image, compress)
    back = Image.open(io.BytesIO(data))
    back.load()
    assert back.mode == "P" and back.size == image.size
    assert back.tobytes() == image.tobytes()
    assert back.getpalette() == image.getpalette()
    assert back.convert("RGB").tobytes() == image.convert("RGB").tobytes()


def test_only_the_needed_chunks_each_row_unfiltered():
    image = picture()
    found = chunks(palette_png(image))
    assert [kind for kind, _ in found] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    width, height, depth, colour, *rest = struct.unpack(">IIBBBBB", found[0][1])
    assert (width, height, depth, colour, rest) == (203, 57, 8, 3, [0, 0, 0])
    rows = zlib.decompress(found[2][1])
    assert len(rows) == (width + 1) * height
    assert all(rows[row * (width + 1)] == 0 for row in range(height))


def test_the_same_picture_makes_the_same_bytes():
    assert palette_png(picture()) == palette_png(picture())


def test_only_palette_pictures_are_taken():
    with pytest.raises(ValueError, match="mode RGB"):
        palette_png(Image.new("RGB", (4, 4)))
