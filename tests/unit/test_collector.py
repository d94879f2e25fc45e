"""The cycle collector is paused only while the pipeline is imported."""
import gc

import pytest

from generator.cli import _collector_paused


@pytest.fixture(autouse=True)
def _collector_as_it_was():
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def test_the_collector_runs_again_after_the_import():
    gc.enable()
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_runs_again_when_the_import_fails():
    gc.enable()
    with pytest.raises(ImportError), _collector_paused():
        raise ImportError("no module")
    assert gc.isenabled()


def test_what_the_import_made_is_kept_out_of_later_collections():
    gc.enable()
    gc.unfreeze()
    with _collector_paused():
        made = [[] for _ in range(100)]
    assert gc.get_freeze_count() >= len(made)


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    with _collector_paused():
        pass
    assert not gc.isenabled()
