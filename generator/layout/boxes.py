"""Fixed boxes: all text of a box at the one largest size that fits it.

For each box, every paragraph of its blocks is set at one base size (times
each block's scale): the largest size between the box's min and max at which
everything fits. If even the minimum does not fit, the error names the field
that runs over, the box, and by how many millimetres. Nothing is clipped.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..colour import minimum_contrast
from ..errors import Collector, InputError
from ..model.layout import Box, Page as LayoutPage
from ..model.layout_files import LoadedLayout
from ..resolve.templates import Resolved
from ..units import MM
from .blocks import PageInfo, Para, paragraphs
from .graphics import applies, graphic_box
from .items import Fit, Graphic, Item, Rect, Text
from .setting import (PICTOGRAM_CONTRAST, SetPara, balanced, check_contrast, check_glyphs,
                      place, set_all, source_of, total_height)
from .textfit import largest_fitting


class DoesNotFit(InputError):
    """The text does not fit its box at the box's smallest size. A full build skips a
    layout that cannot hold a topic (a card too small for fifteen questions); other
    input errors are never skipped."""

    def __init__(self, message: str, *, short: str, **where) -> None:
        super().__init__(message, **where)
        self.short = short  # the gist, for the line that says a layout was skipped

    @property
    def topic_text(self) -> bool:
        """The topic's own text is too much for the layout (a layout that does not suit
        the topic), not a profile's detail or a label (an error to fix everywhere)."""
        return not (self.field or "").startswith(("organisation.", "labels."))


@dataclass(frozen=True)
class Spot:
    """Where a box lands on its page: mm from the page's top-left corner."""

    x: float
    y: float
    width: float
    height: float

    def rect(self, page_height: float, fill: str) -> Rect:
        return Rect(self.x * MM, (page_height - self.y - self.height) * MM, self.width * MM,
                    self.height * MM, fill=fill)


def page_boxes(loaded: LoadedLayout, resolved: Resolved, page_name: str, page: LayoutPage,
               info: PageInfo, poured: dict | None = None) -> tuple[list[Item], list[Fit]]:
    """The boxes of one page of a layout, each fitted or placed, for this topic; a box in
    ``poured`` (see :mod:`.pour`) is drawn with the items and size chosen there."""
    items: list[Item] = []
    fits: list[Fit] = []
    errors = Collector()  # every box is tried: all of a page's problems are said at once
    spans = page.spans(loaded.layout.width)
    for box_name, box in page.boxes.items():
        box = (poured or {}).get((page_name, box_name), box)
        if not applies(box, resolved):
            continue
        spot = Spot(spans[box.panel or ""][0] + box.x, box.y, box.width, box.height)
        if box.graphic:
            placed = errors.attempt(picture_box, loaded, resolved, page_name, box_name, box, spot)
        else:
            paras = paragraphs(box.blocks, resolved, info)
            if not paras:
                continue  # nothing of this topic goes here: no empty box, no fill
            placed = errors.attempt(fit_box, loaded, resolved, page_name, box_name, box, paras,
                                    spot)
        if placed is not None:
            items.extend(placed[0])
            fits.append(placed[1])
    errors.check()
    return items, fits


def picture_box(loaded: LoadedLayout, resolved: Resolved, page_name: str, box_name: str,
                box: Box, spot: Spot) -> tuple[list[Item], Fit]:
    """The box's logo or QR code, its colours checked, on the box's fill."""
    layout = loaded.layout
    items, fit = graphic_box(
        loaded, resolved, page_name, box_name, box, (spot.x + box.padding) * MM,
        (layout.height - spot.y - box.padding) * MM, (spot.width - 2 * box.padding) * MM,
        (spot.height - 2 * box.padding) * MM)
    background = box.fill or "background"
    for item in items:
        if isinstance(item, Text):
            check_contrast(resolved, item.colour, background, minimum_contrast(item.size, False),
                            f"text at {item.size:g} pt", item.field)
        elif isinstance(item, Graphic) and item.kind == "qr":
            check_contrast(resolved, item.colour, background, PICTOGRAM_CONTRAST,
                            "a QR code", "organisation.protocol_url")
    if box.fill:
        items.insert(0, spot.rect(layout.height, box.fill))
    return items, fit


