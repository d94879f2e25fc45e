"""Pictograms kept between builds, in the output folder (``.drukwerk.pictograms``) and,
for the built-in ones, beside the package (``pictograms/__pycache__/NAME.figure``): a
build that finds them draws the same bytes without parsing the SVGs again, and a
damaged, edited or outdated entry is parsed again, never trusted and never an error."""
from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run
from generator.inputs import pictogram_library
from generator.inputs.figure import Figure
from generator.inputs.figures_beside import SUFFIX
from generator.output import pictogram_page
from generator.output.figure_store import STORE
from generator.parallel import WORKERS_VARIABLE

ONE = ("--locale", "nl", "--topic", "sexting", "--no-previews", "--no-preflight",
       "--product", "poster", "--force")


BUILT_IN = sorted(path.name for path in pictogram_library.BUILT_IN.glob("*.svg"))


@pytest.fixture(autouse=True)
def package(tmp_path: Path, monkeypatch) -> Path:
    """The folder whose ``__pycache__`` keeps the built-in figures, empty for each test
    (the package's own is never written by a test). Nothing is kept there unless a test
    lets Python write its bytecode: the others test the output folder's store alone."""
    folder = tmp_path / "package"
    folder.mkdir()
    monkeypatch.setattr(pictogram_library, "KEPT_BESIDE", folder)
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    return folder


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
    """Count the SVG files parsed from now on, all in this process: the build makes its
    pieces and web pages here, not in workers, whose parsing would not be counted."""
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
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


def _call_named_by_a_list(path: Path) -> None:   # a name that cannot even be looked up
    _calls_inserted(path, [[[], [], {}]])


def _other_drukwerk(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["drukwerk"] = "0" * 64
    path.write_text(json.dumps(data), encoding="utf-8")


def _a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize("damage", [_not_json, _edited_figure, _forbidden_call, _unbalanced,
                                    _deeply_nested, _out_of_range, _huge_numbers,
                                    _call_named_by_a_list, _other_drukwerk])
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


def test_a_process_that_built_before_keeps_the_same_pictograms(project, monkeypatch):
    """A long-running process (``drukwerk serve``, a test session) that has drawn every
    pictogram before, in a build made in this process, keeps the same figures in a new
    folder as a fresh process does, with its pieces made here or spread over workers:
    the figures a build uses are kept whether it parsed them or found them parsed."""
    def full_build(out: str, workers: str) -> bytes:
        monkeypatch.setenv(WORKERS_VARIABLE, workers)
        result = run("build", "--no-previews", "--no-preflight", "--force", "--out", out,
                     cwd=project)
        assert result.exit_code == 0, result.output
        return (project / out / STORE).read_bytes()

    pictogram_library._PARSED.clear()
    pictogram_page._PICTURES.clear()
    fresh = full_build("fresh", "2")
    assert len(kept(project, "fresh")) > 30
    assert full_build("here", "1") == fresh   # every pictogram parsed in this process
    assert full_build("again", "2") == fresh   # and drawn from there in a worker


def beside(package: Path) -> dict[str, bytes]:
    """The figures kept beside the package, by file name."""
    folder = package / "__pycache__"
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*"))} \
        if folder.is_dir() else {}


def test_a_build_into_a_new_folder_parses_no_built_in_pictogram_kept_beside(
        project, package, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    first = build(project)
    assert sorted(beside(package)) == [name.replace(".svg", SUFFIX) for name in BUILT_IN]
    parsed = no_parsing(monkeypatch)
    assert build(project, "fresh") == first
    assert parsed == []
    # the new folder keeps them too, as a build that parsed them does
    assert (project / "fresh" / STORE).read_bytes() == (project / "output" / STORE).read_bytes()


def _kept_truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:200])


def _kept_number_edited(path: Path) -> None:   # the figure's own SHA-256 left as it was
    path.write_bytes(path.read_bytes().replace(b'"width":', b'"width":1', 1))


def _kept_forbidden_call(path: Path) -> None:   # its SHA-256 made to match
    header, _, body = path.read_bytes().split(b"\n", 2)
    figure = json.loads(body)
    figure["calls"].insert(0, ["setAuthor", ["someone"], {}])
    body = json.dumps(figure).encode()
    path.write_bytes(b"\n".join([header, hashlib.sha256(body).hexdigest().encode(), body]))


