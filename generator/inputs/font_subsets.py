"""Font subsets made once per glyph set, embedded in every document that uses it.

ReportLab embeds a TrueType font as subsets of up to 256 glyphs, and for each subset
of each document builds a font program (``makeSubset``), compresses it, writes its
character map and formats its widths, its font dictionary and its font descriptor.
A batch prints the same glyph sets in document after document, so
:class:`KeptSubsetsTTFont` keeps those results by font, subset number and glyphs
(the glyph set decides them; nothing of the document does) and gives each document
new PDF objects around the kept bytes. The two dictionaries are kept formatted, with
slots for the values only a document knows (the object numbers of what they refer
to, the font's name among the document's resources). The objects and their bytes
are exactly those ReportLab writes (a test compares whole files). Subset names are
ReportLab's (``AAAAAA+``, by subset number); a press file renames them after its
own content later, as before.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import (FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont,
                                       makeToUnicodeCMap)

from ..memo import Kept


class _Slot(pdfdoc.PDFObject):
    """Where a kept dictionary takes a value only a document knows: formatted as a
    marker that :func:`_template` turns into a named field."""

    def __init__(self, key: str) -> None:
        self.key = key

    def format(self, document: Any) -> bytes:
        return b"\0%s\0" % self.key.encode("ascii")


# A name slot: a font's name must be a string (ReportLab makes a name of it).
_NAME_SLOT = "drukwerk-slot-Name"


def _template(dictionary: Any) -> bytes:
    """``dictionary`` formatted by ReportLab, each slot a ``%(key)s`` field."""
    formatted = dictionary.format(None).replace(b"%", b"%%")
    formatted = formatted.replace(pdfdoc.PDFName(_NAME_SLOT).encode("ascii"), b"%(Name)s")
    return re.sub(rb"\0(\w+)\0", rb"%(\1)s", formatted)


class _Filled(pdfdoc.PDFObject):
    """A kept dictionary in one document: its template with the slots filled (bytes
    as they are, objects such as references as they format)."""

    __RefOnly__ = 1   # written as an indirect object, as ReportLab's fonts are

    def __init__(self, template: bytes, **values: Any) -> None:
        self.template, self.values = template, values

    def format(self, document: Any) -> bytes:
        return self.template % {key.encode("ascii"): value if isinstance(value, bytes)
                                else value.format(document)
                                for key, value in self.values.items()}


@dataclass(frozen=True)
class _Subset:
    """What one glyph set of a font makes, whatever document embeds it."""

    base_name: str          # AAAAAA+AtkinsonHyperlegible: subset number and face
    font: bytes             # the font dictionary; slots Name, ToUnicode, FontDescriptor
    descriptor: bytes       # the font descriptor; slot FontFile2
    cmap: bytes | str       # the ToUnicode CMap, compressed when the document compresses
    program: bytes          # the TrueType subset, compressed likewise
    program_length: int     # /Length1: the program's own length


_SUBSETS: Kept[_Subset] = Kept(256)


class KeptSubsetsTTFont(TTFont):
    """ReportLab's TrueType font whose subsets' programs, maps and dictionaries are
    made once per glyph set (see the module's docstring); ``addObjects`` writes what
    ReportLab's does, in the same order."""

    def addObjects(self, doc: Any) -> None:
        state = self._assignState(doc)
        state.frozen = 1
        face = self.face
        for number, glyphs in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(number, doc)[1:]
            compressed = bool(doc.compression)
            kept = _SUBSETS.get_or_make(
                (self.fontName, face.filename, number, tuple(glyphs), compressed),
                partial(self._subset, number, glyphs, compressed))
            cmap = doc.Reference(_stream(kept.cmap, doc), "toUnicodeCMap:" + kept.base_name)
            program = _stream(kept.program, doc)
            program.dictionary["Length1"] = kept.program_length
            program_ref = doc.Reference(program, f"fontFile:{face.filename}({kept.base_name})")
            descriptor = doc.Reference(_Filled(kept.descriptor, FontFile2=program_ref),
                                       "fontDescriptor:" + kept.base_name)
            font = _Filled(kept.font, Name=pdfdoc.pdfdocEnc(pdfdoc.PDFName(internal_name)),
                           ToUnicode=cmap, FontDescriptor=descriptor)
            font.__Comment__ = f"Font {self.fontName} subset {number}"
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
        del self.state[doc]

    def _subset(self, number: int, glyphs: list[int], compressed: bool) -> _Subset:
        face = self.face
        base_name = b"".join((SUBSETN(number), b"+", face.name,
                              face.subfontNameX)).decode("pdfdoc")
        cmap: str = makeToUnicodeCMap(base_name, glyphs)
        program = face.makeSubset(glyphs)
        font, descriptor = self._font(base_name, glyphs), self._descriptor(base_name)
        if compressed:
            return _Subset(base_name, font, descriptor, zlib.compress(cmap.encode("utf8")),
                           zlib.compress(program), len(program))
        return _Subset(base_name, font, descriptor, cmap, program, len(program))

    def _font(self, base_name: str, glyphs: list[int]) -> bytes:
        """The subset's font dictionary, as ReportLab's ``addObjects`` makes it."""
        font = pdfdoc.PDFTrueTypeFont()
        font.Name = _NAME_SLOT
        font.BaseFont = base_name
        font.FirstChar = 0
        font.LastChar = len(glyphs) - 1
        font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, glyphs)))
        font.ToUnicode = _Slot("ToUnicode")
        font.FontDescriptor = _Slot("FontDescriptor")
        return _template(font)

    def _descriptor(self, base_name: str) -> bytes:
        """The subset's font descriptor, as ReportLab's ``TTFontFace.addSubsetObjects``
        makes it."""
        face = self.face
        return _template(pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor",
            "Ascent": face.ascent,
            "CapHeight": face.capHeight,
            "Descent": face.descent,
            "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(base_name),
            "ItalicAngle": face.italicAngle,
            "StemV": face.stemV,
            "FontFile2": _Slot("FontFile2"),
            "MissingWidth": face.defaultWidth,
        }))


_FLATE = pdfdoc.PDFName("FlateDecode")


def _stream(content: bytes | str, doc: Any) -> Any:
    """A stream of kept content: compressed already when the document compresses."""
    stream = pdfdoc.PDFStream()
    stream.content = content
    if doc.compression:
        stream.dictionary["Filter"] = pdfdoc.PDFArray([_FLATE])
    return stream
