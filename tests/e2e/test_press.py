"""Press mode: bleed, marks, page boxes, CMYK; and preflight, which a print shop would run."""
from __future__ import annotations

import json
import shutil
import subprocess

import pypdf
import pypdfium2 as pdfium
import pytest
from pypdf.generic import ContentStream

from badpdf import KINDS, make
from conftest import FIXTURES, MM, normalise, run
from pdfcheck import sheet_content

PRESS = {  # file: trimmed size (mm)
    "nl/sexting-protocol-a4-press.pdf": (210, 297),
    "nl/book-a4-press.pdf": (210, 297),
    "nl/sexting-poster-a3-press.pdf": (297, 420),
    "nl/sexting-poster-easy-read-press.pdf": (297, 420),
    "nl/sexting-card-id1-press.pdf": (85.6, 53.98),
    "nl/sexting-card-badge-press.pdf": (53.98, 85.6),
    "nl/sexting-card-a7-press.pdf": (74, 105),
    "nl/sexting-card-a6-bifold-press.pdf": (210, 148),
    "nl/sexting-card-wallet-trifold-press.pdf": (255.2, 53.98),
}
BLEED = 3 * MM


@pytest.fixture(scope="module")
def press(tmp_path_factory):
    out = tmp_path_factory.mktemp("press")
    result = run("build", "--mode", "press", "--locale", "nl", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_press_build_makes_one_file_per_piece(press):
    rows = json.loads((press / "manifest.json").read_text())["files"]
    assert {row["path"] for row in rows} == set(PRESS)
    assert all(row["mode"] == "press" and row["sheet"] is False for row in rows)


@pytest.mark.parametrize("path", PRESS)
def test_trim_and_bleed_boxes_to_a_tenth_of_a_millimetre(press, path):
    width, height = PRESS[path]
    for page in pypdf.PdfReader(press / path).pages:
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert float(trim.width) / MM == pytest.approx(width, abs=0.1)
        assert float(trim.height) / MM == pytest.approx(height, abs=0.1)
        for a, b in ((bleed.left, trim.left), (bleed.bottom, trim.bottom),
                     (trim.right, bleed.right), (trim.top, bleed.top)):
            assert float(b - a) / MM == pytest.approx(3.0, abs=0.1)
        assert media.left <= bleed.left - 5 * MM and media.top >= bleed.top + 5 * MM


@pytest.mark.parametrize("path", PRESS)
def test_crop_marks_at_each_corner_outside_the_bleed(press, path):
    reader = pypdf.PdfReader(press / path)
    for number, page in enumerate(reader.pages):
        trim = [float(v) for v in page.trimbox]
        bleed = [float(v) for v in page.bleedbox]
        _, segments = sheet_content(press / path, number)
        crop = [s for s in segments if not s.dashed]
        for x in (trim[0], trim[2]):
            for y in (trim[1], trim[3]):
                horizontal = [s for s in crop if abs(s.y1 - y) < 0.01 and abs(s.y2 - y) < 0.01
                              and min(abs(s.x1 - x), abs(s.x2 - x)) < 5 * MM]
                vertical = [s for s in crop if abs(s.x1 - x) < 0.01 and abs(s.x2 - x) < 0.01
                            and min(abs(s.y1 - y), abs(s.y2 - y)) < 5 * MM]
                assert horizontal and vertical, (x, y)
        for s in segments:  # every mark stays clear of the bleed area
            for px, py in ((s.x1, s.y1), (s.x2, s.y2)):
                inside_bleed = bleed[0] - 0.01 < px < bleed[2] + 0.01 and bleed[1] - 0.01 < py < bleed[3] + 0.01
                assert not inside_bleed, (path, s)


def test_fold_marks_on_folded_layouts_in_press(press):
    reader = pypdf.PdfReader(press / "nl/sexting-card-a6-bifold-press.pdf")
    trim = [float(v) for v in reader.pages[0].trimbox]
    _, segments = sheet_content(press / "nl/sexting-card-a6-bifold-press.pdf", 0)
    folds = [s for s in segments if s.dashed]
    assert {round(s.x1 - trim[0], 1) for s in folds} == {round(105 * MM, 1)}
    assert any(s.y1 > trim[3] for s in folds) and any(s.y1 < trim[1] for s in folds)


def content_operators(path):
    """Every operator in every page and form content stream."""
    reader = pypdf.PdfReader(path)
    ops = []
    for page in reader.pages:
        ops += [op for _, op in ContentStream(page.get_contents(), reader).operations]
        for xobject in page["/Resources"].get("/XObject", {}).values():
            ops += [op for _, op in ContentStream(xobject.get_object(), reader).operations]
    return ops


@pytest.mark.parametrize("path", PRESS)
def test_no_rgb_only_cmyk_and_all_fonts_embedded(press, path):
    ops = content_operators(press / path)
    assert b"rg" not in ops and b"RG" not in ops
    assert b"k" in ops
    report = run("preflight", str(press / path))
    assert report.exit_code == 0, report.output
    assert "ok  fonts: embedded: AtkinsonHyperlegible" in report.output
    assert "colour: DeviceCMYK" in report.output


def test_office_files_are_rgb(press, built):
    assert b"rg" in content_operators(built / "nl/sexting-card-id1.pdf")


def test_black_text_is_pure_k_and_slug_names_file_side_organisation_and_version(press):
    path = press / "nl/sexting-card-id1-press.pdf"
    reader = pypdf.PdfReader(path)
    form = reader.pages[0]["/Resources"]["/XObject"]["/FormXob.page1"].get_object()
    fills = [tuple(float(v) for v in operands)
             for operands, op in ContentStream(form, reader).operations if op == b"k"]
    text_colour = (0.0, 0.0, 0.0, 1.0)  # #1A1A1A: near-black, so solid black ink only
    assert text_colour in fills and (0.0, 0.0, 0.0, 0.898) not in fills
    for page, side in ((0, "Voorkant"), (1, "Achterkant")):
        text = normalise(reader.pages[page].extract_text())
        for part in ("sexting-card-id1-press.pdf", side, "Zorgorganisatie Voorbeeld",
                     "card id1", "nl", "Versie 1.0", "2026-11-01"):
            assert part in text, (part, text)


def test_the_book_slug_numbers_its_pages(press):
    reader = pypdf.PdfReader(press / "nl/book-a4-press.pdf")
    count = len(reader.pages)
    for number in (1, count):
        assert f"book-a4-press.pdf · {number}/{count}" in normalise(
            reader.pages[number - 1].extract_text())


def test_press_files_are_byte_identical_across_builds(press, tmp_path):
    assert run("build", "--mode", "press", "--locale", "nl", "--out", str(tmp_path)).exit_code == 0
    for path in PRESS:
        assert (tmp_path / path).read_bytes() == (press / path).read_bytes()


def test_backgrounds_touching_the_trim_run_into_the_bleed(project):
    shutil.copy(FIXTURES / "layouts/card-full-bleed-band.yaml", project / "layouts")
    result = run("build", "--mode", "press", "--layout", "band", cwd=project)
    assert result.exit_code == 0, result.output
    path = project / "output/nl/sexting-card-band-press.pdf"
    page = pypdf.PdfReader(path).pages[0]
    trim = [float(v) for v in page.trimbox]
    image = pdfium.PdfDocument(str(path))[0].render(scale=4).to_pil().convert("RGB")
    media_h = float(page.mediabox.top)

    def pixel(x, y):
        return image.getpixel((int(x * 4), int((media_h - y) * 4)))

    inside = pixel(trim[0] + 20, trim[3] - 1 * MM)
    in_bleed = pixel(trim[0] + 20, trim[3] + 2 * MM)
    assert inside != (255, 255, 255) and in_bleed == inside
    assert run("preflight", str(path)).exit_code == 0


@pytest.mark.parametrize("path", PRESS)
def test_pdfium_renders_every_page(press, path):
    document = pdfium.PdfDocument(str(press / path))
    for page in document:
        image = page.render(scale=0.5).to_pil().convert("L")
        assert image.getextrema()[0] < 128  # something dark was drawn


@pytest.mark.parametrize("path", PRESS)
def test_every_press_file_is_within_40_kb_its_fonts_without_screen_hinting(press, path):
    """A press file of the whole protocol book stays under 40 KB (PDF 1.3 has no object
    streams to pack it): its fonts, the largest part, leave out the hinting a 2400 dpi
    platesetter has no use for, and keep their outlines (see the unit tests)."""
    import struct

    assert (press / path).stat().st_size <= 40 * 1024, (press / path).stat().st_size
    programs = [font["/FontDescriptor"]["/FontFile2"].get_data()
                for page in pypdf.PdfReader(press / path).pages
                for font in page["/Resources"].get("/Font", {}).values()]
    forms = [xobject for page in pypdf.PdfReader(press / path).pages
             for xobject in page["/Resources"].get("/XObject", {}).values()]
    programs += [font["/FontDescriptor"]["/FontFile2"].get_data() for form in forms
                 for font in form.get("/Resources", {}).get("/Font", {}).values()]
    assert programs
    for program in programs:
        count = struct.unpack(">H", program[4:6])[0]
        tags = {program[12 + 16 * n:16 + 16 * n] for n in range(count)}
        assert b"glyf" in tags and not tags & {b"fpgm", b"prep", b"cvt "}, tags


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
@pytest.mark.parametrize("path", PRESS)
def test_qpdf_check_is_clean(press, path):
    done = subprocess.run(["qpdf", "--check", str(press / path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors" in done.stdout


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("path", PRESS)
def test_poppler_renders_without_warnings(press, path, tmp_path):
    done = subprocess.run(["pdftoppm", "-r", "20", "-png", str(press / path), str(tmp_path / "p")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""
    assert len(list(tmp_path.glob("p*.png"))) == len(pypdf.PdfReader(press / path).pages)


# --- preflight -------------------------------------------------------------------------

REASONS = {
    "rgb-colour": "colour: RGB colour in a press file",
    "text-5pt": "text size: text at 5 pt",
    "low-contrast": "contrast: page 1: text at",
    "logo-72ppi": "images: an image prints at 72 ppi; press files need 300 ppi",
    "no-bleed": "bleed: page 1: colour touches the top trim edge but does not extend into the bleed",
    "font-not-embedded": "fonts: not embedded: Helvetica",
    "not-pdfx": "PDF/X: the file claims no PDF/X version (no /GTS_PDFXVersion)",
}
BREAKS_PDFX = {"rgb-colour": "colour (see above)", "font-not-embedded": "fonts (see above)"}


def test_the_flawless_fixture_passes(tmp_path):
    path = tmp_path / "good.pdf"
    path.write_bytes(make("good"))
    result = run("preflight", str(path))
    assert result.exit_code == 0, result.output
    assert "(press)" in result.output and "1 of 1 file(s) pass" in result.output
    assert "ok  PDF/X-1a:2001: pass (FOGRA39)" in result.output


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "good"])
def test_preflight_flags_each_flaw_with_one_reason(tmp_path, kind):
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(make(kind))
    result = run("preflight", str(path))
    assert result.exit_code == 1, result.output
    failing = [line.strip() for line in result.output.splitlines() if line.strip().startswith("NO ")]
    verdict = [line for line in failing if line.startswith("NO  PDF/X-1a:2001:")]
    reasons = [line for line in failing if line not in verdict]
    assert len(reasons) == 1, result.output
    assert REASONS[kind] in reasons[0], reasons[0]
    if kind in BREAKS_PDFX:  # the verdict fails too, naming the rule that broke
        assert len(verdict) == 1 and BREAKS_PDFX[kind] in verdict[0], result.output
    else:
        assert not verdict, result.output


def test_preflight_of_the_whole_output_folder(built):
    result = run("preflight", str(built))
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    verdicts = [line for line in result.output.splitlines() if line.startswith("ok   ")]
    assert len(verdicts) == len(json.loads((built / "manifest.json").read_text())["files"])
    assert all(line.endswith("(office)") for line in verdicts)


def test_preflight_of_a_missing_file_is_an_input_error(tmp_path):
    result = run("preflight", str(tmp_path / "nothing.pdf"))
    assert result.exit_code == 2 and "no such file" in result.output


@pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("qpdf") is None,
                    reason="poppler-utils or qpdf is not installed")
def test_every_office_file_is_clean_for_qpdf_and_poppler(built, tmp_path):
    for path in sorted(built.rglob("*.pdf")):
        checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, (path, checked.stdout)
        drawn = subprocess.run(["pdftoppm", "-r", "10", "-png", str(path), str(tmp_path / "p")],
                               capture_output=True, text=True)
        assert drawn.returncode == 0 and drawn.stderr == "", (path, drawn.stderr)


def test_preflight_of_a_file_that_is_not_a_readable_pdf(tmp_path, built):
    (tmp_path / "notes.pdf").write_text("hello")
    (tmp_path / "cut.pdf").write_bytes((built / "nl/sexting-card-id1.pdf").read_bytes()[:3000])
    result = run("preflight", str(tmp_path / "notes.pdf"), str(tmp_path / "cut.pdf"))
    assert result.exit_code == 1
    assert "NO  file: this is not a PDF file" in result.output
    assert "NO  file: cannot be read as a PDF" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path", PRESS)
def test_everything_printed_lies_on_the_page(press, path):
    from pdfcheck import glyphs
    for number, page in enumerate(glyphs(press / path)):
        media = pypdf.PdfReader(press / path).pages[number].mediabox
        for glyph in page:
            assert glyph.left >= 0 and glyph.right <= float(media.right), (path, glyph)
            assert glyph.bottom >= 0 and glyph.top <= float(media.top), (path, glyph)


# --- PDF/X-1a:2001 ------------------------------------------------------------------------

@pytest.mark.parametrize("path", PRESS)
def test_every_press_file_is_identified_as_pdfx_1a(press, path):
    import pikepdf

    data = (press / path).read_bytes()
    assert data.startswith(b"%PDF-1.3\n")
    with pikepdf.open(press / path) as pdf:
        info = pdf.docinfo
        assert str(info["/GTS_PDFXVersion"]) == "PDF/X-1:2001"
        assert str(info["/GTS_PDFXConformance"]) == "PDF/X-1a:2001"
        assert info["/Trapped"] == pikepdf.Name("/False")
        assert str(info["/Title"]) == json.loads((press / "manifest.json").read_text())[
            "files"][[r["path"] for r in json.loads((press / "manifest.json").read_text())[
                "files"]].index(path)]["title"]
        assert str(info["/CreationDate"]) == str(info["/ModDate"]) == "D:20261101000000Z"
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and intent.Type == "/OutputIntent"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.OutputCondition) == "Coated FOGRA39 (ISO 12647-2:2004)"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert "/ID" in pdf.trailer and not pdf.is_encrypted
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert pdf.Root.Metadata.Subtype == "/XML"
    assert "<pdfx:GTS_PDFXVersion>PDF/X-1:2001</pdfx:GTS_PDFXVersion>" in xmp
    assert "<pdfx:GTS_PDFXConformance>PDF/X-1a:2001</pdfx:GTS_PDFXConformance>" in xmp
    assert "<pdf:Trapped>False</pdf:Trapped>" in xmp
    assert f'<rdf:li xml:lang="x-default">{info["/Title"]}</rdf:li>' in xmp
    assert b"/ObjStm" not in data and b"/XRefStm" not in data  # PDF 1.3 has neither
    report = run("preflight", str(press / path))
    assert "ok  PDF/X-1a:2001: pass (FOGRA39)" in report.output, report.output


def test_font_subset_names_differ_between_press_files(press):
    import pikepdf

    prefixes = {}
    for path in PRESS:
        with pikepdf.open(press / path) as pdf:
            names = {str(obj.BaseFont) for obj in pdf.objects
                     if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"}
        assert names and all(len(name.split("+")[0]) == 7 for name in names), names
        assert not any(name.startswith("/AAAAA") for name in names), names
        for name in names:
            assert name not in prefixes, (name, path, prefixes.get(name))
            prefixes[name] = path


def test_preflight_says_what_breaks_pdfx(tmp_path, press):
    import pikepdf

    with pikepdf.open(press / "nl/sexting-card-id1-press.pdf") as pdf:
        del pdf.Root["/OutputIntents"]
        del pdf.docinfo["/Trapped"]
        pdf.save(tmp_path / "broken.pdf", force_version="1.4")
    result = run("preflight", str(tmp_path / "broken.pdf"))
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if "PDF/X-1a:2001" in l)
    assert line.strip().startswith("NO  PDF/X-1a:2001: fails:"), line
    for reason in ("PDF 1.4; PDF/X-1a:2001 is PDF 1.3", "/Trapped is not /True or /False",
                   "0 GTS_PDFX output intents", "XMP Trapped is False, the document "
                                                   "information says "):
        assert reason in line, line


def test_the_printing_condition_is_a_profile_setting(project):
    profile = project / "content/organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") +
                       "\nprinting:\n  press:\n    products: {poster: FOGRA29}\n",
                       encoding="utf-8")
    result = run("build", "--mode", "press", "--topic", "sexting", "--locale", "nl",
                 "--product", "poster", "--product", "card", "--layout", "a3",
                 "--layout", "id1", cwd=project)
    assert result.exit_code == 0, result.output
    import pikepdf
    for name, identifier in (("sexting-poster-a3-press.pdf", "FOGRA29"),
                             ("sexting-card-id1-press.pdf", "FOGRA39")):
        with pikepdf.open(project / "output/nl" / name) as pdf:
            assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == identifier
    report = run("preflight", str(project / "output/nl/sexting-poster-a3-press.pdf"))
    assert "ok  PDF/X-1a:2001: pass (FOGRA29)" in report.output


