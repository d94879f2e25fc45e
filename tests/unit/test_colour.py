"""The nearest passing shade: same hue, lightness moved as little as needed."""
from __future__ import annotations

import colorsys

from hypothesis import given, strategies as st

from generator.colour import RGB, contrast, nearest_passing

WHITE, BLACK = RGB.from_hex("#FFFFFF"), RGB.from_hex("#000000")
hexes = st.integers(0, 0xFFFFFF).map(lambda n: RGB.from_hex(f"#{n:06X}"))


def test_a_light_blue_on_white_gets_the_nearest_darker_blue():
    shade = nearest_passing(RGB.from_hex("#7FB2E5"), [(WHITE, 4.5)])
    assert contrast(shade, WHITE) >= 4.5
    one_lighter = RGB(*colorsys.hls_to_rgb(*_with_lightness(shade, +0.002)))
    assert contrast(RGB.from_hex(one_lighter.hex), WHITE) < 4.5  # nearest: no lighter one passes
    assert abs(_hue(shade) - _hue(RGB.from_hex("#7FB2E5"))) < 0.01


def test_a_dark_grey_on_black_gets_lighter():
    shade = nearest_passing(RGB.from_hex("#333333"), [(BLACK, 4.5)])
    assert shade.luminance() > RGB.from_hex("#333333").luminance()
    assert contrast(shade, BLACK) >= 4.5


def test_a_passing_colour_stays_as_it_is():
    assert nearest_passing(RGB.from_hex("#1F4E79"), [(WHITE, 4.5)]).hex == "#1F4E79"


@given(hexes, hexes)
def test_a_suggestion_always_passes_against_every_background(colour, back):
    shade = nearest_passing(colour, [(back, 3.0), (WHITE, 3.0)])
    if shade is not None:
        assert contrast(shade, back) >= 3.0 - 1e-9 and contrast(shade, WHITE) >= 3.0 - 1e-9


def _hue(colour: RGB) -> float:
    return colorsys.rgb_to_hls(colour.red, colour.green, colour.blue)[0]


def _with_lightness(colour: RGB, delta: float):
    hue, lightness, saturation = colorsys.rgb_to_hls(colour.red, colour.green, colour.blue)
    return hue, lightness + delta, saturation
