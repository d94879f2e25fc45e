"""Flow: text that runs from page to page, as many pages as it needs.

The protocol sheet's text is approved wording: it is never shortened to fit.
A layout with a ``flow`` gives the blocks to run and, on its pages, the frames
they run through; when the text outlasts the pages, the last page repeats.
Paragraphs are set by the same engine as fixed boxes (:mod:`.setting`), and
broken over pages the way a typesetter would:

- a heading is never the last thing on a page (it keeps with what follows,
  and so does a step's text with its roles);
- a paragraph leaves at least two lines at the foot of a page and takes at
  least two to the next (no orphans, no widows), else it moves whole;
- a list item, a step or a tip is not split where it fits on the next page;
- the boxes set after the text (the meldpunt, the QR code) stay together.

The text is set at the largest size in the flow's range that needs no more
pages than the smallest would: a text that fits one duplex sheet at 10 pt is
not spread over three pages at 11 pt.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from collections.abc import Callable

from ..errors import InputError
from ..inputs import fonts
from ..model.layout import Box, Flow, Frame
from ..model.layout_files import LoadedLayout
from ..resolve.templates import Resolved
from ..units import MM
from .blocks import PageInfo, Para, paragraphs
from .boxes import Spot, fit_box, page_boxes, picture_box
from .graphics import applies
from .items import PAGINATION, Fit, Item, Page
from .setting import SetPara, check_glyphs, place, set_all, source_of, total_height
from .textfit import largest_fitting

ORPHAN = 2   # lines of a paragraph that must stay at the foot of a page when it breaks
WIDOW = 2    # lines that must go to the next page with it
KEEP_DEPTH = 4  # headings chained by keep-with-next that are looked ahead over
# A sanity bound, like the limit on file sizes: care guidance runs to a few pages; a
# text past this is a mistake (a paste of a whole manual), and setting it takes long.
MAX_PAGES = 20
EPS = 1e-6


@dataclass(frozen=True)
class Placed:
    """A paragraph, or the part of it that lands on this page, and its top (pt below the
    frame's top)."""

    item: SetPara
    top: float
    first: bool = True   # it starts here (not a continuation from the page before)


@dataclass(frozen=True)
class FlowPage:
    template: str                 # the layout page it uses
    placed: tuple[Placed, ...]
    before: bool = False          # the before-boxes open this page (the first)
    after_top: float | None = None  # where the after-boxes start (pt below the frame's top)


@dataclass(frozen=True)
class Heading:
    """A heading as it landed, for bookmarks and a table of contents."""

    text: str
    level: int
    page: int     # 0-based page of the flow
    y: float      # pt from the page's bottom, at the heading's top


class _TooLong(Exception):
    def __init__(self, para: Para) -> None:
        super().__init__(para.field)
        self.para = para


@dataclass(frozen=True)
class Flowed:
    """A topic's text run through a layout's frames, before the pages get their boxes."""

    pages: tuple[FlowPage, ...]
    items: tuple[tuple[Item, ...], ...]   # per page: the flow's and the after-boxes' items
    headings: tuple[Heading, ...]
    fits: tuple[Fit, ...]


def templates(loaded: LoadedLayout) -> list[tuple[str, Frame]]:
    """The layout pages that hold a flow frame, in order; the last one repeats."""
    return [(name, page.flow) for name, page in loaded.layout.pages.items() if page.flow]


def template_for(loaded: LoadedLayout, index: int) -> tuple[str, Frame]:
    framed = templates(loaded)
    return framed[min(index, len(framed) - 1)]


_FLOWED: dict[tuple, tuple[Resolved, Flowed]] = {}
_FLOWED_MAX = 64


def run_flow(loaded: LoadedLayout, resolved: Resolved) -> Flowed:
    """Set the layout's flow for this topic over as many pages as it takes. The book
    runs the same flow as the protocol sheet for the same topic: it is set once."""
    layout = loaded.layout
    key = (id(resolved), layout.height, flow_of(loaded).model_dump_json(),
           tuple((name, frame.model_dump_json()) for name, frame in templates(loaded)))
    if key in _FLOWED:
        return _FLOWED[key][1]
    flowed = _run_flow(loaded, resolved)
    if len(_FLOWED) >= _FLOWED_MAX:
        _FLOWED.clear()
    _FLOWED[key] = (resolved, flowed)  # the topic is kept with it, so its id stays its own
    return flowed


def flow_of(loaded: LoadedLayout) -> Flow:
    """The layout's flow; only called for layouts the product registry says flow."""
    flow = loaded.layout.flow
    if flow is None:
        raise TypeError(f"layout '{loaded.layout.name}' has no flow")
    return flow


def _run_flow(loaded: LoadedLayout, resolved: Resolved) -> Flowed:
    flow = flow_of(loaded)
    paras = paragraphs(flow.blocks, resolved, PageInfo(0, 0))
    for para in paras:
        check_glyphs(resolved, para)
    width = template_for(loaded, 0)[1].width * MM
    for _, frame in templates(loaded)[1:]:
        if abs(frame.width * MM - width) > EPS:
            raise InputError("every flow frame of a layout has the same width",
                             where=loaded.source.at(("pages",)), field="flow",
                             hint="give the frames the same `width:`")
    before = _group_height(loaded, resolved, "before")
    after = _group_height(loaded, resolved, "after")
    for which, height in (("before", before), ("after", after)):
        room = min(f.height for _, f in templates(loaded)) * MM
        if height > room + EPS:
            raise InputError(
                f"the boxes {which} the text of layout '{loaded.layout.name}' "
                f"({loaded.layout.product}) need {height / MM:.0f} mm, more than a page "
                f"holds ({room / MM:.0f} mm)", where=resolved.topic_source.at(("contacts",)),
                field="contacts" if which == "after" else "title",
                hint="give the topic fewer contacts, or fewer details per contact"
                     if which == "after" else "shorten the title")

    def attempt(size: float):
        sets = set_all(paras, size, width, flow.leading)
        if isinstance(sets, tuple):
            return None
        return paginate(sets, lambda n: template_for(loaded, n), flow.leading, flow.gap * MM,
                        before, after)

    try:
        smallest = attempt(flow.size.min)
    except _TooLong as long:
        source, path = source_of(resolved, long.para.field)
        raise InputError(
            f"the text of layout '{loaded.layout.name}' ({loaded.layout.product}) runs past "
            f"{MAX_PAGES} pages at {flow.size.min:g} pt, here; a text this long is more than "
            "a protocol sheet is for", where=source.at(path), field=long.para.field,
            hint="check that nothing was pasted twice, or split the text into several "
                 "topics") from None
    if smallest is None:
        raise _too_wide(loaded, resolved, paras, width)
    fewest = len(smallest)
    best = largest_fitting(flow.size.min, flow.size.max,
                           lambda s: ((p := attempt(s)) is not None
                           and len(p) <= fewest and p) or None)
    size, pages = best if best is not None else (flow.size.min, smallest)
    items, headings = [], []
    for index, page in enumerate(pages):
        page_items, page_headings = _draw(loaded, resolved, index, page, width)
        items.append(tuple(page_items))
        headings += page_headings
    fit = Fit("flow", "flow", size, flow.size.min, flow.size.max,
              tuple(dict.fromkeys(p.field for p in paras)),
              detail=f"{size:g} pt over {len(pages)} page(s)")
    return Flowed(tuple(pages), tuple(items), tuple(headings), (fit,))


def finish(loaded: LoadedLayout, resolved: Resolved, flowed: Flowed, first: int,
           total: int) -> tuple[list[Page], list[Fit]]:
    """Each flowed page with the boxes of its layout page (header, page number, ...),
    numbered ``first``, ``first + 1``, ... of ``total``. Those boxes repeat on every
    page: in the structure they are pagination artifacts, read once in the text."""
    pages, fits = [], list(flowed.fits)
    for index, (page, items) in enumerate(zip(flowed.pages, flowed.items)):
        layout_page = loaded.layout.pages[page.template]
        boxes, box_fits = page_boxes(loaded, resolved, page.template, layout_page,
                                     PageInfo(first + index, total))
        running = tuple(replace(item, tag=PAGINATION if item.tag else None) for item in boxes)
        pages.append(Page(page.template, running + items))
        fits += box_fits if index < 2 else []  # the repeated pages' boxes fit as the second's
    return pages, fits


def paginate(sets: list[SetPara], frame_at: Callable[[int], tuple[str, Frame]],
             leading: float, gap: float = 0.0, before: float = 0.0,
             after: float = 0.0) -> list[FlowPage]:
    """Break the set paragraphs over the frames ``frame_at(page)`` gives (with the name of
    their layout page). ``before`` and ``after`` are the heights (pt) of the groups of
    boxes that open and close the text (0: none), each kept whole, ``gap`` pt from it."""
    pages: list[list[Placed]] = [[]]
    y = before + gap if before else 0.0   # pt used in this frame
    space = 0.0                            # pt owed after the last paragraph placed
    fresh = not before                     # nothing on this page yet
    queue = list(sets)
    continued = set()   # positions in the queue that continue a paragraph

    def next_page():
        nonlocal y, space, fresh
        pages.append([])
        y, space, fresh = 0.0, 0.0, True

    i = 0
    while i < len(queue):
        item = queue[i]
        if len(pages) > MAX_PAGES:
            raise _TooLong(item.para)
        height = frame_at(len(pages) - 1)[1].height * MM
        room = height - y - space
        if not fresh and _start_need(queue, i, height, leading) > room + EPS:
            next_page()
            continue
        if item.height <= room + EPS:
            pages[-1].append(Placed(item, y + space, i not in continued))
            y += space + item.height
            space, fresh = item.space_after, False
            i += 1
            continue
        count = len(item.lines)
        fits = _lines_in(item, room, leading)
        if not fresh:
            take = min(fits, count - WIDOW)
            if take < ORPHAN:
                next_page()
                continue
        else:
            # Taller than a whole frame: take what fits, leaving the rest a widow's due.
            take = max(1, min(fits, count - WIDOW) if fits > WIDOW else fits)
            if take >= count:
                take = count - 1
        head, tail = _split(item, take, leading)
        pages[-1].append(Placed(head, y + space, i not in continued))
        queue[i] = tail
        continued.add(i)
        next_page()
    after_top = None
    if after:
        height = frame_at(len(pages) - 1)[1].height * MM
        if not fresh and y + gap + after > height + EPS:
            next_page()
        after_top = y + gap if not fresh else 0.0
    return [FlowPage(frame_at(n)[0], tuple(placed), n == 0 and bool(before),
                     after_top if n == len(pages) - 1 else None)
            for n, placed in enumerate(pages)]


def _lines_height(item: SetPara, lines: int, leading: float) -> float:
    ascent, descent = fonts.ascent_descent(item.para.style)
    return (ascent - descent) * item.size + (lines - 1) * leading * item.size


def _lines_in(item: SetPara, room: float, leading: float) -> int:
    """How many of the paragraph's lines fit in ``room`` pt."""
    first = _lines_height(item, 1, leading)
    if room + EPS < first:
        return 0
    return min(len(item.lines), int((room - first + EPS) // (leading * item.size)) + 1)


def _start_need(queue: list[SetPara], i: int, frame: float, leading: float,
                depth: int = 0) -> float:
    """The room a paragraph needs to start on this page: all of it when it is kept
    together or too short to break, else its first lines; with what it keeps with."""
    item = queue[i]
    whole = (item.para.keep_together or (item.para.marker is not None
             and item.para.marker.kind == "pictogram") or len(item.lines) < ORPHAN + WIDOW)
    need = item.height if whole else _lines_height(item, ORPHAN, leading)
    if item.para.keep_with_next and i + 1 < len(queue) and depth < KEEP_DEPTH:
        need = item.height + item.space_after + _start_need(queue, i + 1, frame, leading,
                                                            depth + 1)
    return min(need, frame)


def _split(item: SetPara, take: int, leading: float) -> tuple[SetPara, SetPara]:
    """The first ``take`` lines, and the rest (no marker: it continues the paragraph)."""
    head_para = replace(item.para, write_in=False, space_after=0.0)
    head = replace(item, para=head_para, lines=item.lines[:take],
                   height=_lines_height(item, take, leading), write_in_own_line=False)
    rest = item.lines[take:]
    tail_para = replace(item.para, marker=None, heading=0)
    tail = replace(item, para=tail_para, lines=rest,
                   height=_lines_height(item, len(rest) + item.write_in_own_line, leading))
    return head, tail


def _draw(loaded: LoadedLayout, resolved: Resolved, index: int, page: FlowPage,
          width: float) -> tuple[list[Item], list[Heading]]:
    flow = loaded.layout.flow
    _, frame = template_for(loaded, index)
    left = frame.x * MM
    top = (loaded.layout.height - frame.y) * MM
    items: list[Item] = []
    headings = []
    for placed in page.placed:
        items.extend(place(placed.item, left, top - placed.top, width, flow, "background",
                           resolved))
        if placed.item.para.heading and placed.first:
            headings.append(Heading(placed.item.para.text, placed.item.para.heading, index,
                                    top - placed.top))
    if page.before:  # drawn last, but read first: the header opens the text
        items.extend(replace(item, tag=replace(item.tag, lead=1) if item.tag else None)
                     for item in _group_items(loaded, resolved, "before", page.template,
                                              frame, frame.y))
    if page.after_top is not None:
        items.extend(_group_items(loaded, resolved, "after", page.template, frame,
                                  frame.y + page.after_top / MM))
    return items, headings


def _group(loaded: LoadedLayout, resolved: Resolved,
           which: str) -> list[tuple[str, Box, list[Para]]]:
    """The boxes of the ``before`` or ``after`` group that this profile gets."""
    boxes = getattr(loaded.layout.flow, which)
    return [(name, box, [] if box.graphic else paragraphs(box.blocks, resolved, PageInfo(0, 0)))
            for name, box in boxes.items() if applies(box, resolved)]


def _group_height(loaded: LoadedLayout, resolved: Resolved, which: str) -> float:
    """A group's common height (pt): each box's own height at least, and as much as its
    text needs at its largest size; 0 when the group is empty."""
    height = 0.0
    for _name, box, paras in _group(loaded, resolved, which):
        need = box.height
        if paras:
            sets = set_all(paras, box.size.max, (box.width - 2 * box.padding) * MM, box.leading)
            if not isinstance(sets, tuple):
                need = max(need, total_height(sets) / MM + 2 * box.padding + 0.5)
        height = max(height, need)
    return height * MM


def _group_items(loaded: LoadedLayout, resolved: Resolved, which: str, page_name: str,
                 frame: Frame, y: float) -> list[Item]:
    height = _group_height(loaded, resolved, which) / MM
    items: list[Item] = []
    for name, box, paras in _group(loaded, resolved, which):
        spot = Spot(frame.x + box.x, y, box.width, height)
        if box.graphic:
            found, _ = picture_box(loaded, resolved, page_name, name, box, spot)
        elif paras:
            found, _ = fit_box(loaded, resolved, page_name, name, box, paras, spot)
        else:
            continue
        items.extend(found)
    return items


def _too_wide(loaded: LoadedLayout, resolved: Resolved, paras: list[Para],
              width: float) -> InputError:
    flow = flow_of(loaded)
    result = set_all(paras, flow.size.min, width, flow.leading)
    if not isinstance(result, tuple):
        raise TypeError("the flow was refused although every word fits")
    para, too_wide = result
    source, path = source_of(resolved, para.field)
    return InputError(
        f"the word '{too_wide.shown}' is {too_wide.width / MM:.1f} mm wide at "
        f"{flow.size.min * para.scale:g} pt; the text of layout '{loaded.layout.name}' "
        f"({loaded.layout.product}) runs {width / MM:.1f} mm wide",
        where=source.at(path), field=para.field,
        hint="use a shorter word, or widen the flow frames in the layout file")
