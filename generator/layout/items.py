"""What the lay out stage hands to the render stage: positioned drawing items.

Coordinates are PDF points with the origin at the bottom-left of the trimmed
piece. Colours are roles (``text``, ``primary``...) that the render stage
looks up in the organisation's palette, so one laid-out page can be drawn in
RGB for the office or CMYK for the press. Each item may carry a :class:`Tag`:
its place in the logical structure of a tagged PDF (no tag: an artifact).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Role = tuple[str, str]   # a structure element: its standard type and a key naming it


@dataclass(frozen=True)
class Tag:
    """Where an item sits in the piece's logical structure (a tagged PDF).

    ``path`` runs from the outermost element to the one that holds the item, each
    step a standard structure type (``L``, ``LI``, ``Lbl``, ``P``, ``H2``...) with a
    key: items whose steps have the same type and key in a row belong to one element
    (the lines of a paragraph, a paragraph continued on the next page). An item with
    no tag is an artifact: fills, rules, marks. ``rank`` orders the parts of a piece
    the way a person reads them (a card's cover before its back panel), ``lead`` puts
    an item before the rest of its page.
    """

    path: tuple[Role, ...]
    alt: str = ""       # a Figure's alternative text
    actual: str = ""    # what a label drawn as a picture says (a tick box)
    rank: int = 1
    lead: int = 0       # read before the rest of its page, the highest first (a header
                        # drawn after the text: 1; the concept mark: 2)

    @property
    def pagination(self) -> bool:
        """A page number or running header: an artifact of the pagination."""
        return self.path == PAGINATION.path


PAGINATION = Tag((("Artifact", "Pagination"),))


@dataclass(frozen=True)
class Text:
    x: float
    y: float          # baseline
    text: str
    font: str         # "regular" or "bold"
    size: float
    colour: str
    field: str        # the content field it came from, for reports and tests
    angle: float = 0  # degrees counter-clockwise around (x, y)
    outline: float = 0  # pt: drawn as outlined letters of this weight (0: filled)
    tag: Tag | None = None


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str | None = None
    stroke: str | None = None
    line_width: float = 0.5
    radius: float = 0.0
    dash: tuple[float, ...] | None = None
    tag: Tag | None = None


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    line_width: float = 0.5
    dash: tuple[float, ...] | None = None
    tag: Tag | None = None


@dataclass(frozen=True)
class Pictogram:
    name: str
    x: float
    y: float
    size: float
    colour: str
    mark: str
    variant: str = "plain"      # "plain", "dont" or "do" (see generator.render.pictograms)
    paper: str = "background"   # the colour under it, which rings the do/don't marks
    tag: Tag | None = None


@dataclass(frozen=True)
class Graphic:
    """The logo or a QR code, fitted to (x, y, width, height) without distortion."""

    kind: str         # "logo" or "qr"
    x: float
    y: float
    width: float
    height: float
    colour: str       # the QR code's modules
    value: str = ""   # what the QR code encodes
    tag: Tag | None = None


Item = Text | Rect | Line | Pictogram | Graphic


@dataclass(frozen=True)
class Fit:
    """How one box was fitted: for the fit report and for tests."""

    page: str
    box: str
    size: float       # the fitted base size (pt)
    min: float
    max: float
    fields: tuple[str, ...]
    detail: str = ""  # for a picture box: what was placed, e.g. "QR code 24 mm"

    @property
    def room(self) -> str:
        """How the text sat in its range: ``AT MIN, tight`` means it only just fits."""
        if self.size >= self.max:
            return "at max"
        return "AT MIN, tight" if self.size <= self.min else "fitted"


@dataclass(frozen=True)
class Page:
    name: str
    items: tuple[Item, ...]
    folds: tuple[float, ...] = ()  # x (pt) of each fold line


@dataclass(frozen=True)
class Document:
    """One laid-out piece: its finished size, pages and metadata."""

    product: str
    layout: str
    locale: str
    topic: str
    width: float      # pt, trimmed
    height: float
    pages: tuple[Page, ...]
    fits: tuple[Fit, ...]
    title: str
    author: str
    subject: str
    language: str
    keywords: str
    version: str = ""
    date: str = ""                  # the content's date (ISO), never the build time
    corner_radius: float = 0.0      # pt; drawn as a cut guide on office sheets
    guides: tuple[Rect, ...] = ()   # physical features, as on the first page
    sheet: Any = None               # model.layout.Sheet for an office N-up sheet
    folded: tuple[float, float] | None = None  # pt, once folded
    logo: Any = None                # logo.Logo drawn by Graphic("logo") items
    pictograms: Any = None          # the pictogram library the Pictogram items name
    description: str = ""           # the layout's: what it is for
    printing: str = ""              # the layout's: how to print it
    concept: bool = False           # not approved: every page carries the concept mark
    outline: tuple = ()             # bookmarks: (title, level, page index, y pt), in order
