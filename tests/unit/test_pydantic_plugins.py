"""The command line answers Pydantic's plugin lookup with "none" (drukwerk uses no
plugin; the lookup imports importlib.metadata), unless a plugin may be wanted."""
import sys

import pytest

from generator.cli import _without_pydantic_plugins

LOADER = "pydantic.plugin._loader"


@pytest.fixture
def not_looked_yet(monkeypatch):
    monkeypatch.delitem(sys.modules, LOADER, raising=False)
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)


@pytest.mark.parametrize("setting", [None, "__all__", "1", "true"])
def test_the_lookup_finds_no_plugins(not_looked_yet, monkeypatch, setting):
    if setting is not None:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", setting)
    _without_pydantic_plugins()
    assert list(sys.modules[LOADER].get_plugins()) == []
    assert sys.modules[LOADER].__doc__.startswith("drukwerk")


def test_plugins_left_out_by_name_leave_pydantic_to_look(not_looked_yet, monkeypatch):
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "logfire")
    _without_pydantic_plugins()
    assert LOADER not in sys.modules


def test_a_lookup_already_made_is_left_alone(monkeypatch):
    real = object()
    monkeypatch.setitem(sys.modules, LOADER, real)
    _without_pydantic_plugins()
    assert sys.modules[LOADER] is real
