"""The C parser (libyaml), where PyYAML has it, reads every file exactly as the Python
one does: the same values and the same position for every key and item."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.inputs import load

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted([*ROOT.glob("content/**/*.yaml"), *ROOT.glob("layouts/*.yaml"),
                *ROOT.glob("tests/fixtures/shapes/**/*.yaml")])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_c_parser_gives_the_same_values_and_positions(path, monkeypatch):
    if load._FastLoader is None:
        pytest.skip("PyYAML here has no libyaml")
    fast = load.load_yaml(path)
    monkeypatch.setattr(load, "_FastLoader", None)
    slow = load.load_yaml(path)
    assert fast.data == slow.data
    assert fast.positions == slow.positions


def test_a_file_the_c_parser_refuses_is_explained_by_the_python_one(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('title: "half \\ud83d"\n', encoding="utf-8")
    if load._FastLoader is not None:
        with pytest.raises(yaml.YAMLError):
            list(yaml.compose_all(bad.read_text(encoding="utf-8"), Loader=load._FastLoader))
    with pytest.raises(load.InputError, match="half of a character pair"):
        load.load_yaml(bad)
