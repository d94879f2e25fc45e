"""Preflight: check finished PDFs the way a print shop does, and say why one fails.

Each check reads the PDF itself (pikepdf for its structure, opened once for
all of them and the tagging; pdfium for what is printed where), never
drukwerk's own idea of what it drew, so the same checks serve our output and
any file handed in. Press files (a TrimBox inside the
MediaBox) are held to press rules: bleed, CMYK only, no transparency,
300 ppi images. Office files to office rules. Every file is also checked
for tagging (:mod:`.accessibility`): an office piece must be a tagged PDF;
print sheets and press files may be untagged, and so may a file handed in,
but where a file is tagged its tagging must pass.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..colour import RGB, contrast, minimum_contrast
from ..errors import InputError
from ..inputs.files import read_bounded
from ..inputs.logo import MIN_PPI
from ..units import MM

MIN_TEXT_PT = 7.0            # PRINT.md: nothing on a card below 7 pt
MIN_BLEED_MM = 2.0           # some print shops ask 2 mm; drukwerk writes 3
RENDER_PPI = 72              # the resolution the page-size limit below is stated at
INKED = 40                   # a pixel this far from white (0-255 per channel) carries ink
BLEED_GAP_SHARE = 0.01       # an edge fails when more than 1 % of it lacks bleed
# A PDF open in pdfium and each page rendered (picture, pixels per point, the page
# open in pdfium, read again by the checks rather than loaded twice). Pages are
# rendered at the preview's resolution (generator.output.preview.ppi_for: 150 ppi for
# a card, 100 for A4, 50 for a poster), enough to see a 1 mm band and sample the
# background around text of the sizes each product uses.
Opened = tuple[Any, list[tuple[Any, float, Any]]]
# A file handed in is checked only within these limits (a 2 KB PDF can hold 20,000
# pages, or a page of 5 m by 5 m): beyond them the report says why it was not checked.
MAX_PAGES = 500
MAX_PAGE_PIXELS = 60_000_000  # a 5 m by 1 m banner is 40 million at 72 ppi
MAX_PDF_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Report:
    name: str
    mode: str
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def reasons(self) -> list[str]:
        return [f"{f.check}: {f.detail}" for f in self.findings if not f.ok]


def check_pdf(data: bytes, name: str, mode: str | None = None,
              min_text_pt: float = MIN_TEXT_PT, tagged: bool = False,
              opened: Opened | None = None, piece: Report | None = None) -> Report:
    """Run every check on one PDF; ``mode`` None means: infer it from the page boxes.
    ``tagged``: the file must be a tagged PDF (an office piece). ``opened``: the PDF
    already opened in pdfium and its pages rendered, as a build does once for both
    the checks and the previews. ``piece``: for a print sheet, the report of the piece
    its copies are (see :func:`_placed_as_is`), checked in the same build."""
    import pikepdf
    import pypdfium2 as pdfium

    from .page_objects import forms_placed
    from .preview import render_pages

    # one parse of the file's objects for every structure check, the tagging's included
    structure = pikepdf.open(io.BytesIO(data))
    document = None  # pdfium's, when opened here; otherwise the caller's to close
    try:
        printed = without_die_lines(data)
        if opened is None or printed is not data:
            # a die line is not printed: a file with one is rendered anew without it
            document = pdfium.PdfDocument(printed)
            opened = (document, render_pages(document, annotations=False))
        if mode is None:
            mode = "press" if _has_trim_inside_media(structure) else "office"
        findings = [
            _boxes(structure, mode),
            _fonts(structure),
            _colour_spaces(structure, mode),
            _transparency(structure, mode),
        ]
        _, rendered = opened
        # a sheet whose copies are all placed as is: its own text is measured, and the
        # copies' findings are its piece's (see _with_piece)
        own = piece is not None and all(_placed_as_is(copy) for _, _, page in rendered
                                        for copy in forms_placed(page))
        pages = [_PageView(page, image, scale, form_text=not own)
                 for image, scale, page in rendered]
        text = [_smallest_text(pages, min_text_pt), _lowest_contrast(pages)]
        if own and piece is not None:
            text = [_with_piece(finding, piece, pages) for finding in text]
        findings += [_bleed(pages, mode), *text, _images(pages, mode)]
        findings.append(_tagging(structure, tagged))
        findings.append(Finding("version", True, f"PDF {data[5:8].decode('ascii', 'replace')}"))
        if mode == "press":
            findings.append(_pdfx(structure, data, findings))
    finally:
        structure.close()
        if document is not None:
            document.close()
    return Report(name, mode, tuple(findings))


def _pdfx(pdf, data: bytes, findings: list[Finding]) -> Finding:
    """The PDF/X-1a:2001 verdict: its own rules, and the findings above that are PDF/X rules."""
    from .pdfx_check import PDFX_RULES, pdfx_problems

    checked = pdfx_problems(pdf, data)
    if checked is None:
        return Finding("PDF/X", False, "the file claims no PDF/X version (no /GTS_PDFXVersion); "
                                       "press files are PDF/X-1a:2001")
    condition, problems = checked
    problems += [f"{f.check} (see above)" for f in findings if f.check in PDFX_RULES and not f.ok]
    if problems:
        return Finding("PDF/X-1a:2001", False, "fails: " + "; ".join(problems))
    return Finding("PDF/X-1a:2001", True, f"pass ({condition})")


DIE_LINE_SPOTS = (b"/CutContour",)  # spot colours that mark where to cut, never printed


def without_die_lines(data: bytes) -> bytes:
    """The PDF as it prints: paths stroked or filled in a die-line spot colour
    (CutContour) are left out, as the print shop's RIP leaves them out, so the die
    line along the trim is not taken for art that should run into the bleed."""
    if not any(spot in data for spot in DIE_LINE_SPOTS):
        return data
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            _drop_die_paths(pdf, page.obj)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _drop_die_paths(pdf, owner) -> None:
    import pikepdf

    resources = owner.get("/Resources") or {}
    spaces = resources.get("/ColorSpace") or {}
    die = {str(name) for name, space in spaces.items()
           if isinstance(space, pikepdf.Array) and len(space) > 1
           and str(space[0]) == "/Separation" and str(space[1]).encode() in DIE_LINE_SPOTS}
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            _drop_die_paths(pdf, xobject)
    if not die:
        return
    stroke = fill = False
    stack, kept = [], []
    for instruction in pikepdf.parse_content_stream(owner):
        operands, operator = instruction.operands, instruction.operator
        op = str(operator)
        if op == "q":
            stack.append((stroke, fill))
        elif op == "Q" and stack:
            stroke, fill = stack.pop()
        elif op == "CS":
            stroke = str(operands[0]) in die
        elif op == "cs":
            fill = str(operands[0]) in die
        elif op in ("K", "RG", "G"):
            stroke = False
        elif op in ("k", "rg", "g"):
            fill = False
        elif (op in ("S", "s") and stroke) or (op in ("f", "F", "f*") and fill) \
                or (op in ("B", "B*", "b", "b*") and stroke and fill):
            operator = pikepdf.Operator("n")  # end the path without painting it
        kept.append((operands, operator))
    data = pikepdf.unparse_content_stream(kept)
    if isinstance(owner, pikepdf.Stream):
        owner.write(data)
    else:
        owner.Contents = pdf.make_stream(data)


def check_files(paths: list[Path], manifest: dict[str, dict] | None = None) -> list[Report]:
    """Preflight files on disk; the manifest (by absolute path) gives mode and product."""
    from ..model.products import all_products

    products = all_products()
    reports = []
    for path in paths:
        row = (manifest or {}).get(str(Path(path).resolve()), {})
        product = products.get(row.get("product", ""))
        minimum = product.min_text_pt if product else MIN_TEXT_PT
        try:
            data = read_bounded(Path(path), MAX_PDF_BYTES, "PDF")
        except InputError as refused:  # a pipe, a folder, a device, far too large
            data, unreadable = b"", refused.message
        else:
            unreadable = _unreadable(data)
        if not unreadable:
            piece = row.get("mode") == "office" and not row.get("sheet")
            try:
                reports.append(check_pdf(data, str(path), row.get("mode"), minimum,
                                         tagged=piece))
                continue
            except Exception as exc:  # noqa: BLE001  a structure no print shop could use either
                unreadable = f"cannot be checked: the PDF is damaged ({type(exc).__name__}: {exc})"
        reports.append(Report(str(path), row.get("mode") or "?",
                              (Finding("file", False, unreadable),)))
    return reports


def _tagging(pdf, required: bool) -> Finding:
    from .accessibility import tagging_of

    found = tagging_of(pdf)
    if required and not found.tagged:
        return Finding("tagged", False, f"{found.summary}; an office piece must be tagged")
    return Finding("tagged", not found.problems, found.summary)


def _unreadable(data: bytes) -> str:
    """Why a file handed in cannot be checked at all ("" when it can)."""
    import logging

    import pypdf
    import pypdfium2 as pdfium

    if not data.startswith(b"%PDF-"):
        return "this is not a PDF file"
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are ours to report
    try:
        pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
        document = pdfium.PdfDocument(data)
        try:
            if len(document) > MAX_PAGES:
                return f"the PDF has {len(document)} pages; preflight checks at most {MAX_PAGES}"
            for index in range(len(document)):
                width, height = document.get_page_size(index)
                pixels = width * height * (RENDER_PPI / 72) ** 2
                if not pixels <= MAX_PAGE_PIXELS:  # NaN included
                    return (f"page {index + 1} is {width / MM:.0f} x {height / MM:.0f} mm; "
                            f"preflight checks pages up to {MAX_PAGE_PIXELS // 1_000_000} "
                            f"million pixels at {RENDER_PPI} ppi")
        finally:
            document.close()
    except Exception as exc:  # noqa: BLE001  any parser error means: the print shop cannot use it either
        return f"cannot be read as a PDF ({type(exc).__name__}: {exc})"
    return "" if pages else "the PDF has no pages"


# --- structure (pikepdf) -----------------------------------------------------------------

# pikepdf gives each page the /MediaBox and /Resources it inherits from the page tree.

def _box(page, name: str):
    box = page.obj.get(name)
    return tuple(float(v) for v in box) if box is not None else None


def _has_trim_inside_media(pdf) -> bool:
    page = pdf.pages[0]
    trim, media = _box(page, "/TrimBox"), _box(page, "/MediaBox")
    return trim is not None and trim != media


def _boxes(pdf, mode: str) -> Finding:
    for number, page in enumerate(pdf.pages, start=1):
        media, trim, bleed = (_box(page, n) for n in ("/MediaBox", "/TrimBox", "/BleedBox"))
        if trim is None:
            return Finding("page boxes", False, f"page {number} has no TrimBox")
        if mode == "press":
            if bleed is None:
                return Finding("page boxes", False, f"page {number} has no BleedBox")
            margins = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2],
                       bleed[3] - trim[3])
            if min(margins) < MIN_BLEED_MM * MM - 0.01:
                return Finding("page boxes", False,
                               f"page {number}: the BleedBox reaches only {min(margins) / MM:.1f} mm "
                               f"beyond the TrimBox; at least {MIN_BLEED_MM:g} mm is needed")
            if not _contains(media, bleed):
                return Finding("page boxes", False, f"page {number}: BleedBox outside the MediaBox")
    page = pdf.pages[0]
    trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox")
    detail = f"trim {_mm(trim)}"
    if bleed and bleed != trim:
        detail += f", bleed {(trim[0] - bleed[0]) / MM:.1f} mm"
    return Finding("page boxes", True, detail)


def _contains(outer, inner) -> bool:
    return (outer[0] <= inner[0] + 0.01 and outer[1] <= inner[1] + 0.01
            and outer[2] >= inner[2] - 0.01 and outer[3] >= inner[3] - 0.01)


def _mm(box) -> str:
    return f"{(box[2] - box[0]) / MM:.1f} x {(box[3] - box[1]) / MM:.1f} mm"


def _resources(pdf):
    """Every resource dictionary in use: the pages' and, recursively, their forms'. A
    dictionary shared by pages or forms is given once (an object is known by its number)."""
    seen, stack = set(), [page.obj.get("/Resources") for page in pdf.pages]
    while stack:
        resources = stack.pop()
        if resources is None:
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        yield resources
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                stack.append(xobject.get("/Resources"))


def _fonts(pdf) -> Finding:
    names, missing = set(), set()
    for resources in _resources(pdf):
        for font in (resources.get("/Font") or {}).values():
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            names.add(name.split("+")[-1])
            if font.get("/Subtype") == "/Type3":
                continue
            descriptor_owner = (font["/DescendantFonts"][0]
                                if "/DescendantFonts" in font else font)
            descriptor = descriptor_owner.get("/FontDescriptor")
            descriptor = descriptor if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(name)
    if missing:
        return Finding("fonts", False, "not embedded: " + ", ".join(sorted(missing)))
    return Finding("fonts", True, "embedded: " + (", ".join(sorted(names)) or "no text"))


_COLOUR_OPERATORS = {b"rg": "DeviceRGB", b"RG": "DeviceRGB", b"k": "DeviceCMYK",
                     b"K": "DeviceCMYK", b"g": "DeviceGray", b"G": "DeviceGray"}


_STRINGS = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>")
_OPERATORS = re.compile(rb"(?<![A-Za-z/])(rg|RG|k|K|g|G)(?![A-Za-z])|/([A-Za-z0-9]+)\s+(?:cs|CS)\b")


def _operators_used(data: bytes) -> set[str]:
    """Colour operators in a content stream; strings are blanked first, so text that
    happens to contain "rg" is never read as an operator."""
    used = set()
    for operator, space in _OPERATORS.findall(_STRINGS.sub(b" ", data)):
        used.add(_COLOUR_OPERATORS[operator] if operator else space.decode("ascii"))
    return used


def _colour_spaces(pdf, mode: str) -> Finding:
    used: set[str] = set()
    named: dict[str, str] = {}   # colour space resources by name, e.g. Separation CutContour
    contents = [_page_contents(page) for page in pdf.pages]
    for resources in _resources(pdf):
        for name, space in (resources.get("/ColorSpace") or {}).items():
            named[str(name).lstrip("/")] = _space_name(space)
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == "/Form":
                contents.append(xobject.read_bytes())
            elif xobject.get("/Subtype") == "/Image":
                space = xobject.get("/ColorSpace")
                used.add(_space_name(space))
    for data in contents:
        used |= {named.get(space, space) for space in _operators_used(data)}
    used.discard("")
    rgb = {space for space in used if "RGB" in space}
    if mode == "press" and rgb:
        return Finding("colour", False, f"RGB colour in a press file ({', '.join(sorted(rgb))}); "
                                        "press files use CMYK or grey only")
    return Finding("colour", True, ", ".join(sorted(used)) or "none")


def _page_contents(page) -> bytes:
    """A page's content streams, decoded and joined (/Contents is one stream or several)."""
    import pikepdf

    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(part.read_bytes() for part in contents)
    return contents.read_bytes()


