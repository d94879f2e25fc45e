"""drukwerk's own version in the build's inputs: read fast, the same as the slow way, and
changed by each library that shapes the bytes of a PDF or of a kept pictogram."""
from __future__ import annotations

import os
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


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package of its own: a module, a template and a picture."""
    folder = tmp_path / "generator"
    (folder / "templates").mkdir(parents=True)
    (folder / "one.py").write_text("ONE = 1\n")
    (folder / "templates" / "page.html.j2").write_text("<p>{{ a }}</p>\n")
    (folder / "mark.svg").write_text("<svg/>\n")
    monkeypatch.setattr(incremental, "_PACKAGE", folder)
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    return folder


def _read_again(package) -> str:
    """The digest of every file, read now (what a version kept beside the package saves)."""
    import hashlib
    digest = hashlib.sha256("".join(f"{name}={incremental._version(name)}\n"
                                    for name in incremental.LIBRARIES).encode())
    for path in incremental._own_files():
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_the_code_version_is_kept_beside_the_package_and_read_back(package, monkeypatch):
    first = incremental.code_version.__wrapped__()
    assert first == _read_again(package)
    assert (package / "__pycache__" / incremental.KEPT_VERSION).is_file()
    read = incremental.Path.read_bytes

    def read_kept_only(path):
        assert path.parent.name == "__pycache__", f"read {path} again"
        return read(path)

    monkeypatch.setattr(incremental.Path, "read_bytes", read_kept_only)
    assert incremental.code_version.__wrapped__() == first


def test_a_changed_file_changes_the_kept_code_version(package):
    first = incremental.code_version.__wrapped__()
    module = package / "one.py"
    module.write_text("ONE = 2\n")
    stamp = module.stat().st_mtime_ns + 1_000_000_000
    os.utime(module, ns=(stamp, stamp))   # whatever the file system's clock resolution
    second = incremental.code_version.__wrapped__()
    assert second != first and second == _read_again(package)


def test_a_kept_code_version_that_is_not_a_digest_is_made_again(package):
    first = incremental.code_version.__wrapped__()
    kept = package / "__pycache__" / incremental.KEPT_VERSION
    header = kept.read_bytes().split(b"\n")[0] + b"\n"
    kept.write_bytes(header + b"not a digest")
    assert incremental.code_version.__wrapped__() == first


def test_the_code_version_is_not_kept_where_python_keeps_no_compiled_modules(
        package, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    assert incremental.code_version.__wrapped__() == _read_again(package)
    assert not (package / "__pycache__").exists()


def test_another_library_version_changes_the_kept_code_version(package, monkeypatch):
    first = incremental.code_version.__wrapped__()
    real = incremental._version
    monkeypatch.setattr(incremental, "_version",
                        lambda name: "0.0.0-other" if name == "reportlab" else real(name))
    assert incremental.code_version.__wrapped__() not in (first, None)
    assert incremental.code_version.__wrapped__() == _read_again(package)


def test_a_file_given_back_its_modification_time_still_changes_the_kept_code_version(package):
    """As ``cp -p``, ``rsync -a`` or an unpacked archive leave it: same size, same
    modification time, other bytes (the change time cannot be set back)."""
    first = incremental.code_version.__wrapped__()
    module = package / "one.py"
    before = module.stat()
    module.write_text("ONE = 2\n")
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert module.stat().st_size == before.st_size
    assert incremental.code_version.__wrapped__() == _read_again(package) != first
