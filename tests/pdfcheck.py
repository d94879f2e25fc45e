"""Reading back what a person sees in a PDF: glyph positions and sizes (pdfium)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    bottom: float
    right: float
    top: float
    size: float


def glyphs(path: Path) -> list[list[Glyph]]:
    """Every visible character of every page with its box (pt) and font size."""
    document = pdfium.PdfDocument(str(path))
    pages = []
    for page in document:
        textpage = page.get_textpage()
        found = []
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if not char.strip():
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
            found.append(Glyph(char, left, bottom, right, top, size))
        pages.append(found)
    return pages


def ink_fraction(path: Path, page: int = 0, scale: float = 0.5) -> float:
    """Share of pixels that are not white when the page is rendered."""
    document = pdfium.PdfDocument(str(path))
    image = document[page].render(scale=scale).to_pil().convert("L")
    histogram = image.histogram()
    return 1 - histogram[255] / sum(histogram)
