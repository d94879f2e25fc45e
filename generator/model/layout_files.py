"""Layout files: discovery, ``extends`` inheritance and geometry checks.

A layout may extend one or more others (later parents win, the child wins over
all): mappings merge key by key, everything else is replaced. Pages and boxes
are mappings by name, so a child can change one box without repeating the rest.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .layout import Layout
from ..inputs.load import Source, load_yaml
from .sheet import sheet_problem
from .products import Product, all_products
from .validate import validate

MAX_EXTENDS = 16  # a layout extends a base, which may extend another: a few deep, not more


@dataclass(frozen=True)
class LoadedLayout:
    layout: Layout
    source: Source  # merged, positions point into the file that set each value

    @property
    def key(self) -> tuple[str, str]:
        return (self.layout.product, self.layout.name)


def load_layouts(folder: Path) -> list[LoadedLayout]:
    """All concrete layouts in ``folder``, sorted by product and name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("layouts folder not found", where=folder,
                         hint="pass --layouts with the folder that holds the layout files")
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise InputError("no layout files (*.yaml) in this folder", where=folder)
    raw = {path.stem: load_yaml(path, "layout file") for path in files}
    for source in raw.values():
        if not isinstance(source.data, dict):
            raise InputError("a layout file must be a group of keys", where=source.file)
    products = all_products()
    loaded: dict[tuple[str, str], LoadedLayout] = {}
    merged_files: dict[str, Source] = {}
    for stem, source in raw.items():
        if source.data.get("abstract") is True:
            continue
        merged = _merge_extends(stem, raw, (), merged_files)
        layout = validate(merged, Layout, "layout file")
        item = LoadedLayout(layout, merged)
        if item.key in loaded:
            other = loaded[item.key].source.file
            raise InputError(f"two layouts are both '{layout.name}' for {layout.product} "
                             f"(the other is {other.name})", where=source.file,
                             hint="give each layout its own `name:`")
        check_geometry(item, products[layout.product])
        loaded[item.key] = item
    return [loaded[key] for key in sorted(loaded)]


def _merge_extends(stem: str, raw: dict[str, Source], chain: tuple[str, ...],
                   merged: dict[str, Source]) -> Source:
    """The layout ``stem`` with what it extends merged in; each file is merged once
    (``merged``), and a chain longer than MAX_EXTENDS is refused."""
    if stem in merged:
        return merged[stem]
    if stem in chain:
        cycle = " -> ".join(chain + (stem,))
        raise InputError(f"layouts extend each other in a circle: {cycle}",
                         where=raw[chain[-1]].file, field="extends",
                         hint="remove one of the `extends:` lines")
    if len(chain) >= MAX_EXTENDS:
        raise InputError(f"more than {MAX_EXTENDS} layouts extend one another in a chain "
                         f"({' -> '.join(chain[:3])} -> ...)", where=raw[chain[0]].at(("extends",)),
                         field="extends",
                         hint="let a layout extend a shared base directly, not through a "
                              "long chain")
    source = raw[stem]
    parents = source.data.get("extends") or []
    if isinstance(parents, str):
        parents = [parents]
    if not isinstance(parents, list) or not all(isinstance(p, str) for p in parents):
        raise InputError("`extends` must name a layout file or a list of them",
                         where=source.at(("extends",)), field="extends",
                         hint="e.g. `extends: card-base` (the file name without .yaml)")
    data: dict[str, Any] = {}
    positions: dict = {}
    for parent in parents:
        if parent not in raw:
            raise InputError(f"extends '{parent}', but there is no layout file '{parent}.yaml'",
                             where=source.at(("extends",)), field="extends",
                             hint="known layout files: " + ", ".join(sorted(raw)))
        base = _merge_extends(parent, raw, chain + (stem,), merged)
        data = _deep_merge(data, base.data)
        positions.update(base.positions)
    own = {k: v for k, v in source.data.items() if k not in ("extends", "abstract")}
    data = _deep_merge(data, own)
    positions.update(source.positions)
    merged[stem] = Source(source.file, data, positions)
    return merged[stem]


def _deep_merge(base: dict, override: dict) -> dict:
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _deep_merge(result[key], value)
        else:
            result[key] = value
    return result


