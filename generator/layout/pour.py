"""Pour a list over the boxes that share it: check questions over a card's sides.

A list block (``checks``, ``tips``, ...) that stands without ``first`` and
``last`` in more than one box of a layout is shared: its items run through
those boxes in page and box order, as many in each as the text allows. All of
them are set at one size (the panels of one card never differ), the largest
at which every item fits, and the items are spread so the boxes fill evenly
(six questions go four and two, not five and one). A layout may still pin a
box to items with ``first`` and ``last``; pinned blocks are left alone.

The result is the layout's boxes with ``first``/``last`` filled in and their
size range narrowed to the chosen size, so the ordinary box fitting of
:mod:`.boxes` draws them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..model.block_kinds import BLOCK_KINDS
from ..model.layout import Box
from ..model.layout_files import LoadedLayout
from ..resolve.templates import Resolved
from ..units import MM
from .blocks import PageInfo, paragraphs
from .boxes import DoesNotFit
from .graphics import applies
from .setting import set_all, source_of, total_height
from .textfit import largest_fitting

EPS = 1e-6
EVEN_STEP = 0.05  # fills that differ by less than this count as even


@dataclass(frozen=True)
class Shared:
    """A box that takes part of a shared list."""

    page: str
    name: str
    box: Box
    block: int          # index of the shared list block among the box's blocks
    offset: int = 0     # items before the shared run: those that blocks pinned elsewhere show


def pour(loaded: LoadedLayout, resolved: Resolved) -> dict[tuple[str, str], Box]:
    """The boxes that share a list, each with its items and the common size; other boxes
    are not in the result."""
    poured: dict[tuple[str, str], Box] = {}
    for kind, boxes in _shared_lists(loaded, resolved).items():
        poured.update(_pour_one(loaded, resolved, kind, boxes))
    return poured


def _shared_lists(loaded: LoadedLayout, resolved: Resolved) -> dict[str, list[Shared]]:
    """Per list kind, the boxes that share it; they take the items that no pinned block
    (one with first or last) shows, which must be one run: the end of the list."""
    found: dict[str, list[Shared]] = {}
    pinned: dict[str, set[int]] = {}
    for page_name, page in loaded.layout.pages.items():
        for box_name, box in page.boxes.items():
            if not applies(box, resolved):
                continue
            for number, block in enumerate(box.blocks):
                block_kind = BLOCK_KINDS[block.block]
                if block_kind.items is None:
                    continue
                if block.first is None and block.last is None:
                    found.setdefault(block.block, []).append(
                        Shared(page_name, box_name, box, number))
                else:
                    count = len(block_kind.items(resolved.topic))
                    last = min(block.last or count, count)
                    pinned.setdefault(block.block, set()).update(
                        range(block.first or 1, last + 1))
    shared = {}
    for kind, boxes in found.items():
        if len(boxes) < 2 and kind not in pinned:
            continue  # one box shows the whole list: fitted as any box
        taken = pinned.get(kind, set())
        offset = max(taken, default=0)
        shared[kind] = [Shared(b.page, b.name, b.box, b.block, offset) for b in boxes]
    return shared


def _with_items(shared: Shared, first: int, last: int, size: float | None = None) -> Box:
    """The box showing items first..last of the shared run (1-based; last < first: none)."""
    first, last = first + shared.offset, last + shared.offset
    blocks = list(shared.box.blocks)
    blocks[shared.block] = blocks[shared.block].model_copy(
        update={"first": first, "last": max(last, 0)} if last >= first
        else {"first": 1, "last": 0})
    update: dict = {"blocks": blocks}
    if size is not None:
        update["size"] = shared.box.size.model_copy(update={"min": size, "max": size})
    return shared.box.model_copy(update=update)


def _set_run(loaded: LoadedLayout, resolved: Resolved, shared: Shared, first: int, last: int,
             size: float) -> tuple[list | None, float]:
    """The box's paragraphs with items first..last set at ``size`` (None: a word too wide),
    and the height (pt) the box has for them."""
    box = _with_items(shared, first, last)
    paras = paragraphs(box.blocks, resolved, PageInfo(1, len(loaded.layout.pages)))
    sets = set_all(paras, size, (box.width - 2 * box.padding) * MM, box.leading)
    return (None if isinstance(sets, tuple) else sets), (box.height - 2 * box.padding) * MM


def _fill(loaded: LoadedLayout, resolved: Resolved, shared: Shared, first: int, last: int,
          size: float) -> float | None:
    """How full the box is (0..1+) with these items at this size; None: a word too wide."""
    sets, height = _set_run(loaded, resolved, shared, first, last, size)
    return None if sets is None else total_height(sets) / height


class _Measure:
    """The fill of one box for any run of items at one size, from one setting of all of
    them (a run's height is its paragraphs' heights and the spaces between): the search
    for an even split asks for hundreds of runs, and wrapping each anew cost seconds.
    Runs of no items, and the final choice, are measured for real."""

    def __init__(self, loaded: LoadedLayout, resolved: Resolved, shared: Shared,
                 field: str, count: int, size: float) -> None:
        self.args = (loaded, resolved, shared)
        self.size = size
        self.sets, self.height = _set_run(loaded, resolved, shared, 1, count, size)
        prefix = f"{field}["
        self.index = [int(s.para.field[len(prefix):].split("]")[0]) + 1 - shared.offset
                      if s.para.field.startswith(prefix) else None
                      for s in (self.sets or [])]
        self.empty: float | None = None

    def __call__(self, first: int, last: int) -> float | None:
        if last < first:
            if self.empty is None:
                self.empty = _fill(*self.args, 1, 0, self.size)
            return self.empty
        if self.sets is None:
            return None
        chosen = [s for s, i in zip(self.sets, self.index) if i is None or first <= i <= last]
        return total_height(chosen) / self.height


def _pour_one(loaded: LoadedLayout, resolved: Resolved, kind: str,
              boxes: list[Shared]) -> dict[tuple[str, str], Box]:
    listed = BLOCK_KINDS[kind].items
    if listed is None:
        raise TypeError(f"block kind '{kind}' is not a list")
    count = max(0, len(listed(resolved.topic)) - boxes[0].offset)
    low = max(shared.box.size.min for shared in boxes)
    high = max(low, min(shared.box.size.max for shared in boxes))

    field = BLOCK_KINDS[kind].items_field

    def greedy(size: float) -> list[int] | None:
        """How many items each box takes when each takes all it can; None: they don't fit."""
        taken, start = [], 1
        for shared in boxes:
            measure = _Measure(loaded, resolved, shared, field, count, size)
            # find the largest k with items start..start+k-1 fitting (fill is monotone in k)
            k = 0
            while start + k <= count:
                fill = measure(start, start + k)
                if fill is None or fill > 1 + EPS:
                    break
                k += 1
            taken.append(k)
            start += k
        return taken if start > count else None

    found = largest_fitting(low, high, greedy)
    if found is None:
        raise _does_not_fit(loaded, resolved, kind, boxes, count, low)
    size, taken = found
    split = _even(loaded, resolved, boxes, count, size, field)
    if split is None or not _holds(loaded, resolved, boxes, split, size):
        split = taken  # the measured runs were a little off: fill box by box
    poured, start = {}, 1
    for shared, k in zip(boxes, split):
        poured[(shared.page, shared.name)] = _with_items(shared, start, start + k - 1, size)
        start += k
    return poured


