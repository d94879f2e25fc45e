"""Typed model of a layout file (``layouts/*.yaml``).

Units: lengths in millimetres measured from the top-left corner of the
finished (trimmed) piece; font sizes in points. The README documents every
field; :data:`generator.model.block_kinds.BLOCK_KINDS` lists the blocks a box can hold.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ..errors import HOW, problem
from ..inputs.names import check_layout_name

from .block_kinds import BLOCK_KINDS
from .products import all_products
from .schema import Labels

ColourRole = Literal["primary", "accent", "positive", "text", "muted", "background", "tint"]

GRAPHIC_BLOCKS = tuple(name for name, kind in BLOCK_KINDS.items() if kind.graphic)
# Labels a heading may print: not the language tag, not the page template.
HEADING_LABELS = frozenset(Labels.model_fields) - {"language", "page_of"}
ProfileFeature = Literal["logo", "protocol_url"]
if TYPE_CHECKING:
    BlockKind = str  # the registry's names, checked at run time
else:
    BlockKind = Literal[tuple(BLOCK_KINDS)]

# Upper bounds keep a typo (or a hostile file) from asking for a page or a
# letter so large that drawing, fitting or placing it takes minutes.
MAX_MM = 5000.0    # PDF readers refuse pages over 200 inches (5080 mm)
MAX_SHEET_MM = 1000.0  # an office sheet is A4 or A3; a plotter's roll is about 1 m wide
MAX_PT = 1000.0    # poster titles are 96 pt; the fitting tries every quarter point up to max
MAX_EMS = 10.0     # scales, pictograms and spacing relative to the text size
MAX_BLEED_MM = 25.0  # print shops ask 2-5 mm

Length = Annotated[float, Field(ge=0, le=MAX_MM)]        # mm, may be 0
Extent = Annotated[float, Field(gt=0, le=MAX_MM)]        # mm, more than 0
SheetExtent = Annotated[float, Field(gt=0, le=MAX_SHEET_MM)]
FontSize = Annotated[float, Field(gt=0, le=MAX_PT)]
Ems = Annotated[float, Field(gt=0, le=MAX_EMS)]


class Strict(BaseModel):
    # allow_inf_nan: `.inf` and `.nan` are numbers to YAML, never sizes to us.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class SizeRange(Strict):
    """Fitted text takes the largest size from max down to min that fits the box."""

    min: FontSize
    max: FontSize

    @model_validator(mode="after")
    def _ordered(self) -> SizeRange:
        if self.min > self.max:
            raise ValueError(problem(f"min ({self.min} pt) is larger than max ({self.max} pt)",
                                     "swap them, or make them equal"))
        return self


class Block(Strict):
    """One piece of content placed in a box."""

    block: BlockKind
    label: str | None = None          # for `heading`: a key of the labels file
    first: Annotated[int, Field(ge=1)] | None = None  # list blocks: first item (1-based)
    last: Annotated[int, Field(ge=1)] | None = None   # list blocks: last item (1-based)
    scale: Ems = 1.0                  # size relative to the box's fitted size
    bold: bool | None = None          # default depends on the block kind
    colour: ColourRole | None = None  # default: the box's colour
    space_after: Annotated[float, Field(ge=0, le=MAX_EMS)] = 0.5  # in ems of its size
    icon: Ems = 1.6                   # tips, tips_easy: pictogram size in ems

    @model_validator(mode="after")
    def _label_for_heading(self) -> Block:
        if self.block == "heading" and not self.label:
            raise ValueError(problem("a heading block needs a `label:`",
                                     "add `label:` with a key of the labels file, e.g. checks"))
        if self.label is not None and self.label not in HEADING_LABELS:
            raise ValueError(f"'{self.label}' is not a label a heading can print" + HOW
                             + "choose one of: "
                             + ", ".join(sorted(HEADING_LABELS)))
        if self.first and self.last and self.first > self.last:
            raise ValueError(problem(f"first ({self.first}) is after last ({self.last})",
                                     "swap them"))
        return self


class Box(Strict):
    """A rectangle on a page that holds blocks, all fitted to one text size."""

    panel: str | None = None          # x is measured from this panel's left edge
    x: Length
    y: Length
    width: Extent
    height: Extent
    size: SizeRange
    leading: Annotated[float, Field(ge=1.0, le=2.0)] = 1.2  # line height / font size
    align: Literal["left", "center"] = "left"
    balance: bool = False             # lines of even length, for short display text
    valign: Literal["top", "middle", "bottom", "spread"] = "top"  # spread: room shared out
    equal_rows: bool = False          # list items all as tall as the tallest
    colour: ColourRole = "text"
    fill: ColourRole | None = None
    padding: Length = 0.0             # mm inside the box before text starts
    only_with: ProfileFeature | None = None     # drawn only when the profile has this
    only_without: ProfileFeature | None = None  # drawn only when the profile lacks this
    blocks: list[Block] = Field(min_length=1)

    @model_validator(mode="after")
    def _graphics_alone(self) -> Box:
        kinds = [block.block for block in self.blocks]
        for kind in GRAPHIC_BLOCKS:
            if kind in kinds and len(kinds) > 1:
                raise ValueError(f"a '{kind}' block has its box to itself" + HOW + "put the other "
                                 "blocks in a box of their own")
        return self

    @property
    def graphic(self) -> str | None:
        kind = self.blocks[0].block
        return kind if kind in GRAPHIC_BLOCKS else None


class Panel(Strict):
    """A part of a folded page between folds; text keeps the safe zone from its edges."""

    name: Annotated[str, Field(min_length=1)]
    width: Extent


class Frame(Strict):
    """Where a layout's flow runs on a page (mm from the page's top-left corner)."""

    x: Length
    y: Length
    width: Extent
    height: Extent


class Page(Strict):
    panels: list[Panel] = Field(default_factory=list)  # left to right; none: one panel
    boxes: dict[str, Box] = Field(min_length=1)
    flow: Frame | None = None         # the layout's flow continues in this frame

    def spans(self, width: float) -> dict[str, tuple[float, float]]:
        """Panel name -> (left edge, width) in mm; one unnamed panel when none are set."""
        if not self.panels:
            return {"": (0.0, width)}
        spans, left = {}, 0.0
        for panel in self.panels:
            spans[panel.name] = (left, panel.width)
            left += panel.width
        return spans

    def folds(self) -> tuple[float, ...]:
        """The fold lines: x (mm) of every edge between two panels."""
        edges, left = [], 0.0
        for panel in self.panels[:-1]:
            left += panel.width
            edges.append(left)
        return tuple(edges)


class Guide(Strict):
    """A physical feature drawn as a dashed cut guide in office mode (a badge slot, a hole).

    Given as seen on the first page; on the back it is mirrored left-right.
    """

    x: Length
    y: Length
    width: Extent
    height: Extent
    radius: Length = 0.0


class Sheet(Strict):
    """The office print sheet that copies of the piece are placed on, with cut marks."""

    width: SheetExtent = 210.0
    height: SheetExtent = 297.0
    margin: Length = 5.0            # unprintable edge of office printers
    mark_length: Extent = 5.0
    mark_gap: Length = 1.5          # between the pieces and the start of a cut mark


class Flow(Strict):
    """Text that runs from frame to frame over as many pages as it needs, so approved
    text is never shortened to fit: the protocol sheet. It is set at the largest size
    in ``size`` that needs no more pages than the smallest size would."""

    size: SizeRange
    leading: Annotated[float, Field(ge=1.0, le=2.0)] = 1.2
    colour: ColourRole = "text"
    align: Literal["left"] = "left"   # ragged right: easier for less practised readers
    blocks: list[Block] = Field(min_length=1)
    # Boxes set side by side before the text (the header with the document control) and
    # after it (the meldpunt and the QR code), each group kept on one page. x counts
    # from the frame's left edge; y is ignored; the height is the least they get, and
    # they all grow to hold the tallest one's text at its largest size.
    before: dict[str, Box] = Field(default_factory=dict)
    after: dict[str, Box] = Field(default_factory=dict)
    gap: Length = 5.0                 # mm between a group of boxes and the text


def _known_product(name: str) -> str:
    products = all_products()
    if name not in products:
        raise ValueError(problem(f"unknown product '{name}'",
                                 f"choose one of: {', '.join(products)}"))
    return name


class Layout(Strict):
    """A product's geometry: page size, safe zone and the boxes on each page."""

    product: Annotated[str, AfterValidator(_known_product)]
    name: Annotated[str, AfterValidator(check_layout_name)]
    description: str
    printing: str = ""                # how to print it, shown to users
    extends: str | list[str] | None = None
    abstract: bool = False            # a base for other layouts, never built itself
    width: Extent
    height: Extent
    safe: Length = 3.0                # mm from the trim edge that text must keep clear
    bleed: Annotated[float, Field(ge=0, le=MAX_BLEED_MM)] = 3.0  # mm beyond the trim, press
    corner_radius: Length = 0.0       # drawn as a cut guide when set
    guides: list[Guide] = Field(default_factory=list)
    sheet: Sheet | None = None        # set: office mode also makes an N-up print sheet
    pages: dict[str, Page] = Field(min_length=1)
    flow: Flow | None = None          # runs through the pages' frames; the last page repeats
    cover: Page | None = None         # a book's first page
    contents: Page | None = None      # a book's table of contents (its flow frame lists topics)

    @model_validator(mode="after")
    def _flow_has_frames(self) -> Layout:
        framed = [name for name, page in self.pages.items() if page.flow is not None]
        if self.flow is not None and not framed:
            raise ValueError(problem("the layout has a `flow:` but no page has a frame for it",
                                     "give a page `flow: {x, y, width, height}`"))
        if self.flow is None and framed:
            raise ValueError(problem(f"page '{framed[0]}' has a `flow:` frame, but the layout "
                                     "has no `flow:` to run in it",
                                     "add the layout's `flow:`, or remove the frame"))
        if self.contents is not None and self.contents.flow is None:
            raise ValueError(problem("the `contents:` page needs a `flow:` frame for the list of "
                                     "topics", "give it `flow: {x, y, width, height}`"))
        return self

    @property
    def folded(self) -> tuple[float, float] | None:
        """The size once folded (mm), for layouts with panels."""
        widths = [panel.width for page in self.pages.values() for panel in page.panels]
        return (max(widths), self.height) if widths else None
