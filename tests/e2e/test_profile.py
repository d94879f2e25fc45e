"""The organisation profile: logo, colours, contacts, QR code, and many profiles at once."""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from PIL import Image

from conftest import CONTENT_FIXTURE, MM, ROOT, default_inputs, normalise, pdf_text, run, tree_digest
from generator.layout.items import Graphic, Line, Text
from generator.pipeline import lay_out, plan

RICH = CONTENT_FIXTURE / "profiles/zorggroep-oosterhout.yaml"
URL = "https://intranet.zorggroep-voorbeeld.nl/protocollen/sexting"
NAME = "Stichting Zorggroep ’s-Hertogenbosch – Locatie Oosterhout"


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    """The example profile with logo, colours, every contact field and a long name."""
    out = tmp_path_factory.mktemp("rich")
    result = run("build", "--profile", str(RICH), "--locale", "nl", "--out", str(out),
                 "--no-previews")
    assert result.exit_code == 0, result.output
    return out


def laid_out(profile: Path, **selection):
    """The Dutch pieces laid out for ``profile``, as the build would draw them."""
    return lay_out(plan(replace(default_inputs(locales=("nl",), **selection), profile=profile)))


def items_of(document, kind):
    return [item for page in document.pages for item in page.items if isinstance(item, kind)]


# --- logo ---------------------------------------------------------------------------------

def test_svg_logo_stays_vector_and_keeps_its_proportions(rich):
    (protocol,) = laid_out(RICH, products=("protocol",))
    (logo,) = [g for g in items_of(protocol, Graphic) if g.kind == "logo"]
    assert logo.width / logo.height == pytest.approx(120 / 40, rel=0.001)  # the SVG's own
    page = pdfium.PdfDocument(str(rich / "nl/sexting-protocol-a4.pdf"))[0]
    assert not list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=5))
    image = page.render(scale=2).to_pil().convert("RGB")
    inside = image.crop((int(logo.x * 2), int((297 * MM - logo.y - logo.height) * 2),
                         int((logo.x + logo.width) * 2), int((297 * MM - logo.y) * 2)))
    assert (11, 92, 74) in {colour for _, colour in inside.getcolors(100000)}  # the logo's green


def logo_boxes(layout) -> list[tuple[float, float, float, float]]:
    """(left, top, width, height) in mm from the page's top-left of every box that holds
    the logo: a page's box, or a box before a flow (x from its frame, at the frame's top)."""
    holds = [box for box in [b for page in layout.pages.values() for b in page.boxes.values()]
             if any(block.block == "logo" for block in box.blocks)]
    found = [(box.x, box.y, box.width, box.height) for box in holds]
    frames = [page.flow for page in layout.pages.values() if page.flow is not None]
    for box in (layout.flow.before.values() if layout.flow else ()):
        if any(block.block == "logo" for block in box.blocks):
            frame = frames[0]
            found.append((frame.x + box.x, frame.y, box.width, frame.height))
    return found


def test_logo_sits_in_its_box_on_poster_and_protocol(rich):
    """The logo is drawn once, inside the layout's box that holds it (page y grows upwards)."""
    jobs = plan(replace(default_inputs(locales=("nl",), products=("poster", "protocol")),
                        profile=RICH))
    checked = 0
    for job, document in zip(jobs, lay_out(jobs)):
        boxes = logo_boxes(job.layout.layout)
        logos = [g for g in items_of(document, Graphic) if g.kind == "logo"]
        if not boxes:
            assert logos == [], job.name
            continue
        ((left, top, width, height),) = boxes
        (logo,) = logos
        top = document.height - top * MM
        assert left * MM - 0.01 <= logo.x and logo.x + logo.width <= (left + width) * MM + 0.01
        assert top - height * MM - 0.01 <= logo.y and logo.y + logo.height <= top + 0.01
        checked += 1
    assert checked >= 2  # the poster's and the protocol's


