"""A print sheet's copies are checked as their piece: within a build, the sheet takes
the piece's smallest text and lowest contrast instead of measuring every copy again,
and still measures its own text (the printing note) and runs every other check. A
sheet checked on its own (``drukwerk preflight``) is checked in full."""
from __future__ import annotations

import io
from dataclasses import replace

import pytest
from reportlab.pdfgen.canvas import Canvas

from conftest import CONTENT_FIXTURE, ROOT, default_inputs, run
from generator.making import Options, make
from generator.output.preflight import Finding, Report, _placed_as_is, check_pdf
from generator.parallel import WORKERS_VARIABLE
from generator.pipeline import plan

TEXT_CHECKS = ("text size", "contrast")


def card_job(layout: str):
    [job] = plan(default_inputs(products=("card",), layout_names=(layout,), locales=("nl",),
                                topics=("sexting",)))
    return job


def reports_of(layout: str) -> dict[str, Report]:
    """The preflight reports of a card and its print sheet, made as a build makes them."""
    made = make(card_job(layout), "digest", Options())
    return {entry.path: report for (entry, _), report in zip(made.files, made.reports)}


@pytest.mark.parametrize("layout", ["id1", "badge"])   # copies upright; turned a quarter
def test_the_sheet_carries_its_pieces_text_findings_and_runs_its_own_checks(layout):
    reports = reports_of(layout)
    piece = reports[f"nl/sexting-card-{layout}.pdf"]
    sheet = reports[f"nl/sexting-card-{layout}-sheet.pdf"]
    found = {f.check: f for f in piece.findings}
    for finding in sheet.findings:
        if finding.check in TEXT_CHECKS:
            # the copies' finding, then the printing note's, measured on the sheet
            assert finding.detail.startswith(f"as its piece: {found[finding.check].detail}; "
                                             "its own text: "), finding
        else:
            assert not finding.detail.startswith("as its piece"), finding
    assert "its own text: smallest 7 pt" in {f.check: f for f in sheet.findings}["text size"].detail
    assert [f.check for f in sheet.findings] == [f.check for f in piece.findings]
    assert sheet.passed and piece.passed


def test_a_sheet_checked_on_its_own_is_checked_in_full(built):
    result = run("preflight", str(built / "nl/sexting-card-id1-sheet.pdf"))
    assert result.exit_code == 0, result.output
    assert "as its piece" not in result.output
    assert "text size: smallest 7 pt" in result.output


def test_a_failing_piece_fails_its_sheet():
    made = make(card_job("id1"), "digest", Options(preflight=False, previews=False))
    data = {entry.path: pdf for entry, pdf in made.files}["nl/sexting-card-id1-sheet.pdf"]
    piece = reports_of("id1")["nl/sexting-card-id1.pdf"]
    failing = replace(piece, findings=tuple(
        Finding(f.check, False, "text at 5 pt; nothing may be smaller than 7 pt")
        if f.check == "text size" else f for f in piece.findings))
    checked = check_pdf(data, "sheet.pdf", "office", 7.0, piece=failing)
    assert not checked.passed
    assert checked.reasons == ["text size: as its piece: text at 5 pt; nothing may be smaller "
                               "than 7 pt; its own text: smallest 7 pt"]