def test_an_unknown_printing_condition_is_an_input_error(project):
    profile = project / "content/organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") +
                       "\nprinting:\n  press:\n    condition: FOGRA99\n", encoding="utf-8")
    result = run("build", "--mode", "press", cwd=project)
    assert result.exit_code == 2, result.output
    assert "organisation.yaml" in result.output and "FOGRA39" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")
@pytest.mark.parametrize("path", PRESS)
def test_ghostscript_renders_without_warnings(press, path, tmp_path):
    done = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc",
                           "-dOverprint=/simulate", "-r20", f"-sOutputFile={tmp_path}/p%d.tif",
                           str(press / path)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == "", done.stdout + done.stderr
    assert len(list(tmp_path.glob("p*.tif"))) == len(pypdf.PdfReader(press / path).pages)


# --- black and colour ----------------------------------------------------------------------

SOLID_K = (0.0, 0.0, 0.0, 1.0)


@pytest.mark.parametrize("path", PRESS)
def test_black_text_and_thin_black_lines_overprint_and_nothing_else_does(press, path):
    from pdfcheck import painted

    ops = painted(press / path)
    texts = [p for p in ops if p.operator in ("Tj", "TJ")]
    black = [p for p in texts if p.fill == SOLID_K]
    assert black, path  # the body text is solid black
    assert all(p.overprint for p in black), [p for p in black if not p.overprint][:3]
    assert not any(p.overprint for p in texts if p.fill != SOLID_K)
    for p in ops:
        if p.operator in ("S", "s") and p.stroke == SOLID_K and p.line_width <= 1.0:
            assert p.stroke_overprint, p
        if p.operator in ("f", "F", "f*") and p.fill != SOLID_K:
            assert not p.overprint, p  # a colour or tint never overprints: it knocks out


