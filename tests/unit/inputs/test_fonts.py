"""The font check: every printed character has a glyph, or the build stops."""
from __future__ import annotations

from generator.inputs import fonts


def test_dutch_and_english_punctuation_is_covered():
    for style in ("regular", "bold"):
        assert fonts.missing_glyphs("cliënt’s wél – “quoted” • é à ï ö", style) == ()


def test_emoji_and_cjk_are_reported_once_each_in_order():
    assert fonts.missing_glyphs("中 ok 😀 中", "regular") == ("中", "😀")


def test_spaces_are_not_reported():
    assert fonts.missing_glyphs("a\u00a0b\tc\n", "bold") == ()