def _space_name(space) -> str:
    import pikepdf

    if space is None:
        return ""
    if isinstance(space, pikepdf.Array):
        base = str(space[0]).lstrip("/")
        if base == "ICCBased":
            components = space[1].get("/N", 3)
            if not isinstance(components, int):
                return base
            return {1: "ICCBased gray", 3: "ICCBased RGB", 4: "ICCBased CMYK"}.get(components, base)
        if base == "Separation":
            return f"Separation {str(space[1]).lstrip('/')}"
        return base
    return str(space).lstrip("/")


def _transparency(pdf, mode: str) -> Finding:
    found = []
    for resources in _resources(pdf):
        for state in (resources.get("/ExtGState") or {}).values():
            for key in ("/CA", "/ca"):
                if key in state and float(state[key]) < 1:
                    found.append(f"opacity {float(state[key]):g}")
            if state.get("/SMask") not in (None, "/None"):
                found.append("soft mask")
        for xobject in (resources.get("/XObject") or {}).values():
            if "/SMask" in xobject:
                found.append("image with an alpha channel")
    if found and mode == "press":
        return Finding("transparency", False, ", ".join(sorted(set(found))) +
                       "; press files must be flat (PDF/X-1a)")
    return Finding("transparency", True, ", ".join(sorted(set(found))) or "none")