def _holds(loaded: LoadedLayout, resolved: Resolved, boxes: list[Shared], split: list[int],
           size: float) -> bool:
    """Every box, set for real, holds its share of the items."""
    start = 1
    for shared, k in zip(boxes, split):
        fill = _fill(loaded, resolved, shared, start, start + k - 1, size)
        if fill is None or fill > 1 + EPS:
            return False
        start += k
    return True


def _even(loaded: LoadedLayout, resolved: Resolved, boxes: list[Shared], count: int,
          size: float, field: str) -> list[int] | None:
    """The split of the items over the boxes whose fullest box is least full: the room is
    used evenly. Fills within one step (:data:`EVEN_STEP`) count as even, and then the
    earlier boxes take more: a reader starts at the first box, and no box stands empty
    before a filled one (a heading over an empty box would vanish with it). Searched
    exactly: lists are short (at most 40 items over a few boxes)."""
    measures = [_Measure(loaded, resolved, shared, field, count, size) for shared in boxes]

    def fill(index: int, first: int, last: int) -> float | None:
        return measures[index](first, last)

    def rank(worst: float, counts: list[int]) -> tuple:
        return (math.ceil(worst / EVEN_STEP - EPS), [-k for k in counts])

    best: dict[tuple[int, int], tuple[float, list[int]] | None] = {}

    def solve(index: int, start: int) -> tuple[float, list[int]] | None:
        """Best (worst fill, counts) for boxes index.. taking items start..count."""
        if index == len(boxes):
            return (0.0, []) if start > count else None
        if (index, start) in best:
            return best[(index, start)]
        result = None
        for k in range(count - start + 2):
            if k == 0 and start <= count:
                continue  # an empty box while items remain would stand before a filled one
            here = fill(index, start, start + k - 1)
            if here is None or here > 1 + EPS:
                break
            rest = solve(index + 1, start + k)
            if rest is not None:
                option = (max(here, rest[0]), [k] + rest[1])
                if result is None or rank(*option) < rank(*result):
                    result = option
        best[(index, start)] = result
        return result

    solved = solve(0, 1)
    return solved[1] if solved else None


