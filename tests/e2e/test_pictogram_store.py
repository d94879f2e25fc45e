"""Pictograms kept in the output folder between builds (``.drukwerk.pictograms``): a
build that finds them draws the same bytes without parsing the SVGs again, and a
damaged, edited or outdated entry is parsed again, never trusted and never an error."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run
from generator.inputs import pictogram_library
from generator.inputs.figure import Figure
from generator.output import pictogram_page
from generator.output.figure_store import STORE

ONE = ("--locale", "nl", "--topic", "sexting", "--no-previews", "--no-preflight",
       "--product", "poster", "--force")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("content", "layouts"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def build(project: Path, out: str = "output") -> dict[str, bytes]:
    """A build in a process that has parsed nothing yet: every file it wrote, by path."""
    pictogram_library._PARSED.clear()
    pictogram_page._PICTURES.clear()
    result = run("build", *ONE, "--out", out, cwd=project)
    assert result.exit_code == 0, result.output
    folder = project / out
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in (".pdf", ".html")}


def no_parsing(monkeypatch) -> list[str]:
    """Count the SVG files parsed from now on."""
    parsed: list[str] = []
    real = pictogram_library.parse_svg

    def counting(data, path, *args, **kwargs):
        parsed.append(Path(path).name)
        return real(data, path, *args, **kwargs)

    monkeypatch.setattr(pictogram_library, "parse_svg", counting)
    return parsed


def kept(project: Path, out: str = "output") -> dict:
    return json.loads((project / out / STORE).read_text(encoding="utf-8"))["figures"]


def test_a_build_with_kept_pictograms_parses_none_and_writes_the_same_bytes(project, monkeypatch):
    first = build(project)
    assert len(kept(project)) == len(list((ROOT / "generator/inputs/pictograms").glob("*.svg")))
    parsed = no_parsing(monkeypatch)
    again = build(project)
    assert parsed == []
    assert again == first   # the PDF and the pictogram page, drawn from the kept figures
    assert build(project, "fresh") == first   # and a folder without them: the same bytes


def _not_json(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1000])


def _edited_figure(path: Path) -> None:   # a number changed, the entry's check not
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = next(iter(data["figures"].values()))
    entry["figure"]["width"] = 1
    path.write_text(json.dumps(data), encoding="utf-8")


def _forbidden_call(path: Path) -> None:   # a call no figure may make, its check made to match
    from generator.output.figure_store import _check

    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["figures"].values():
        entry["figure"]["calls"].insert(0, ["setAuthor", ["someone"], {}])
        entry["check"] = _check(entry["figure"])
    path.write_text(json.dumps(data), encoding="utf-8")


def _unbalanced(path: Path) -> None:   # a state restored that was never saved
    from generator.output.figure_store import _check

    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["figures"].values():
        entry["figure"]["calls"].insert(0, ["restoreState", [], {}])
        entry["check"] = _check(entry["figure"])
    path.write_text(json.dumps(data), encoding="utf-8")


def _deeply_nested(path: Path) -> None:   # JSON nested deeper than a parser recurses
    path.write_bytes(b"[" * 100_000)


def _calls_inserted(path: Path, calls: list) -> None:
    """``calls`` at the start of every figure, each entry's check made to match."""
    from generator.output.figure_store import _check

    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["figures"].values():
        entry["figure"]["calls"][0:0] = calls
        entry["check"] = _check(entry["figure"])
    path.write_text(json.dumps(data), encoding="utf-8")


def _out_of_range(path: Path) -> None:   # calls of the right form the canvas cannot draw
    _calls_inserted(path, [["setLineCap", [7], {}], ["setLineJoin", [-1], {}],
                           ["=_fillMode", [9], {}]])


def _huge_numbers(path: Path) -> None:   # an integer beyond a float, a float beyond print
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"calls":[', '"calls":[["setLineWidth",[1%s],{}],["setLineWidth",[1e300],{}],'
        % ("0" * 400), 1), encoding="utf-8")
    _calls_inserted(path, [])


def _other_drukwerk(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["drukwerk"] = "0" * 64
    path.write_text(json.dumps(data), encoding="utf-8")


def _a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize("damage", [_not_json, _edited_figure, _forbidden_call, _unbalanced,
                                    _deeply_nested, _out_of_range, _huge_numbers,
                                    _other_drukwerk])
def test_a_damaged_store_is_parsed_again_and_written_anew(project, monkeypatch, damage):
    first = build(project)
    damage(project / "output" / STORE)
    parsed = no_parsing(monkeypatch)
    assert build(project) == first
    assert parsed   # what could not be trusted was parsed from the SVG files again
    for entry in kept(project).values():   # and kept again, whole
        Figure.from_data(entry["figure"])
    parsed.clear()
    assert build(project) == first
    assert parsed == []


def test_something_in_the_store_s_place_is_said_clearly(project):
    build(project)
    _a_folder(project / "output" / STORE)
    pictogram_library._PARSED.clear()
    result = run("build", *ONE, cwd=project)
    assert result.exit_code == 2, result.output
    assert STORE in result.output and "folder" in result.output


def test_an_edited_pictogram_is_parsed_again(project, monkeypatch):
    own = project / "content/pictograms"
    own.mkdir()
    face = (ROOT / "generator/inputs/pictograms/face.svg").read_text(encoding="utf-8")
    (own / "face.svg").write_text(face, encoding="utf-8")
    before = build(project)
    (own / "face.svg").write_text(face.replace('r="19.3"', 'r="17"'), encoding="utf-8")
    parsed = no_parsing(monkeypatch)
    after = build(project)
    assert parsed == ["face.svg"]
    assert after["pictograms.html"] != before["pictograms.html"]
    assert after == build(project, "fresh")
    assert len(kept(project)) == len(kept(project, "fresh")) + 1   # the old face's too


def test_every_profile_of_a_batch_keeps_the_pictograms(project):
    profiles = project / "profiles"
    profiles.mkdir()
    for name in ("one", "two"):
        shutil.copy(project / "content/organisation.yaml", profiles / f"{name}.yaml")
    pictogram_library._PARSED.clear()
    result = run("build", *ONE, "--profiles", str(profiles), "--jobs", "1", cwd=project)
    assert result.exit_code == 0, result.output
    assert len(kept(project, "output/one")) == len(kept(project, "output/two")) > 30
