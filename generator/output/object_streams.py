"""ReportLab's document written with its small objects in compressed object streams.

A tagged piece has hundreds of small dictionaries (its structure elements, the
parent tree): written one by one, as ReportLab does, with an entry each in a
plain cross-reference table, they would make the protocol book half again as
large. Here ReportLab still numbers and formats every object; what changes is
how they are laid into the file (PDF 1.5 and later):

- every object that is not a stream goes into one compressed object stream;
- streams (page contents, fonts, the XMP packet) stay as they are;
- the cross-reference table becomes a compressed cross-reference stream
  (PNG "up" predictor, fields as narrow as the file allows), which also carries
  the trailer's entries;
- the document id is the MD5 of every object written, so the same input gives
  the same bytes and different files different ids.
"""
from __future__ import annotations

import hashlib
import zlib
from typing import Any

from .plain_objects import numbered_objects, write_with

STREAM_END = b"endstream\n"


def pack_objects(document: Any) -> None:
    """Make ReportLab's ``document`` (a canvas's ``_doc``) write itself with object
    streams and a cross-reference stream when the canvas is saved."""
    document._pdfVersion = max(document._pdfVersion, (1, 5))
    write_with(document, _write)


def _write(document: Any) -> bytes:
    """The file: each object numbered and formatted as ReportLab would (an object may
    register new ones as it is formatted; :mod:`.plain_objects`), then the objects
    laid out packed."""
    catalogue = document.Reference(document.Catalog)
    info = document.Reference(document.info)
    streams: list[tuple[int, bytes]] = []
    packed: list[tuple[int, bytes]] = []
    number = 0
    for number, body in numbered_objects(document):
        (streams if body.endswith(STREAM_END) else packed).append((number, body))
    container, xref = number + 1, number + 2
    size = xref + 1

    digest = hashlib.md5(b"".join(body for _, body in streams + packed),
                         usedforsecurity=False)
    file_id = digest.hexdigest().encode("ascii")

    out = [b"%%PDF-%d.%d\n%%\x93\x8c\x8b\x9e\n" % document._pdfVersion]
    at = len(out[0])
    entries: list[tuple[int, int, int]] = [(0, 0, 0)] * size

    def add(number: int, body: bytes) -> None:
        nonlocal at
        entries[number] = (1, at, 0)
        chunk = b"%d 0 obj\n%s%sendobj\n" % (number, body, b"" if body.endswith(b"\n") else b"\n")
        out.append(chunk)
        at += len(chunk)

    for number, body in streams:
        add(number, body)
    offsets, bodies, position = [], [], 0
    for index, (number, body) in enumerate(packed):
        entries[number] = (2, container, index)
        offsets.append(b"%d %d" % (number, position))
        bodies.append(body)
        position += len(body) + 1
    head = b" ".join(offsets) + b"\n"
    add(container, _stream(b"/Type /ObjStm /N %d /First %d" % (len(packed), len(head)),
                           head + b"\n".join(bodies)))
    entries[xref] = (1, at, 0)
    widths = (1, _width(max(at, container)), _width(max(len(packed), 1)))
    trailer = (b"/Type /XRef /Size %d /W [ %d %d %d ] /Root %s /Info %s /ID [ <%s> <%s> ]"
               % (size, *widths, catalogue.format(document), info.format(document),
                  file_id, file_id))
    columns = sum(widths)
    rows = [((kind << 8 * widths[1] | offset) << 8 * widths[2] | index).to_bytes(columns, "big")
            for kind, offset, index in entries]   # each field fits its width: one number a row
    add(xref, _stream(trailer + b" /DecodeParms << /Columns %d /Predictor 12 >>"
                      % columns, _png_up(rows)))
    out.append(b"startxref\n%d\n%%%%EOF\n" % entries[xref][1])
    return b"".join(out)


def _stream(entries: bytes, data: bytes) -> bytes:
    """A stream object's body: its dictionary ``entries`` and ``data``, compressed at
    zlib's best level (a few kilobytes: no time worth measuring, a little smaller)."""
    data = zlib.compress(data, 9)
    return b"<< %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\n" % (
        entries, len(data), data)


def _width(largest: int) -> int:
    """The bytes a cross-reference field needs to hold ``largest``."""
    return max(1, (largest.bit_length() + 7) // 8)


def _png_up(rows: list[bytes]) -> bytes:
    """The rows with PNG's "up" predictor: each byte as its difference from the byte
    above, so the long runs of similar offsets compress to almost nothing.

    All rows at once: each row led by its predictor byte (2), the table and the table
    one row down (led by 0) as two big numbers, subtracted byte by byte modulo 256
    without borrowing across bytes (the SWAR subtraction of Hacker's Delight 2-18:
    the top bit of every byte set aside, the other seven subtracted, the top bit
    put back by exclusive or)."""
    width = len(rows[0])
    table = b"".join(b"\x02" + row for row in rows)
    above = b"".join(b"\x00" + row for row in [bytes(width), *rows[:-1]])
    size = len(table)
    high = int.from_bytes(b"\x80" * size, "big")
    x, y = int.from_bytes(table, "big"), int.from_bytes(above, "big")
    difference = ((x | high) - (y & ~high)) ^ (~(x ^ y) & high)
    return difference.to_bytes(size, "big")
