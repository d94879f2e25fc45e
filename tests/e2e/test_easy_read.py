"""The easy-read poster for clients: one tip per row, pictures left, big plain text."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from conftest import MM, default_inputs, topic_data
from generator.colour import RGB, contrast
from generator.layout.items import Pictogram, Text
from generator.model.schema import EASY_READ_MAX_WORDS, Tip
from generator.pipeline import lay_out, plan
from pdfcheck import ink_fraction
from test_products import LOCALES

SAFE = 15  # mm, poster-base.yaml


def easy_read_poster(locale: str):
    (document,) = lay_out(plan(default_inputs(locales=(locale,), products=("poster",),
                                              layout_names=("easy-read",))))
    return document


def rows(document) -> list[tuple[list[Text], list[Pictogram]]]:
    """Per tip: its lines of text and the pictograms beside them (same height band)."""
    (page,) = document.pages
    texts = [item for item in page.items if isinstance(item, Text)]
    pictograms = [item for item in page.items if isinstance(item, Pictogram)]
    fields = dict.fromkeys(t.field for t in texts if t.field.endswith(".easy_read"))
    found = []
    for field in fields:
        lines = [t for t in texts if t.field == field]
        top, bottom = max(t.y + t.size for t in lines), min(t.y for t in lines)
        beside = [p for p in pictograms if bottom <= p.y + p.size / 2 <= top]
        found.append((lines, beside))
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_one_row_per_tip_with_a_dont_and_a_do_picture(locale):
    tips = topic_data(locale)["tips"]["items"]
    found = rows(easy_read_poster(locale))
    assert len(found) == len(tips)
    for (lines, pictograms), tip in zip(found, tips):
        assert " ".join(line.text for line in lines) == tip["easy_read"]
        assert [(p.name, p.variant) for p in pictograms] == [
            (tip["pictogram"], "dont"), (tip["instead"], "do")]
        assert {p.mark for p in pictograms} == {"accent", "positive"}


@pytest.mark.parametrize("locale", LOCALES)
def test_rows_run_top_to_bottom_without_overlapping(locale):
    bands = [(min(p.y for p in pictograms), max(p.y + p.size for p in pictograms))
             for _, pictograms in rows(easy_read_poster(locale))]
    for upper, lower in zip(bands, bands[1:]):
        assert lower[1] < upper[0]


@pytest.mark.parametrize("locale", LOCALES)
def test_pictures_are_left_of_the_text_and_large(locale):
    for lines, pictograms in rows(easy_read_poster(locale)):
        assert max(p.x + p.size for p in pictograms) < min(line.x for line in lines)
        assert all(p.size >= 45 * MM for p in pictograms)


@pytest.mark.parametrize("locale", LOCALES)
def test_all_text_is_40_pt_or_more_and_inside_the_safe_zone(locale):
    document = easy_read_poster(locale)
    (page,) = document.pages
    for item in page.items:
        if isinstance(item, Text):
            assert item.size >= 40, item
        x = item.x
        assert SAFE * MM - 0.01 <= x and item.y >= SAFE * MM - 0.01, item
        if isinstance(item, Pictogram):
            assert x + item.size <= document.width - SAFE * MM + 0.01
            assert item.y + item.size <= document.height - SAFE * MM + 0.01


@pytest.mark.parametrize("locale", LOCALES)
def test_easy_read_sentences_respect_the_word_limit(locale):
    for tip in topic_data(locale)["tips"]["items"]:
        words = tip["easy_read"].split()
        assert 2 <= len(words) <= EASY_READ_MAX_WORDS == 8, tip["easy_read"]


def test_the_model_refuses_a_ninth_word():
    eight = "een twee drie vier vijf zes zeven acht."
    assert Tip(text="x", easy_read=eight, pictogram="face").easy_read == eight
    with pytest.raises(ValidationError, match="has 9 words; easy-read text has at most 8"):
        Tip(text="x", easy_read="nul " + eight, pictogram="face")


def test_pictograms_and_marks_contrast_at_least_3_to_1_with_the_paper():
    document = easy_read_poster("nl")
    palette = plan(default_inputs(locales=("nl",)))[0].resolved.organisation.colours
    for item in document.pages[0].items:
        if isinstance(item, Pictogram):
            paper = RGB.from_hex(getattr(palette, item.paper))
            for role in (item.colour, item.mark):
                assert contrast(RGB.from_hex(getattr(palette, role)), paper) >= 3


def _pixels_near(image, colour: str, tolerance: int = 20) -> int:
    target = RGB.from_hex(colour)
    wanted = [round(c * 255) for c in (target.red, target.green, target.blue)]
    return sum(count for count, pixel in image.getcolors(maxcolors=1 << 24)
               if all(abs(a - b) <= tolerance for a, b in zip(pixel, wanted)))


def test_the_printed_poster_shows_red_crosses_and_green_ticks(built):
    import pypdfium2 as pdfium
    path = built / "nl/sexting-poster-easy-read.pdf"
    assert 0.02 < ink_fraction(path) < 0.4
    image = pdfium.PdfDocument(str(path))[0].render(scale=0.4).to_pil().convert("RGB")
    palette = plan(default_inputs(locales=("nl",)))[0].resolved.organisation.colours
    assert _pixels_near(image, palette.accent) > 500
    assert _pixels_near(image, palette.positive) > 500