# --- a print sheet's copies: checked as their piece ----------------------------------------

def _placed_as_is(matrix) -> bool:
    """A copy on a print sheet that prints its text as the piece does: at its size and
    unmirrored, moved and at most turned by quarter turns. The piece's smallest text and
    lowest contrast then hold for the copy too; a copy scaled, mirrored or turned at
    another angle is checked on the sheet itself."""
    a, b, c, d = (round(value, 6) for value in matrix[:4])
    return {abs(a), abs(b), abs(c), abs(d)} <= {0, 1} and a * d - b * c == 1


def _with_piece(finding: Finding, piece: Report, pages: list[_PageView]) -> Finding:
    """A sheet's text finding: its copies' from its piece's report, and the sheet's own
    text (``finding``, made from it alone) where it has any."""
    copies = next(f for f in piece.findings if f.check == finding.check)
    detail = f"as its piece: {copies.detail}"
    if any(view.texts for view in pages):
        detail += f"; its own text: {finding.detail}"
    return Finding(finding.check, finding.ok and copies.ok, detail)


# --- what is printed (pdfium) ---------------------------------------------------------------

class _PageView:
    """One page: its boxes, its text objects with sizes and colours, and a rendering."""

    def __init__(self, page, image, scale: float, form_text: bool = True) -> None:
        """``form_text`` False: the text inside forms placed on the page (a print sheet's
        copies of its piece) is left out, and the page's own text read."""
        from .page_objects import read_page

        self.page = page
        self.media = page.get_mediabox()
        self.trim = page.get_trimbox()
        self.scale = scale   # pixels per point of ``image``, the page rendered
        self.image = image
        self.pixels = self.image.load()
        # Pillow's core image: crop and count colours in C, without Image's wrapping per
        # strip (what Image.crop and Image.getcolors call for an RGB picture)
        self.core = self.image.im
        textpage = page.get_textpage()
        try:
            self.contents = read_page(page, textpage, form_text)
        finally:
            textpage.close()
        self.texts = self.contents.texts

    def inside_trim(self, box) -> bool:
        left, bottom, right, top = self.trim
        return box[0] >= left - 0.5 and box[2] <= right + 0.5 and box[1] >= bottom - 0.5 \
            and box[3] <= top + 0.5

    def pixel_box(self, box, pad: float) -> tuple[int, int, int, int]:
        """``box`` (page points) grown by ``pad`` pixels, in pixels: left, top, right, bottom."""
        return (max(0, int((box[0] - self.media[0]) * self.scale - pad)),
                max(0, int((self.media[3] - box[3]) * self.scale - pad)),
                min(self.image.width, int((box[2] - self.media[0]) * self.scale + pad) + 1),
                min(self.image.height, int((self.media[3] - box[1]) * self.scale + pad) + 1))

    def ring(self, box, pad: float) -> Counter:
        """Pixel counts by colour in a ring ``pad`` pixels wide around ``box``: four
        strips, so the pixels inside the box are never counted."""
        outer, inner = self.pixel_box(box, pad), self.pixel_box(box, 0.0)
        left, top, right, bottom = outer
        if right <= left or bottom <= top:
            return Counter()
        if inner[2] <= inner[0] or inner[3] <= inner[1]:
            strips = [outer]
        else:
            strips = [(left, top, right, inner[1]), (left, inner[3], right, bottom),
                      (left, inner[1], inner[0], inner[3]), (inner[2], inner[1], right, inner[3])]
        found: Counter = Counter()
        for strip in strips:
            width, height = strip[2] - strip[0], strip[3] - strip[1]
            if width > 0 and height > 0:
                for count, colour in self.core.crop(strip).getcolors(width * height):
                    found[colour] += count
        return found

    def pixel(self, x: float, y: float) -> tuple[int, int, int] | None:
        """The rendered colour at page point (x, y), or None outside the image."""
        px = int((x - self.media[0]) * self.scale)
        py = int((self.media[3] - y) * self.scale)
        if 0 <= px < self.image.width and 0 <= py < self.image.height:
            return self.pixels[px, py]
        return None


