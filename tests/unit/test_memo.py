"""Values kept per process: made once per key, or once per object for KeptFor."""
import pytest

from generator.colour import Colour
from generator.memo import KeptFor


def test_kept_for_makes_once_per_object_not_per_equal_object():
    kept: KeptFor[dict, int] = KeptFor(8)
    made = []

    def count(owner: dict) -> int:
        made.append(owner)
        return len(made)

    first, twin = {"a": 1}, {"a": 1}
    assert kept.get_or_make(first, count) == 1
    assert kept.get_or_make(first, count) == 1      # kept: not made again
    assert kept.get_or_make(twin, count) == 2       # equal, but another object
    assert made == [first, twin] and made[0] is first and made[1] is twin


def test_kept_for_keeps_nothing_when_making_fails():
    kept: KeptFor[list, str] = KeptFor(8)
    owner: list = []

    def fail(_: list) -> str:
        raise ValueError("bad")

    with pytest.raises(ValueError):
        kept.get_or_make(owner, fail)
    assert kept.get_or_make(owner, lambda _: "made") == "made"


def test_kept_for_starts_again_when_full():
    kept: KeptFor[object, int] = KeptFor(2)
    owners = [object() for _ in range(3)]
    made = []
    for owner in owners + owners[:1]:
        kept.get_or_make(owner, lambda o: made.append(o) or len(made))
    assert len(made) == 4   # the first was let go when the third filled the memo


def test_a_colour_text_is_parsed_once_and_a_bad_one_refused_each_time():
    assert Colour.parse("#1F4E79") is Colour.parse("#1F4E79")
    assert Colour.parse("#1F4E79").cmyk == Colour.parse(" #1f4e79 ").cmyk
    for _ in range(2):
        with pytest.raises(ValueError, match="not a colour"):
            Colour.parse("#1F4E7")


def test_keeping_beside_a_read_only_package_folder_keeps_nothing_and_says_nothing(
        tmp_path, monkeypatch):
    """An installed package on a read-only file system: nothing can be written, nor the
    half-written file removed; the result is simply made again next time."""
    import errno
    import os
    from pathlib import Path

    from generator.memo import keep_beside, kept_beside

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr("sys.dont_write_bytecode", False)
    (tmp_path / "__pycache__").mkdir()   # as an installer leaves it
    monkeypatch.setattr(Path, "write_bytes", read_only)
    monkeypatch.setattr(Path, "unlink", read_only)
    keep_beside(tmp_path, "page.jinja", b"header\n", b"code")
    assert kept_beside(tmp_path, "page.jinja", b"header\n") is None
