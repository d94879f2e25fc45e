"""The pictogram store's file is what ``json.dumps`` writes of all its entries, though
each figure's entry is made and encoded once per process, whichever store keeps it."""
from __future__ import annotations

import json

import pytest

from generator.inputs.figure import Figure
from generator.output.figure_store import FORMAT, STORE, FigureStore


def _figure(width: float) -> Figure:
    return Figure(width, 48.0, (("saveState", [], {}), ("rect", [0, 0, width, 4.5], {"fill": 1}),
                                ("restoreState", [], {})))


def _as_json_writes_it(store: FigureStore, kept: dict) -> bytes:
    figures = {**kept, **store.fresh}
    return json.dumps({"format": FORMAT, "drukwerk": store.version,
                       "figures": dict(sorted(figures.items()))},
                      sort_keys=True, separators=(",", ":")).encode()


def test_the_file_holds_kept_put_and_taken_entries_as_json_writes_them(tmp_path):
    first = FigureStore(tmp_path, "version é 1")
    first.put("b" * 64, _figure(10.0))
    first.put("d" * 64, _figure(12.5))
    (tmp_path / STORE).write_bytes(first.contents())
    kept = json.loads((tmp_path / STORE).read_bytes())["figures"]

    store = FigureStore(tmp_path, "version é 1")
    store.put("a" * 64, _figure(10.0))    # the same figure as a kept one's, another key
    store.put("c" * 64, _figure(30.0))
    store.put("e" * 64, _figure(40.0))
    taken = FigureStore(tmp_path / "elsewhere", "version é 1")
    taken.put("x", _figure(99.0))
    store.take({"e" * 64: taken.fresh["x"]})   # another process's entry replaces one put
    assert store.contents() == _as_json_writes_it(store, kept)
    assert store.get("e" * 64) == _figure(99.0)
    assert store.get("a" * 64) == _figure(10.0)


def test_two_stores_keep_the_same_figure_alike(tmp_path):
    figure = _figure(20.0)
    one, other = FigureStore(tmp_path / "one", "v"), FigureStore(tmp_path / "other", "v")
    one.put("f" * 64, figure)
    other.put("f" * 64, figure)
    assert one.contents() == other.contents() == _as_json_writes_it(other, {})


def test_entries_handed_back_by_the_store_itself_keep_their_encoded_text(tmp_path, monkeypatch):
    """A build takes back what its pictogram page drew, which in its own process is the
    store's own ``fresh``: nothing is encoded again for the file."""
    from generator.output import figure_store

    store = FigureStore(tmp_path, "v")
    store.put("a" * 64, _figure(10.0))
    store.take(store.fresh)
    monkeypatch.setattr(figure_store, "_json", lambda value: pytest.fail("encoded again")
                        if isinstance(value, dict) else json.dumps(value))
    assert json.loads(store.contents())["figures"] == json.loads(
        _as_json_writes_it(store, {}))["figures"]