def sheet_with_copy_at(matrix: tuple[float, ...]) -> bytes:
    """A4 with one 5 pt line of text drawn in a form placed with ``matrix``."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.beginForm("page1", 0, 0, 200, 100)
    canvas.setFont("Helvetica", 5)
    canvas.drawString(10, 50, "five points, far too small")
    canvas.endForm()
    canvas.transform(*matrix)
    canvas.doForm("page1")
    canvas.save()
    return buffer.getvalue()


PIECE = Report("piece.pdf", "office", (Finding("text size", True, "smallest 9 pt"),
                                       Finding("contrast", True, "lowest 21.00:1 (needs 4.5:1)")))


@pytest.mark.parametrize("matrix, by_piece", [
    ((1, 0, 0, 1, 100, 400), True),        # moved
    ((0, 1, -1, 0, 300, 400), True),       # turned a quarter
    ((-1, 0, 0, -1, 300, 400), True),      # turned a half
    ((1.5, 0, 0, 1.5, 100, 400), False),   # larger: its text is not the piece's size
    ((0.5, 0, 0, 0.5, 100, 400), False),   # smaller
    ((-1, 0, 0, 1, 300, 400), False),      # mirrored
    ((0.8, 0.6, -0.6, 0.8, 100, 400), False),  # turned by another angle
])
def test_a_copy_not_placed_as_is_is_checked_on_the_sheet(matrix, by_piece):
    assert _placed_as_is(matrix) is by_piece
    data = sheet_with_copy_at(matrix)
    checked = check_pdf(data, "sheet.pdf", "office", 7.0, piece=PIECE)
    text = [f for f in checked.findings if f.check in TEXT_CHECKS]
    if by_piece:   # the sheet has no text of its own
        assert text == [Finding("text size", True, "as its piece: smallest 9 pt"),
                        Finding("contrast", True, "as its piece: lowest 21.00:1 (needs 4.5:1)")]
    else:          # measured on the sheet, as without a piece: the 5 pt text fails
        alone = check_pdf(data, "sheet.pdf", "office", 7.0)
        assert text == [f for f in alone.findings if f.check in TEXT_CHECKS]
        assert not checked.passed and "as its piece" not in str(text)


# --- a build whose card has a flaw: it fails through the piece, and through the sheet ---

def small_text(monkeypatch):
    """The first text of the card's front at 5 pt, below the card's 7 pt."""
    import generator.pipeline as pipeline

    compose = pipeline.compose_job

    def composed(job):
        document = compose(job)
        front = document.pages[0]
        first = next(i for i, item in enumerate(front.items) if hasattr(item, "size")
                     and getattr(item, "text", "").strip())
        items = list(front.items)
        items[first] = replace(items[first], size=5.0)
        return replace(document, pages=(replace(front, items=tuple(items)),
                                        *document.pages[1:]))

    monkeypatch.setattr(pipeline, "compose_job", composed)
    return "text size: text at 5 pt"


def light_text(monkeypatch):
    """The profile's text colour printed light grey: 2.3:1 on white paper."""
    import generator.render.pdf as pdf
    from reportlab.lib.colors import HexColor

    colours = pdf.palette_colours

    def lighter(palette, cmyk):
        return {**colours(palette, cmyk), "text": HexColor("#AAAAAA")}

    monkeypatch.setattr(pdf, "palette_colours", lighter)
    return "contrast: page"


@pytest.mark.parametrize("flaw", [small_text, light_text])
def test_a_flawed_card_fails_the_build_through_its_piece_and_its_sheet(monkeypatch, tmp_path,
                                                                      flaw):
    reason = flaw(monkeypatch)
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    selection = ("--content", str(CONTENT_FIXTURE), "--layouts", str(ROOT / "layouts"),
                 "--product", "card", "--layout", "id1", "--locale", "nl")
    failed = run("build", *selection, "--out", str(tmp_path / "checked"))
    assert failed.exit_code == 1, failed.output
    said = failed.output.split("preflight failed: ")
    [piece] = [part for part in said if part.startswith("nl/sexting-card-id1.pdf")]
    [sheet] = [part for part in said if part.startswith("nl/sexting-card-id1-sheet.pdf")]
    assert reason in piece
    assert reason.replace(": ", ": as its piece: ", 1) in sheet
    assert not (tmp_path / "checked").exists() or not list((tmp_path / "checked").rglob("*.pdf"))

    unchecked = tmp_path / "unchecked"
    assert run("build", *selection, "--no-preflight", "--out", str(unchecked)).exit_code == 0
    alone = run("preflight", str(unchecked / "nl/sexting-card-id1-sheet.pdf"))
    assert alone.exit_code == 1, alone.output
    assert reason in alone.output and "as its piece" not in alone.output