def check_geometry(item: LoadedLayout, product: Product) -> None:
    """Boxes inside the safe zone, sizes legible for the product."""
    layout, source = item.layout, item.source
    if layout.safe < product.min_safe_mm:
        raise InputError(
            f"safe is {layout.safe} mm; a {product.name} keeps text at least "
            f"{product.min_safe_mm} mm inside the trim", where=source.at(("safe",)),
            field="safe")
    _check_panels(item)
    if product.scope == "locale" and not (layout.cover and layout.contents and layout.flow):
        raise InputError(f"a {product.name} layout needs a `cover:`, a `contents:` page and a "
                         "`flow:` for the topics' text", where=source.file, field="product",
                         hint="extend the protocol layout and add `cover:` and `contents:`, "
                              "as book-a4.yaml does")
    _check_rounding("corner_radius", layout.corner_radius, layout.width, layout.height, source)
    for index, guide in enumerate(layout.guides):
        if guide.x + guide.width > layout.width or guide.y + guide.height > layout.height:
            raise InputError("the guide lies outside the piece", where=source.at(("guides", index)),
                             field=f"guides[{index}]")
        _check_rounding(f"guides[{index}].radius", guide.radius, guide.width, guide.height,
                        source, ("guides", index, "radius"))
    if layout.sheet is not None:
        problem = sheet_problem(layout.width, layout.height, layout.sheet)
        if problem:
            raise InputError(f"layout '{layout.name}' ({source.file.name}): {problem[0]}",
                             where=source.at(("sheet",)), field="sheet", hint=problem[1])
    extra = {name: page for name, page in (("cover", layout.cover),
                                           ("contents", layout.contents)) if page}
    for page_name, page in list(layout.pages.items()) + list(extra.items()):
        spans = page.spans(layout.width)
        for box_name, box in page.boxes.items():
            path = ((page_name,) if page_name in extra else ("pages", page_name)) + (
                "boxes", box_name)
            where = source.at(path)
            field = ".".join(path)
            panel = box.panel or ""
            if panel not in spans:
                known = ", ".join(name for name in spans if name) or "(this page has no panels)"
                raise InputError(
                    f"the box is on panel '{panel}', which this page does not have" if panel
                    else "this page is folded: say which panel the box is on",
                    where=where, field=field, hint=f"use `panel:` with one of: {known}")
            _left, width = spans[panel]
            inner = (box.x + box.padding, box.y + box.padding,
                     box.x + box.width - box.padding, box.y + box.height - box.padding)
            if inner[2] <= inner[0] or inner[3] <= inner[1]:
                raise InputError("the padding leaves no room for text", where=where, field=field)
            limit = (layout.safe, layout.safe, width - layout.safe, layout.height - layout.safe)
            outside = (inner[0] < limit[0] - 1e-6 or inner[1] < limit[1] - 1e-6
                       or inner[2] > limit[2] + 1e-6 or inner[3] > limit[3] + 1e-6)
            if outside:
                what = f"panel '{panel}' ({width:g} x {layout.height:g} mm)" if panel else (
                    f"this {layout.width:g} x {layout.height:g} mm {product.name}")
                raise InputError(
                    f"the box's text area ({inner[0]:g}, {inner[1]:g}) to ({inner[2]:g}, "
                    f"{inner[3]:g}) mm is outside the safe zone ({limit[0]:g}, {limit[1]:g}) "
                    f"to ({limit[2]:g}, {limit[3]:g}) mm of {what}", where=where, field=field,
                    hint="move or shrink the box, or add padding")
            _check_sizes(product, box.blocks, box.size, source, path, field)
    _check_flow(item, product)


