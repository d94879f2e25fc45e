"""Reading back what a person sees in a PDF: glyph positions and sizes (pdfium)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    bottom: float
    right: float
    top: float
    size: float


def glyphs(path: Path) -> list[list[Glyph]]:
    """Every visible character of every page with its box (pt) and font size."""
    document = pdfium.PdfDocument(str(path))
    pages = []
    for page in document:
        textpage = page.get_textpage()
        found = []
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if not char.strip():
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
            found.append(Glyph(char, left, bottom, right, top, size))
        pages.append(found)
    return pages


def ink_fraction(path: Path, page: int = 0, scale: float = 0.5) -> float:
    """Share of pixels that are not white when the page is rendered."""
    document = pdfium.PdfDocument(str(path))
    image = document[page].render(scale=scale).to_pil().convert("L")
    histogram = image.histogram()
    return 1 - histogram[255] / sum(histogram)


def empty_bands(path: Path, page: int, margin: float, least: float = 5.0,
                span: tuple[float, float] | None = None) -> list[float]:
    """The heights (mm) of the blank bands, ``least`` mm or more, across the page (or the
    panel ``span``, from and to in mm from the left) inside ``margin`` mm from its edges:
    the room left empty, not the space between lines."""
    scale = 4.0
    image = pdfium.PdfDocument(str(path))[page].render(scale=scale).to_pil().convert("L")
    per_mm = 72 / 25.4 * scale
    inset = round(margin * per_mm)
    left, right = (0, image.width) if span is None else (round(span[0] * per_mm),
                                                          round(span[1] * per_mm))
    bands, run = [], 0
    for y in range(inset, image.height - inset):
        if image.crop((left + inset, y, right - inset, y + 1)).getextrema()[0] > 235:
            run += 1
            continue
        bands.append(run)
        run = 0
    bands.append(run)
    return [band / per_mm for band in bands if band / per_mm >= least]


@dataclass(frozen=True)
class Placed:
    """A form XObject (one page of a piece) placed on a sheet with matrix (a b c d e f)."""

    form: str
    matrix: tuple[float, ...]
    guides: tuple[str, ...] = ()  # outlines stroked over it: "dashed" or "rounded"

    def apply(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.matrix
        return (a * x + c * y + e, b * x + d * y + f)


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float
    dashed: bool


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def sheet_content(path: Path, page: int) -> tuple[list[Placed], list[Segment]]:
    """Forms placed on a page, and the straight lines drawn outside any form.

    Reads the content stream the way a viewer does, tracking the transformation
    matrix through q/Q and cm, so positions are where the ink lands.
    """
    import pypdf
    from pypdf.generic import ContentStream

    reader = pypdf.PdfReader(path)
    ops = ContentStream(reader.pages[page].get_contents(), reader).operations
    return _walk(ops)


def form_segments(path: Path, page: int) -> list[Segment]:
    """The straight lines drawn inside the forms placed on a page, where they land."""
    import pypdf
    from pypdf.generic import ContentStream

    reader = pypdf.PdfReader(path)
    pdf_page = reader.pages[page]
    placed, _ = sheet_content(path, page)
    segments = []
    for item in placed:
        form = pdf_page["/Resources"]["/XObject"][item.form].get_object()
        _, inner = _walk(ContentStream(form, reader).operations)
        for s in inner:
            (x1, y1), (x2, y2) = item.apply(s.x1, s.y1), item.apply(s.x2, s.y2)
            segments.append(Segment(x1, y1, x2, y2, s.dashed))
    return segments


def _walk(ops) -> tuple[list[Placed], list[Segment]]:
    stack, ctm, dash = [], IDENTITY, False
    placed: list[Placed] = []
    segments: list[Segment] = []
    start, curves = None, 0
    for operands, op in ops:
        if op == b"q":
            stack.append((ctm, dash))
        elif op == b"Q":
            ctm, dash = stack.pop()
        elif op == b"cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif op == b"d":
            dash = bool(operands[0])
        elif op == b"Do":
            placed.append(Placed(str(operands[0]), tuple(ctm)))
        elif op == b"m":
            start, curves = [float(v) for v in operands], 0
        elif op == b"c":
            curves += 1
        elif op == b"l" and start is not None and tuple(ctm) == IDENTITY:
            segments.append(Segment(*start, *[float(v) for v in operands], dash))
            start = None
        elif op == b"S" and placed and tuple(ctm) == placed[-1].matrix and (dash or curves):
            last = placed[-1]
            kind = "dashed" if dash else "rounded"
            placed[-1] = Placed(last.form, last.matrix, last.guides + (kind,))
    return placed, segments


def _multiply(m, n):
    """m applied first, then n (PDF: cm pre-multiplies the current matrix)."""
    a1, b1, c1, d1, e1, f1 = m
    a2, b2, c2, d2, e2, f2 = n
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


@dataclass(frozen=True)
class Painted:
    """One painting operator of a content stream, with the graphics state in force."""

    operator: str                  # Tj, TJ, S, f, ...
    fill: tuple[float, ...] | None   # operands of the last k/g/rg/sc (None: default)
    stroke: tuple[float, ...] | None
    line_width: float
    overprint: bool                # /OP and /op true and /OPM 1 in force
    stroke_overprint: bool         # /OP true and /OPM 1 in force
    space: str                     # the fill colour space set by cs ('' : device)
    stroke_space: str
    stream: str                    # "page N" or the form's name
    bbox: tuple[float, float, float, float] | None = None  # the path, where it lands
    lines: int = 0                 # straight segments (l, and 4 per re) in the path
    curves: int = 0                # Bezier segments (c, v, y) in the path


_TEXT = {"Tj", "TJ", "'", '"'}
_PAINT = _TEXT | {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}


def painted(path: Path) -> list[Painted]:
    """Every painting operator of every page and form, with its colours and overprint,
    read from the content streams themselves (pypdf)."""
    import pypdf
    from pypdf.generic import ContentStream

    reader = pypdf.PdfReader(path)
    found: list[Painted] = []

    def walk(stream, resources, where: str) -> None:
        states = (resources or {}).get("/ExtGState") or {}
        state = dict(fill=None, stroke=None, width=1.0, OP=False, op=False, OPM=0,
                     space="", stroke_space="", ctm=IDENTITY)
        stack = []
        points, lines, curves = [], 0, 0
        for operands, op in ContentStream(stream, reader).operations:
            op = op.decode("latin-1")
            values = tuple(float(v) for v in operands if isinstance(v, (int, float)))
            if op in ("m", "l", "c", "v", "y"):
                a, b, c, d, e, f = state["ctm"]
                pairs = list(zip(values[0::2], values[1::2]))
                points += [(a * x + c * y + e, b * x + d * y + f) for x, y in pairs]
                lines += op == "l"
                curves += op in ("c", "v", "y")
            elif op == "re":
                x, y, w, h = values
                a, b, c, d, e, f = state["ctm"]
                points += [(a * px + c * py + e, b * px + d * py + f)
                           for px, py in ((x, y), (x + w, y + h))]
                lines += 4
            if op == "q":
                stack.append(dict(state))
            elif op == "Q":
                state = stack.pop()
            elif op == "cm":
                state["ctm"] = _multiply(values, state["ctm"])
            elif op == "gs":
                gs = states[operands[0]].get_object()
                for key in ("/OP", "/op", "/OPM"):
                    if key in gs:
                        state[key[1:]] = gs[key]
                if "/OP" in gs and "/op" not in gs:
                    state["op"] = gs["/OP"]
            elif op in ("k", "g", "rg", "sc", "scn"):
                state["fill"] = values
                if op in ("k", "g", "rg"):
                    state["space"] = ""
            elif op in ("K", "G", "RG", "SC", "SCN"):
                state["stroke"] = values
                if op in ("K", "G", "RG"):
                    state["stroke_space"] = ""
            elif op == "cs":
                state["space"] = str(operands[0])
            elif op == "CS":
                state["stroke_space"] = str(operands[0])
            elif op == "w":
                state["width"] = values[0]
            elif op in _PAINT:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                box = (min(xs), min(ys), max(xs), max(ys)) if points else None
                found.append(Painted(op, state["fill"], state["stroke"], state["width"],
                                     bool(state["OP"] and state["op"] and state["OPM"] == 1),
                                     bool(state["OP"] and state["OPM"] == 1),
                                     state["space"], state["stroke_space"], where, box,
                                     lines, curves))
            if op in _PAINT or op == "n":
                points, lines, curves = [], 0, 0

    for number, page in enumerate(reader.pages, start=1):
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        walk(page.get_contents(), resources, f"page {number}")
        for name, xobject in (resources.get("/XObject") or {}).items():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                form_resources = xobject.get("/Resources")
                walk(xobject, form_resources.get_object() if form_resources else {}, name)
    return found


def origins(path: Path, page: int = 0) -> list[tuple[str, float, float, float]]:
    """Every character of a page with its origin on the baseline (pt) and font size:
    where the PDF puts each glyph, so kerning can be read back."""
    import ctypes

    document = pdfium.PdfDocument(str(path))
    textpage = document[page].get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    found = []
    for index in range(textpage.count_chars()):
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
        found.append((textpage.get_text_range(index, 1), x.value, y.value,
                      pdfium_c.FPDFText_GetFontSize(textpage.raw, index)))
    return found
