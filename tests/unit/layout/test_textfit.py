"""Line breaking: plain ragged-right wrapping and balanced lines for display text."""
from __future__ import annotations

from generator.inputs import fonts
from generator.layout.textfit import TooWide, wrap, wrap_balanced

SENTENCE = "Do not show your face."


def test_balanced_lines_are_even_and_as_few_as_plain_ones():
    measure = fonts.width("Do not show your", "regular", 48) + 5
    assert wrap(SENTENCE, "regular", 48, measure) == ["Do not show your", "face."]
    assert wrap_balanced(SENTENCE, "regular", 48, measure) == ["Do not show", "your face."]


def test_balancing_leaves_one_line_and_too_wide_words_alone():
    assert wrap_balanced(SENTENCE, "regular", 48, 10_000) == [SENTENCE]
    assert isinstance(wrap_balanced("moedervlekken", "regular", 48, 10), TooWide)