def _kept_by_another_drukwerk(path: Path) -> None:
    header, rest = path.read_bytes().split(b"\n", 1)
    path.write_bytes(header[:-64] + b"0" * 64 + b"\n" + rest)


def _kept_from_another_file(path: Path) -> None:   # as if the SVG had been edited since
    words = path.read_bytes().split(b" ", 3)
    words[2] = b"0" * 64
    path.write_bytes(b" ".join(words))


def _kept_empty(path: Path) -> None:
    path.write_bytes(b"")


def _kept_nested(path: Path) -> None:   # its SHA-256 made to match
    header = path.read_bytes().split(b"\n", 1)[0]
    body = b"[" * 100_000
    path.write_bytes(b"\n".join([header, hashlib.sha256(body).hexdigest().encode(), body]))


@pytest.mark.parametrize("damage", [_kept_truncated, _kept_number_edited, _kept_forbidden_call,
                                    _kept_by_another_drukwerk, _kept_from_another_file,
                                    _kept_empty, _kept_nested])
def test_a_damaged_figure_kept_beside_is_parsed_again_and_written_anew(
        project, package, monkeypatch, damage):
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    first = build(project)
    whole = beside(package)
    for name in whole:
        damage(package / "__pycache__" / name)
    parsed = no_parsing(monkeypatch)
    assert build(project, "fresh") == first
    assert sorted(parsed) == BUILT_IN   # none trusted: every one parsed from its SVG again
    assert beside(package) == whole   # and kept again, whole
    parsed.clear()
    assert build(project, "again") == first
    assert parsed == []


def test_something_in_a_kept_figure_s_place_is_parsed_around(project, package, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    first = build(project)
    face = package / "__pycache__" / f"face{SUFFIX}"
    face.unlink()
    face.mkdir()
    parsed = no_parsing(monkeypatch)
    assert build(project, "fresh") == first
    assert parsed == ["face.svg"]   # and not kept, a folder being in the way: never an error


def test_an_organisation_s_own_pictogram_is_never_kept_beside_the_package(
        project, package, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    own = project / "content/pictograms"
    own.mkdir()
    face = (ROOT / "generator/inputs/pictograms/face.svg").read_text(encoding="utf-8")
    (own / "face.svg").write_text(face.replace('r="19.3"', 'r="17"'), encoding="utf-8")
    (own / "own-face.svg").write_text(face.replace('r="19.3"', 'r="15"'), encoding="utf-8")
    first = build(project)
    kept_beside = beside(package)
    assert len(kept_beside) == len(BUILT_IN) - 1   # the built-in face, overridden, not drawn
    assert f"face{SUFFIX}" not in kept_beside and f"own-face{SUFFIX}" not in kept_beside
    for svg in own.glob("*.svg"):
        digest = hashlib.sha256(svg.read_bytes()).hexdigest().encode()
        assert not any(digest in data for data in kept_beside.values())
    parsed = no_parsing(monkeypatch)
    assert build(project, "fresh") == first
    assert sorted(parsed) == ["face.svg", "own-face.svg"]   # from the new folder's own store


def test_nothing_is_kept_beside_where_python_writes_no_bytecode(project, package, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    first = build(project)
    assert beside(package) == {}
    parsed = no_parsing(monkeypatch)
    assert build(project, "fresh") == first
    assert sorted(parsed) == BUILT_IN


def test_a_package_folder_that_cannot_be_written_still_builds(project, package, monkeypatch):
    """Installed on a read-only file system: nothing is kept beside, nothing is said,
    every build into a new folder parses the pictograms as before."""
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    (package / "__pycache__").mkdir()   # as an installer leaves it
    write_bytes, mkdir = Path.write_bytes, Path.mkdir

    def read_only(write):
        def refused(path: Path, *args, **kwargs):
            if package in path.parents:
                raise OSError(errno.EROFS, os.strerror(errno.EROFS))
            return write(path, *args, **kwargs)
        return refused

    monkeypatch.setattr(Path, "write_bytes", read_only(write_bytes))
    monkeypatch.setattr(Path, "mkdir", read_only(mkdir))
    first = build(project)
    assert beside(package) == {}
    parsed = no_parsing(monkeypatch)
    assert build(project, "fresh") == first
    assert sorted(parsed) == BUILT_IN
