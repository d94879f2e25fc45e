"""Writing the organisation profile from the page: whole or not at all, the person's own
comments and order kept, one ``.bak`` of the version before.

The profile is a file people also edit by hand (its comments explain it in Dutch), so
it is edited, not regenerated: ruamel.yaml reads it with its comments, quotes and key
order, only the values the form changed are replaced, and keys the form adds go at the
end of their section. The new text is written next to the profile under a temporary
name, checked there exactly as the command line checks a profile (so a relative logo
path means the same), and only then renamed over the profile; a value the checks
refuse leaves the profile, its ``.bak`` and the folder as they were.
"""
from __future__ import annotations

import io
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from collections.abc import Iterator

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..output.publish import TEMP_SUFFIX

BACKUP_SUFFIX = ".bak"
REMOVE = object()   # a value that takes its key out of the profile


def _yaml() -> YAML:
    yaml = YAML()                  # round trip: comments, order and quotes stay
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def edited(text: str, changes: dict[tuple[str, ...], Any]) -> str:
    """The profile's text with ``changes`` (a key path -> a new value) made in place."""
    yaml = _yaml()
    data = yaml.load(text) if text.strip() else None
    if not isinstance(data, dict):
        data = CommentedMap()
    for path, value in changes.items():
        parent = data
        for key in path[:-1]:
            if not isinstance(parent.get(key), dict):
                if value is REMOVE or value in ("", None):
                    break
                parent[key] = CommentedMap()
            parent = parent[key]
        else:
            _set(parent, path[-1], value)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _set(parent: dict, key: str, value: Any) -> None:
    old = parent.get(key)
    if value is REMOVE:
        parent.pop(key, None)
    elif key not in parent and value in ("", None):
        return                      # an empty value is the default: no key needed
    elif isinstance(value, (list, tuple)):
        if list(old or []) != list(value):
            sequence = CommentedSeq(value)
            sequence.fa.set_flow_style()  # [1.5, -0.5], as the README writes it
            parent[key] = sequence
    elif old != value:
        # a string keeps the quotes it had; a colour (#...) always needs them
        quoted = isinstance(old, DoubleQuotedScalarString) or (
            isinstance(value, str) and value.startswith("#"))
        parent[key] = DoubleQuotedScalarString(value) if quoted and isinstance(value, str) \
            else value


class ProfileStore:
    """The profile file the page edits; one save at a time."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._saving = threading.Lock()

    @property
    def backup(self) -> Path:
        return self.path.with_name(self.path.name + BACKUP_SUFFIX)

    def read(self) -> str:
        return self.path.read_text(encoding="utf-8-sig") if self.path.is_file() else ""

    @contextmanager
    def candidate(self, text: str) -> Iterator[tuple[Path, Any]]:
        """Write ``text`` next to the profile under a temporary name and yield its path
        and a ``keep`` function; ``keep()`` puts it in place (with the ``.bak``),
        otherwise it is removed. Saves wait for each other."""
        with self._saving:
            handle, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=TEMP_SUFFIX,
                                            dir=self.path.parent)
            temp_path = Path(temp)
            try:
                with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                    stream.write(text)
                    stream.flush()
                    os.fsync(stream.fileno())
                yield temp_path, lambda: self._keep(temp_path)
            finally:
                temp_path.unlink(missing_ok=True)

    def _keep(self, temp: Path) -> None:
        if self.path.is_file():
            backup = self.backup.with_name(f".{self.backup.name}{TEMP_SUFFIX}")
            shutil.copy2(self.path, backup)
            os.replace(backup, self.backup)
        os.replace(temp, self.path)
