"""A page's pixels become its RGB picture without a copy, and the picture is the one a copy
would give: the same pixels, the same preview PNG."""
from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from generator.output import preview
from generator.output.preview import png, render_pages, rgb_picture


def a_page_of_everything() -> bytes:
    """Colours, text, a see-through fill and a picture with an alpha channel on one page."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(200, 120))
    page.setFillColorRGB(0.1, 0.3, 0.6)
    page.rect(10, 10, 80, 50, stroke=0, fill=1)
    page.setFillColorRGB(0.9, 0.5, 0.1)
    page.setFillAlpha(0.5)
    page.rect(50, 30, 80, 50, stroke=0, fill=1)
    page.setFillAlpha(1)
    page.setFillColorRGB(0, 0, 0)
    page.setFont("Helvetica", 9)
    page.drawString(12, 100, "Grijs op wit, zwart op blauw")
    picture = Image.new("RGBA", (16, 16), (200, 30, 90, 255))
    picture.paste((20, 160, 60, 100), (4, 4, 12, 12))
    page.drawImage(ImageReader(picture), 140, 20, 40, 40, mask="auto")
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.fixture()
def bitmap():
    document = pdfium.PdfDocument(a_page_of_everything())
    page = document[0]
    drawn = page.render(scale=2, draw_annots=False, prefer_bgrx=True, rev_byteorder=True,
                        bitmap_maker=pdfium.PdfBitmap.new_native)
    yield drawn
    page.close()
    document.close()


def copied(bitmap) -> Image.Image:
    return bitmap.to_pil().convert("RGB")


def test_the_picture_is_the_copy_pixel_for_pixel_and_previews_the_same(bitmap):
    picture = rgb_picture(bitmap)
    assert picture.mode == "RGB" and picture.size == (400, 240)
    assert len(picture.getcolors(400 * 240)) > 20    # colours, a blend, anti-aliased text
    assert picture.tobytes() == copied(bitmap).tobytes()
    assert png(picture) == png(copied(bitmap))


def test_the_picture_is_pdfiums_own_pixels_not_a_copy(bitmap):
    picture = rgb_picture(bitmap)
    before = picture.getpixel((0, 0))
    bitmap.buffer[0] = 7    # the first pixel's red, in pdfium's buffer
    assert picture.getpixel((0, 0)) == (7, *before[1:])


def test_a_change_to_the_picture_never_writes_into_pdfiums_pixels(bitmap):
    picture = rgb_picture(bitmap)
    picture.putpixel((0, 0), (1, 2, 3))
    assert picture.getpixel((0, 0)) == (1, 2, 3)
    assert tuple(bitmap.buffer[0:3]) != (1, 2, 3)


def test_where_pillow_cannot_take_the_buffer_the_pixels_are_copied(bitmap, monkeypatch):
    map_buffer = Image.core.map_buffer

    def refusing_rgb(target, size, decoder, offset, args):
        if args[0] == "RGB":
            raise ValueError("unrecognized image mode")
        return map_buffer(target, size, decoder, offset, args)

    monkeypatch.setattr(Image.core, "map_buffer", refusing_rgb)
    picture = rgb_picture(bitmap)
    assert picture.mode == "RGB" and picture.tobytes() == copied(bitmap).tobytes()
    bitmap.buffer[0] = 7
    assert picture.getpixel((0, 0))[0] != 7


def test_every_page_is_drawn_into_such_a_picture():
    document = pdfium.PdfDocument(a_page_of_everything())
    try:
        [(picture, scale, _)] = render_pages(document, ppi=144)
        assert scale == 2 and picture.mode == "RGB" and picture.readonly
        assert png(picture) == preview.render_pngs(a_page_of_everything(), ppi=144)[0]
    finally:
        document.close()
