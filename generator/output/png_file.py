"""Writing a palette picture as a PNG file, compressed with ISA-L where it is installed.

A build's previews are some 44 million pixels; compressing them is most of what
writing their PNGs costs. Pillow compresses with zlib; Intel's ISA-L (the ``isal``
package) makes the same DEFLATE stream format about five times faster, and its
level 1 packs these pictures a little smaller than zlib's level 3 did. So drukwerk
writes the few PNG chunks itself (signature, IHDR, PLTE, IDAT, IEND) around ISA-L's
stream; without ISA-L, around zlib's, level 3.

Every row gets filter type 0 (none), as the PNG specification advises for palette
pictures. The bytes are the same run after run on one machine; ISA-L picks its code
by processor family, so another family may pack the same pixels into other bytes.
"""
from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
PALETTE_TYPE = 3   # IHDR colour type: indexed colour
ZLIB_LEVEL = 3     # without ISA-L: half the time of zlib's default, files a fifth larger


def _compressor() -> Callable[[bytes], bytes]:
    try:
        from isal import isal_zlib
    except ImportError:
        return lambda data: zlib.compress(data, ZLIB_LEVEL)
    return lambda data: isal_zlib.compress(data, 1)


def palette_png(image: Image.Image, compress: Callable[[bytes], bytes] | None = None) -> bytes:
    """The PNG file of ``image`` (mode "P", 8 bits a pixel, at most 256 colours):
    nothing in it but the pixels and the palette, so nothing changes between runs."""
    if image.mode != "P":
        raise ValueError(f"a palette picture is needed, not mode {image.mode}")
    width, height = image.size
    palette = bytes(image.getpalette() or ())[:3 * 256]
    framed = Image.new("P", (width + 1, height), 0)   # column 0: each row's filter byte
    framed.paste(image, (1, 0))
    header = struct.pack(">IIBBBBB", width, height, 8, PALETTE_TYPE, 0, 0, 0)
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"PLTE", palette),
                     _chunk(b"IDAT", (compress or _COMPRESS)(framed.tobytes())),
                     _chunk(b"IEND", b"")))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind))))


_COMPRESS = _compressor()
