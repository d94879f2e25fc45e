"""The pictogram page: every pictogram a tip may name, drawn with its name.

Written next to the catalogue as ``pictograms.html`` and linked from it, so whoever
writes a topic can pick a picture by looking. Each picture is drawn from the
library's own checked drawing as fresh SVG (:meth:`~generator.inputs.figure.Figure.svg`),
never copied from the file, so an organisation's SVG cannot carry anything into the page.
Each picture is drawn once per process for its name and file content: a batch
writes the same page into every profile's folder.
"""
from __future__ import annotations

from pathlib import Path

from ..inputs.pictogram_library import ROLES, Library
from ..memo import Kept
from .webpage import render_html

PAGE = "pictograms.html"
INK = "#1A1A1A"   # the pictures' ink on the page: the default text colour


def is_current(out: Path, inputs: str) -> bool:
    """Whether ``out`` already holds the page made from ``inputs`` (see
    :func:`generator.incremental.library_hash`), so a build need not draw it again."""
    try:
        text = (Path(out) / PAGE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return f'<meta name="drukwerk-inputs" content="{inputs}">' in text


def pictogram_page(library: Library, inputs: str = "") -> tuple[str, bytes]:
    """The page, marked with the hash of what it was drawn from (``inputs``)."""
    pictures = [{"name": name, "svg": _picture(library, name), "own": library.entries[name].own}
                for name in library.names]
    return PAGE, render_html("pictograms.html.j2", lang="en", pictures=pictures, inputs=inputs)


_PICTURES: Kept[str] = Kept(1024)   # (name, file's SHA-256) -> the picture's SVG


def _picture(library: Library, name: str) -> str:
    """The pictogram as SVG for the page, in the page's ink."""
    return _PICTURES.get_or_make((name, library.digest(name)), lambda: _draw(library, name))


def _draw(library: Library, name: str) -> str:
    from reportlab.lib.colors import HexColor

    colours = {"ink": HexColor(INK), **{role: HexColor(INK) for role in ROLES}}
    # ids of one picture must not name another's on the same page (clip paths)
    return library.drawing(name).svg(colours, prefix=f"{name}-")