def _inked(colour) -> bool:
    return colour is not None and max(255 - channel for channel in colour) > INKED


def _bleed(pages: list[_PageView], mode: str) -> Finding:
    if mode != "press":
        return Finding("bleed", True, "not needed (office)")
    for number, view in enumerate(pages, start=1):
        left, bottom, right, top = view.trim
        inside, outside = 1.0 * MM, 1.5 * MM
        step = 1 / view.scale
        edges = {
            "left": [((left + inside, y), (left - outside, y)) for y in _range(bottom, top, step)],
            "right": [((right - inside, y), (right + outside, y)) for y in _range(bottom, top, step)],
            "bottom": [((x, bottom + inside), (x, bottom - outside)) for x in _range(left, right, step)],
            "top": [((x, top - inside), (x, top + outside)) for x in _range(left, right, step)],
        }
        for edge, pairs in edges.items():
            missing = sum(1 for a, b in pairs
                          if _inked(view.pixel(*a)) and not _inked(view.pixel(*b)))
            if pairs and missing / len(pairs) > BLEED_GAP_SHARE:
                return Finding("bleed", False,
                               f"page {number}: colour touches the {edge} trim edge but does not "
                               "extend into the bleed")
    return Finding("bleed", True, "backgrounds that touch the trim extend into the bleed")


