"""SVG files drawn as vectors, read safely: the logo and the pictograms.

The file is parsed by us first, with entity resolution, DTD loading and network
access off, and refused when it is too large, declares entities, refers to
anything outside itself, holds scripts or live text (printers want outlines; live
text would also pull in an unembedded font), or has too many elements. svglib
then draws it with ReportLab. Half-transparent colours become the solid colour
they look like on white, because press files may not carry transparency.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from collections.abc import Callable

from ..errors import InputError
from .files import read_bounded

MAX_SVG_BYTES = 5 * 1024 * 1024
MAX_ELEMENTS = 20_000   # a logo or pictogram has tens to hundreds; more is not a drawing
MAX_NESTING = 40        # groups in groups: drawing programs nest a handful deep
MAX_SIDE = 100_000      # points (35 m): beyond this a size is a mistake (or inf)
SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def read_svg_bytes(path: Path, where, field: str, what: str) -> bytes:
    """The SVG file's bytes, refused when too large (before anything parses them)."""
    return read_bounded(path, MAX_SVG_BYTES, what.removeprefix("the "), where=where, field=field)


def parse_svg(data: bytes, path: Path, where, field: str, what: str, outside: str,
              prepare: Callable[[Any], None] | None = None, flatten: bool = True) -> Any:
    """The ReportLab drawing of the SVG ``data`` read from ``path``; ``what`` names it in
    messages ("the SVG logo"), ``outside`` says how to fix a reference to another file,
    and ``prepare`` may change the parsed tree before it is drawn."""
    from lxml import etree
    from svglib.svglib import SvgRenderer

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser, base_url=str(path))
    except (etree.XMLSyntaxError, OSError, ValueError) as exc:
        raise InputError(f"{what} is not a readable SVG file: {exc}", where=where,
                         field=field) from None
    if root is None:
        raise InputError(f"{what} is empty", where=where, field=field)
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or b"<!ENTITY" in data:
        raise InputError(f"{what} declares entities (<!DOCTYPE ... <!ENTITY>); drukwerk "
                         "does not read those", where=where, field=field,
                         hint="export it again as plain SVG")
    if root.tag != f"{SVG_NS}svg":
        raise InputError(f"{what} is not an SVG image", where=where, field=field,
                         hint="save it as SVG (with the SVG namespace) in the drawing program")
    count = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        count += 1
        if count > MAX_ELEMENTS:
            raise InputError(f"{what} has more than {MAX_ELEMENTS} elements", where=where,
                             field=field, hint="simplify the drawing")
        name = element.tag.replace(SVG_NS, "")
        if name in ("text", "tspan", "textPath"):
            raise InputError(f"{what} contains live text", where=where, field=field,
                             hint="convert the text to outlines (paths) in the drawing program")
        if name == "symbol" and element.get("viewBox"):
            raise InputError(f"{what} uses a <symbol> with a viewBox of its own, which is not "
                             "drawn at its size", where=where, field=field,
                             hint="expand the symbol into plain shapes in the drawing program "
                                  "(in Inkscape: Edit, Clone, Unlink clone)")
        if name in ("script", "foreignObject"):
            raise InputError(f"{what} contains <{name}>, which drukwerk does not draw",
                             where=where, field=field, hint="remove it from the drawing")
        for attribute in ("href", _XLINK_HREF):
            reference = element.get(attribute)
            if reference and not reference.startswith("#"):
                raise InputError(f"{what} refers to something outside itself "
                                 f"({reference[:60]})", where=where, field=field, hint=outside)
    _check_nesting_and_uses(root, what, where, field)
    if prepare is not None:
        prepare(root)
    try:
        drawing = SvgRenderer(str(path)).render(root)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise InputError(f"{what} cannot be drawn ({exc})", where=where, field=field,
                         hint="export it again as plain SVG") from None
    if drawing is None or drawing.width <= 0 or drawing.height <= 0:
        raise InputError(f"{what} has no size (width and height, or a viewBox)",
                         where=where, field=field, hint="give the <svg> a viewBox")
    if not (drawing.width <= MAX_SIDE and drawing.height <= MAX_SIDE):  # inf and NaN too
        raise InputError(f"{what} has an impossible size ({drawing.width} x {drawing.height})",
                         where=where, field=field,
                         hint="give the <svg> a width and height in numbers, or a viewBox")
    if flatten:
        flatten_opacity(drawing)
    from . import fonts
    drawing.initialFontName = fonts.font_name("regular")  # else the renderer selects Helvetica
    return drawing


