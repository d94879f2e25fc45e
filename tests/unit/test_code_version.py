"""drukwerk's code version (every file's hash and the kept pictograms hold it) changes
with each library that shapes the bytes of a PDF or of a kept pictogram."""
import pytest

from generator import incremental


@pytest.mark.parametrize("library", ["reportlab", "pikepdf", "svglib"])
def test_another_version_of_a_library_that_shapes_the_output_is_another_code_version(
        library, monkeypatch):
    before = incremental.code_version.__wrapped__()
    real = incremental._version
    monkeypatch.setattr(incremental, "_version",
                        lambda name: "0.0.0-other" if name == library else real(name))
    assert incremental.code_version.__wrapped__() != before
