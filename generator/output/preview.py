"""Preview stage: a PNG picture of every page, so people look instead of opening PDFs.

pdfium draws each page. The resolution follows the page size, so every
picture is a few hundred pixels across and sharp on a laptop screen. The
picture is then reduced to a palette of 256 colours: a page holds a few brand
colours and their anti-aliased edges (a few hundred to a thousand colours in
all), so no pixel moves by more than a few shades and the file gets about four
times smaller. Same PDF, same PNG bytes (on one kind of processor: see
:mod:`.png_file`).

Both steps are the cost of a build's previews, so both take the quick road
to the same picture: pdfium draws into 32-bit pixels (its 24-bit path is about
twice as slow, for the same pixels), which are the picture itself, not copied
(Pillow keeps RGB in 32 bits too), and the palette is chosen (fast octree)
from every third pixel of every third row, then each pixel is given its
nearest palette colour: a ninth of the octree's work, as close to the page.
The PNG file is written by :mod:`.png_file`, compressed with ISA-L where it is
installed (five times zlib's speed, for these pictures a little smaller).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath

import pypdfium2 as pdfium
from PIL import Image

from ..errors import InputError, Where
from .png_file import palette_png
from .write import PREVIEWS, Entry

PALETTE = 256
# The palette is chosen from every PALETTE_STRIDE-th pixel of every PALETTE_STRIDE-th row:
# a colour large enough to see is in the sample; a rarer edge shade gets its nearest.
PALETTE_STRIDE = 3
MM_PER_INCH = 25.4
PT_PER_INCH = 72
# A layout may be up to 5 m long; its preview stays a picture, not 100 megapixels.
MAX_PIXELS_ACROSS = 2000
# Whatever resolution is asked for, one picture has at most this many pixels (a 5 m
# page at 600 ppi would need gigabytes), and one PDF at most this many pages.
MAX_PIXELS = 25_000_000
MAX_PAGES = 500
MAX_PDF_BYTES = 256 * 1024 * 1024


def ppi_for(width_mm: float, height_mm: float) -> float:
    """The preview resolution for a page of this finished size."""
    longest = max(width_mm, height_mm)
    if longest <= 150:   # cards up to A6: small type, read up close
        return 150
    if longest <= 300:   # A4: 10 pt body text stays readable on screen
        return 100
    # posters: large type; keeps the picture small
    return min(50, MAX_PIXELS_ACROSS / (longest / MM_PER_INCH))


def open_pdf(data: bytes, where: Where = None) -> pdfium.PdfDocument:
    """The PDF in ``data``; anything else is the user's to fix."""
    if not data.startswith(b"%PDF-"):
        raise InputError("this is not a PDF file", where=where,
                         hint="give the path of a PDF, e.g. output/nl/sexting-card-id1.pdf")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"cannot read this PDF: {exc}", where=where,
                         hint="build it again, or check that the file is complete") from None


def render_images(data: bytes, ppi: float | None = None, where: Where = None) -> list[Image.Image]:
    """Every page of the PDF in ``data`` as an RGB picture (``ppi`` default: by page size)."""
    document = open_pdf(data, where)
    try:
        return [image for image, _, _ in render_pages(document, ppi, where=where)]
    finally:
        document.close()


def render_pages(document: pdfium.PdfDocument, ppi: float | None = None,
                 annotations: bool = True, where: Where = None
                 ) -> list[tuple[Image.Image, float, pdfium.PdfPage]]:
    """Every page as an RGB picture with its scale (pixels per point) and the page, open
    in pdfium. A build renders each page once, here, for both its preview and preflight's
    look at the colours, and preflight reads the page's objects from the same page."""
    if len(document) > MAX_PAGES:
        raise InputError(f"the PDF has {len(document)} pages; drukwerk draws previews of "
                         f"at most {MAX_PAGES}", where=where,
                         hint="split the PDF, or look at it in a PDF viewer")
    pages = []
    for page in document:
        points = page.get_size()
        width, height = (side / PT_PER_INCH * MM_PER_INCH for side in points)
        scale = capped_scale((ppi or ppi_for(width, height)) / PT_PER_INCH, *points)
        # 32-bit RGBX: pdfium draws it twice as fast as 24-bit BGR, the same pixels; in a
        # buffer of Python's (new_native), which the picture can go on using
        bitmap = page.render(scale=scale, draw_annots=annotations, prefer_bgrx=True,
                             rev_byteorder=True, bitmap_maker=pdfium.PdfBitmap.new_native)
        pages.append((rgb_picture(bitmap), scale, page))
    return pages


