"""Previews: a PNG per page from `drukwerk build`, and `drukwerk preview` / `open`."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from PIL import Image

from conftest import run, tree_digest

def ppi_for(width_mm: float, height_mm: float) -> int:
    """The documented rule: 150 ppi up to 150 mm (cards), 100 up to 300 mm (A4), 50 above."""
    longest = max(width_mm, height_mm)
    return 150 if longest <= 150 else 100 if longest <= 300 else 50


def manifest(folder):
    return {row["path"]: row for row in json.loads((folder / "manifest.json").read_text())["files"]}


def expected_pixels(mm: float, ppi: float) -> int:
    return round(mm / 25.4 * ppi)


def test_build_renders_every_page_at_the_resolution_of_its_size(built):
    rows = manifest(built)
    assert len(rows) == 28  # per locale: protocol, book, 2 posters, 5 cards and their sheets
    for row in rows.values():
        if row["sheet"]:  # a print sheet is an A4 page of several pieces
            row = {**row, "width_mm": 210, "height_mm": 297}
        assert len(row["previews"]) == row["pages"]
        for number, path in enumerate(row["previews"], start=1):
            assert path == f"previews/{row['path'][:-4]}-p{number}.png"
            with Image.open(built / path) as image:
                ppi = ppi_for(row["width_mm"], row["height_mm"])
                assert image.format == "PNG"
                assert image.width == pytest.approx(expected_pixels(row["width_mm"], ppi), abs=1)
                assert image.height == pytest.approx(expected_pixels(row["height_mm"], ppi), abs=1)


def test_a_preview_of_a_very_large_page_stays_a_picture():
    from generator.output.preview import MAX_PIXELS_ACROSS, ppi_for as ppi_by_size
    assert ppi_by_size(297, 420) == 50
    assert 5000 / 25.4 * ppi_by_size(5000, 300) == pytest.approx(MAX_PIXELS_ACROSS)


def test_previews_are_small(built):
    rows = json.loads((built / "manifest.json").read_text(encoding="utf-8"))["files"]
    listed = [preview for row in rows for preview in row["previews"]]
    assert len(listed) >= len(rows) > 0  # every file has a preview per page
    for path in listed:
        assert (built / path).stat().st_size < 100_000, path


def test_previews_show_the_page_as_pdfium_draws_it(built):
    import pypdfium2 as pdfium
    from PIL import ImageChops, ImageStat
    document = pdfium.PdfDocument(str(built / "nl/sexting-card-id1.pdf"))
    drawn = document[0].render(scale=150 / 72).to_pil().convert("RGB")
    document.close()
    with Image.open(built / "previews/nl/sexting-card-id1-p1.png") as image:
        difference = ImageChops.difference(drawn, image.convert("RGB"))
    # The palette changes a pixel by a few shades at most (of 255), nothing more.
    assert max(ImageStat.Stat(difference).mean) < 2.0
    assert max(high for _, high in difference.getextrema()) < 24


def test_existing_manifest_fields_are_unchanged(built):
    row = manifest(built)["nl/sexting-card-id1.pdf"]
    for key, value in {"product": "card", "layout": "id1", "locale": "nl", "mode": "office",
                       "sheet": False, "pages": 2, "width_mm": 85.6, "height_mm": 53.98,
                       "up": 1}.items():
        assert row[key] == value
    assert len(row["sha256"]) == 64


def test_two_builds_give_byte_identical_previews_and_html(built, tmp_path):
    assert run("build", "--out", str(tmp_path)).exit_code == 0
    assert tree_digest(tmp_path) == tree_digest(built)


def test_no_previews_writes_none_and_drops_the_rebuilt_files_old_ones(tmp_path):
    assert run("build", "--out", str(tmp_path)).exit_code == 0
    result = run("build", "--out", str(tmp_path), "--product", "card", "--no-previews", "--force")
    assert result.exit_code == 0, result.output
    assert "previews:" not in result.output
    rows = manifest(tmp_path)
    assert rows["nl/sexting-card-id1.pdf"]["previews"] == []
    assert not list((tmp_path / "previews").rglob("sexting-card-*"))
    assert (tmp_path / "previews/nl/sexting-poster-a3-p1.png").is_file()
    assert "--no-previews" in (tmp_path / "index.html").read_text()


def test_no_previews_on_a_fresh_folder(tmp_path):
    result = run("build", "--out", str(tmp_path), "--no-previews")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "previews").exists()
    assert (tmp_path / "index.html").is_file()


def test_preview_command_writes_a_png_per_page_next_to_the_pdf(built, tmp_path):
    pdf = tmp_path / "card.pdf"
    shutil.copy(built / "nl/sexting-card-id1.pdf", pdf)
    result = run("preview", str(pdf))
    assert result.exit_code == 0, result.output
    assert result.output.count("wrote ") == 2
    for number in (1, 2):
        with Image.open(tmp_path / f"card-p{number}.png") as image:
            assert image.size == (506, 319)  # 85.6 x 53.98 mm at 150 ppi
    assert (tmp_path / "card-p1.png").read_bytes() == \
        (built / "previews/nl/sexting-card-id1-p1.png").read_bytes()


def test_preview_command_with_resolution_and_folder(built, tmp_path):
    result = run("preview", str(built / "nl/sexting-poster-a3.pdf"), "--ppi", "20",
                 "--out", str(tmp_path / "pictures"))
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "pictures/sexting-poster-a3-p1.png") as image:
        assert image.size == (expected_pixels(297, 20), expected_pixels(420, 20))


@pytest.mark.parametrize("name, content, message", [
    ("missing.pdf", None, "PDF not found"),
    ("notes.txt", b"hello", "this is not a PDF file"),
    ("damaged.pdf", b"%PDF-1.4\nnothing else", "cannot read this PDF"),
    ("folder.pdf", "folder", "expected a PDF, found a folder"),
    ("pipe.pdf", "pipe", "expected a PDF, found a pipe"),
])
def test_preview_of_something_that_is_not_a_pdf_is_an_input_error(tmp_path, name, content,
                                                                    message):
    target = tmp_path / name
    if content == "folder":
        target.mkdir()
    elif content == "pipe":
        os.mkfifo(target)
    elif content is not None:
        target.write_bytes(content)
    before = tree_digest(tmp_path)
    result = run("preview", str(target))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ") and message in result.output
    assert "How to fix:" in result.output and "Traceback" not in result.output
    assert tree_digest(tmp_path) == before


def test_open_shows_the_catalogue_in_the_browser(built, monkeypatch):
    import webbrowser
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda uri: opened.append(uri) or True)
    result = run("open", "--out", str(built))
    assert result.exit_code == 0, result.output
    assert opened == [(built / "index.html").resolve().as_uri()]
    assert "opened" in result.output


def test_open_without_a_browser_says_where_the_catalogue_is(built, monkeypatch):
    import webbrowser
    monkeypatch.setattr(webbrowser, "open", lambda uri: False)
    result = run("open", "--out", str(built))
    assert result.exit_code == 0
    assert "no web browser found" in result.output and "index.html" in result.output


def test_open_before_a_build_is_an_input_error(tmp_path, monkeypatch):
    import webbrowser
    monkeypatch.setattr(webbrowser, "open", lambda uri: pytest.fail("must not open"))
    result = run("open", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "no catalogue here yet" in result.output and "drukwerk build" in result.output