def png_profile(project: Path, pixels: tuple[int, int]) -> Path:
    logo = Image.new("RGBA", pixels, (0, 0, 0, 0))
    for x in range(pixels[0] // 4, pixels[0] * 3 // 4):
        for y in range(pixels[1] // 4, pixels[1] * 3 // 4):
            logo.putpixel((x, y), (11, 92, 74, 255))
    logo.save(project / "content/logo.png")
    profile = project / "content/organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "name: Zorgorganisatie Voorbeeld", "name: Zorgorganisatie Voorbeeld\nlogo: logo.png"),
        encoding="utf-8")
    return profile


def test_png_logo_with_enough_pixels_is_placed_flattened(project):
    png_profile(project, (1200, 400))
    result = run("build", "--locale", "nl", "--product", "protocol", "--no-previews",
                 cwd=project)
    assert result.exit_code == 0, result.output
    report = run("preflight", str(project / "output/nl/sexting-protocol-a4.pdf"))
    assert "ok  images: lowest" in report.output and "ok  transparency: none" in report.output


def test_png_logo_with_too_few_pixels_is_refused(project):
    png_profile(project, (120, 40))
    result = run("build", "--locale", "nl", "--product", "protocol", cwd=project)
    assert result.exit_code == 2
    assert "content/organisation.yaml:" in result.output and "logo:" in result.output
    assert "ppi" in result.output and "office printing needs 150 ppi" in result.output
    press = run("build", "--locale", "nl", "--product", "protocol", "--mode", "press",
                cwd=project)
    assert press.exit_code == 2 and "press printing needs 300 ppi" in press.output
    checked = run("validate", "--locale", "nl", "--product", "protocol", "--mode", "press",
                  cwd=project)
    assert checked.exit_code == 2 and "press printing needs 300 ppi" in checked.output


# --- colours --------------------------------------------------------------------------------

def test_cmyk_colours_are_used_as_given_in_press_files(project):
    profile = project / "content/organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        'primary: "#1F4E79"', 'primary: "cmyk(100, 60, 0, 40)"'), encoding="utf-8")
    result = run("build", "--locale", "nl", "--product", "card", "--layout", "id1",
                 "--mode", "press", cwd=project)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(project / "output/nl/sexting-card-id1-press.pdf")
    form = reader.pages[0]["/Resources"]["/XObject"]["/FormXob.page1"].get_object()
    assert b"1 .6 0 .4 k" in form.get_data()


# --- contacts -------------------------------------------------------------------------------

def test_empty_details_print_labelled_write_in_lines_everywhere(built):
    for document in laid_out(CONTENT_FIXTURE / "organisation.yaml"):
        texts = items_of(document, Text)
        lines = items_of(document, Line)
        if document.product == "poster" and document.layout == "easy-read":
            continue
        for label in ("Telefoon:", "E-mail:", "Bereikbaar:"):
            (text,) = [t for t in texts if t.text == label]
            ends = [line for line in lines if abs(line.y1 - text.y) < text.size * 0.5
                    and line.x1 > text.x and line.x2 - line.x1 > 10 * MM]
            assert ends, (document.product, document.layout, label)
    assert "Telefoon:" in pdf_text(built / "nl/sexting-card-id1.pdf")


def test_given_details_are_printed_as_given(rich):
    text = pdf_text(rich / "nl/sexting-card-id1.pdf")
    for detail in ("Telefoon: 073 612 34 56", "E-mail: meldpunt@zorggroep-voorbeeld.nl",
                   "Bereikbaar: ma t/m vr 8.30–17.00 uur"):
        assert detail in text


def test_long_name_with_diacritics_fits_every_layout(rich):
    for path in ("nl/sexting-protocol-a4.pdf", "nl/sexting-poster-a3.pdf",
                 "nl/sexting-card-a6-bifold.pdf", "nl/sexting-card-wallet-trifold.pdf"):
        assert NAME in pdf_text(rich / path).replace("- ", "-"), path


# --- QR code --------------------------------------------------------------------------------

@pytest.mark.parametrize("path,page", [("nl/sexting-card-id1.pdf", 1),
                                       ("nl/sexting-protocol-a4.pdf", -1)])
def test_qr_code_decodes_to_the_protocol_url_with_the_url_beneath(rich, path, page):
    document = pdfium.PdfDocument(str(rich / path))
    page = page % len(document)  # the protocol's QR code is after its text, on its last page
    image = document[page].render(scale=400 / 72).to_pil()
    decoded = [code.text for code in zxingcpp.read_barcodes(image)]
    assert decoded == [URL]
    assert URL in normalise(pypdf.PdfReader(rich / path).pages[page].extract_text()).replace(" ", "")


def test_qr_code_is_at_least_20_mm(rich):
    codes = [g for document in laid_out(RICH, products=("card", "protocol"))
             for g in items_of(document, Graphic) if g.kind == "qr"]
    assert len(codes) >= 2  # at least the protocol's and a card's
    for qr in codes:
        assert qr.width >= 20 * MM - 0.01 and qr.width == qr.height


def test_no_url_no_qr_code_and_no_gap(built):
    for document in laid_out(CONTENT_FIXTURE / "organisation.yaml", products=("card", "protocol")):
        assert not [g for g in items_of(document, Graphic) if g.kind == "qr"]
    image = pdfium.PdfDocument(str(built / "nl/sexting-card-id1.pdf"))[1].render(scale=5).to_pil()
    assert zxingcpp.read_barcodes(image) == []


# --- document control -------------------------------------------------------------------------

def test_document_control_in_the_pdf_metadata(rich):
    meta = pypdf.PdfReader(rich / "nl/sexting-protocol-a4.pdf").metadata
    for part in ("ZG-PRT-117", "Versie: 2.3", "15 september 2026", "Team Kwaliteit en Veiligheid",
                 "Herzien uiterlijk: 15 september 2027"):
        assert part in meta["/Keywords"]
    assert meta.author == NAME


# --- many profiles --------------------------------------------------------------------------

def two_profiles(project: Path) -> tuple[Path, Path]:
    folder = project / "profiles"
    folder.mkdir()
    first = folder / "locatie-breda.yaml"
    shutil.copy(project / "content/organisation.yaml", first)
    second = folder / "locatie-oosterhout.yaml"
    shutil.copy(RICH, second)
    shutil.copy(RICH.parent / "logo-zorggroep.svg", folder)
    return first, second


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_of_profiles_builds_each_into_its_own_folder(project, jobs):
    two_profiles(project)
    result = run("build", "--profiles", "profiles", "--locale", "nl", "--product", "card",
                 "--layout", "id1", "--no-previews", "--jobs", jobs, cwd=project)
    assert result.exit_code == 0, result.output
    out = project / "output"
    top = json.loads((out / "manifest.json").read_text())["files"]
    assert {row["profile"] for row in top} == {"locatie-breda", "locatie-oosterhout"}
    for slug in ("locatie-breda", "locatie-oosterhout"):
        own = json.loads((out / slug / "manifest.json").read_text())["files"]
        assert len(own) == 2  # the card and its print sheet
        for row in own:
            assert sha(out / slug / row["path"]) == row["sha256"]
    for row in top:
        assert sha(out / row["path"]) == row["sha256"]
    catalogue = (out / "index.html").read_text(encoding="utf-8")
    assert "(locatie-oosterhout)" in catalogue and "(locatie-breda)" in catalogue
    assert "2 of 2 profile(s) built" in result.output


def test_parallel_and_serial_batches_make_the_same_files(project, tmp_path):
    two_profiles(project)
    args = ("build", "--profiles", "profiles", "--locale", "nl", "--product", "card",
            "--layout", "id1", "--no-previews")
    assert run(*args, "--jobs", "2", "--out", str(tmp_path / "a"), cwd=project).exit_code == 0
    assert run(*args, "--jobs", "1", "--out", str(tmp_path / "b"), cwd=project).exit_code == 0
    made = tree_digest(tmp_path / "a")
    assert len([path for path in made if path.endswith(".pdf")]) == 4  # 2 profiles x 2 files
    assert made == tree_digest(tmp_path / "b")


def test_a_bad_profile_fails_alone(project):
    first, second = two_profiles(project)
    first.write_text(first.read_text(encoding="utf-8").replace('text: "#1A1A1A"',
                                                               'text: "#DDDDDD"'))
    result = run("build", "--profile", str(first), "--profile", str(second), "--locale", "nl",
                 "--product", "card", "--layout", "id1", "--no-previews", "--jobs", "2",
                 cwd=project)
    assert result.exit_code == 2
    assert "FAILED" in result.output and "locatie-breda.yaml" in result.output
    assert "contrast" in result.output
    assert (project / "output/locatie-oosterhout/nl/sexting-card-id1.pdf").is_file()
    assert not (project / "output/locatie-breda").exists()
    assert "1 of 2 profile(s) built" in result.output


def test_two_profiles_with_the_same_folder_name_are_refused(project):
    two_profiles(project)
    (project / "other").mkdir()
    shutil.copy(project / "content/organisation.yaml", project / "other/Locatie Breda.yaml")
    result = run("build", "--profiles", "profiles", "--profile", "other/Locatie Breda.yaml",
                 cwd=project)
    assert result.exit_code == 2 and "would share the folder 'locatie-breda'" in result.output


def test_a_folder_with_one_profile_builds_that_profile(project):
    folder = project / "profiles"
    folder.mkdir()
    shutil.copy(RICH, folder / "oosterhout.yaml")
    shutil.copy(RICH.parent / "logo-zorggroep.svg", folder)
    result = run("build", "--profiles", "profiles", "--locale", "nl", "--product", "protocol",
                 "--no-previews", cwd=project)
    assert result.exit_code == 0, result.output
    meta = pypdf.PdfReader(project / "output/oosterhout/nl/sexting-protocol-a4.pdf").metadata
    assert meta.author == NAME


def test_the_batch_index_keeps_profiles_built_earlier(project):
    first, second = two_profiles(project)
    args = ("--locale", "nl", "--product", "card", "--layout", "id1", "--no-previews")
    assert run("build", "--profiles", "profiles", *args, cwd=project).exit_code == 0
    first.write_text(first.read_text(encoding="utf-8").replace('text: "#1A1A1A"',
                                                               'text: "#DDDDDD"'))
    assert run("build", "--profiles", "profiles", *args, cwd=project).exit_code == 2
    rows = json.loads((project / "output/manifest.json").read_text())["files"]
    assert {row["profile"] for row in rows} == {"locatie-breda", "locatie-oosterhout"}
    assert all((project / "output" / row["path"]).is_file() for row in rows)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_half_transparent_svg_logo_is_flattened_for_the_press(project):
    import subprocess

    shutil.copy(ROOT / "tests/fixtures/logos/half-transparent.svg", project / "content")
    profile = project / "content/organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "name: Zorgorganisatie Voorbeeld",
        "name: Zorgorganisatie Voorbeeld\nlogo: half-transparent.svg"), encoding="utf-8")
    result = run("build", "--locale", "nl", "--product", "protocol", "--mode", "press",
                 "--no-previews", cwd=project)
    assert result.exit_code == 0, result.output
    path = project / "output/nl/sexting-protocol-a4-press.pdf"
    assert "ok  transparency: none" in run("preflight", str(path)).output
    drawn = subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(project / "p")],
                           capture_output=True, text=True)
    assert drawn.returncode == 0 and drawn.stderr == ""
    office = run("build", "--locale", "nl", "--product", "protocol", "--no-previews",
                 cwd=project)
    assert office.exit_code == 0, office.output
    image = pdfium.PdfDocument(str(project / "output/nl/sexting-protocol-a4.pdf"))[0].render(
        scale=2).to_pil().convert("RGB")
    colours = {colour for _, colour in image.getcolors(1 << 20)}
    half_green = tuple(round(0.5 * c + 0.5 * 255) for c in (11, 92, 74))
    assert any(all(abs(a - b) <= 12 for a, b in zip(colour, half_green)) for colour in colours)