def rgb_picture(bitmap: pdfium.PdfBitmap) -> Image.Image:
    """pdfium's RGBX pixels as an RGB picture, without copying them: Pillow keeps each RGB
    pixel in 4 bytes, red, green, blue and a fourth of 255, which is what pdfium draws
    (on its opaque white the fourth byte stays 255), so its buffer is taken as it is. A
    page's pixels are megabytes: the copy was about a third of the time of drawing a
    page, and for a moment twice its memory. Where Pillow cannot take the buffer, the
    pixels are copied as before; same picture either way."""
    if bitmap.mode == "RGBX":
        try:
            mapped = Image.core.map_buffer(bitmap.buffer, (bitmap.width, bitmap.height),
                                           "raw", 0, ("RGB", bitmap.stride, 1))
        except (AttributeError, TypeError, ValueError):
            mapped = None
        if mapped is not None and mapped.mode == "RGB":
            picture = Image.new("RGB", (0, 0))._new(mapped)   # as Image.frombuffer does
            picture.readonly = True   # a change to it makes a copy, never writes into pdfium's
            return picture
    image = bitmap.to_pil()
    return image if image.mode == "RGB" else image.convert("RGB")


def capped_scale(scale: float, width_pt: float, height_pt: float) -> float:
    """``scale`` (pixels per point), lowered so the picture has at most MAX_PIXELS."""
    import math

    scale = min(scale, (MAX_PIXELS / max(width_pt * height_pt, 1.0)) ** 0.5)
    while math.ceil(width_pt * scale) * math.ceil(height_pt * scale) > MAX_PIXELS:
        scale *= 0.999  # pdfium rounds each side up
    return scale


def png(image: Image.Image) -> bytes:
    """``image`` as palette PNG bytes, with nothing in them that changes between runs."""
    sample = image.resize((max(1, image.width // PALETTE_STRIDE),
                           max(1, image.height // PALETTE_STRIDE)), Image.Resampling.NEAREST)
    palette = sample.quantize(colors=PALETTE, method=Image.Quantize.FASTOCTREE,
                              dither=Image.Dither.NONE)
    return palette_png(image.quantize(palette=palette, dither=Image.Dither.NONE))


def render_pngs(data: bytes, ppi: float | None = None, where: Where = None) -> list[bytes]:
    return [png(image) for image in render_images(data, ppi, where)]


def page_name(pdf_path: str, number: int) -> str:
    """The preview's file name for page ``number`` (1-based) of ``pdf_path``."""
    return f"{PurePosixPath(pdf_path).stem}-p{number}.png"


def attach_previews(files: list[tuple[Entry, bytes]], rendered: list[list[bytes]]
                    ) -> tuple[list[tuple[Entry, bytes]], list[tuple[str, bytes]]]:
    """The entries with the paths of their already rendered pages, and those PNGs."""
    entries: list[tuple[Entry, bytes]] = []
    pictures: list[tuple[str, bytes]] = []
    for (entry, data), pngs in zip(files, rendered):
        folder = PurePosixPath(PREVIEWS) / PurePosixPath(entry.path).parent
        paths = tuple(str(folder / page_name(entry.path, n)) for n in range(1, len(pngs) + 1))
        entries.append((replace(entry, previews=paths), data))
        pictures.extend(zip(paths, pngs))
    return entries, pictures
