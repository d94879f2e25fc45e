"""Lay out stage: fit the content blocks into a layout's boxes.

For each box, every paragraph of its blocks is set at one base size (times
each block's scale): the largest size between the box's min and max at which
everything fits. If even the minimum does not fit, the error names the field
that runs over, the box, and by how many millimetres. Nothing is clipped.
The result is a :class:`~generator.layout.items.Document` of positioned items.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..inputs import fonts
from ..resolve.rows import document_rows
from .blocks import MARKER_WIDTH, PICTOGRAM_GAP, PageInfo, Para, paragraphs
from ..colour import Colour, contrast, minimum_contrast
from ..errors import InputError
from .graphics import applies, graphic_box
from .items import Document, Fit, Item, Line, Page, Pictogram, Rect, Text
from ..model.layout import Box
from ..model.layouts import LoadedLayout
from ..model.products import Product
from ..resolve.templates import Resolved
from .textfit import TooWide, largest_fitting, wrap, wrap_balanced
from ..units import MM

# The mark's colour role per pictogram variant: red "not" and cross, green tick.
MARK_COLOUR = {"not": "accent", "dont": "accent", "do": "positive"}
PICTOGRAM_CONTRAST = 3.0  # WCAG 2 for graphics: pictograms and their marks
WRITE_IN_MIN = 4.0   # ems: a write-in line shorter than this moves to its own line
WRITE_IN_GAP = 0.3   # ems between a label and its write-in line
WRITE_IN_DROP = 0.1  # ems the write-in line sits below the baseline
WRITE_IN_LINE = 0.05 # ems: the write-in line's weight
TICK_BOX = 0.8       # ems: the tick box's side
TICK_DROP = 0.12     # ems the tick box reaches below the baseline
TICK_LINE = 0.08     # ems: the tick box's line weight


@dataclass(frozen=True)
class _Set:
    """A paragraph broken into lines at a given size."""

    para: Para
    size: float
    lines: tuple[str, ...]
    indent: float        # pt
    height: float        # pt, without space after
    write_in_own_line: bool


def compose(loaded: LoadedLayout, resolved: Resolved, product: Product) -> Document:
    layout = loaded.layout
    pages, fits = [], []
    count = len(layout.pages)
    for number, (page_name, page) in enumerate(layout.pages.items(), start=1):
        items: list[Item] = []
        spans = page.spans(layout.width)
        for box_name, box in page.boxes.items():
            if not applies(box, resolved):
                continue
            panel_left = spans[box.panel or ""][0]
            if box.graphic:
                box_items, fit = _graphic_box(loaded, resolved, page_name, box_name, box,
                                              panel_left)
            else:
                paras = [para for block in box.blocks
                         for para in paragraphs(block, resolved, PageInfo(number, count))]
                box_items, fit = _fit_box(loaded, resolved, page_name, box_name, box, paras,
                                          panel_left)
            items.extend(box_items)
            fits.append(fit)
        pages.append(Page(page_name, tuple(items), tuple(x * MM for x in page.folds())))
    _check_every_item_shown(loaded, resolved)
    _check_label_glyphs(resolved)
    labels = resolved.labels.model_dump()
    doc = resolved.organisation.document
    return Document(
        product=product.name, layout=layout.name, locale=resolved.locale,
        topic=resolved.name, width=layout.width * MM, height=layout.height * MM,
        pages=tuple(pages), fits=tuple(fits), title=resolved.topic.title,
        author=resolved.organisation.name, subject=labels[product.subject_label],
        language=resolved.labels.language,
        keywords="; ".join(f"{label}: {value}" for label, value, _ in document_rows(resolved)),
        version=doc.version, date=doc.date.isoformat(),
        corner_radius=layout.corner_radius * MM,
        guides=tuple(Rect(g.x * MM, (layout.height - g.y - g.height) * MM, g.width * MM,
                          g.height * MM, stroke="muted", line_width=0.5, radius=g.radius * MM,
                          dash=(2, 2)) for g in layout.guides),
        sheet=layout.sheet, description=layout.description, printing=layout.printing,
        logo=resolved.logo,
        folded=tuple(v * MM for v in layout.folded) if layout.folded else None,
    )


# List blocks and the topic's lists they show (first/last pick a part of them).
LISTS = {"checks": ("checks", "check questions"), "steps": ("steps", "steps"),
         "risks": ("risks", "risks"), "tips": ("tips.items", "tips"),
         "tips_easy": ("tips.items", "tips")}


def _check_every_item_shown(loaded: LoadedLayout, resolved: Resolved) -> None:
    """A layout that splits a list over boxes must still show all of it: approved
    content is never dropped because the topic gained a tenth question."""
    counts = {"checks": len(resolved.topic.checks), "steps": len(resolved.topic.steps),
              "risks": len(resolved.topic.risks), "tips.items": len(resolved.topic.tips.items)}
    shown: dict[str, set[int]] = {}
    furthest: dict[str, tuple[int, tuple]] = {}  # the block that reaches furthest: to extend
    for page_name, page in loaded.layout.pages.items():
        for box_name, box in page.boxes.items():
            if not applies(box, resolved):
                continue
            for number, block in enumerate(box.blocks):
                if block.block not in LISTS:
                    continue
                field = LISTS[block.block][0]
                last = min(block.last or counts[field], counts[field])
                shown.setdefault(field, set()).update(range((block.first or 1) - 1, last))
                path = ("pages", page_name, "boxes", box_name, "blocks", number)
                if field not in furthest or last > furthest[field][0]:
                    furthest[field] = (last, path)
    for field, indices in shown.items():
        missing = sorted(set(range(counts[field])) - indices)
        if missing:
            what = next(name for key, name in LISTS.values() if key == field)
            listed = ", ".join(f"{field}[{i}]" for i in missing)
            raise InputError(
                f"layout '{loaded.layout.name}' ({loaded.layout.product}) does not show all "
                f"{counts[field]} {what} of {resolved.topic_source.file.name}: {listed} would "
                "not be printed", where=loaded.source.at(furthest[field][1]), field=field,
                hint="leave `last` out of the last block so it runs to the end, or add a "
                     "block with `first:` for the rest")


def _graphic_box(loaded: LoadedLayout, resolved: Resolved, page_name: str, box_name: str,
                 box: Box, panel_left: float) -> tuple[list[Item], Fit]:
    layout = loaded.layout
    items, fit = graphic_box(
        loaded, resolved, page_name, box_name, box, (panel_left + box.x + box.padding) * MM,
        (layout.height - box.y - box.padding) * MM, (box.width - 2 * box.padding) * MM,
        (box.height - 2 * box.padding) * MM)
    background = box.fill or "background"
    for item in items:
        if isinstance(item, Text):
            _check_contrast(resolved, item.colour, background, minimum_contrast(item.size, False),
                            f"text at {item.size:g} pt", item.field)
        elif item.kind == "qr":
            _check_contrast(resolved, item.colour, background, PICTOGRAM_CONTRAST,
                            "a QR code", "organisation.protocol_url")
    if box.fill:
        items.insert(0, Rect((panel_left + box.x) * MM, (layout.height - box.y - box.height) * MM,
                             box.width * MM, box.height * MM, fill=box.fill))
    return items, fit


def _fit_box(loaded: LoadedLayout, resolved: Resolved, page_name: str, box_name: str,
             box: Box, paras: list[Para], panel_left: float) -> tuple[list[Item], Fit]:
    layout = loaded.layout
    left = (panel_left + box.x + box.padding) * MM
    top = (layout.height - box.y - box.padding) * MM
    width = (box.width - 2 * box.padding) * MM
    height = (box.height - 2 * box.padding) * MM
    for para in paras:
        _check_glyphs(resolved, para)

    def attempt(size: float) -> list[_Set] | None:
        result = _set_all(paras, size, width, box.leading, height)
        if isinstance(result, tuple) or _total(result) > height + 1e-6:
            return None
        return result

    found = largest_fitting(box.size.min, box.size.max, attempt)
    if found is None:
        raise _overflow(loaded, resolved, page_name, box_name, box, paras, width, height)
    size, sets = found
    if box.balance:
        sets = [_balanced(item, width) for item in sets]
    total = _total(sets)
    offset = {"top": 0.0, "middle": (height - total) / 2, "bottom": height - total}[box.valign]
    background = box.fill or "background"
    items: list[Item] = []
    if box.fill:
        items.append(Rect((panel_left + box.x) * MM, (layout.height - box.y - box.height) * MM,
                          box.width * MM, box.height * MM, fill=box.fill))
    y = top - offset
    for number, item in enumerate(sets):
        items.extend(_place(item, left, y, width, box, background, resolved))
        y -= item.height + (item.para.space_after * item.size if number < len(sets) - 1 else 0)
    fit = Fit(page_name, box_name, size, box.size.min, box.size.max,
              tuple(dict.fromkeys(p.field for p in paras)))
    return items, fit


def _set_all(paras: list[Para], size: float, width: float, leading: float,
             height: float | None = None) -> list[_Set] | tuple[Para, TooWide]:
    """Every paragraph broken into lines; with ``height``, a paragraph stops breaking
    once it alone is taller (the size fails anyway)."""
    sets = []
    for para in paras:
        result = _set(para, size * para.scale, width, leading, height)
        if isinstance(result, TooWide):
            return (para, result)
        sets.append(result)
    return sets


def _set(para: Para, size: float, width: float, leading: float,
         height: float | None = None) -> _Set | TooWide:
    style = para.style
    if para.marker is None:
        indent = para.indent * size
    elif para.marker.kind == "pictogram":
        indent = len(para.marker.variants) * (para.icon + PICTOGRAM_GAP) * size
    else:
        indent = MARKER_WIDTH[para.marker.kind] * size
    max_lines = None if height is None else int(height / (leading * size)) + 1
    lines = wrap(para.text, style, size, width - indent, max_lines)
    if isinstance(lines, TooWide):
        return lines
    own_line = False
    if para.write_in:
        used = fonts.width(lines[-1], style, size) + WRITE_IN_GAP * size
        own_line = width - indent - used < WRITE_IN_MIN * size
    ascent, descent = fonts.ascent_descent(style)
    count = len(lines) + (1 if own_line else 0)
    text_height = (ascent - descent) * size + (count - 1) * leading * size
    if para.marker is not None and para.marker.kind == "pictogram":
        text_height = max(text_height, para.icon * size)
    return _Set(para, size, tuple(lines), indent, text_height, own_line)


def _balanced(item: _Set, width: float) -> _Set:
    """The fitted lines evened out; balancing keeps the line count, so the fit holds."""
    if item.para.write_in or len(item.lines) < 2:
        return item  # a write-in line needs the room left at the end of the last line
    lines = wrap_balanced(item.para.text, item.para.style, item.size, width - item.indent)
    return replace(item, lines=tuple(lines))


def _total(sets: list[_Set]) -> float:
    if not sets:
        return 0.0
    return sum(s.height for s in sets) + sum(s.para.space_after * s.size for s in sets[:-1])


def _place(item: _Set, left: float, top: float, width: float, box: Box, background: str,
           resolved: Resolved) -> list[Item]:
    para, size = item.para, item.size
    style = para.style
    colour = para.colour or box.colour
    _check_contrast(resolved, colour, background, minimum_contrast(size, para.bold),
                    f"text at {size:g} pt", para.field)
    ascent, descent = fonts.ascent_descent(style)
    line_count = len(item.lines) + (1 if item.write_in_own_line else 0)
    text_height = (ascent - descent) * size + (line_count - 1) * box.leading * size
    text_top = top
    out: list[Item] = []
    marker = para.marker
    if marker is not None and marker.kind == "pictogram":
        icon = para.icon * size
        for number, variant in enumerate(marker.variants):
            mark = MARK_COLOUR[variant]
            for role in dict.fromkeys((colour, mark)):
                _check_contrast(resolved, role, background, PICTOGRAM_CONTRAST,
                                "a pictogram", para.field)
            out.append(Pictogram(marker.pictogram, left + number * (icon + PICTOGRAM_GAP * size),
                                 top - icon, icon, colour, mark, variant, background))
        text_top = top - max(0.0, (icon - text_height) / 2)
    baseline = text_top - ascent * size
    x = left + item.indent
    for number, line in enumerate(item.lines):
        y = baseline - number * box.leading * size
        if box.align == "center" and marker is None:
            line_x = left + (width - fonts.width(line, style, size)) / 2
        else:
            line_x = x
        out.append(Text(line_x, y, line, style, size, colour, para.field))
    if marker is not None and marker.kind == "tick":
        # A tick box as tall as a capital plus a little (cap height is 0.67 em in
        # Atkinson Hyperlegible), sitting just below the baseline like the letters'
        # round bottoms; its line is bold enough to see, never under 0.5 pt.
        side = TICK_BOX * size
        out.append(Rect(left, baseline - TICK_DROP * size, side, side, stroke=colour,
                        line_width=max(0.5, TICK_LINE * size)))
    elif marker is not None and marker.kind in ("number", "bullet"):
        label = marker.text if marker.kind == "number" else "\u2022"
        out.append(Text(left, baseline, label, style, size, colour, para.field))
    if para.write_in:
        if item.write_in_own_line:
            y = baseline - len(item.lines) * box.leading * size
            start = x
        else:
            y = baseline - (len(item.lines) - 1) * box.leading * size
            start = x + fonts.width(item.lines[-1], style, size) + WRITE_IN_GAP * size
        # just under the baseline, where handwriting sits; at least 0.5 pt to print
        out.append(Line(start, y - WRITE_IN_DROP * size, left + width, y - WRITE_IN_DROP * size,
                        colour, line_width=max(0.5, WRITE_IN_LINE * size)))
    return out


def _check_contrast(resolved: Resolved, colour: str, background: str, needed: float,
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
            hint="choose a darker colour or a lighter background")


def _check_label_glyphs(resolved: Resolved) -> None:
    """Labels are printed by prepress too (sheet notes, slug lines), outside any box:
    check all of them once, so no label can print an empty box either."""
    for key, value in resolved.labels.model_dump().items():
        if key != "language":
            _check_glyphs(resolved, Para(text=value, field=f"labels.{key}", bold=True))
            _check_glyphs(resolved, Para(text=value, field=f"labels.{key}"))


def _check_glyphs(resolved: Resolved, para: Para) -> None:
    missing = fonts.missing_glyphs(para.text, para.style)
    if missing:
        source, path = _source_of(resolved, para.field)
        listed = ", ".join(f"'{char}' (U+{ord(char):04X})" if char.isprintable()
                           else f"U+{ord(char):04X} (an invisible control character)"
                           for char in missing)
        raise InputError(
            f"the font {fonts.FAMILY} has no glyph for {listed}; printed, "
            + ("it would be an empty box" if len(missing) == 1 else "they would be empty boxes"),
            where=source.at(path), field=para.field,
            hint="replace or remove these characters (the font covers Latin scripts; "
                 "emoji and other scripts are not in it)")


_FIELD_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _source_of(resolved: Resolved, field: str):
    path = tuple(int(index) if index else name for name, index in _FIELD_PART.findall(field))
    if path and path[0] == "organisation":
        return resolved.profile_source, path[1:]
    if path and path[0] == "labels":
        return resolved.labels_source, path[1:]
    return resolved.topic_source, path


def _overflow(loaded: LoadedLayout, resolved: Resolved, page_name: str, box_name: str,
              box: Box, paras: list[Para], width: float, height: float) -> InputError:
    layout = loaded.layout
    where_box = f"box '{box_name}' on page '{page_name}' of layout '{layout.name}' ({layout.product})"
    size = box.size.min
    result = _set_all(paras, size, width, box.leading)
    if isinstance(result, tuple):
        para, too_wide = result
        source, path = _source_of(resolved, para.field)
        word = too_wide.word if len(too_wide.word) <= 40 else too_wide.word[:39] + "…"
        return InputError(
            f"the word '{word}' is {too_wide.width / MM:.1f} mm wide at "
            f"{size * para.scale:g} pt; {where_box} is {width / MM:.1f} mm wide",
            where=source.at(path), field=para.field,
            hint="use a shorter word, or widen the box in the layout file")
    needed = _total(result)
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
    source, path = _source_of(resolved, tallest.para.field)
    return InputError(
        f"the text does not fit {where_box}: at the smallest size, {size:g} pt, it needs "
        f"{needed / MM:.1f} mm but the box is {height / MM:.1f} mm high "
        f"({(needed - height) / MM:.1f} mm too much). The tallest text in the box is this "
        f"field ({len(tallest.lines)} lines); the box runs over at {crossing.field}",
        where=source.at(path), field=tallest.para.field,
        hint="shorten the text, or give the box more room in "
             f"{loaded.source.file.name}")
