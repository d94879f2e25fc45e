"""A build spread over worker processes (generator.making) is the same build as one
made in a single process: the same bytes in every file, the same errors said the same
way, nothing written when an input is wrong."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import CONTENT_FIXTURE, FIXTURES, ROOT, run
from generator.parallel import WORKERS_VARIABLE

LAYOUTS = ROOT / "layouts"
SHAPES = FIXTURES / "shapes"


def digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()
            and not path.name.startswith(".")}


def build(monkeypatch, workers: int, out: Path, *args: str):
    monkeypatch.setenv(WORKERS_VARIABLE, str(workers))
    return run("build", "--layouts", str(LAYOUTS), "--out", str(out), *args)


@pytest.mark.parametrize("mode", ["office", "press"])
def test_workers_make_the_same_bytes_as_one_process(monkeypatch, tmp_path, mode):
    made = {}
    for workers in (1, 2):
        out = tmp_path / f"workers-{workers}"
        result = build(monkeypatch, workers, out, "--content", str(CONTENT_FIXTURE),
                       "--mode", mode)
        assert result.exit_code == 0, result.output
        made[workers] = (digests(out), result.output.replace(out.name, "OUT"))
    files = made[2][0]
    assert len([name for name in files if name.endswith(".pdf")]) >= 18
    assert made[1] == made[2]   # every file, previews and catalogue included, and the summary


def test_the_errors_of_every_piece_are_said_together_and_nothing_is_written(monkeypatch,
                                                                           tmp_path):
    said = {}
    for workers in (1, 2):
        out = tmp_path / f"workers-{workers}"
        # Cards asked for by name: a topic whose fifteen questions do not fit is an
        # error in each, not a skip; the other topics' cards fit.
        result = build(monkeypatch, workers, out, "--content", str(SHAPES), "--product",
                       "card", "--layout", "id1", "--layout", "badge")
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert not out.exists() or digests(out) == {}
        said[workers] = result.output.replace(out.name, "OUT")
    errors = [line for line in said[2].splitlines() if line.startswith("error: ")]
    assert len(errors) == 2 and all("huisbezoek" in line for line in errors), said[2]
    assert said[1] == said[2]


def test_a_misfit_in_a_worker_is_skipped_with_the_layouts_that_fit(monkeypatch, tmp_path):
    result = build(monkeypatch, 2, tmp_path, "--content", str(SHAPES), "--product", "card",
                   "--no-previews")
    assert result.exit_code == 0, result.output
    assert ("skipped nl/huisbezoek: no card id1: the text does not fit: its 2 boxes cannot "
            "hold 15 check questions at 8 pt; it fits a6-bifold, a7, wallet-trifold"
            in result.output)


def test_one_piece_is_made_beside_the_pictogram_page_with_the_same_bytes(monkeypatch,
                                                                         tmp_path):
    """One piece: the build makes it itself while a worker draws the pictogram page."""
    made = {}
    for workers in (1, 2):
        out = tmp_path / f"workers-{workers}"
        result = build(monkeypatch, workers, out, "--content", str(CONTENT_FIXTURE),
                       "--locale", "nl", "--product", "protocol", "--layout", "a4")
        assert result.exit_code == 0, result.output
        made[workers] = (digests(out), result.output.replace(out.name, "OUT"))
    assert {"pictograms.html", "nl/sexting-protocol-a4.pdf"} <= set(made[2][0])
    assert made[1] == made[2]


def test_one_changed_piece_is_laid_out_beside_the_loading_of_the_render_stage(
        monkeypatch, tmp_path):
    """One piece, the pictogram page up to date: the build lays the piece out while a
    worker loads the render stage, then that worker renders it; the same bytes."""
    made = {}
    for workers in (1, 2):
        project = tmp_path / f"workers-{workers}"
        shutil.copytree(CONTENT_FIXTURE, project / "content")
        selection = ("--content", str(project / "content"), "--locale", "nl", "--product",
                     "protocol", "--layout", "a4")
        assert build(monkeypatch, 1, project / "out", *selection).exit_code == 0
        topic = project / "content/nl/sexting.yaml"
        topic.write_text(topic.read_text(encoding="utf-8").replace(
            "\ntitle: ", "\ntitle: Nieuw, ", 1), encoding="utf-8")
        result = build(monkeypatch, workers, project / "out", *selection)
        assert result.exit_code == 0, result.output
        assert result.output.count("wrote ") == 1 and "pictograms:" not in result.output
        made[workers] = (digests(project / "out"), result.output.replace(project.name, "P"))
    assert made[1] == made[2]
