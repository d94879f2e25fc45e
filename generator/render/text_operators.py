"""Text operators: a shaped line of text written as PDF content directly.

ReportLab's ``textOut`` turns a shaped string into ``[(..) 28 (..)] TJ`` anew for
every line it draws, with generic code: every glyph's kerning is added up, grouped
and formatted each time, though a batch draws the same lines in every document.
The shape of a line's operators (where the runs of glyphs break and the kerning
between them) does not depend on the document; only the bytes of the glyphs do
(a document numbers its font subset's glyphs in the order it first uses them).
So each text is laid out once per style as a template of glyph runs and kerning
numbers (:func:`_template`), and drawing it only fills the runs with the
document's glyph codes. The operators are the very ones ReportLab writes (a test
compares them); a text this does not cover (marks raised or lowered by the
shaping, glyphs beyond the first subset of 256) is left to ReportLab.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import groupby
from typing import Any

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import ShapedStr

from ..inputs import fonts
from ..layout import shaping

# A template: glyph runs, each (first, end) character indices, and kerning numbers
# already formatted (thousandths of an em, as ``TJ`` takes them).
Template = tuple[tuple[int, int] | str, ...]


def draw_text(canvas: Any, text: str, style: str, size: float, x: float, y: float,
              render_mode: int = 0) -> None:
    """Draw ``text`` (unshaped) in ``style`` at ``size`` with its baseline starting at
    (x, y), kerned as the lay-out measured it: what ``canvas.beginText(x, y)``,
    ``textOut(shaping.shape(text, style))`` and ``canvas.drawText`` write."""
    name = fonts.font_name(style)
    canvas.setFont(name, size)
    template = _template(text, style)
    operators = None if template is None else _fill(canvas, getFont(name), template,
                                                    shaping.shape(text, style), size)
    if operators is None:  # ReportLab's own way
        written = canvas.beginText(x, y)
        if render_mode:
            written.setTextRenderMode(render_mode)
        written.textOut(shaping.shape(text, style))
        canvas.drawText(written)
        return
    mode = f" {render_mode} Tr" if render_mode else ""
    canvas._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm{mode} {operators} ET")


def _fill(canvas: Any, font: Any, template: Template, shaped: str, size: float) -> str | None:
    """The template's operators with this document's glyph codes; ``None`` when the
    text's glyphs do not all fall in one subset of the font."""
    doc = canvas._doc
    encoded = _encoded(font, shaped, doc)
    if encoded is None:
        return None
    subset, codes = encoded
    font_operators = (f"{font.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf "
                      f"{fp_str(canvas._leading)} TL")
    if len(template) == 1 and not isinstance(template[0], str):
        first, end = template[0]
        return f"{font_operators} ({escapePDF(codes[first:end])}) Tj"
    runs = [piece if isinstance(piece, str) else f"({escapePDF(codes[piece[0]:piece[1]])})"
            for piece in template]
    return f"{font_operators} [{' '.join(runs)}] TJ"


def _encoded(font: Any, text: str, doc: Any) -> tuple[int, bytes] | None:
    """(subset, the glyph codes of ``text``) in this document's numbering, giving new
    characters their codes as ReportLab does; ``None`` for more than one subset."""
    state = font.state.get(doc)
    if state is not None:
        try:  # every character already has its code below 256: nothing to assign
            return 0, bytes(map(state.assignments.__getitem__, map(ord, text)))
        except (KeyError, ValueError):
            pass
    chunks = font.splitString(text, doc)
    if len(chunks) != 1:
        return None
    return chunks[0]


@lru_cache(maxsize=65536)
def _template(text: str, style: str) -> Template | None:
    """How ReportLab's ``_formatText`` lays out ``text`` shaped in ``style`` (no raised or
    lowered glyphs): its runs of glyphs and the kerning between them."""
    shaped = shaping.shape(text, style)
    if not shaped:
        return None
    if not isinstance(shaped, ShapedStr):
        return ((0, len(shaped)),)
    data = shaped.__shapeData__
    if len(data) != len(shaped) or any(glyph.y_offset or glyph.cluster < 0 for glyph in data):
        return None
    # Per glyph, as ReportLab adds them: the offset back, the glyph, and the kerning after
    # it; zero numbers left out, neighbours added up, a sum that prints as 0 left out.
    pieces: list[tuple[bool, Any]] = []
    for index, glyph in enumerate(data):
        pieces += [(False, -glyph.x_offset), (True, index),
                   (False, glyph.width - glyph.x_advance + glyph.x_offset)]
    template: list[tuple[int, int] | str] = []
    for is_glyph, group in groupby((p for p in pieces if p[0] or p[1]), key=lambda p: p[0]):
        values = [value for _, value in group]
        if is_glyph:
            template.append((values[0], values[-1] + 1))
        elif (number := fp_str(sum(values))) != "0":
            template.append(number)
    return tuple(template)
