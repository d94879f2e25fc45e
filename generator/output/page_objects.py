"""What a PDF page prints, read object by object: its text for preflight's size and
contrast checks, its images for their resolution, the forms placed on it.

A text object is what one text-showing operator draws: one font, one size, one
colour, usually a line or a word. Reading the page object by object asks pdfium
a few questions per line instead of six per character (a sheet of cards holds
tens of thousands of characters), and it gives the size as printed: the font
size times the scale of the object's matrix, composed with every form the
object is placed in. (pdfium's size per character is the size named in the
content stream; it ignores a placement that scales the text.) One walk through
the page gives the images too, each with the size it prints at.
"""
from __future__ import annotations

import ctypes
import math
from typing import NamedTuple

# A page's contents, from the page down through forms placed in forms; deeper is
# not followed (a file handed in may nest forms without end).
MAX_FORM_DEPTH = 8
BOLD_WEIGHT = 600    # a font's weight from which its text counts as bold (contrast)
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Image(NamedTuple):
    """One image: its pixels and the size it prints at on the page, in points."""

    pixels: tuple[int, int]
    printed: tuple[float, float]   # width and height of its pixels' grid on the page


class Text(NamedTuple):
    """One text object as printed on the page, in page points."""

    box: tuple[float, float, float, float]   # left, bottom, right, top of its glyphs
    size: float                              # points, as printed
    colour: tuple[int, int, int]             # fill, 0-255 RGB
    bold: bool
    origin: tuple[float, float]              # where its first glyph stands, rounded


class Contents(NamedTuple):
    """A page's text objects and images."""

    texts: list[Text]
    images: list[Image]


def forms_placed(page) -> list[Matrix]:
    """The matrices of the forms placed on ``page`` itself (on a print sheet: its copies
    of the piece), not of forms inside them."""
    import pypdfium2.raw as pdfium_c

    reader = _Reader(None)
    raw = page.raw
    objects = (pdfium_c.FPDFPage_GetObject(raw, i)
               for i in range(pdfium_c.FPDFPage_CountObjects(raw)))
    return [reader.matrix_of(obj) for obj in objects
            if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM]


def read_page(page, textpage, form_text: bool = True) -> Contents:
    """Every text object of ``page`` that prints something other than white space (in
    content order), and every image. ``form_text`` False: the text inside forms placed
    on the page (a print sheet's copies) is left out; their images are not. ``textpage``:
    the page's text page, which pdfium needs to say an object's characters."""
    import pypdfium2.raw as pdfium_c

    reader = _Reader(textpage.raw)
    raw = page.raw
    for index in range(pdfium_c.FPDFPage_CountObjects(raw)):
        reader.visit(pdfium_c.FPDFPage_GetObject(raw, index), IDENTITY, 0, form_text)
    return Contents(reader.found, reader.images)


def placed(matrix: Matrix, outer: Matrix) -> Matrix:
    """``matrix`` (an object's, in its form) placed by ``outer`` (the form's, on the page)."""
    a, b, c, d, e, f = matrix
    oa, ob, oc, od, oe, of = outer
    return (a * oa + b * oc, a * ob + b * od, c * oa + d * oc, c * ob + d * od,
            e * oa + f * oc + oe, e * ob + f * od + of)


class _Reader:
    """The text objects under one page, with the ctypes buffers made once for all."""

    def __init__(self, textpage) -> None:
        import pypdfium2.raw as pdfium_c

        self.c = pdfium_c
        self.textpage = textpage
        self.found: list[Text] = []
        self.images: list[Image] = []
        self.pixel_size = [ctypes.c_uint() for _ in range(2)]
        self.matrix = pdfium_c.FS_MATRIX()
        self.edges = [ctypes.c_float() for _ in range(4)]
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.size = ctypes.c_float()
        self._letters(256)

    def _letters(self, count: int) -> None:
        """A buffer for ``count`` UTF-16 code units, and the pointer pdfium writes to."""
        self.letters = ctypes.create_string_buffer(2 * count)
        self.into = ctypes.cast(self.letters, ctypes.POINTER(self.c.FPDF_WCHAR))

    def visit(self, obj, outer: Matrix, depth: int, form_text: bool = True) -> None:
        c = self.c
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            inner = placed(self.matrix_of(obj), outer)
            for index in range(c.FPDFFormObj_CountObjects(obj)):
                self.visit(c.FPDFFormObj_GetObject(obj, index), inner, depth + 1, form_text)
        elif kind == c.FPDF_PAGEOBJ_TEXT and (form_text or depth == 0) and not self._blank(obj):
            self.found.append(self._text(obj, outer))
        elif kind == c.FPDF_PAGEOBJ_IMAGE:
            width, height = self.pixel_size
            if c.FPDFImageObj_GetImagePixelSize(obj, width, height):
                # an image fills the unit square of its matrix: its sides on the page
                a, b, cc, d, _, _ = placed(self.matrix_of(obj), outer)
                self.images.append(Image((width.value, height.value),
                                         (math.hypot(a, b), math.hypot(cc, d))))

    def matrix_of(self, obj) -> Matrix:
        m = self.matrix
        if not self.c.FPDFPageObj_GetMatrix(obj, m):
            return IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _blank(self, obj) -> bool:
        """Whether the object shows white space only (nothing printed to check)."""
        c = self.c
        # the length it needs, in bytes (UTF-16LE and a closing NUL), or the text if it fits
        length = c.FPDFTextObj_GetText(obj, self.textpage, self.into, len(self.letters))
        if length > len(self.letters):
            self._letters(length // 2)
            c.FPDFTextObj_GetText(obj, self.textpage, self.into, length)
        text = self.letters.raw[:max(0, length - 2)].decode("utf-16-le", "replace")
        return not text.strip()

    def _text(self, obj, outer: Matrix) -> Text:
        c = self.c
        _, _, cc, d, e, f = placed(self.matrix_of(obj), outer)
        c.FPDFTextObj_GetFontSize(obj, self.size)
        # the em's height on the page: the font size along the matrix's vertical axis
        size = round(self.size.value * math.hypot(cc, d), 3)
        left, bottom, right, top = self.edges
        c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        oa, ob, oc, od, oe, of = outer
        xs, ys = [], []
        for x, y in ((left.value, bottom.value), (left.value, top.value),
                     (right.value, bottom.value), (right.value, top.value)):
            xs.append(x * oa + y * oc + oe)
            ys.append(x * ob + y * od + of)
        red, green, blue, alpha = self.rgba
        c.FPDFPageObj_GetFillColor(obj, red, green, blue, alpha)
        weight = c.FPDFFont_GetWeight(c.FPDFTextObj_GetFont(obj))
        return Text((min(xs), min(ys), max(xs), max(ys)), size,
                    (red.value, green.value, blue.value), weight >= BOLD_WEIGHT,
                    (round(e, 1), round(f, 1)))
