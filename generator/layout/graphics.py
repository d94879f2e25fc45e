"""Lay out stage for boxes that hold a picture: the logo, or the protocol's QR code.

A logo is fitted to its box with its own proportions (never stretched). A QR
code takes the box's width, with the address in small text beneath it so it
can also be typed; a QR code smaller than :data:`QR_MIN_MM` is an error in the
layout, because phones do not read it reliably from a card held in the hand.
"""
from __future__ import annotations

from ..inputs import fonts
from ..errors import InputError
from .items import Fit, Graphic, Item, Tag, Text
from .setting import check_text_glyphs
from ..model.layout import Box
from ..model.layout_files import LoadedLayout
from ..inputs.logo import fit as fit_logo
from ..resolve.templates import Resolved
from .textfit import URL_PIECES, TooWide, wrap
from ..units import MM

QR_MIN_MM = 20.0   # PRINT.md: at least 20 mm on a card (its 4-module quiet zone included)
QR_GAP = 0.3       # ems between the code and the address beneath it


def applies(box: Box, resolved: Resolved) -> bool:
    """Whether the box is drawn for this profile (``only_with`` / ``only_without``)."""
    has = {"logo": resolved.logo is not None,
           "protocol_url": bool(resolved.organisation.protocol_url)}
    if box.only_with and not has[box.only_with]:
        return False
    return not (box.only_without and has[box.only_without])


def graphic_box(loaded: LoadedLayout, resolved: Resolved, page_name: str, box_name: str,
                box: Box, left: float, top: float, width: float,
                height: float) -> tuple[list[Item], Fit]:
    """Place the box's logo or QR code; (left, top, width, height) is its inner area in pt."""
    kind = box.graphic
    if kind == "logo":
        logo = _logo(resolved, box, left, top, width, height)
        detail = (f"logo {logo[0].width / MM:.0f} x {logo[0].height / MM:.0f} mm" if logo
                  else "no logo")
        return [*logo], Fit(page_name, box_name, 0.0, box.size.min, box.size.max, ("logo",),
                          detail)
    items = _qr(loaded, resolved, page_name, box_name, box, left, top, width, height)
    codes = [item for item in items if isinstance(item, Graphic)]
    detail = (f"QR code {codes[0].width / MM:.0f} mm, address at {box.size.min:g} pt" if codes
              else "no protocol_url")
    return items, Fit(page_name, box_name, box.size.min, box.size.min, box.size.max,
                      ("protocol_url",), detail)


def _logo(resolved: Resolved, box: Box, left: float, top: float, width: float,
          height: float) -> list[Graphic]:
    if resolved.logo is None:
        return []
    w, h = fit_logo(resolved.logo, width, height)
    x = left + (width - w) / 2 if box.align == "center" else left
    y = {"top": top - h, "middle": top - (height + h) / 2, "bottom": top - height}[box.valign]
    alt = f"{resolved.labels.logo} {resolved.organisation.name}"
    return [Graphic("logo", x, y, w, h, box.colour, tag=Tag((("Figure", "logo"),), alt))]


def _qr(loaded: LoadedLayout, resolved: Resolved, page_name: str, box_name: str, box: Box,
        left: float, top: float, width: float, height: float) -> list[Item]:
    url = resolved.organisation.protocol_url
    if not url:
        return []
    check_text_glyphs(resolved, url, "regular", "organisation.protocol_url")
    size = box.size.min  # the address is secondary: the code gets the room
    lines = wrap(url, "regular", size, width, breaks=URL_PIECES)
    where = loaded.source.at(("pages", page_name, "boxes", box_name))
    field = f"pages.{page_name}.boxes.{box_name}"
    if isinstance(lines, TooWide):
        raise InputError(f"the protocol_url does not fit under the QR code at {size:g} pt",
                         where=where, field=field, hint="widen the box")
    ascent, descent = fonts.ascent_descent("regular")
    text_height = (ascent - descent) * size + (len(lines) - 1) * box.leading * size
    side = min(width, height - text_height - QR_GAP * size)
    if side < QR_MIN_MM * MM:
        raise InputError(
            f"the QR code would be {max(side, 0) / MM:.1f} mm wide in box '{box_name}' of "
            f"layout '{loaded.layout.name}'; it needs at least {QR_MIN_MM:g} mm to scan",
            where=where, field=field, hint="make the box larger, or shorten protocol_url")
    x = left + (width - side) / 2 if box.align == "center" else left
    y = top - side
    alt = f"{resolved.labels.qr_code} {url}"
    items: list[Item] = [Graphic("qr", x, y, side, side, box.colour, url,
                                 Tag((("Figure", "qr"),), alt))]
    address = Tag((("P", "organisation.protocol_url"),))
    baseline = y - QR_GAP * size - ascent * size
    for number, line in enumerate(lines):
        line_x = left + (width - fonts.width(line, "regular", size)) / 2 \
            if box.align == "center" else left
        items.append(Text(line_x, baseline - number * box.leading * size, line, "regular",
                          size, box.colour, "organisation.protocol_url", tag=address))
    return items
