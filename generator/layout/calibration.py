"""The duplex calibration sheet: measure once how far a printer shifts the back.

Printed double-sided and held against the light (front towards you), the bold
zero lines of the back fall on the front's scales: the numbers read there are
the shift in mm, right (X) and down (Y), seen from the front. Given as
``--duplex-offset X,Y`` (or ``printing.duplex_offset`` in the profile), the
backs of every print sheet move to cancel it, and so does this sheet's back,
so a second print shows whether the correction is right.
"""
from __future__ import annotations

from ..errors import InputError
from .items import Document, Item, Line, Page, Text
from .textfit import TooWide, wrap
from ..units import MM

WIDTH, HEIGHT = 210 * MM, 297 * MM
SCALE_RANGE = 5          # mm either side of zero
TICK_STEP = 0.5          # mm between ticks: half a millimetre is what an eye resolves
GRID_STEP = 10 * MM      # the light grid that shows rotation or scaling at a glance
MARGIN = 15 * MM
LABEL_SIZE = 8.0
# Where the scales sit (mm from the left / from the bottom): near the edges and
# in the middle, because a printer can shift one edge more than the other.
X_SCALES_AT = (35.0, 148.5, 220.0)  # heights of the horizontal scales (read X)
Y_SCALES_AT = (25.0, 150.0, 185.0)  # x of the vertical scales (read Y)


def calibration_document(labels, organisation: str,
                         offset: tuple[float, float] = (0.0, 0.0)) -> Document:
    front = _grid() + _instructions(labels) + _x_scales(labels) + _y_scales(labels)
    back = _grid() + _zero_marks()
    dx, dy = offset[0] * MM, offset[1] * MM
    back = [_shift(item, dx, dy) for item in back]
    return Document(
        product="calibration", layout="a4", locale="", topic="duplex",
        width=WIDTH, height=HEIGHT,
        pages=(Page("front", tuple(front)), Page("back", tuple(back))), fits=(),
        title=labels.calibration_title, author=organisation, subject=labels.calibration_title,
        language=labels.language, keywords="duplex calibration")


def _grid() -> list[Item]:
    lines: list[Item] = []
    x = MARGIN
    while x <= WIDTH - MARGIN + 0.01:
        lines.append(Line(x, MARGIN, x, HEIGHT - MARGIN, "tint", 0.5))
        x += GRID_STEP
    y = MARGIN
    while y <= HEIGHT - MARGIN + 0.01:
        lines.append(Line(MARGIN, y, WIDTH - MARGIN, y, "tint", 0.5))
        y += GRID_STEP
    return lines


def _ticks() -> list[tuple[float, float, str]]:
    """(value in mm, tick length in mm, label): long ticks at whole millimetres; labels
    only at zero and the ends, since labels 1 mm apart would run into each other."""
    steps = int(SCALE_RANGE / TICK_STEP)
    ticks = []
    for n in range(-steps, steps + 1):
        value = n * TICK_STEP
        labelled = value in (0, -SCALE_RANGE, SCALE_RANGE)
        length = 6.0 if labelled else 4.0 if n % 2 == 0 else 2.5
        label = "0" if value == 0 else f"{value:+.0f}" if labelled else ""
        ticks.append((value, length, label))
    return ticks


def _x_scales(labels) -> list[Item]:
    """Horizontal scales centred on the page; + is to the right."""
    items: list[Item] = []
    for height in X_SCALES_AT:
        y = height * MM
        for value, length, label in _ticks():
            x = WIDTH / 2 + value * MM
            items.append(Line(x, y, x, y + length * MM, "text", 0.3))
            if label:
                items.append(Text(x - 2.5, y - 3.5 * MM, label, "regular", LABEL_SIZE, "text",
                                  "calibration.x"))
        items.append(Text(WIDTH / 2 + (SCALE_RANGE + 3) * MM, y, labels.calibration_x,
                          "bold", LABEL_SIZE, "text", "calibration.x"))
    return items


def _y_scales(labels) -> list[Item]:
    """Vertical scales in the page's middle height; + is downwards."""
    items: list[Item] = []
    for left in Y_SCALES_AT:
        x = left * MM
        for value, length, label in _ticks():
            y = HEIGHT / 2 - value * MM
            items.append(Line(x, y, x + length * MM, y, "text", 0.3))
            if label:
                items.append(Text(x + 7 * MM, y - 2.5, label, "regular", LABEL_SIZE, "text",
                                  "calibration.y"))
        items.append(Text(x, HEIGHT / 2 - (SCALE_RANGE + 4) * MM, labels.calibration_y,
                          "bold", LABEL_SIZE, "text", "calibration.y"))
    return items


def _zero_marks() -> list[Item]:
    """On the back: a bold line behind each scale's zero (mirrored, as the sheet turns over)."""
    marks: list[Item] = []
    for height in X_SCALES_AT:
        x = WIDTH - WIDTH / 2  # the centre stays the centre when turned over
        marks.append(Line(x, height * MM - 2 * MM, x, height * MM + 8 * MM, "accent", 0.6))
    for left in Y_SCALES_AT:
        x = WIDTH - left * MM
        marks.append(Line(x - 8 * MM, HEIGHT / 2, x + 2 * MM, HEIGHT / 2, "accent", 0.6))
    return marks


def _instructions(labels) -> list[Item]:
    items: list[Item] = [Text(MARGIN, HEIGHT - MARGIN - 16, labels.calibration_title, "bold",
                              16, "text", "calibration.title")]
    lines = wrap(labels.calibration_howto, "regular", 10, WIDTH - 2 * MARGIN)
    if isinstance(lines, TooWide):
        raise InputError(f"the word '{lines.word}' is wider than the page",
                         field="calibration_howto")
    y = HEIGHT - MARGIN - 34
    for line in lines:
        items.append(Text(MARGIN, y, line, "regular", 10, "text", "calibration.howto"))
        y -= 13
    return items


def _shift(item: Item, dx: float, dy: float) -> Item:
    from dataclasses import replace
    if isinstance(item, Line):
        return replace(item, x1=item.x1 + dx, y1=item.y1 + dy, x2=item.x2 + dx, y2=item.y2 + dy)
    return replace(item, x=item.x + dx, y=item.y + dy)
