"""The organisation's logo: read safely, placed without distortion, printable in CMYK.

SVG stays vector (svglib draws it with ReportLab). The file is parsed by us
first with entity resolution, DTD loading and network access off, and refused
when it refers to anything outside itself or holds live text (printers want
text converted to outlines; live SVG text would also pull in an unembedded
font). PNG is opened lazily and refused above a pixel limit before any pixel
is decoded, so a decompression bomb costs nothing; transparency is flattened
onto white, because press files may not carry it.

A logo is read once per process for each file and content (keyed by its path and
its bytes' SHA-256, so an edited file is read again): the profiles of a batch
usually share their organisation's logo, and parsing an SVG costs more than
drawing it. What is read is never changed afterwards.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..memo import Kept
from .files import read_bounded
from .svg import cmyk_drawing, parse_svg, read_svg_bytes

MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000          # a 5000 x 5000 logo is already far more than print needs
MIN_PPI = {"office": 150, "press": 300}


@dataclass(frozen=True, eq=False)
class Logo:
    """A loaded logo: its natural size (pt) and what draws it."""

    path: Path
    kind: str                    # "svg" or "png"
    width: float                 # natural width and height in points (SVG) or pixels (PNG)
    height: float
    drawing: Any = None          # reportlab Drawing (SVG)
    image: Any = None            # PIL image, RGB, flattened on white (PNG)

    @property
    def aspect(self) -> float:
        return self.width / self.height


def load_logo(path: Path, where) -> Logo:
    """Read the logo at ``path``; ``where`` is the profile position for errors."""
    path = Path(path)
    if not os.path.lexists(path):
        raise InputError(f"the logo file {path.name} is not there", where=where, field="logo",
                         hint="put the file next to the profile or correct the path")
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise InputError(f"the logo must be an .svg or .png file, not '{suffix or path.name}'",
                         where=where, field="logo")
    if suffix == ".svg":
        data = read_svg_bytes(path, where, "logo", "the SVG logo")
    else:
        data = read_bounded(path, MAX_LOGO_BYTES, "PNG logo", where=where, field="logo")
    load = _load_svg if suffix == ".svg" else _load_png
    return _READ.get_or_make((suffix, str(path.resolve()), hashlib.sha256(data).hexdigest()),
                             lambda: load(path, data, where))


# Logos by file and content, for every profile of this process (see the module's notes).
_READ: Kept[Logo] = Kept(64)


def _load_svg(path: Path, data: bytes, where) -> Logo:
    drawing = parse_svg(data, path, where, "logo", "the SVG logo",
                        outside="embed everything in the SVG, or use a PNG logo")
    return Logo(path, "svg", float(drawing.width), float(drawing.height), drawing=drawing)


def _load_png(path: Path, data: bytes, where) -> Logo:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:  # reads the header only (Pillow refuses giants here)
            if probe.format != "PNG":
                raise InputError(f"the logo is a {probe.format} file named .png", where=where,
                                 field="logo")
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise InputError(f"the PNG logo is {width} x {height} pixels; drukwerk reads at "
                                 f"most {MAX_PIXELS // 1_000_000} million",
                                 where=where, field="logo", hint="scale the logo down")
            probe.load()
            image = probe.convert("RGBA")
    except Image.DecompressionBombError as exc:
        import re
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        count = f"{int(pixels.group(1)):,} pixels" if pixels else "too many pixels"
        raise InputError(f"the PNG logo has {count}; drukwerk reads at most "
                         f"{MAX_PIXELS // 1_000_000} million", where=where, field="logo",
                         hint="scale the logo down") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"the PNG logo cannot be read ({exc})", where=where, field="logo",
                         hint="export the logo again as PNG") from None
    flat = Image.new("RGB", image.size, (255, 255, 255))
    flat.paste(image, mask=image.getchannel("A"))
    return Logo(path, "png", float(width), float(height), image=flat)


def fit(logo: Logo, width: float, height: float) -> tuple[float, float]:
    """The largest size with the logo's own proportions inside (width, height)."""
    if width / height > logo.aspect:
        return height * logo.aspect, height
    return width, width / logo.aspect


def check_resolution(logo: Logo, printed_width: float, mode: str, where) -> None:
    """A PNG needs enough pixels for its printed size: 150 ppi office, 300 ppi press."""
    if logo.kind != "png":
        return
    ppi = logo.width / (printed_width / 72)
    if ppi + 0.5 < MIN_PPI[mode]:
        needed = int(MIN_PPI[mode] * printed_width / 72 + 0.999)
        raise InputError(
            f"the PNG logo prints at {ppi:.0f} ppi ({logo.width:.0f} pixels over "
            f"{printed_width / 72 * 25.4:.0f} mm); {mode} printing needs {MIN_PPI[mode]} ppi",
            where=where, field="logo",
            hint=f"use a logo at least {needed} pixels wide, or an SVG")


def draw(canvas: Any, logo: Logo, x: float, y: float, width: float, height: float,
         cmyk: bool) -> None:
    """Draw the logo into the box (x, y, width, height), already fitted to its aspect."""
    if logo.kind == "svg":
        from reportlab.graphics import renderPDF

        drawing = cmyk_drawing(logo.drawing) if cmyk else logo.drawing
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(width / logo.width, height / logo.height)
        renderPDF.draw(drawing, canvas, 0, 0)
        canvas.restoreState()
        return
    from reportlab.lib.utils import ImageReader

    image = logo.image.convert("CMYK") if cmyk else logo.image
    canvas.drawImage(ImageReader(image), x, y, width, height)