def test_office_files_never_overprint(built):
    from pdfcheck import painted

    for path in ("nl/sexting-card-id1.pdf", "nl/sexting-card-id1-sheet.pdf"):
        assert not any(p.overprint or p.stroke_overprint for p in painted(built / path))


@pytest.mark.parametrize("value, inks", [
    ("#1A1A1A", (0, 0, 0, 1)),            # near-black: solid K
    ("#4A4A4A", (0, 0, 0, 0.7098)),       # a grey: black ink only
    ("#B3261E", (0.2296, 0.8365, 0.8709, 0.0888)),  # a red keeps its colour, little black
    ("#E8EEF5", (0.0888, 0.0652, 0.05, 0)),         # 3.8 % yellow raised, 0.1 % black dropped
    ("cmyk(0, 100, 100, 0)", (0, 1, 1, 0)),         # given in inks: as given
    ("cmyk(0, 0, 3, 0)", (0, 0, 0.03, 0)),          # even a light tint, when given
])
def test_press_separation(value, inks):
    from generator.colour import Colour, press_inks

    assert press_inks(Colour.parse(value))[0] == pytest.approx(inks, abs=1e-4)


def test_dark_colours_hold_the_ink_limit():
    from generator.colour import RGB

    for hex_value in ("#101820", "#2B0A3D", "#003300", "#1F1F3F", "#400000"):
        inks = RGB.from_hex(hex_value).cmyk()
        assert sum(inks) <= 3.0 + 5e-4, (hex_value, inks)  # each ink rounded to 0.01 %


