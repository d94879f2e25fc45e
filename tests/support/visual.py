"""Visual regression: a product's pages, drawn small, against reference PNGs.

The references in tests/references/ are the shipped content's pages in grey
at 50 ppi: enough to see a line of 9 pt text move by a millimetre or go
missing, small enough (a few KB a page) to keep in git. A pixel counts as
different when it changes by more than 48 of 255 grey levels (more than a
shade of anti-aliasing); a page may have at most 1 in 10,000 such pixels.

After a deliberate change to content or layouts, update them with

    python tests/update_references.py
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from PIL import Image, ImageChops

from generator.output.preview import render_images

REFERENCES = Path(__file__).resolve().parents[1] / "references"
UPDATE = "python tests/update_references.py"
PPI = 50
THRESHOLD = 48        # grey levels (of 255) a pixel must change by to count
BUDGET = 0.0001       # share of a page's pixels that may differ


def render(pdf: bytes) -> list[Image.Image]:
    """Every page of ``pdf`` in grey at the references' resolution."""
    return [image.convert("L") for image in render_images(pdf, PPI)]


def reference_path(pdf_path: str, number: int) -> Path:
    """tests/references/nl-sexting-card-id1-p1.png for page 1 of nl/sexting-card-id1.pdf."""
    relative = PurePosixPath(pdf_path)
    return REFERENCES / f"{'-'.join(relative.parent.parts)}-{relative.stem}-p{number}.png"


def differing_pixels(actual: Image.Image, reference: Image.Image) -> int:
    """How many pixels differ by more than THRESHOLD; every pixel if the sizes differ."""
    if actual.size != reference.size:
        return max(actual.width * actual.height, reference.width * reference.height)
    histogram = ImageChops.difference(actual.convert("L"), reference.convert("L")).histogram()
    return sum(histogram[THRESHOLD + 1:])


def allowed_pixels(image: Image.Image) -> int:
    return int(image.width * image.height * BUDGET)


def save(image: Image.Image, path: Path) -> None:
    image.save(path, format="PNG", optimize=True)
