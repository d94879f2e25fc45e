"""Colours: parsing the profile's hex values and the WCAG 2 contrast formula."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import problem

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
_CMYK = re.compile(r"^cmyk\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$", re.I)


@dataclass(frozen=True)
class RGB:
    """An sRGB colour with channels from 0 to 1."""

    red: float
    green: float
    blue: float

    @classmethod
    def from_hex(cls, text: str) -> RGB:
        match = _HEX.match(text.strip())
        if not match:
            raise ValueError(problem(f"'{text}' is not a colour",
                                     "write it as #RRGGBB, e.g. #1F4E79"))
        value = match.group(1)
        return cls(*(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)))

    @property
    def hex(self) -> str:
        return "#" + "".join(f"{round(c * 255):02X}" for c in (self.red, self.green, self.blue))

    def cmyk(self) -> tuple[float, float, float, float]:
        """Naive device conversion (no ICC profile): greys become pure K, so black
        text prints with black ink only, never as rich black."""
        black = 1 - max(self.red, self.green, self.blue)
        if black >= 1 - 1e-9:
            return (0.0, 0.0, 0.0, 1.0)
        def ink(channel: float) -> float:
            return round((1 - channel - black) / (1 - black), 4)
        return (ink(self.red), ink(self.green), ink(self.blue), round(black, 4))

    def luminance(self) -> float:
        """WCAG 2 relative luminance."""
        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        return (0.2126 * linear(self.red) + 0.7152 * linear(self.green)
                + 0.0722 * linear(self.blue))


@dataclass(frozen=True)
class Colour:
    """A colour as the profile gives it, with both its screen and its ink values.

    Given as ``#RRGGBB``: the CMYK value is converted once (:meth:`RGB.cmyk`).
    Given as ``cmyk(C, M, Y, K)`` in percent: those inks are used as they are
    in press files, and the RGB value for the office and the contrast check is
    derived from them the same naive way.
    """

    rgb: RGB
    cmyk: tuple[float, float, float, float]

    @classmethod
    def parse(cls, text: str) -> Colour:
        text = text.strip()
        match = _CMYK.match(text)
        if match:
            inks = tuple(float(v) / 100 for v in match.groups())
            if any(ink > 1 for ink in inks):
                raise ValueError(problem(f"'{text}': an ink is outside 0 to 100",
                                         "each ink is a percentage from 0 to 100"))
            c, m, y, k = inks
            return cls(RGB((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)), (c, m, y, k))
        if not _HEX.match(text):
            raise ValueError(problem(f"'{text}' is not a colour",
                                     "write it as #RRGGBB (e.g. #1F4E79) or cmyk(C, M, Y, K) in "
                                     "percent (e.g. cmyk(100, 60, 0, 40))"))
        rgb = RGB.from_hex(text)
        return cls(rgb, rgb.cmyk())


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((a.luminance(), b.luminance()), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def minimum_contrast(size_pt: float, bold: bool) -> float:
    """4.5:1 for text, 3:1 for large text (18 pt, or 14 pt bold)."""
    large = size_pt >= 18 or (bold and size_pt >= 14)
    return 3.0 if large else 4.5


def nearest_passing(colour: RGB, against: list[tuple[RGB, float]]) -> RGB | None:
    """The shade of ``colour`` nearest to it that has at least the needed contrast with
    each background: same hue and saturation, only lighter or darker (HLS lightness
    moved as little as it must, checked after rounding to #RRGGBB). None where no
    shade of the hue passes (e.g. against both a black and a white background)."""
    import colorsys

    hue, lightness, saturation = colorsys.rgb_to_hls(colour.red, colour.green, colour.blue)

    def shade(level: float) -> RGB:
        return RGB.from_hex(RGB(*colorsys.hls_to_rgb(hue, level, saturation)).hex)

    def passes(candidate: RGB) -> bool:
        return all(contrast(candidate, back) + 1e-9 >= needed for back, needed in against)

    if passes(colour):
        return colour
    for step in range(1, 1001):
        for level in (lightness - step / 1000, lightness + step / 1000):
            if 0 <= level <= 1 and passes(candidate := shade(level)):
                return candidate
    return None