def test_a_press_build_warns_about_the_tints_it_changes(press, tmp_path):
    result = run("build", "--mode", "press", "--locale", "nl", "--layout", "id1",
                 "--out", str(tmp_path))
    assert result.exit_code == 0
    assert ("colour tint (#E8EEF5) in press files: yellow 3.8 % raised to 5 %, black 0.1 % "
            "dropped") in result.output


# --- die lines ------------------------------------------------------------------------------

DIE_CUT = {"nl/sexting-card-id1-press.pdf": 0, "nl/sexting-card-badge-press.pdf": 1}  # slots


@pytest.mark.parametrize("path", PRESS)
def test_die_line_in_the_cutcontour_spot_colour_on_rounded_and_slotted_cards_only(press, path):
    from pdfcheck import painted

    reader = pypdf.PdfReader(press / path)
    ops = painted(press / path)
    die = [p for p in ops if p.stroke_space]
    if path not in DIE_CUT:
        assert not die and b"/CutContour" not in (press / path).read_bytes()
        return
    for number, page in enumerate(reader.pages, start=1):
        spaces = page["/Resources"]["/ColorSpace"]
        (name,) = [n for n, s in spaces.items() if s[0] == "/Separation"]
        space = spaces[name]
        assert space[1] == "/CutContour" and space[2] == "/DeviceCMYK"
        on_page = [p for p in die if p.stream == f"page {number}"]
        assert len(on_page) == 1 + DIE_CUT[path]  # the outline, and each slot
        assert all(p.stroke_space == name and p.stroke == (1.0,) for p in on_page)
        assert all(p.line_width == 0.25 and p.stroke_overprint for p in on_page)
        trim = tuple(float(v) for v in page.trimbox)
        outline = max(on_page, key=lambda p: p.bbox[2] - p.bbox[0])
        assert outline.bbox == pytest.approx(trim, abs=0.01)  # the cut is the trim
        assert outline.curves == 4  # with rounded corners


@pytest.mark.parametrize("path", PRESS)
def test_marks_and_slug_print_in_registration_colour(press, path):
    from pdfcheck import painted

    marks = [p for p in painted(press / path) if p.stream.startswith("page")
             and not p.stroke_space]
    assert marks and all((p.fill if p.operator in ("Tj", "TJ") else p.stroke) == (1, 1, 1, 1)
                         for p in marks)


def test_office_sheets_draw_only_the_corners_of_a_rounded_outline(built):
    from pdfcheck import painted

    guides = [p for p in painted(built / "nl/sexting-card-id1-sheet.pdf")
              if p.operator == "S" and p.curves]
    assert len(guides) == 20  # one per card, on the front and on the back
    assert all(p.lines == 0 and p.curves == 4 for p in guides)  # no side on a cut line
