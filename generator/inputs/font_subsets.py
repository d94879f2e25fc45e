"""Font subsets made once per glyph set, embedded in every document that uses it.

ReportLab embeds a TrueType font as subsets of up to 256 glyphs, and for each subset
of each document builds a font program (``makeSubset``), compresses it, writes its
character map and formats its widths. A batch prints the same glyph sets in document
after document, so :class:`KeptSubsetsTTFont` keeps those four results by font,
subset number and glyphs (the glyph set decides them; nothing of the document does)
and gives each document new PDF objects around the kept bytes. The objects and their
bytes are exactly those ReportLab writes (a test compares whole files). Subset names
are ReportLab's (``AAAAAA+``, by subset number); a press file renames them after its
own content later, as before.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import (FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont,
                                       makeToUnicodeCMap)

from ..memo import Kept


class _Formatted(pdfdoc.PDFObject):
    """A PDF value already formatted (a subset's widths)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


@dataclass(frozen=True)
class _Subset:
    """What one glyph set of a font makes, whatever document embeds it."""

    base_name: str          # AAAAAA+AtkinsonHyperlegible: subset number and face
    widths: bytes           # the formatted /Widths array
    cmap: bytes | str       # the ToUnicode CMap, compressed when the document compresses
    program: bytes          # the TrueType subset, compressed likewise
    program_length: int     # /Length1: the program's own length


_SUBSETS: Kept[_Subset] = Kept(256)


class KeptSubsetsTTFont(TTFont):
    """ReportLab's TrueType font whose subsets' programs, maps and widths are made once
    per glyph set (see the module's docstring); ``addObjects`` writes what ReportLab's
    does."""

    def addObjects(self, doc: Any) -> None:
        state = self._assignState(doc)
        state.frozen = 1
        for number, glyphs in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(number, doc)[1:]
            compressed = bool(doc.compression)
            kept = _SUBSETS.get_or_make(
                (self.fontName, self.face.filename, number, tuple(glyphs), compressed),
                partial(self._subset, number, glyphs, compressed))
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {number}"
            font.Name = internal_name
            font.BaseFont = kept.base_name
            font.FirstChar = 0
            font.LastChar = len(glyphs) - 1
            font.Widths = _Formatted(kept.widths)
            font.ToUnicode = doc.Reference(_stream(kept.cmap, doc),
                                           "toUnicodeCMap:" + kept.base_name)
            font.FontDescriptor = self._descriptor(doc, kept)
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
        del self.state[doc]

    def _subset(self, number: int, glyphs: list[int], compressed: bool) -> _Subset:
        face = self.face
        base_name = b"".join((SUBSETN(number), b"+", face.name,
                              face.subfontNameX)).decode("pdfdoc")
        widths = pdfdoc.PDFArray(list(map(face.getCharWidth, glyphs))).format(None)
        cmap: str = makeToUnicodeCMap(base_name, glyphs)
        program = face.makeSubset(glyphs)
        if compressed:
            return _Subset(base_name, widths, zlib.compress(cmap.encode("utf8")),
                           zlib.compress(program), len(program))
        return _Subset(base_name, widths, cmap, program, len(program))

    def _descriptor(self, doc: Any, kept: _Subset) -> Any:
        """The subset's font descriptor and its embedded program, as ReportLab's
        ``TTFontFace.addSubsetObjects`` makes them."""
        face = self.face
        program = _stream(kept.program, doc)
        program.dictionary["Length1"] = kept.program_length
        program_ref = doc.Reference(program, f"fontFile:{face.filename}({kept.base_name})")
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor",
            "Ascent": face.ascent,
            "CapHeight": face.capHeight,
            "Descent": face.descent,
            "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(kept.base_name),
            "ItalicAngle": face.italicAngle,
            "StemV": face.stemV,
            "FontFile2": program_ref,
            "MissingWidth": face.defaultWidth,
        })
        return doc.Reference(descriptor, "fontDescriptor:" + kept.base_name)


def _stream(content: bytes | str, doc: Any) -> Any:
    """A stream of kept content: compressed already when the document compresses."""
    stream = pdfdoc.PDFStream()
    stream.content = content
    if doc.compression:
        stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    return stream
