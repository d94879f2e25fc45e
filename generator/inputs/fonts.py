"""The typeface: Atkinson Hyperlegible, embedded from its PyPI package.

Designed for low-vision readers (distinct B/8, I/l/1, 0/O) and covering Dutch.
Registered with ReportLab once per process; ReportLab embeds TrueType fonts as
subsets, so a card carries only the glyphs it prints (each glyph set's subset made
once per process: :mod:`.font_subsets`).
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

FAMILY = "Atkinson Hyperlegible"
FONTS = {
    "regular": ("AtkinsonHyperlegible", "AtkinsonHyperlegible-Regular.ttf"),
    "bold": ("AtkinsonHyperlegible-Bold", "AtkinsonHyperlegible-Bold.ttf"),
}


@cache
def register() -> dict[str, str]:
    """Register the fonts with ReportLab; returns style -> ReportLab font name."""
    import fontpkg_atkinson_hyperlegible as package
    from reportlab.pdfbase import pdfmetrics

    from .font_subsets import KeptSubsetsTTFont

    names = {}
    for style, (name, filename) in FONTS.items():
        pdfmetrics.registerFont(KeptSubsetsTTFont(name, str(package.ROOT / "files" / filename)))
        names[style] = name
    return names


def font_name(style: str) -> str:
    return register()[style]


def width(text: str, style: str, size: float) -> float:
    """The text's advance width in points. Fitting measures the same words at many
    sizes; a width scales with the size, so each text is measured once, at 1000 pt
    (ReportLab's own unit, so the product is the same float it would return)."""
    return _width_per_1000(text, style) * size / 1000


@lru_cache(maxsize=65536)
def _width_per_1000(text: str, style: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return stringWidth(text, font_name(style), 1000)


@cache
def ascent_descent(style: str) -> tuple[float, float]:
    """Ascent and descent (descent negative) per point of font size."""
    from reportlab.pdfbase.pdfmetrics import getAscentDescent
    ascent, descent = getAscentDescent(font_name(style), 1000)
    return ascent / 1000, descent / 1000


@cache
def _character_map(style: str) -> frozenset[int]:
    from reportlab.pdfbase.pdfmetrics import getFont
    return frozenset(getFont(font_name(style)).face.charToGlyph)


@lru_cache(maxsize=4096)
def missing_glyphs(text: str, style: str) -> tuple[str, ...]:
    """Characters of ``text`` the font has no glyph for, in order of appearance.

    ReportLab draws such a character as the font's empty box ("tofu") without
    a word of warning, so every printed text is checked before it is drawn.
    """
    cmap = _character_map(style)
    return tuple(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in cmap))


# Spaces other than the plain ones: U+2009 thin space (common in pasted text), U+3000,
# U+1680, U+2028, the separators U+001C-U+001F that Python also counts as spaces.
_ODD_SPACE = re.compile(r"[^\S \t\n]")
# Spaces that must not break a line: they become the no-break space U+00A0.
_NO_BREAK = frozenset("\u2007\u202f")


def known_spaces(text: str) -> str:
    """``text`` with every space the font has no glyph for replaced by one it has (a
    no-break space for the no-break kinds, else a plain space). Never dropped: ReportLab
    would print such a space as nothing, and "Weet je wat" would read "Weetjewat"."""
    if not _ODD_SPACE.search(text):
        return text
    cmap = _character_map("regular") & _character_map("bold")

    def swap(found: re.Match) -> str:
        space = found.group()
        if ord(space) in cmap:
            return space
        return "\u00a0" if space in _NO_BREAK else " "

    return _ODD_SPACE.sub(swap, text)
