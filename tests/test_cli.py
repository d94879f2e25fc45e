"""The command line as a user meets it."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, run
from test_products import LOCALES, PIECES


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "validate", "list"):
        assert command in result.output


def test_python_dash_m_runs_the_same_cli():
    done = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert "build" in done.stdout


def test_build_prints_a_line_per_file_and_a_summary(tmp_path):
    result = run("build", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert sum(line.startswith("wrote ") for line in lines) == len(PIECES)
    assert lines[-1].startswith(f"{len(PIECES)} file(s) written to")


def test_build_one_product_and_layout_keeps_the_others_in_the_manifest(tmp_path):
    assert run("build", "--out", str(tmp_path)).exit_code == 0
    result = run("build", "--out", str(tmp_path), "--product", "card", "--layout", "id1",
                 "--locale", "nl")
    assert result.exit_code == 0, result.output
    assert result.output.count("wrote ") == 1
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert len(manifest["files"]) == len(PIECES)


@pytest.mark.parametrize("locale", LOCALES)
def test_one_locale_builds_the_full_set_of_that_locale(tmp_path, locale):
    result = run("build", "--out", str(tmp_path), "--locale", locale)
    assert result.exit_code == 0, result.output
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.pdf"))
    assert written == sorted(path for path in PIECES if path.startswith(f"{locale}/"))


def test_locale_all_is_the_default(tmp_path):
    result = run("build", "--out", str(tmp_path), "--locale", "all")
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.pdf")) == sorted(PIECES)


def test_unknown_locale_is_an_input_error():
    result = run("validate", "--locale", "de")
    assert result.exit_code == 2
    assert "unknown locale 'de'" in result.output and "choose from: en, nl" in result.output


def test_unknown_product_is_an_input_error():
    result = run("build", "--product", "flyer")
    assert result.exit_code == 2
    assert "unknown product 'flyer'" in result.output and "protocol, poster, card" in result.output


def test_validate_reports_each_fitted_box_and_writes_nothing(tmp_path):
    result = run("validate", "--content", str(ROOT / "content"))
    assert result.exit_code == 0, result.output
    assert "nl/sexting: card id1" in result.output
    assert "checks" in result.output and "(min 8, max 9)" in result.output
    assert "nothing written" in result.output


def test_list_shows_topics_locales_products_and_layouts():
    result = run("list")
    assert result.exit_code == 0
    for text in ("locale en: topics sexting", "locale nl: topics sexting", "product protocol", "layout a4",
                 "product poster", "layout a3", "product card", "layout id1"):
        assert text in result.output


def test_missing_content_folder_is_an_input_error(tmp_path):
    result = run("build", "--content", str(tmp_path / "nowhere"), "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "not found" in result.output


def test_internal_error_is_short_without_debug(monkeypatch, tmp_path):
    import generator.pipeline as pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "lay_out", broken)
    result = run("validate")
    assert result.exit_code == 1
    assert "internal error: RuntimeError: boom" in result.output
    assert "Traceback" not in result.output
