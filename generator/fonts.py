"""The typeface: Atkinson Hyperlegible, embedded from its PyPI package.

Designed for low-vision readers (distinct B/8, I/l/1, 0/O) and covering Dutch.
Registered with ReportLab once per process; ReportLab embeds TrueType fonts as
subsets, so a card carries only the glyphs it prints.
"""
from __future__ import annotations

from functools import lru_cache

FONTS = {
    "regular": ("AtkinsonHyperlegible", "AtkinsonHyperlegible-Regular.ttf"),
    "bold": ("AtkinsonHyperlegible-Bold", "AtkinsonHyperlegible-Bold.ttf"),
}


@lru_cache(maxsize=None)
def register() -> dict[str, str]:
    """Register the fonts with ReportLab; returns style -> ReportLab font name."""
    import fontpkg_atkinson_hyperlegible as package
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {}
    for style, (name, filename) in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(package.ROOT / "files" / filename)))
        names[style] = name
    return names


def font_name(style: str) -> str:
    return register()[style]


def width(text: str, style: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return stringWidth(text, font_name(style), size)


@lru_cache(maxsize=None)
def ascent_descent(style: str) -> tuple[float, float]:
    """Ascent and descent (descent negative) per point of font size."""
    from reportlab.pdfbase.pdfmetrics import getAscentDescent
    ascent, descent = getAscentDescent(font_name(style), 1000)
    return ascent / 1000, descent / 1000
