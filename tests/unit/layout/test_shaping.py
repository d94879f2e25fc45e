"""Shaping: the width the lay-out fits is the width ReportLab draws.

The lay-out measures with HarfBuzz directly; the render stage draws ReportLab's
shaped string. These tests hold the two to the same advances.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from generator.inputs import fonts
from generator.layout import shaping

TEXTS = [
    "Een foto wél",                      # kerned: "Ee", "wé"
    "Te laat? AVAWAY To",                # strong kerning pairs
    "Zorggroep Oosterhout",
    "Ken je de signalen?",
    "06\u00a012\u00a034\u00a056",        # no-break spaces: the space glyph under another code
    "arbeids\u00ad",                     # a line ending in a soft hyphen
    "fi fl ffi",                         # ligature candidates
    "x",
]


def drawn_width(text: str, style: str) -> float:
    """What the render stage draws, per 1000 em: the advances ReportLab's shaped string
    carries (plain widths where HarfBuzz changed nothing), then a line-end hyphen."""
    head, tail = shaping._hyphen_end(text)
    data = getattr(shaping.shape(head, style), "__shapeData__", None)
    body = (sum(glyph.x_advance for glyph in data) if data is not None
            else fonts.width(head, style, 1000))
    return body + fonts.width(tail, style, 1000)


@pytest.mark.parametrize("style", ["regular", "bold"])
@pytest.mark.parametrize("text", TEXTS)
def test_the_measured_width_is_the_drawn_width(text, style):
    assert shaping.measure(text, style, 1000) == pytest.approx(drawn_width(text, style),
                                                               abs=1e-9)


def test_kerning_is_measured():
    # "AV" is kerned tighter than its two letters side by side
    assert shaping.measure("AV", "bold", 10) < (shaping.measure("A", "bold", 10)
                                               + shaping.measure("V", "bold", 10))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="AVTWYaeoprtvwy.,-éë '\u00a0fil", min_size=2, max_size=40),
       st.sampled_from(["regular", "bold"]))
def test_any_text_measures_as_it_is_drawn(text, style):
    assert shaping.measure(text, style, 1000) == pytest.approx(drawn_width(text, style),
                                                               abs=1e-9)


def reportlab_shaped(text: str, style: str):
    from reportlab.pdfbase.ttfonts import shapeStr

    return shapeStr(text, fonts.font_name(style), 1000)


@pytest.mark.parametrize("style", ["regular", "bold"])
@pytest.mark.parametrize("text", [text for text in TEXTS if len(text) > 1])
def test_the_drawn_string_is_the_one_reportlab_shapes(text, style):
    head, _ = shaping._hyphen_end(text)
    ours, theirs = shaping._shaped_str(head, style), reportlab_shaped(head, style)
    assert (type(ours), ours) == (type(theirs), theirs)
    assert getattr(ours, "__shapeData__", None) == getattr(theirs, "__shapeData__", None)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="AVTWYaeoprtvwy.,-éë '\u00a0fil\u0301", min_size=2, max_size=40),
       st.sampled_from(["regular", "bold"]))
def test_any_drawn_string_is_the_one_reportlab_shapes(text, style):
    ours, theirs = shaping._shaped_str(text, style), reportlab_shaped(text, style)
    assert (type(ours), ours) == (type(theirs), theirs)
    assert getattr(ours, "__shapeData__", None) == getattr(theirs, "__shapeData__", None)
