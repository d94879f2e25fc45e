"""Deliberately flawed press PDFs for the preflight tests, one flaw each.

``make("good")`` is a small press-ready file (CMYK, boxes, bleed, embedded
font); every other kind is the same file with exactly one thing wrong, so a
test can demand exactly one reason from preflight (besides the PDF/X verdict,
which names the finding when the flaw breaks a PDF/X rule).
"""
from __future__ import annotations

import io

from PIL import Image
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from generator.inputs import fonts
from generator.output.pdfx import make_pdfx

MM = 72 / 25.4
TRIM_W, TRIM_H, BLEED, SLUG = 85.6 * MM, 54 * MM, 3 * MM, 12 * MM
KINDS = ("good", "rgb-colour", "text-5pt", "low-contrast", "logo-72ppi", "no-bleed",
         "font-not-embedded", "not-pdfx")


def make(kind: str) -> bytes:
    assert kind in KINDS, kind
    buffer = io.BytesIO()
    width, height = TRIM_W + 2 * SLUG, TRIM_H + 2 * SLUG
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, pdfVersion=(1, 3),
                    initialFontName=fonts.font_name("regular"))
    canvas.setTrimBox((SLUG, SLUG, SLUG + TRIM_W, SLUG + TRIM_H))
    canvas.setBleedBox((SLUG - BLEED, SLUG - BLEED, SLUG + TRIM_W + BLEED, SLUG + TRIM_H + BLEED))
    # a coloured band along the top edge, reaching into the bleed (or not)
    band_top = SLUG + TRIM_H + (0 if kind == "no-bleed" else BLEED)
    canvas.setFillColor(Color(0.2, 0.4, 0.7) if kind == "rgb-colour" else CMYKColor(0.9, 0.5, 0, 0.2))
    canvas.rect(SLUG - BLEED, SLUG + TRIM_H - 12 * MM, TRIM_W + 2 * BLEED,
                band_top - (SLUG + TRIM_H - 12 * MM), stroke=0, fill=1)
    grey = 0.27 if kind == "low-contrast" else 1.0
    canvas.setFillColor(CMYKColor(0, 0, 0, grey))
    font = "Helvetica" if kind == "font-not-embedded" else fonts.font_name("regular")
    canvas.setFont(font, 10)
    canvas.drawString(SLUG + 4 * MM, SLUG + 20 * MM, "Heb je contact gezocht met het meldpunt?")
    canvas.setFont(fonts.font_name("regular"), 5 if kind == "text-5pt" else 8)
    canvas.drawString(SLUG + 4 * MM, SLUG + 12 * MM, "Telefoon en e-mail van het meldpunt")
    if kind == "logo-72ppi":
        logo = Image.new("L", (72, 36), 0)  # 72 px across one inch: 72 ppi
        canvas.drawImage(ImageReader(logo), SLUG + 50 * MM, SLUG + 4 * MM, 72, 36)
    canvas.showPage()
    canvas.save()
    if kind == "not-pdfx":
        return buffer.getvalue()
    return make_pdfx(buffer.getvalue(), "Checkvragen", "FOGRA39", "2026-11-01")
