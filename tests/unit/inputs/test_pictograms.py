"""The pictogram library: the built-in drawings are sound (one grid, one ink, inside
the square, no two alike), an organisation's own file is read as safely as a logo and
overrides the built-in one of its name, and a misspelt name gets the nearest ones."""
from __future__ import annotations

import io
import itertools
import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES
from generator.errors import InputError
from generator.inputs.pictogram_library import BUILT_IN, ROLES, load_library

BUILT_IN_FILES = sorted(BUILT_IN.glob("*.svg"))
COLOUR_ATTRIBUTES = ("fill", "stroke", "color", "stop-color")
HOSTILE = {  # logo fixtures that are not a drawing to print: what the message says
    "external-entity.svg": "declares entities",
    "remote-reference.svg": "refers to something outside itself",
    "live-text.svg": "contains live text",
    "not-svg.svg": "is not an SVG image",
    "script.svg": "contains <script>",
    "width-not-a-number.svg": "cannot be drawn",
}
OWN = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">
  <g fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round">
    <rect x="20" y="20" width="8" height="8"/>
  </g>
</svg>
"""
PX = 64  # the side of the bitmap each pictogram is compared at


@pytest.fixture(scope="module")
def library():
    """The built-in library alone (a content folder without pictograms of its own)."""
    return load_library(Path("/nonexistent-content-folder"))


def own_library(folder: Path, files: dict[str, str | Path]) -> Path:
    """A content folder whose pictograms/ holds ``files`` (name: SVG text or a file)."""
    (folder / "pictograms").mkdir(parents=True)
    for name, source in files.items():
        if isinstance(source, Path):
            shutil.copy(source, folder / "pictograms" / name)
        else:
            (folder / "pictograms" / name).write_text(source, encoding="utf-8")
    return folder


# --- the built-in drawings ---------------------------------------------------------------

def test_the_library_is_the_38_files(library):
    assert len(BUILT_IN_FILES) == 38
    assert library.names == [path.stem for path in BUILT_IN_FILES]
    assert not any(entry.own for entry in library.entries.values())


@pytest.mark.parametrize("path", BUILT_IN_FILES, ids=lambda path: path.stem)
def test_built_in_pictogram_is_on_the_grid_in_currentcolor_and_inside_the_square(library, path):
    root = etree.parse(str(path)).getroot()
    assert root.get("viewBox").split() == ["0", "0", "48", "48"]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        assert "style" not in element.attrib, (path.name, element.tag)  # colours hide there
        for attribute in COLOUR_ATTRIBUTES:
            value = element.get(attribute)
            assert value in (None, "none", "currentColor"), (path.name, element.tag, value)

    drawing = library.drawing(path.stem)
    scale = 48 / drawing.width  # svglib draws width=48 as 36 pt
    assert drawing.height == pytest.approx(drawing.width)
    # the ink reaches half a stroke beyond the geometry
    half_stroke = max(args[0] for name, args, _ in drawing.calls if name == "setLineWidth") / 2
    left, bottom, right, top = drawing.bounds()
    ink = [left * scale - half_stroke * scale, bottom * scale - half_stroke * scale,
           right * scale + half_stroke * scale, top * scale + half_stroke * scale]
    assert all(2 <= edge <= 46 for edge in ink), (path.stem, [round(e, 2) for e in ink])
    assert right - left > 10 / scale and top - bottom > 10 / scale  # a picture, not a speck


@pytest.fixture(scope="module")
def bitmaps(library):
    """Every built-in pictogram drawn in black by ReportLab into a one-page-each PDF and
    rendered by pdfium to a PX x PX black-and-white bitmap."""
    import pypdfium2 as pdfium
    from reportlab.lib.colors import black
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(48, 48))
    for name in library.names:
        drawing = library.drawing(name)
        pdf.scale(48 / drawing.width, 48 / drawing.height)
        drawing.draw(pdf, {"ink": black, **{role: black for role in ROLES}})
        pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    return {name: document[number].render(scale=PX / 48).to_pil().convert("L")
            .point(lambda value: 255 if value > 127 else 0)
            for number, name in enumerate(library.names)}


def inked(image) -> int:
    return image.size[0] * image.size[1] - image.histogram()[255]


def test_every_built_in_pictogram_renders_with_ink(bitmaps):
    for name, image in bitmaps.items():
        assert image.size == (PX, PX)
        share = inked(image) / PX ** 2
        assert 0.05 < share < 0.5, (name, share)


def test_no_two_built_in_pictograms_are_copies(bitmaps):
    """Each pair differs in more than a tenth of the ink the two have between them, and
    in more than 1.5 % of the square: the arm with a mole and the bare arm (the safe
    partner of mole, scar and tattoo) are the closest pair, at 13 % and 2 %."""
    from PIL import ImageChops

    alike = []
    for a, b in itertools.combinations(sorted(bitmaps), 2):
        differ = PX ** 2 - ImageChops.difference(bitmaps[a], bitmaps[b]).histogram()[0]
        either = inked(ImageChops.darker(bitmaps[a], bitmaps[b]))
        if differ <= 0.10 * either or differ <= 0.015 * PX ** 2:
            alike.append((a, b, differ, either))
    assert not alike


# --- an organisation's own pictograms ----------------------------------------------------

@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_own_pictogram_is_refused_naming_the_file(tmp_path, hostile):
    content = own_library(tmp_path, {"face.svg": FIXTURES / "logos" / hostile})
    with pytest.raises(InputError) as raised:
        load_library(content)
    error = raised.value
    assert Path(error.where) == content / "pictograms/face.svg"
    assert "face.svg" in error.message and HOSTILE[hostile] in error.message
    assert error.hint
    assert "face.svg" in str(error) and "How to fix: " in str(error)


def test_own_pictogram_overrides_the_built_in_one_of_its_name(tmp_path, library):
    content = own_library(tmp_path, {"face.svg": OWN, "own-sign.svg": OWN})
    own = load_library(content)
    assert own.names == sorted(library.names + ["own-sign"])
    assert own.entries["face"].own and own.entries["face"].path == content / "pictograms/face.svg"
    assert own.entries["own-sign"].own
    assert not own.entries["scar"].own and own.entries["scar"].path == BUILT_IN / "scar.svg"
    # the drawing is the organisation's: its small square, not the built-in face
    scale = 48 / own.drawing("face").width
    bounds = [round(edge * scale, 2) for edge in own.drawing("face").bounds()]
    assert bounds == [20, 20, 28, 28]
    assert [round(edge * scale) for edge in library.drawing("face").bounds()] != bounds


def test_half_transparent_own_pictogram_is_read(tmp_path):
    content = own_library(tmp_path, {"soft.svg": FIXTURES / "logos/half-transparent.svg"})
    assert load_library(content).entries["soft"].own


@pytest.mark.parametrize("name", ["own sign.svg", "Own-sign.svg", "OWN.svg", ".own.svg"])
def test_own_pictogram_name_a_topic_cannot_use_is_refused(tmp_path, name):
    content = own_library(tmp_path, {name: OWN})
    with pytest.raises(InputError) as raised:
        load_library(content)
    assert Path(raised.value.where) == content / "pictograms" / name
    assert f"'{Path(name).stem}'" in raised.value.message
    assert "lower-case" in raised.value.hint


def test_check_names_the_nearest_pictograms(library):
    assert library.check("tattoo") is None
    message = library.check("tatoo")
    assert message.startswith("there is no pictogram 'tatoo'")
    suggested = message.split("did you mean ")[1]
    assert suggested.startswith("'tattoo'")
    assert "'two-people'" in library.check("two-peolpe")
    assert "did you mean" not in library.check("qqqqqq")


# --- parsed once per file content ---------------------------------------------------------

def test_a_drawing_is_parsed_once_for_the_same_file_content(tmp_path):
    first = load_library(own_library(tmp_path / "a", {"sign.svg": OWN}))
    second = load_library(own_library(tmp_path / "b", {"sign.svg": OWN}))
    assert second.drawing("sign") is first.drawing("sign")
    assert second.digest("sign") == first.digest("sign")


def test_an_edited_pictogram_is_read_again_never_an_old_drawing(tmp_path):
    from generator.inputs import pictogram_library
    from generator.output import pictogram_page as pictogram_page_module
    from generator.output.pictogram_page import pictogram_page

    folder = own_library(tmp_path, {"sign.svg": OWN})
    before = load_library(folder)
    page_before = pictogram_page(before)[1]
    wider = OWN.replace('width="8" height="8"', 'width="20" height="8"')
    (folder / "pictograms/sign.svg").write_text(wider, encoding="utf-8")
    after = load_library(folder)
    assert after.digest("sign") != before.digest("sign")
    assert after.drawing("sign") is not before.drawing("sign")
    widths = [drawing.bounds()[2] - drawing.bounds()[0]
              for drawing in (before.drawing("sign"), after.drawing("sign"))]
    assert widths[1] > 2 * widths[0]   # the new shape, not the one parsed first
    page_after = pictogram_page(after)[1]
    assert page_after != page_before
    # the same page as a process that never saw the first drawing draws
    pictogram_library._PARSED.clear()
    pictogram_page_module._PICTURES.clear()
    assert pictogram_page(load_library(folder))[1] == page_after
