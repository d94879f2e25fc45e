"""Colours: parsing the profile's values, separating screen colours into inks, and the
WCAG 2 contrast formula.

No CMYK ICC profile ships with drukwerk's dependencies, so a ``#RRGGBB`` colour
is separated by a documented formula (:meth:`RGB.cmyk`) instead of a colour
management system:

- a neutral grey (R, G and B within 2 %) prints with black ink only, K = 1 − R;
- any other colour: the inverse channels c, m, y = 1 − R, 1 − G, 1 − B; their
  grey component g = min(c, m, y) is partly replaced by black, K = g² (grey
  component replacement that starts gently, so light and bright colours keep
  clean, saturated inks and only dark colours lean on black); the coloured inks
  are C = (c − K) / (1 − K) and likewise M and Y;
- the total of the four inks is held to 300 % (the limit of uncoated
  conditions; coated ones allow 330 %) by reducing C, M and Y alike.

In press files (:func:`press_inks`) a near-black grey (K 85 % or more, e.g.
``#1A1A1A``) prints as solid black, so small text is not screened into dots,
and an ink under 5 % is raised to 5 % (from 2.5 %) or dropped (below 2.5 %),
since such a light tint does not hold on press; each change is said as a
warning. Colours given as ``cmyk(C, M, Y, K)`` are used exactly as given.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import problem

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
NEUTRAL = 0.02       # R, G and B this close: a grey, printed with black ink only
INK_LIMIT = 3.0      # total area coverage of a separated colour (300 %)
NEAR_BLACK = 0.85    # in press files a grey this dark prints as solid black
MIN_TINT = 0.05      # the lightest tint of one ink that holds on press
INK_NAMES = ("cyan", "magenta", "yellow", "black")
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
        """The separation described in the module's notes: greys in black ink only,
        colours with gentle grey component replacement and a 300 % ink limit."""
        channels = (self.red, self.green, self.blue)
        if max(channels) - min(channels) <= NEUTRAL:
            return (0.0, 0.0, 0.0, round(1 - sum(channels) / 3, 4))
        inverse = [1 - channel for channel in channels]
        black = min(inverse) ** 2
        inks = [(value - black) / (1 - black) for value in inverse]
        over = sum(inks) + black - INK_LIMIT
        if over > 0:
            inks = [value * (1 - over / sum(inks)) for value in inks]
        cyan, magenta, yellow = (round(value, 4) for value in inks)
        return (cyan, magenta, yellow, round(black, 4))

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
    given_in_inks: bool = False   # cmyk(...) in the profile: used as given in press files

    @classmethod
    def parse(cls, text: str) -> Colour:
        """The colour ``text`` names; the same few profile colours are asked for at every
        text run's contrast check and every document's palette, so each text is parsed once
        per process (both classes are immutable, so one value serves every caller)."""
        return _parsed(text)

    @classmethod
    def _parse(cls, text: str) -> Colour:
        text = text.strip()
        match = _CMYK.match(text)
        if match:
            inks = tuple(float(v) / 100 for v in match.groups())
            if any(ink > 1 for ink in inks):
                raise ValueError(problem(f"'{text}': an ink is outside 0 to 100",
                                         "each ink is a percentage from 0 to 100"))
            c, m, y, k = inks
            return cls(RGB((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)), (c, m, y, k),
                       True)
        if not _HEX.match(text):
            raise ValueError(problem(f"'{text}' is not a colour",
                                     "write it as #RRGGBB (e.g. #1F4E79) or cmyk(C, M, Y, K) in "
                                     "percent (e.g. cmyk(100, 60, 0, 40))"))
        rgb = RGB.from_hex(text)
        return cls(rgb, rgb.cmyk())


@lru_cache(maxsize=1024)
def _parsed(text: str) -> Colour:
    return Colour._parse(text)


def press_inks(colour: Colour) -> tuple[tuple[float, float, float, float], list[str]]:
    """The inks a press file prints ``colour`` with, and the tints that were changed to
    hold on press, for a warning (see the module's notes); ``cmyk(...)`` values as given."""
    if colour.given_in_inks:
        return colour.cmyk, []
    *coloured, black = colour.cmyk
    if not any(coloured) and black >= NEAR_BLACK:
        return (0.0, 0.0, 0.0, 1.0), []  # documented, and what a print shop expects
    inks, changes = [], []
    for name, value in zip(INK_NAMES, colour.cmyk):
        if 0 < value < MIN_TINT / 2:
            changes.append(f"{name} {value * 100:.1f} % dropped")
            value = 0.0
        elif 0 < value < MIN_TINT:
            changes.append(f"{name} {value * 100:.1f} % raised to {MIN_TINT * 100:g} %")
            value = MIN_TINT
        inks.append(value)
    return tuple(inks), changes  # type: ignore[return-value]


def press_warnings(palette: dict[str, str]) -> list[str]:
    """What press files change in a profile's colours, one line per colour role."""
    notes = []
    for role, value in palette.items():
        _, changes = press_inks(Colour.parse(value))
        if changes:
            notes.append(f"colour {role} ({value}) in press files: {', '.join(changes)}; a tint "
                         f"under {MIN_TINT * 100:g} % does not hold on press (give the colour as "
                         "cmyk(C, M, Y, K) to choose the inks yourself)")
    return notes


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
