"""drukwerk's own version in the build's inputs: read fast, the same as the slow way, and
changed by each library that shapes the bytes of a PDF or of a kept pictogram."""
from __future__ import annotations

from importlib import metadata

import pytest

from generator import incremental


@pytest.mark.parametrize("distribution", ["drukwerk", "reportlab", "pikepdf", "svglib",
                                          "fontpkg-atkinson-hyperlegible", "PyYAML",
                                          "pydantic_core", "Jinja2"])
def test_a_version_is_the_one_importlib_metadata_gives(distribution):
    assert incremental._version(distribution) == metadata.version(distribution)


def test_a_library_that_is_not_installed_has_no_version():
    assert incremental._version("drukwerk-no-such-library") == "?"


@pytest.mark.parametrize("folder, metadata_file", [
    ("Some_Lib-2.5.1.dist-info", "METADATA"), ("some.lib.egg-info", "PKG-INFO")])
def test_a_version_is_found_as_importlib_metadata_finds_it_on_the_path(
        folder, metadata_file, tmp_path, monkeypatch):
    """The first metadata folder on the path wins, its name spelt any PEP 503 way; the
    header's Version line counts, not a line in the description below it."""
    for place, version in (("first", "2.5.1"), ("second", "9.9.9")):
        found = tmp_path / place / folder
        found.mkdir(parents=True)
        (found / metadata_file).write_text(f"Metadata-Version: 2.1\nName: some-lib\n"
                                           f"Version: {version}\n\nVersion: 0.0.1\n")
    monkeypatch.setattr("sys.path", [str(tmp_path / "first"), str(tmp_path / "second")])
    assert incremental._version("some-lib") == metadata.version("some-lib") == "2.5.1"
    assert incremental._version("some_lib") == "2.5.1"


def test_the_own_files_are_every_code_template_and_picture_file_kind_by_kind():
    package = incremental._PACKAGE
    by_glob = [path for pattern in ("*.py", "*.j2", "*.svg")
               for path in sorted(package.rglob(pattern))]
    files = incremental._own_files()
    assert files == by_glob
    assert package / "incremental.py" in files
    assert any(path.suffix == ".j2" for path in files)


@pytest.mark.parametrize("library", ["reportlab", "pikepdf", "svglib"])
def test_another_version_of_a_library_that_shapes_the_output_is_another_code_version(
        library, monkeypatch):
    before = incremental.code_version.__wrapped__()
    real = incremental._version
    monkeypatch.setattr(incremental, "_version",
                        lambda name: "0.0.0-other" if name == library else real(name))
    assert incremental.code_version.__wrapped__() != before
