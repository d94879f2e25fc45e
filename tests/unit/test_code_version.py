"""drukwerk's own version in the build's inputs: read fast, the same as the slow way, and
changed by each library that shapes the bytes of a PDF or of a kept pictogram."""
from __future__ import annotations

from importlib import metadata

import pytest

from generator import incremental


@pytest.mark.parametrize("distribution", ["drukwerk", "reportlab", "pikepdf",
                                          "fontpkg-atkinson-hyperlegible"])
def test_a_version_is_the_one_importlib_metadata_gives(distribution):
    assert incremental._version(distribution) == metadata.version(distribution)


def test_a_library_that_is_not_installed_has_no_version():
    assert incremental._version("drukwerk-no-such-library") == "?"


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
