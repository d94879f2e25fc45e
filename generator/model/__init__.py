"""Model stage: what valid content, profiles and layouts are (pydantic models).

drukwerk's models use no pydantic plugin. Pydantic looks for plugins through
``importlib.metadata`` when it builds the first model, and importing that module
(its e-mail, zip and CSV modules) costs about 30 ms of every build's start, more
than validating the content. So, unless pydantic has looked already, its plugin
lookup is answered here with "none" (which is also what ``PYDANTIC_DISABLE_PLUGINS``
makes it answer), before any model of this package is built.
"""
from __future__ import annotations

import sys
import types


def _no_pydantic_plugins() -> None:
    name = "pydantic.plugin._loader"
    if name not in sys.modules:
        loader = types.ModuleType(name, "drukwerk: no pydantic plugins (see generator.model)")
        loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
        sys.modules[name] = loader


_no_pydantic_plugins()
