"""Load stage: YAML files into plain data, keeping where every value came from.

Later stages report problems as ``file:line:column``; this module is the only
place that knows about YAML. Keys are always strings (``yes:`` stays the key
"yes"), duplicate keys are errors, and documents are size-limited so a
hostile file cannot exhaust memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Position

# Content, profiles and layouts are a few kilobytes; anything near these limits
# is a mistake (or an attack with aliases) rather than a real document.
MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 100_000

PathKey = tuple  # ("checks", 3) addresses data["checks"][3]


@dataclass(frozen=True)
class Source:
    """Data from one YAML file plus the position of every key and item."""

    file: Path
    data: Any
    positions: dict[PathKey, Position] = field(default_factory=dict)

    def at(self, path: PathKey) -> Position:
        """Position of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), Position(self.file, 1, 1))


def field_name(path: PathKey) -> str:
    """``("checks", 3)`` -> ``checks[3]`` (0-based index, as in the data)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def read_text(path: Path, what: str = "file") -> str:
    """Read a UTF-8 text file (a BOM is allowed), refusing huge or binary files."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(f"expected a {what}, found a folder", where=path)
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"the {what} is {size // 1024} KB; drukwerk reads at most "
                f"{MAX_FILE_BYTES // 1024} KB",
                where=path,
                hint="check that this is the right file",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{what} not found", where=path) from None
    except IsADirectoryError:
        raise InputError(f"expected a {what}, found a folder", where=path) from None
    except PermissionError:
        raise InputError(f"no permission to read this {what}", where=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"this is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            where=Position(path, line, column),
            hint="save the file as UTF-8 in your editor",
        ) from None
    # Editors on Windows write CRLF; YAML handles it, but keep text uniform.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(path: Path, what: str = "file") -> Source:
    """Parse one YAML document into a :class:`Source`."""
    path = Path(path)
    text = read_text(path, what)
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Position(path, mark.line + 1, mark.column + 1) if mark else path
        problem = exc.problem or exc.context or "invalid YAML"
        line = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
        hint = ("indent with spaces, not tabs" if "\t" in line
                else "check the indentation and quotes around this line")
        raise InputError(f"invalid YAML: {problem}", where=where, hint=hint) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", where=path) from None
    if len(nodes) > 1:
        raise InputError("the file holds more than one YAML document (a second '---')",
                         where=path, hint="keep one document per file")
    builder = _Builder(path)
    data = builder.build(nodes[0], ()) if nodes else None
    return Source(path, data, builder.positions)


class _Builder:
    """Turns composed YAML nodes into dicts, lists and scalars with positions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.positions: dict[PathKey, Position] = {}
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def position(self, node: yaml.Node) -> Position:
        return Position(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise InputError(
                f"the document expands to more than {MAX_NODES} values "
                "(probably through YAML aliases '*')",
                where=self.position(node),
                hint="write the values out instead of repeating aliases",
            )
        self.positions.setdefault(path, self.position(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.constructor.construct_object(node, deep=True)

    def mapping(self, node: yaml.MappingNode, path: PathKey) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError("a key must be a plain word", where=self.position(key_node))
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError("YAML merge keys ('<<') are not supported",
                                 where=self.position(key_node),
                                 hint="write the keys out in full")
            key = key_node.value
            if key in result:
                first = self.positions[path + (key,)]
                raise InputError(
                    f"the key '{key}' appears twice (first on line {first.line})",
                    where=self.position(key_node),
                    hint="remove or rename one of them",
                )
            self.positions[path + (key,)] = self.position(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result
