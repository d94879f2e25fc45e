"""Pocket cards in every layout, and the office print sheets a trainer cuts."""
from __future__ import annotations

import json
import math
import shutil

import pypdf
import pytest
import yaml

from conftest import FIXTURES, MM, ROOT, normalise, run
from pdfcheck import form_segments, glyphs, sheet_content
from test_content import seed_checks

CARD_LAYOUTS = ["id1", "badge", "a7", "a6-bifold", "wallet-trifold"]
SIZES = {"id1": (85.6, 53.98), "badge": (53.98, 85.6), "a7": (74, 105),
         "a6-bifold": (210, 148), "wallet-trifold": (255.2, 53.98)}
FOLDED = {"a6-bifold": (105, 148), "wallet-trifold": (85.6, 53.98)}
SHEET_W, SHEET_H, UNPRINTABLE = 210 * MM, 297 * MM, 5 * MM


def layout_file(name: str) -> dict:
    """The layout as its file says, with the card base's values filled in."""
    data = yaml.safe_load((ROOT / f"layouts/card-{name}.yaml").read_text())
    base = yaml.safe_load((ROOT / "layouts/card-base.yaml").read_text())
    return {**base, **data}


def manifest_row(out, path):
    rows = {row["path"]: row for row in json.loads((out / "manifest.json").read_text())["files"]}
    return rows[path]


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    out = tmp_path_factory.mktemp("cards")
    result = run("build", "--product", "card", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("name", CARD_LAYOUTS)
def test_piece_has_trim_size_and_two_sides(cards, name):
    width, height = SIZES[name]
    reader = pypdf.PdfReader(cards / f"nl/sexting-card-{name}.pdf")
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert float(page.trimbox.width) / MM == pytest.approx(width, abs=0.05)
        assert float(page.trimbox.height) / MM == pytest.approx(height, abs=0.05)
    row = manifest_row(cards, f"nl/sexting-card-{name}.pdf")
    assert (row["width_mm"], row["height_mm"], row["sheet"]) == (width, height, False)


@pytest.mark.parametrize("name", FOLDED)
def test_folded_panels_fold_to_the_finished_size(name):
    layout = layout_file(name)
    outside, inside = (page["panels"] for page in layout["pages"].values())
    assert max(p["width"] for p in outside) == FOLDED[name][0]
    assert sum(p["width"] for p in outside) == pytest.approx(SIZES[name][0])
    assert [p["width"] for p in inside] == [p["width"] for p in reversed(outside)]
    if name == "wallet-trifold":
        flap = min(p["width"] for p in outside)
        assert 1 <= FOLDED[name][0] - flap <= 2  # the panel that folds in is narrower


@pytest.mark.parametrize("name", CARD_LAYOUTS)
def test_all_nine_questions_on_the_card(cards, name):
    reader = pypdf.PdfReader(cards / f"nl/sexting-card-{name}.pdf")
    text = normalise(" ".join(p.extract_text().replace("-\n", "-") for p in reader.pages))
    for question in seed_checks():
        assert question in text, (name, question)


@pytest.mark.parametrize("name", CARD_LAYOUTS)
def test_no_text_outside_its_panel_and_none_too_small(cards, name):
    layout = layout_file(name)
    safe = layout.get("safe", 3) * MM
    height = SIZES[name][1] * MM
    for page_glyphs, page in zip(glyphs(cards / f"nl/sexting-card-{name}.pdf"),
                                 layout["pages"].values()):
        widths = [p["width"] for p in page.get("panels", [])] or [SIZES[name][0]]
        edges = [sum(widths[:i]) * MM for i in range(len(widths) + 1)]
        for glyph in page_glyphs:
            assert glyph.size >= 7
            assert safe - 0.5 <= glyph.bottom and glyph.top <= height - safe + 0.5, glyph
            inside = [i for i in range(len(widths))
                      if edges[i] + safe - 0.5 <= glyph.left and glyph.right <= edges[i + 1] - safe + 0.5]
            assert inside, f"{name}: {glyph} crosses a fold or a safe zone"


def test_check_questions_at_8_pt_or_more_everywhere():

    from conftest import default_inputs
    from generator.layout.items import Text
    from generator.pipeline import lay_out, plan

    documents = lay_out(plan(default_inputs(products=("card",))))
    assert len(documents) == 2 * len(CARD_LAYOUTS)
    for document in documents:
        texts = [item for page in document.pages for item in page.items if isinstance(item, Text)]
        questions = [t for t in texts if t.field.startswith("checks[")]
        assert {t.field for t in questions} == {f"checks[{i}]" for i in range(9)}
        assert min(t.size for t in questions) >= 8, document.layout
        assert min(t.size for t in texts) >= 7, document.layout


# --- office sheets ----------------------------------------------------------------------

# Pieces per A4 office sheet, as the README promises (5 mm unprintable edge, marks in the margin).
EXPECTED_UP = {"id1": 10, "badge": 10, "a7": 4, "a6-bifold": 1, "wallet-trifold": 3}


def piece_corners(name):
    width, height = SIZES[name]
    return [(0, 0), (width * MM, 0), (0, height * MM), (width * MM, height * MM)]


@pytest.mark.parametrize("name", CARD_LAYOUTS)
def test_sheet_places_the_cards_inside_the_printable_area_without_overlap(cards, name):
    path = cards / f"nl/sexting-card-{name}-sheet.pdf"
    row = manifest_row(cards, f"nl/sexting-card-{name}-sheet.pdf")
    assert row["sheet"] is True and row["product"] == "card" and row["layout"] == name
    assert row["up"] == EXPECTED_UP[name]
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 2
    assert float(reader.pages[0].mediabox.width) == pytest.approx(SHEET_W, abs=0.1)
    placed, _ = sheet_content(path, 0)
    assert len(placed) == row["up"]
    boxes = []
    for item in placed:
        xs, ys = zip(*(item.apply(*corner) for corner in piece_corners(name)))
        assert min(xs) >= UNPRINTABLE and max(xs) <= SHEET_W - UNPRINTABLE
        assert min(ys) >= UNPRINTABLE and max(ys) <= SHEET_H - UNPRINTABLE
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap_w = min(a[2], b[2]) - max(a[0], b[0])
            overlap_h = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_w < 0.01 or overlap_h < 0.01, (a, b)


@pytest.mark.parametrize("name", CARD_LAYOUTS)
def test_cut_marks_on_every_cut_line_outside_the_cards(cards, name):
    path = cards / f"nl/sexting-card-{name}-sheet.pdf"
    placed, segments = sheet_content(path, 0)
    boxes = [tuple(zip(*(p.apply(*c) for c in piece_corners(name)))) for p in placed]
    xs = sorted({round(v, 2) for bx in boxes for v in (min(bx[0]), max(bx[0]))})
    ys = sorted({round(v, 2) for bx in boxes for v in (min(bx[1]), max(bx[1]))})
    grid = (xs[0], ys[0], xs[-1], ys[-1])
    cuts = [s for s in segments if not s.dashed]
    for x in xs:
        marks = [s for s in cuts if math.isclose(s.x1, x, abs_tol=0.05) and math.isclose(s.x2, x, abs_tol=0.05)]
        assert any(min(s.y1, s.y2) > grid[3] for s in marks), f"no mark above the cut at x={x}"
        assert any(max(s.y1, s.y2) < grid[1] for s in marks), f"no mark below the cut at x={x}"
    for y in ys:
        marks = [s for s in cuts if math.isclose(s.y1, y, abs_tol=0.05) and math.isclose(s.y2, y, abs_tol=0.05)]
        assert any(min(s.x1, s.x2) > grid[2] for s in marks), f"no mark right of the cut at y={y}"
        assert any(max(s.x1, s.x2) < grid[0] for s in marks), f"no mark left of the cut at y={y}"
    for s in segments:  # every mark lies in the printable margin, never on a card
        for x, y in ((s.x1, s.y1), (s.x2, s.y2)):
            assert UNPRINTABLE - 0.01 <= x <= SHEET_W - UNPRINTABLE + 0.01
            assert UNPRINTABLE - 0.01 <= y <= SHEET_H - UNPRINTABLE + 0.01
            assert not (grid[0] + 0.01 < x < grid[2] - 0.01 and grid[1] + 0.01 < y < grid[3] - 0.01)


@pytest.mark.parametrize("name", FOLDED)
def test_fold_ticks_where_the_folds_meet_the_sheet_margin(cards, name):
    path = cards / f"nl/sexting-card-{name}-sheet.pdf"
    placed, segments = sheet_content(path, 0)
    front_panels = list(layout_file(name)["pages"].values())[0]["panels"]
    folds = [sum(p["width"] for p in front_panels[:i + 1]) * MM for i in range(len(front_panels) - 1)]
    ticks = [s for s in segments if s.dashed]
    assert ticks
    height = SIZES[name][1] * MM
    for item in placed:
        for fold in folds:
            line = (item.apply(fold, 0), item.apply(fold, height))
            vertical = math.isclose(line[0][0], line[1][0], abs_tol=0.01)
            on_line = [t for t in ticks if (
                vertical and math.isclose(t.x1, line[0][0], abs_tol=0.05) and math.isclose(t.x2, t.x1, abs_tol=0.05)
            ) or (not vertical and math.isclose(t.y1, line[0][1], abs_tol=0.05) and math.isclose(t.y2, t.y1, abs_tol=0.05))]
            assert on_line, f"no fold tick for the fold at {fold / MM:.1f} mm"


def test_badge_sheet_shows_the_slot_and_id1_the_rounded_corners(cards):
    for side in (0, 1):  # the slot is punched through: shown on both sides
        badge, _ = sheet_content(cards / "nl/sexting-card-badge-sheet.pdf", side)
        assert all(p.guides == ("dashed", "rounded") for p in badge)  # slot, then corners
    id1, _ = sheet_content(cards / "nl/sexting-card-id1-sheet.pdf", 0)
    assert len(id1) == 10 and all(p.guides == ("rounded",) for p in id1)
    a7, _ = sheet_content(cards / "nl/sexting-card-a7-sheet.pdf", 0)
    assert all(p.guides == () for p in a7)  # square corners: nothing to round


def back_is_behind_front(front, back, name, offset=(0.0, 0.0)):
    """Turning the sheet over its long edge: each back corner lies behind its front corner."""
    width = SIZES[name][0] * MM
    for x, y in piece_corners(name):
        fx, fy = front.apply(x, y)
        # the point of the back that lies behind (x, y) of the front
        bx, by = back.apply(width - x, y)
        assert abs(bx - (SHEET_W - fx) - offset[0] * MM) <= 0.2 * MM
        assert abs(by - fy - offset[1] * MM) <= 0.2 * MM


@pytest.mark.parametrize("name", CARD_LAYOUTS)
def test_duplex_backs_land_behind_their_own_fronts(cards, name):
    path = cards / f"nl/sexting-card-{name}-sheet.pdf"
    fronts, _ = sheet_content(path, 0)
    backs, _ = sheet_content(path, 1)
    assert len(fronts) == len(backs)
    assert {p.form for p in fronts} != {p.form for p in backs}
    for front, back in zip(fronts, backs):
        back_is_behind_front(front, back, name)


def test_duplex_offset_from_option_and_from_profile_moves_the_backs(project):
    result = run("build", "--product", "card", "--layout", "id1", "--duplex-offset", "1.5,-0.5",
                 cwd=project)
    assert result.exit_code == 0, result.output
    path = project / "output/nl/sexting-card-id1-sheet.pdf"
    fronts, _ = sheet_content(path, 0)
    backs, _ = sheet_content(path, 1)
    for front, back in zip(fronts, backs):
        back_is_behind_front(front, back, "id1", (1.5, -0.5))
    with pytest.raises(AssertionError):
        back_is_behind_front(fronts[0], backs[0], "id1")

    profile = project / "content/organisation.yaml"
    profile.write_text(profile.read_text() + "printing:\n  duplex_offset: [-1, 2]\n")
    assert run("build", "--product", "card", "--layout", "id1", cwd=project).exit_code == 0
    fronts, _ = sheet_content(path, 0)
    backs, _ = sheet_content(path, 1)
    back_is_behind_front(fronts[3], backs[3], "id1", (-1, 2))


def test_bad_duplex_offset_is_an_input_error():
    result = run("build", "--duplex-offset", "1.5")
    assert result.exit_code == 2 and "two numbers in mm" in result.output


def test_sheet_says_how_to_print_it(cards):
    text = normalise(pypdf.PdfReader(cards / "nl/sexting-card-id1-sheet.pdf").pages[0].extract_text())
    assert "Dubbelzijdig afdrukken" in text and "lange zijde" in text and "100 %" in text
    folded = normalise(pypdf.PdfReader(cards / "nl/sexting-card-a6-bifold-sheet.pdf").pages[0].extract_text())
    assert "Vouw" in folded


def test_a_sheet_of_ten_is_barely_larger_than_one_card(cards):
    one = (cards / "nl/sexting-card-id1.pdf").stat().st_size
    ten = (cards / "nl/sexting-card-id1-sheet.pdf").stat().st_size
    assert ten < one * 1.3


def test_a_new_card_layout_needs_only_a_yaml_file(project):
    shutil.copy(FIXTURES / "layouts/card-square.yaml", project / "layouts")
    result = run("build", "--product", "card", "--layout", "square", cwd=project)
    assert result.exit_code == 0, result.output
    piece = project / "output/nl/sexting-card-square.pdf"
    reader = pypdf.PdfReader(piece)
    assert float(reader.pages[0].trimbox.width) / MM == pytest.approx(80, abs=0.05)
    text = normalise(" ".join(p.extract_text().replace("-\n", "-") for p in reader.pages))
    assert all(q in text for q in seed_checks())
    fronts, _ = sheet_content(project / "output/nl/sexting-card-square-sheet.pdf", 0)
    backs, _ = sheet_content(project / "output/nl/sexting-card-square-sheet.pdf", 1)
    SIZES["square"] = (80, 80)
    try:
        for front, back in zip(fronts, backs):
            back_is_behind_front(front, back, "square")
    finally:
        del SIZES["square"]


def test_calibration_sheet_zero_lines_sit_behind_the_scales(tmp_path):
    result = run("calibrate", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = tmp_path / "calibration-duplex-nl.pdf"
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 2
    assert float(reader.pages[0].mediabox.width) == pytest.approx(SHEET_W, abs=0.1)
    text = normalise(reader.pages[0].extract_text())
    assert "Kalibratievel" in text and "--duplex-offset" in text
    check_zero_lines(tmp_path, (0, 0))

    shifted = tmp_path / "shifted"
    assert run("calibrate", "--out", str(shifted), "--duplex-offset", "2,1").exit_code == 0
    check_zero_lines(shifted, (2, 1))


def check_zero_lines(out, offset):
    """The back's zero lines, turned over, fall on the front's zero ticks (+ the offset)."""
    path = out / "calibration-duplex-nl.pdf"
    front, back = form_segments(path, 0), form_segments(path, 1)
    def length(s):
        return math.hypot(s.x2 - s.x1, s.y2 - s.y1)

    # the zero tick of each horizontal scale: the 6 mm tick at the page's centre line
    zero_x = [s for s in front if math.isclose(s.x1, SHEET_W / 2, abs_tol=0.01) and s.x1 == s.x2
              and math.isclose(length(s), 6 * MM, abs_tol=0.01)]
    assert len(zero_x) == 3
    bold = [s for s in back if math.isclose(length(s), 10 * MM, abs_tol=0.01)]
    assert len(bold) == 6
    for tick in zero_x:
        behind = [s for s in bold if s.x1 == s.x2 and min(s.y1, s.y2) < tick.y1 < max(s.y1, s.y2)]
        assert len(behind) == 1
        assert SHEET_W - (behind[0].x1 - offset[0] * MM) == pytest.approx(tick.x1, abs=0.2 * MM)


    zero_y = [s for s in front if s.y1 == s.y2 and math.isclose(s.y1, SHEET_H / 2, abs_tol=0.01)
              and math.isclose(length(s), 6 * MM, abs_tol=0.01)]
    assert len(zero_y) == 3
    for tick in zero_y:
        turned = SHEET_W - tick.x1 + offset[0] * MM
        behind = [s for s in bold if s.y1 == s.y2 and min(s.x1, s.x2) < turned < max(s.x1, s.x2)]
        assert len(behind) == 1
        assert behind[0].y1 - offset[1] * MM == pytest.approx(tick.y1, abs=0.2 * MM)


def test_a_tenth_question_is_printed_not_dropped(project):
    topic = project / "content/nl/sexting.yaml"
    extra = "Weet je bij wie je cliënt terecht kan met vragen?"
    text = topic.read_text(encoding="utf-8")
    last = "  - Heb je je cliënt verteld hoe die wel veilig beelden kan versturen?\n"
    topic.write_text(text.replace(last, last + f"  - {extra}\n"), encoding="utf-8")
    result = run("build", "--locale", "nl", "--product", "card", "--layout", "a7",
                 "--no-previews", cwd=project)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(project / "output/nl/sexting-card-a7.pdf")
    assert extra in normalise(" ".join(p.extract_text() for p in reader.pages))
