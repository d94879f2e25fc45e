"""Line setting: one text engine for every product.

A paragraph (:class:`~generator.layout.blocks.Para`) is broken into lines at a
size and measured (:func:`set_para`), then drawn at a place (:func:`place`).
Fixed boxes fit a run of paragraphs to one size; flows run them from page to
page. Both use the measuring, breaking, markers and checks here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..colour import RGB, Colour, contrast, minimum_contrast, nearest_passing
from ..errors import InputError
from ..inputs import fonts
from . import shaping
from ..resolve.templates import Resolved
from ..units import MM
from .blocks import MARKER_WIDTH, PICTOGRAM_GAP, Marker, Para
from .items import Item, Line, Pictogram, Rect, Tag, Text
from .textfit import TooWide, wrap, wrap_balanced

# The mark's colour role per pictogram variant: a red cross, a green tick, or none.
MARK_COLOUR = {"dont": "accent", "do": "positive", "plain": None}
PICTOGRAM_CONTRAST = 3.0  # WCAG 2 for graphics: pictograms and their marks
WRITE_IN_MIN = 4.0   # ems: a write-in line shorter than this moves to its own line
WRITE_IN_GAP = 0.3   # ems between a label and its write-in line
WRITE_IN_DROP = 0.1  # ems the write-in line sits below the baseline
WRITE_IN_LINE = 0.05 # ems: the write-in line's weight
TICK_BOX = 0.8       # ems: the tick box's side
TICK_MIN = 3 * MM    # but never smaller: a pen must be able to tick it
TICK_DROP = 0.12     # ems the tick box reaches below the baseline
TICK_LINE = 0.08     # ems: the tick box's line weight
TRAILING_GAP = 1.5   # ems kept free between a line and its right-aligned page number
PICTOGRAM_MIN = 6 * MM  # smaller pictograms are left out: their details no longer read


@dataclass(frozen=True)
class SetPara:
    """A paragraph broken into lines at a given size."""

    para: Para
    size: float
    lines: tuple[str, ...]
    indent: float        # pt
    height: float        # pt, without space after
    write_in_own_line: bool

    @property
    def space_after(self) -> float:
        """pt after it, before the next paragraph: its ``space_after``, or more where
        its ``pitch`` asks the next baseline to lie further down (lines to write on)."""
        space = self.para.space_after * self.size
        if self.para.pitch:
            ascent, descent = fonts.ascent_descent(self.para.style)
            space = max(space, self.para.pitch - (ascent - descent) * self.size)
        return space


def set_all(paras: list[Para], size: float, width: float, leading: float,
             height: float | None = None) -> list[SetPara] | tuple[Para, TooWide]:
    """Every paragraph broken into lines; with ``height``, a paragraph stops breaking
    once it alone is taller (the size fails anyway)."""
    sets = []
    for para in paras:
        result = set_para(para, size * para.scale, width, leading, height)
        if isinstance(result, TooWide):
            return (para, result)
        sets.append(result)
    return sets


def set_para(para: Para, size: float, width: float, leading: float,
         height: float | None = None) -> SetPara | TooWide:
    if (para.marker is not None and para.marker.kind == "pictogram"
            and para.icon * size < PICTOGRAM_MIN):
        # Too small to tell a scar from a mole: the layout leaves the picture out.
        para = replace(para, marker=Marker("bullet"))
    style = para.style
    if para.marker is None:
        indent = para.indent * size
    elif para.marker.kind == "pictogram":
        indent = len(para.marker.pictures) * (para.icon + PICTOGRAM_GAP) * size
    else:
        indent = MARKER_WIDTH[para.marker.kind] * size
    max_lines = None if height is None else int(height / (leading * size)) + 1
    reserve = (shaping.measure(para.trailing, style, size) + TRAILING_GAP * size
               if para.trailing else 0.0)
    lines = wrap(para.text, style, size, width - indent - reserve, max_lines,
                 hyphenate=para.hyphenate, whole_words=whole_words(para))
    if isinstance(lines, TooWide):
        return lines
    if _display(para) and len(lines) > 1 and (max_lines is None or len(lines) <= max_lines):
        # a heading or title in even lines: no last line of one short word
        even = wrap_balanced(para.text, style, size, width - indent - reserve,
                             whole_words=whole_words(para))
        lines = even if not isinstance(even, TooWide) and len(even) == len(lines) else lines
    own_line = False
    if para.write_in:
        used = shaping.measure(lines[-1], style, size) + WRITE_IN_GAP * size
        own_line = width - indent - used < WRITE_IN_MIN * size
    ascent, descent = fonts.ascent_descent(style)
    count = len(lines) + (1 if own_line else 0)
    text_height = (ascent - descent) * size + (count - 1) * leading * size
    if para.marker is not None and para.marker.kind == "pictogram":
        text_height = max(text_height, para.icon * size)
    return SetPara(para, size, tuple(lines), indent, text_height, own_line)


def whole_words(para: Para) -> bool:
    """Names, numbers, addresses and headings break only at their spaces, never at their
    own hyphen (bold text that is not body text is a heading, a title or a name)."""
    return para.names or para.heading > 0 or (para.bold and not para.hyphenate)


def _display(para: Para) -> bool:
    """Headings, titles and questions set in bold: display text, balanced, never hyphenated."""
    return (para.heading > 0 or para.bold) and not para.hyphenate and not para.write_in \
        and para.marker is None and not para.trailing


def balanced(item: SetPara, width: float) -> SetPara:
    """The fitted lines evened out; balancing keeps the line count, so the fit holds."""
    if item.para.write_in or len(item.lines) < 2:
        return item  # a write-in line needs the room left at the end of the last line
    lines = wrap_balanced(item.para.text, item.para.style, item.size, width - item.indent,
                          hyphenate=item.para.hyphenate, whole_words=whole_words(item.para))
    if isinstance(lines, TooWide):
        return item
    return replace(item, lines=tuple(lines))


def total_height(sets: list[SetPara]) -> float:
    if not sets:
        return 0.0
    return sum(s.height for s in sets) + sum(s.space_after for s in sets[:-1])


def place(item: SetPara, left: float, top: float, width: float, box, background: str,
          resolved: Resolved) -> list[Item]:
    para, size = item.para, item.size
    style = para.style
    colour = para.colour or box.colour
    check_contrast(resolved, colour, background, minimum_contrast(size, para.bold),
                   f"text at {size:g} pt", para.field)
    ascent, descent = fonts.ascent_descent(style)
    line_count = len(item.lines) + (1 if item.write_in_own_line else 0)
    text_height = (ascent - descent) * size + (line_count - 1) * box.leading * size
    text_top = top
    out: list[Item] = []
    marker = para.marker
    if not para.struct:
        raise ValueError(f"{para.field}: a paragraph without its place in the structure")
    tag, label = Tag(para.struct), Tag(para.label)
    if marker is not None and marker.kind == "pictogram":
        icon = para.icon * size
        for number, (name, variant) in enumerate(marker.pictures):
            mark = MARK_COLOUR[variant]
            for role in dict.fromkeys(role for role in (colour, mark) if role):
                check_contrast(resolved, role, background, PICTOGRAM_CONTRAST,
                               "a pictogram", para.field)
            alt = marker.alts[number] if number < len(marker.alts) else ""
            figure = Tag(para.label + (("Figure", f"{para.field}.pictures[{number}]"),), alt)
            out.append(Pictogram(name, left + number * (icon + PICTOGRAM_GAP * size),
                                 top - icon, icon, colour, mark or colour, variant, background,
                                 figure))
        text_top = top - max(0.0, (icon - text_height) / 2)
    baseline = text_top - ascent * size
    # the marker before the text: a list item's label is read before its body
    if marker is not None and marker.kind == "tick":
        # A tick box as tall as a capital plus a little (cap height is 0.67 em in
        # Atkinson Hyperlegible), sitting just below the baseline like the letters'
        # round bottoms; its line is bold enough to see, never under 0.5 pt.
        side = max(TICK_BOX * size, TICK_MIN)
        out.append(Rect(left, baseline - TICK_DROP * size, side, side, stroke=colour,
                        line_width=max(0.5, TICK_LINE * size),
                        tag=Tag(label.path, actual=marker.actual)))
    elif marker is not None and marker.kind in ("number", "bullet"):
        sign = marker.text if marker.kind == "number" else "\u2022"
        out.append(Text(left, baseline, sign, style, size, colour, para.field, tag=label))
    x = left + item.indent
    for number, line in enumerate(item.lines):
        y = baseline - number * box.leading * size
        if box.align == "center" and marker is None:
            line_x = left + (width - shaping.measure(line, style, size)) / 2
        else:
            line_x = x
        out.append(Text(line_x, y, line, style, size, colour, para.field, tag=tag))
    if para.trailing:
        last = baseline - (len(item.lines) - 1) * box.leading * size
        out.append(Text(left + width - shaping.measure(para.trailing, style, size), last,
                        para.trailing, style, size, colour, para.field, tag=tag))
    if para.write_in:
        if item.write_in_own_line:
            y = baseline - len(item.lines) * box.leading * size
            start = x
        else:
            y = baseline - (len(item.lines) - 1) * box.leading * size
            start = x + shaping.measure(item.lines[-1], style, size) + WRITE_IN_GAP * size
        # just under the baseline, where handwriting sits; at least 0.5 pt to print
        out.append(Line(start, y - WRITE_IN_DROP * size, left + width, y - WRITE_IN_DROP * size,
                        colour, line_width=max(0.5, WRITE_IN_LINE * size)))
    return out


def check_contrast(resolved: Resolved, colour: str, background: str, needed: float,
                    what: str, field: str) -> None:
    palette = resolved.organisation.colours
    fore, back = getattr(palette, colour), getattr(palette, background)
    ratio = contrast(Colour.parse(fore).rgb, Colour.parse(back).rgb)
    if ratio + 1e-9 < needed:
        raise InputError(
            f"colour '{colour}' ({fore}) on '{background}' ({back}) has a contrast of "
            f"{ratio:.2f}:1; {what} needs at least {needed:g}:1 "
            f"(it is used for {field})",
            where=resolved.profile_source.at(("colours", colour)), field=f"colours.{colour}",
            hint=contrast_hint(Colour.parse(fore).rgb, Colour.parse(back).rgb, needed))


def contrast_hint(fore: RGB, back: RGB, needed: float) -> str:
    """How to fix a colour with too little contrast, with the nearest shade that passes."""
    shade = nearest_passing(fore, [(back, needed)])
    if shade is None:
        return "choose a darker colour or a lighter background"
    way = "darker" if shade.luminance() < fore.luminance() else "lighter"
    return (f"choose a {way} colour, e.g. {shade.hex} (the nearest shade of the same hue "
            f"with {needed:g}:1), or another background")


def check_glyphs(resolved: Resolved, para: Para) -> None:
    check_text_glyphs(resolved, para.text, para.style, para.field)


def check_text_glyphs(resolved: Resolved, text: str, style: str, field: str) -> None:
    """Every character of ``text`` is in the font, or the field is named with them."""
    missing = fonts.missing_glyphs(text, style)
    if missing:
        source, path = source_of(resolved, field)
        listed = ", ".join(f"'{char}' (U+{ord(char):04X})" if char.isprintable()
                           else f"U+{ord(char):04X} (an invisible control character)"
                           for char in missing)
        raise InputError(
            f"the font {fonts.FAMILY} has no glyph for {listed}; printed, "
            + ("it would be an empty box" if len(missing) == 1 else "they would be empty boxes"),
            where=source.at(path), field=field,
            hint="replace or remove these characters (the font covers Latin scripts; "
                 "emoji and other scripts are not in it)")


_FIELD_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def source_of(resolved: Resolved, field: str):
    path = tuple(int(index) if index else name for name, index in _FIELD_PART.findall(field))
    if path and path[0] == "organisation":
        return resolved.profile_source, path[1:]
    if path and path[0] == "labels":
        return resolved.label_source(str(path[1]))
    return resolved.topic_source, path