def _check_nesting_and_uses(root: Any, what: str, where, field: str) -> None:
    """Refuse groups nested deeper than MAX_NESTING (drawing and copying them recurses),
    a <use> that refers to itself or to what holds it (it never ends), and <use>
    elements that copy one another into more than MAX_ELEMENTS elements (a "use bomb")."""
    by_id = {element.get("id"): element for element in root.iter()
             if isinstance(element.tag, str) and element.get("id")}
    sizes: dict[Any, int] = {}
    open_now: set[Any] = set()

    def size(element: Any, depth: int) -> int:
        if depth > MAX_NESTING:
            raise InputError(f"{what} nests groups more than {MAX_NESTING} deep", where=where,
                             field=field, hint="ungroup the drawing in the drawing program")
        if element in sizes:
            return sizes[element]
        if element in open_now:
            raise InputError(f"{what} has a <use> that refers to itself or to a group that "
                             "holds it, so it never ends", where=where, field=field,
                             hint="remove that <use>, or unlink the clone in the drawing program")
        open_now.add(element)
        total = 1
        for child in element:
            if isinstance(child.tag, str):
                total += size(child, depth + 1)
        if element.tag == f"{SVG_NS}use":
            reference = element.get("href") or element.get(_XLINK_HREF) or ""
            target = by_id.get(reference[1:])
            if target is not None:
                total += size(target, depth + 1)
        open_now.discard(element)
        if total > MAX_ELEMENTS:
            raise InputError(f"{what} repeats elements with <use> into more than "
                             f"{MAX_ELEMENTS} elements", where=where, field=field,
                             hint="simplify the drawing")
        sizes[element] = total
        return total

    size(root, 0)


def nodes(drawing: Any):
    """Every node of a drawing, groups and shapes."""
    stack = [drawing]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(getattr(node, "contents", []) or [])


def flatten_opacity(drawing: Any) -> None:
    """Half-transparent colours become the solid colour they look like on white paper:
    press files may not carry transparency, and on white the print looks the same."""
    for node in nodes(drawing):
        for colour_name, opacity_name in (("fillColor", "fillOpacity"),
                                          ("strokeColor", "strokeOpacity")):
            opacity = getattr(node, opacity_name, None)
            if opacity is None:
                continue
            setattr(node, colour_name, flat(getattr(node, colour_name, None), opacity))
            setattr(node, opacity_name, None)


def flat(colour: Any, opacity: float | None) -> Any:
    """A half-transparent colour as the solid colour it looks like on white paper."""
    from reportlab.lib.colors import Color

    if opacity is not None and isinstance(colour, Color) and opacity < 1:
        alpha = max(0.0, min(1.0, float(opacity)))
        return Color(*(alpha * c + (1 - alpha) for c in (colour.red, colour.green, colour.blue)))
    return colour


def in_cmyk(colour: Any) -> Any:
    """A colour in CMYK: the palette's separation of an RGB colour (:meth:`RGB.cmyk`)."""
    from reportlab.lib.colors import CMYKColor, Color

    from ..colour import RGB

    if isinstance(colour, Color) and not isinstance(colour, CMYKColor):
        return CMYKColor(*RGB(colour.red, colour.green, colour.blue).cmyk())
    return colour


def cmyk_drawing(drawing: Any) -> Any:
    """A copy of the SVG drawing with every colour in CMYK (see :func:`in_cmyk`)."""
    import copy

    converted = copy.deepcopy(drawing)
    for node in nodes(converted):
        for attribute in ("fillColor", "strokeColor"):
            if getattr(node, attribute, None) is not None:
                setattr(node, attribute, in_cmyk(getattr(node, attribute)))
    return converted