def _does_not_fit(loaded: LoadedLayout, resolved: Resolved, kind: str, boxes: list[Shared],
                  count: int, size: float) -> DoesNotFit:
    """The list does not fit even at the smallest size; the error points at its longest
    item, the one most worth shortening."""
    what = BLOCK_KINDS[kind].items_name
    field = BLOCK_KINDS[kind].items_field
    names = ", ".join(f"'{shared.name}' on page '{shared.page}'" for shared in boxes)
    layout = loaded.layout
    first = boxes[0]
    heights = []
    for number in range(1, count + 1):
        box = _with_items(first, number, number)
        paras = [p for p in paragraphs(box.blocks, resolved, PageInfo(1, 1))
                 if p.field.startswith(f"{field}[")]
        sets = set_all(paras, size, (box.width - 2 * box.padding) * MM, box.leading)
        if isinstance(sets, tuple):  # a single word wider than the box: say that
            para, too_wide = sets
            source, path = source_of(resolved, para.field)
            return DoesNotFit(
                f"the word '{too_wide.shown}' is {too_wide.width / MM:.1f} mm wide at "
                f"{size:g} pt; the boxes of layout '{layout.name}' ({layout.product}) that "
                f"hold the {what} are {(box.width - 2 * box.padding):.1f} mm wide",
                short=f"the word '{too_wide.shown}' is wider than its boxes at {size:g} pt",
                where=source.at(path), field=para.field,
                hint="use a shorter word, or a larger card layout")
        heights.append(total_height(sets))
    longest = max(range(count), key=lambda i: heights[i]) + first.offset if count else 0
    path = tuple(field.split(".")) + (longest,)
    return DoesNotFit(
        f"the {count} {what} do not fit layout '{layout.name}' ({layout.product}): at the "
        f"smallest size, {size:g} pt, its boxes {names} cannot hold them all; the longest "
        f"is this one", short=f"its {len(boxes)} boxes cannot hold {count} {what} at {size:g} pt",
        where=resolved.topic_source.at(path), field=f"{field}[{longest}]",
        hint="shorten the longest, use a larger card layout, or give this layout more room "
             f"for them in {loaded.source.file.name}")