def _check_flow(item: LoadedLayout, product: Product) -> None:
    """Flow frames inside the safe zone; the flow's text and its after-boxes legible."""
    layout, source = item.layout, item.source
    for page_name, page in list(layout.pages.items()) + [("contents", layout.contents)]:
        frame = page.flow if page is not None else None
        if frame is None:
            continue
        path = ("pages", page_name, "flow") if page_name in layout.pages else ("contents", "flow")
        limit = (layout.safe, layout.safe, layout.width - layout.safe, layout.height - layout.safe)
        if (frame.x < limit[0] - 1e-6 or frame.y < limit[1] - 1e-6
                or frame.x + frame.width > limit[2] + 1e-6
                or frame.y + frame.height > limit[3] + 1e-6):
            raise InputError(
                f"the flow frame ({frame.x:g}, {frame.y:g}) to ({frame.x + frame.width:g}, "
                f"{frame.y + frame.height:g}) mm is outside the safe zone ({limit[0]:g}, "
                f"{limit[1]:g}) to ({limit[2]:g}, {limit[3]:g}) mm", where=source.at(path),
                field=".".join(str(p) for p in path), hint="move or shrink the frame")
    if layout.flow is None:
        return
    flow = layout.flow
    _check_sizes(product, flow.blocks, flow.size, source, ("flow",), "flow")
    width = min(page.flow.width for page in layout.pages.values() if page.flow)
    for group, box_name, box in [(g, n, b) for g in ("before", "after")
                                 for n, b in getattr(flow, g).items()]:
        path = ("flow", group, box_name)
        if box.x + box.width > width + 1e-6:
            raise InputError(f"the box reaches {box.x + box.width:g} mm from the frame's left "
                             f"edge; the flow frames are {width:g} mm wide",
                             where=source.at(path), field=f"flow.{group}.{box_name}",
                             hint="make the box narrower or move it left")
        _check_sizes(product, box.blocks, box.size, source, path, f"flow.{group}.{box_name}")


def _check_sizes(product: Product, blocks, size, source: Source, path: tuple,
                 field: str) -> None:
    """Every block can only be set at sizes the product allows for it."""
    for number, block in enumerate(blocks):
        low, high = product.size_limits(block.block)
        smallest = size.min * block.scale
        largest = size.max * block.scale
        block_where = source.at(path + ("blocks", number))
        if smallest < low - 1e-6:
            raise InputError(
                f"block '{block.block}' could be set at {smallest:g} pt; a "
                f"{product.name} needs at least {low:g} pt for it",
                where=block_where, field=f"{field}.blocks[{number}]",
                hint=f"raise the size.min to {low / block.scale:g} or more")
        if high is not None and largest > high + 1e-6:
            raise InputError(
                f"block '{block.block}' could be set at {largest:g} pt; a "
                f"{product.name} sets it at most {high:g} pt",
                where=block_where, field=f"{field}.blocks[{number}]",
                hint=f"lower the size.max to {high / block.scale:g} or less")


def _check_rounding(field: str, radius: float, width: float, height: float, source: Source,
                    path: tuple = ()) -> None:
    """A corner can be rounded by at most half the shorter side."""
    if radius > min(width, height) / 2 + 1e-6:
        raise InputError(f"a radius of {radius:g} mm is more than half of the {width:g} x "
                         f"{height:g} mm shape it rounds", where=source.at(path or (field,)),
                         field=field, hint=f"use at most {min(width, height) / 2:g} mm")


def _check_panels(item: LoadedLayout) -> None:
    """Panels fill the page, and the folds of the back meet those of the front."""
    layout, source = item.layout, item.source
    folds_by_page: list[tuple[float, ...]] = []
    for page_name, page in layout.pages.items():
        if not page.panels:
            folds_by_page.append(())
            continue
        where = source.at(("pages", page_name, "panels"))
        total = sum(panel.width for panel in page.panels)
        if abs(total - layout.width) > 0.01:
            raise InputError(f"the panels add up to {total:g} mm; the page is {layout.width:g} mm "
                             "wide", where=where, field=f"pages.{page_name}.panels")
        names = [panel.name for panel in page.panels]
        if len(set(names)) != len(names):
            raise InputError("two panels on this page have the same name", where=where,
                             field=f"pages.{page_name}.panels")
        folds_by_page.append(page.folds())
    if len(folds_by_page) >= 2:
        front, back = folds_by_page[0], folds_by_page[1]
        mirrored = tuple(sorted(round(layout.width - x, 3) for x in back))
        if tuple(round(x, 3) for x in front) != mirrored:
            name = list(layout.pages)[1]
            raise InputError(
                "the folds of this page do not meet those of the first page once the sheet is "
                "turned over (left-right)", where=source.at(("pages", name, "panels")),
                field=f"pages.{name}.panels",
                hint="list the back's panels in the reverse order of the front's")