def _range(start: float, stop: float, step: float):
    value = start + step / 2
    while value < stop:
        yield value
        value += step


def _smallest_text(pages: list[_PageView], minimum: float) -> Finding:
    sizes = [text.size for view in pages for text in view.texts if view.inside_trim(text.box)]
    if not sizes:
        return Finding("text size", True, "no text")
    smallest = min(sizes)
    if smallest < minimum - 0.01:
        return Finding("text size", False,
                       f"text at {smallest:g} pt; nothing may be smaller than {minimum:g} pt")
    return Finding("text size", True, f"smallest {smallest:g} pt")


def _lowest_contrast(pages: list[_PageView]) -> Finding:
    worst = None
    for number, view in enumerate(pages, start=1):
        for box, size, colour, bold in _runs(view):
            background = _background(view, box, colour)
            if background is None:
                continue
            ratio = contrast(_rgb(colour), _rgb(background))
            needed = minimum_contrast(size, bold)
            if worst is None or ratio / needed < worst[0] / worst[1]:
                worst = (ratio, needed, number, size)
    if worst is None:
        return Finding("contrast", True, "no text")
    ratio, needed, number, size = worst
    if ratio < needed - 0.005:
        return Finding("contrast", False, f"page {number}: text at {size:g} pt has a contrast of "
                                          f"{ratio:.2f}:1 with its background; it needs {needed:g}:1")
    return Finding("contrast", True, f"lowest {ratio:.2f}:1 (needs {needed:g}:1)")


