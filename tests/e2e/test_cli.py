"""The command line as a user meets it."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import CONTENT_FIXTURE, ROOT, run
from test_products import LOCALES, PIECES

FILES_PER_LOCALE = 1 + 1 + 2 + 5 * 2  # protocol, book, posters, cards x (piece + sheet)


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "validate", "list", "preview", "open"):
        assert command in result.output


def test_help_imports_nothing_heavy():
    """`drukwerk --help` answers at once: the pipeline's libraries load only when used."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, generator.cli; print(' '.join(sorted(sys.modules)))"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = {name.split(".")[0] for name in done.stdout.split()}
    assert not loaded & {"reportlab", "pydantic", "jinja2", "yaml", "pypdfium2", "PIL"}


def test_python_dash_m_runs_the_same_cli():
    done = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert "build" in done.stdout


def test_build_prints_a_line_per_file_and_a_summary(tmp_path):
    result = run("build", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    files = json.loads((tmp_path / "manifest.json").read_text())["files"]
    assert len(files) == len(LOCALES) * FILES_PER_LOCALE
    assert sum(line.startswith("wrote ") for line in lines) == len(files)
    assert lines[-1].startswith(f"{len(files)} rebuilt, 0 up to date in")


def test_build_one_product_and_layout_keeps_the_others_in_the_manifest(tmp_path):
    assert run("build", "--out", str(tmp_path)).exit_code == 0
    result = run("build", "--out", str(tmp_path), "--product", "card", "--layout", "id1",
                 "--locale", "nl", "--force")
    assert result.exit_code == 0, result.output
    assert result.output.count("wrote ") == 2  # the card and its print sheet, nothing else
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert len(manifest["files"]) == len(LOCALES) * FILES_PER_LOCALE


@pytest.mark.parametrize("locale", LOCALES)
def test_one_locale_builds_the_full_set_of_that_locale(tmp_path, locale):
    result = run("build", "--out", str(tmp_path), "--locale", locale)
    assert result.exit_code == 0, result.output
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.pdf"))
    assert len(written) == FILES_PER_LOCALE
    assert all(path.startswith(f"{locale}/") for path in written)
    assert {path for path in PIECES if path.startswith(f"{locale}/")} <= set(written)


def test_locale_all_is_the_default(tmp_path):
    result = run("build", "--out", str(tmp_path), "--locale", "all")
    assert result.exit_code == 0, result.output
    written = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.pdf")}
    assert len(written) == len(LOCALES) * FILES_PER_LOCALE and set(PIECES) <= written


def test_unknown_locale_is_an_input_error():
    result = run("validate", "--locale", "de")
    assert result.exit_code == 2
    assert "unknown locale 'de'" in result.output and "choose from: en, nl" in result.output


def test_unknown_product_is_an_input_error():
    result = run("build", "--product", "flyer")
    assert result.exit_code == 2
    assert "unknown product 'flyer'" in result.output and "protocol, book, poster, card" in result.output


def test_validate_reports_each_fitted_box_and_writes_nothing(tmp_path):
    result = run("validate", "--content", str(CONTENT_FIXTURE))
    assert result.exit_code == 0, result.output
    assert "nl/sexting: card id1" in result.output
    assert "checks" in result.output and "(min 8, max 9)" in result.output
    assert "nothing written" in result.output


def test_list_shows_topics_locales_products_and_layouts():
    result = run("list")
    assert result.exit_code == 0
    for text in ("topic en/sexting: Sexually charged", "topic nl/sexting: Seksueel",
                 "product protocol", "layout a4", "product book", "product poster", "layout a3",
                 "product card", "layout id1",
                 "gets: protocol a4, poster a3, poster easy-read, card a6-bifold",
                 "locale nl, every topic: book a4"):
        assert text in result.output


def test_missing_content_folder_is_an_input_error(tmp_path):
    result = run("build", "--content", str(tmp_path / "nowhere"), "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "not found" in result.output


def test_internal_error_is_short_without_debug(monkeypatch, tmp_path):
    import generator.pipeline as pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "lay_out_plan", broken)
    result = run("validate")
    assert result.exit_code == 1
    assert "internal error: RuntimeError: boom" in result.output
    assert "Traceback" not in result.output


def test_output_folder_that_is_a_file_is_an_input_error(tmp_path):
    target = tmp_path / "output"
    target.write_text("not a folder")
    result = run("build", "--locale", "nl", "--product", "card", "--layout", "id1",
                 "--out", str(target))
    assert result.exit_code == 2 and "is a file" in result.output
    assert target.read_text() == "not a folder"


@pytest.mark.parametrize("offset", ["nan,0", "0,inf", "11,0", "1.5"])
def test_duplex_offset_must_be_two_small_numbers(offset):
    result = run("build", "--duplex-offset", offset)
    assert result.exit_code == 2 and "--duplex-offset" in result.output