def fit_box(loaded: LoadedLayout, resolved: Resolved, page_name: str, box_name: str,
            box: Box, paras: list[Para], spot: Spot) -> tuple[list[Item], Fit]:
    """Every paragraph at the largest size in the box's range that fits ``spot``."""
    layout = loaded.layout
    left = (spot.x + box.padding) * MM
    top = (layout.height - spot.y - box.padding) * MM
    width = (spot.width - 2 * box.padding) * MM
    height = (spot.height - 2 * box.padding) * MM
    for para in paras:
        check_glyphs(resolved, para)

    def attempt(size: float) -> list[SetPara] | None:
        result = set_all(paras, size, width, box.leading, height)
        if isinstance(result, tuple):
            return None
        result = _equal_rows(result) if box.equal_rows else result
        return None if total_height(result) > height + 1e-6 else result

    found = largest_fitting(box.size.min, box.size.max, attempt)
    if found is None:
        raise overflow(loaded, resolved, page_name, box_name, box, paras, width, height)
    size, sets = found
    if box.balance:
        sets = [balanced(item, width) for item in sets]
    total = total_height(sets)
    offset = {"top": 0.0, "middle": (height - total) / 2, "bottom": height - total,
              "spread": 0.0}[box.valign]
    # spread: the room left over is shared out before, between and after the items
    share = (height - total) / (len(sets) + 1) if box.valign == "spread" else 0.0
    background = box.fill or "background"
    items: list[Item] = []
    if box.fill:
        items.append(spot.rect(layout.height, box.fill))
    y = top - offset - share
    for number, item in enumerate(sets):
        items.extend(place(item, left, y, width, box, background, resolved))
        y -= item.height + share + (item.para.space_after * item.size
                                    if number < len(sets) - 1 else 0)
    fit = Fit(page_name, box_name, size, box.size.min, box.size.max,
              tuple(dict.fromkeys(p.field for p in paras)))
    return items, fit


def _equal_rows(sets: list[SetPara]) -> list[SetPara]:
    """List items all as tall as the tallest (easy-read rows share one height)."""
    rows = [s.height for s in sets if s.para.keep_together]
    tallest = max(rows, default=0.0)
    return [replace(s, height=tallest) if s.para.keep_together else s for s in sets]


def overflow(loaded: LoadedLayout, resolved: Resolved, page_name: str, box_name: str,
              box: Box, paras: list[Para], width: float, height: float) -> DoesNotFit:
    layout = loaded.layout
    where_box = f"box '{box_name}' on page '{page_name}' of layout '{layout.name}' ({layout.product})"
    size = box.size.min
    result = set_all(paras, size, width, box.leading)
    if isinstance(result, tuple):
        para, too_wide = result
        source, path = source_of(resolved, para.field)
        return DoesNotFit(
            short=f"the word '{too_wide.shown}' is wider than box '{box_name}' at {size * para.scale:g} pt",
            message=f"the word '{too_wide.shown}' is {too_wide.width / MM:.1f} mm wide at "
            f"{size * para.scale:g} pt; {where_box} is {width / MM:.1f} mm wide",
            where=source.at(path), field=para.field,
            hint="use a shorter word, or widen the box in the layout file")
    needed = total_height(result)
    running, crossing = 0.0, result[-1].para
    for number, item in enumerate(result):
        running += item.height
        if running > height + 1e-6:
            crossing = item.para
            break
        running += item.para.space_after * item.size if number < len(result) - 1 else 0
    # The field to shorten is most likely the tallest one, not the one that
    # happens to cross the bottom edge.
    tallest = max(result, key=lambda item: item.height)
    source, path = source_of(resolved, tallest.para.field)
    return DoesNotFit(
        short=f"box '{box_name}' on page '{page_name}' would need {(needed - height) / MM:.1f} "
              f"mm more at its smallest size, {size:g} pt",
        message=f"the text does not fit {where_box}: at the smallest size, {size:g} pt, it needs "
        f"{needed / MM:.1f} mm but the box is {height / MM:.1f} mm high "
        f"({(needed - height) / MM:.1f} mm too much). The tallest text in the box is this "
        f"field ({len(tallest.lines)} lines); the box runs over at {crossing.field}",
        where=source.at(path), field=tallest.para.field,
        hint="shorten the text, or give the box more room in "
             f"{loaded.source.file.name}")