def _runs(view: _PageView):
    """Text objects inside the trim merged into runs on one baseline with one look, so
    the background is sampled once around a line instead of around every word. A
    baseline is a shared origin y, or a shared origin x for text turned a quarter. An
    object joins the run before it when it is less than 0.6 of its size away."""
    left, bottom, right, top = view.trim
    runs: list[list] = []
    last: list | None = None
    for box, size, colour, bold, origin in view.texts:
        if not (box[0] >= left - 0.5 and box[2] <= right + 0.5 and box[1] >= bottom - 0.5
                and box[3] <= top + 0.5):
            continue   # outside the trim (see _PageView.inside_trim)
        if last is not None and last[1] == size and last[2] == colour and last[3] == bold:
            run = last[0]
            gap = max(0.0, box[0] - run[2], run[0] - box[2], box[1] - run[3], run[1] - box[3])
            if gap < size * 0.6 and (origin[1] == last[4][1] or origin[0] == last[4][0]):
                last[0] = (min(run[0], box[0]), min(run[1], box[1]), max(run[2], box[2]),
                           max(run[3], box[3]))
                continue
        last = [tuple(box), size, colour, bold, origin]
        runs.append(last)
    return [tuple(run[:4]) for run in runs]


def _background(view: _PageView, box, text_colour) -> tuple[int, int, int] | None:
    """The commonest colour in a thin ring just outside a run of text, ignoring the text colour."""
    ring = view.ring(box, pad=2.0)
    for colour, _ in sorted(ring.items(), key=lambda item: (-item[1], item[0])):
        if sum(abs(a - b) for a, b in zip(colour, text_colour)) > 60:
            return colour
    return None


def _rgb(colour) -> RGB:
    return RGB(*(channel / 255 for channel in colour))


def _images(pages: list[_PageView], mode: str) -> Finding:
    lowest = None
    for view in pages:
        for image in view.contents.images:
            (width_px, height_px), (width, height) = image
            if width <= 0 or height <= 0:
                continue
            ppi = min(width_px / (width / 72), height_px / (height / 72))
            lowest = ppi if lowest is None else min(lowest, ppi)
    if lowest is None:
        return Finding("images", True, "none (all vector)")
    minimum = MIN_PPI[mode]
    if lowest < minimum - 0.5:
        return Finding("images", False, f"an image prints at {lowest:.0f} ppi; "
                                        f"{mode} files need {minimum} ppi")
    return Finding("images", True, f"lowest {lowest:.0f} ppi")
