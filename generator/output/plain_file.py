"""ReportLab's document written in ReportLab's own layout, its objects formatted directly.

The pieces without a structure tree (print sheets, press files) keep the file
ReportLab writes: a header, the objects one after another, a cross-reference
table and the trailer. Only the formatting of each object changes hands: it is
done by :mod:`.plain_objects` instead of ReportLab's generic function, with the
same bytes, so the file is byte for byte ReportLab's (a test compares whole files).
"""
from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfdoc

from .plain_objects import numbered_objects, write_with


def write_directly(canvas: Any) -> None:
    """Make ``canvas`` write its document this way when it is saved."""
    write_with(canvas._doc, _write)


def _write(document: Any) -> bytes:
    """``PDFDocument.format``: header, objects, cross-reference table, trailer."""
    catalogue = document.Reference(document.Catalog)
    info = document.Reference(document.info)
    out = [b"".join(pdfdoc.PDFFile(document._pdfVersion).strings)]   # ReportLab's own header
    at = len(out[0])
    rows = [b"0000000000 65535 f \n"]
    for number, body in numbered_objects(document):
        chunk = b"%d 0 obj\n%s%sendobj\n" % (number, body, b"" if body.endswith(b"\n") else b"\n")
        rows.append(b"%010d 00000 n \n" % at)
        out.append(chunk)
        at += len(chunk)
    out += [b"xref\n0 %d\n" % len(rows), *rows]
    trailer = pdfdoc.PDFTrailer(startxref=at, Size=len(rows), Root=catalogue, Info=info,
                                ID=document.ID())
    out.append(trailer.format(document))
    return b"".join(out)
