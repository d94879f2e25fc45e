"""Load stage: YAML files into plain data, keeping where every value came from.

Later stages report problems as ``file:line:column``; this module is the only
place that knows about YAML. Keys are always strings (``yes:`` stays the key
"yes"), duplicate keys are errors, and documents are limited in size, nesting
and expansion through aliases, so a hostile file cannot exhaust memory or time.
Only plain YAML is read: text, numbers, dates, lists and keys; a tag such as
``!!python/object`` is refused, never constructed.

What a Windows editor writes is not an error: a UTF-8 byte order mark, CRLF
line endings, and lines holding nothing but (non-breaking) spaces, as text
pasted from a word processor has between paragraphs, read as empty lines.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Position
from .files import read_bounded
from .fonts import known_spaces

# Content, profiles and layouts are a few kilobytes; anything near these limits
# is a mistake (or an attack with aliases) rather than a real document.
MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 32  # a layout nests 7 deep; PyYAML slows down and then overflows far deeper

# The tags plain YAML gives values by itself, with what a scalar of each is;
# any other tag is refused.
_CORE = "tag:yaml.org,2002:"
_SCALAR_KINDS = {_CORE + "str": "text", _CORE + "int": "a whole number",
                 _CORE + "float": "a number", _CORE + "bool": "true or false",
                 _CORE + "null": "nothing", _CORE + "timestamp": "a date"}
_COLLECTION_TAGS: dict[type[yaml.Node], str] = {yaml.SequenceNode: _CORE + "seq",
                                                 yaml.MappingNode: _CORE + "map"}
# A line of nothing but spaces, tabs and non-breaking spaces (U+00A0).
_BLANK_LINE = re.compile(r"^[ \t\u00a0]+$", re.MULTILINE)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# What YAML refuses to read: control characters other than tab and line breaks,
# and U+FFFE/U+FFFF (surrogates are refused with their own message).
_NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")

PathKey = tuple  # ("checks", 3) addresses data["checks"][3]


@dataclass(frozen=True)
class Source:
    """Data from one YAML file plus the position of every key and item."""

    file: Path
    data: Any
    positions: dict[PathKey, Position] = field(default_factory=dict)
    # A number, date or yes/no as the file spells it (0201234567, not 33896823), for messages.
    written: dict[PathKey, str] = field(default_factory=dict)

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
    """Read a UTF-8 text file, refusing huge or binary files; Windows habits are normalised."""
    raw = read_bounded(path, MAX_FILE_BYTES, what)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"this {what} is saved as UTF-16 text", where=path,
                         hint="save it as UTF-8 in your editor "
                              "(in Notepad: Save as, Encoding UTF-8)")
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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _BLANK_LINE.sub("", text)


def load_yaml(path: Path, what: str = "file") -> Source:
    """Parse one YAML document into a :class:`Source`."""
    path = Path(path)
    text = read_text(path, what)
    _check_characters(path, text)
    try:
        nodes = _compose(text)
    except _TooDeep as exc:
        raise InputError(f"lists and groups of keys are nested more than {MAX_DEPTH} deep",
                         where=Position(path, exc.mark.line + 1, exc.mark.column + 1),
                         hint="check the brackets and the indentation here") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context_mark and "end of stream" in (exc.problem or ""):
            # An unclosed quote or bracket runs to the end of the file: point at its start.
            mark = exc.context_mark
            opened = "a quote" if "quoted" in (exc.context or "") else "a bracket"
            problem = f"{opened} opens here and is never closed"
        where = Position(path, mark.line + 1, mark.column + 1) if mark else path
        line = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
        hint = ("indent with spaces, not tabs" if "\t" in line
                else "add the closing quote or bracket" if "never closed" in problem
                else "check the indentation and quotes around this line")
        raise InputError(f"invalid YAML: {problem}", where=where, hint=hint) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", where=path) from None
    if len(nodes) > 1:
        raise InputError("a second YAML document starts here ('---'); a file holds one",
                         where=_second_document(path, text),
                         hint="remove this '---' line and what follows, or move it into a "
                              "file of its own")
    builder = _Builder(path)
    data = builder.build(nodes[0], ()) if nodes else None
    return Source(path, data, builder.positions, builder.written)


def _check_characters(path: Path, text: str) -> None:
    """A control character (NUL, U+001C and the like, often pasted along with text
    from another program) is no text and not allowed in YAML: say where it is."""
    found = _NOT_YAML.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        raise InputError(f"the file holds the control character U+{ord(found.group()):04X}, "
                         "which is not text", where=Position(path, line, column),
                         hint="delete it (it is invisible in most editors: retype the text "
                              "around this place)")


def _second_document(path: Path, text: str) -> Position:
    """Where the second document of ``text`` starts (its '---')."""
    starts = [event.start_mark for event in yaml.parse(text, Loader=yaml.SafeLoader)
              if isinstance(event, yaml.DocumentStartEvent)]
    mark = starts[1] if len(starts) > 1 else None
    return Position(path, mark.line + 1, mark.column + 1) if mark else Position(path, 1, 1)


class _TooDeep(Exception):
    """Raised inside PyYAML's composer; turned into an InputError with the file."""

    def __init__(self, mark) -> None:
        self.mark = mark


class _DepthLimit:
    """Refuses nesting deep enough to make PyYAML slow or overflow (while composing)."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(_DepthLimit, yaml.SafeLoader):
    """PyYAML's safe loader in Python: it says what is wrong with a file."""


try:
    from yaml._yaml import CParser  # libyaml, where PyYAML was built with it
except ImportError:  # PyYAML without libyaml
    _FastLoader: type | None = None
else:
    class _FastLoader(_DepthLimit, yaml.composer.Composer, CParser,  # type: ignore[no-redef]
                      yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """libyaml's C scanner and parser read the text (most of the time a build spends
        on its inputs); the nodes are composed in Python, with the depth check, and
        have the same positions. A file it refuses is read again by :class:`_Loader`,
        so every message about a file stays PyYAML's own."""

        def __init__(self, stream) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _compose(text: str) -> list:
    if _FastLoader is not None:
        try:
            return list(yaml.compose_all(text, Loader=_FastLoader))
        except (yaml.YAMLError, _TooDeep):
            pass  # read again below, to say what is wrong the way PyYAML says it
    return list(yaml.compose_all(text, Loader=_Loader))


class _Builder:
    """Turns composed YAML nodes into dicts, lists and scalars with positions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.positions: dict[PathKey, Position] = {}
        self.written: dict[PathKey, str] = {}
        self.count = 0
        self.open: set[int] = set()  # the nodes being built: an alias back to one never ends
        self.constructor = yaml.SafeLoader("")

    def position(self, node: yaml.Node) -> Position:
        return Position(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, message: str, node: yaml.Node, path: PathKey, hint: str) -> InputError:
        return InputError(message, where=self.position(node), field=field_name(path) or None,
                          hint=hint)

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(f"the document expands to more than {MAX_NODES} values "
                             "(probably through YAML aliases '*')", node, path,
                             "write the values out instead of repeating aliases")
        if id(node) in self.open:
            raise self.error("a YAML alias '*' refers to the list or group it stands in, so it "
                             "never ends", node, path, "write the values out instead")
        plain = (node.tag in _SCALAR_KINDS if isinstance(node, yaml.ScalarNode)
                 else node.tag == _COLLECTION_TAGS[type(node)])
        if not plain:
            raise self.error(f"the YAML tag '{node.tag.replace(_CORE, '!!', 1)}' is not allowed "
                             "here", node, path, "remove the tag: drukwerk reads plain text, "
                                                 "numbers, dates, lists and keys")
        self.positions.setdefault(path, self.position(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        finally:
            self.open.discard(id(node))

    def scalar(self, node: yaml.ScalarNode, path: PathKey) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, LookupError, AttributeError) as exc:
            # PyYAML's constructors fail in their own ways on a value a tag forces on them
            reason = f" ({exc})" if type(exc) is ValueError else ""
            date = node.tag == _CORE + "timestamp"
            raise self.error(f"'{node.value}' cannot be read as {_SCALAR_KINDS[node.tag]}{reason}",
                             node, path, "write a date as 2026-11-01" if date
                             else "write it plainly (12, 1.5, true), or put text in quotes") from None
        if isinstance(value, str):
            self.check_text(value, node, path)
            value = known_spaces(value)
        else:
            self.written[path] = node.value
        return value

    def check_text(self, text: str, node: yaml.Node, path: PathKey) -> None:
        """A lone surrogate (from an escape like "\\ud800") is not a character."""
        found = _SURROGATE.search(text)
        if found:
            raise self.error(f"the text holds U+{ord(found.group()):04X}, half of a character "
                             "pair, which is no character on its own", node, path,
                             "write the character itself instead of its \\u escape")

    def mapping(self, node: yaml.MappingNode, path: PathKey) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error("a key must be a plain word", key_node, path,
                                 "write the key as a word followed by ':'")
            if key_node.tag == _CORE + "merge":
                raise self.error("YAML merge keys ('<<') are not supported", key_node, path,
                                 "write the keys out in full")
            key = key_node.value
            self.check_text(key, key_node, path)
            if key in result:
                first = self.positions[path + (key,)]
                raise self.error(f"the key '{key}' appears twice (first on line {first.line})",
                                 key_node, path + (key,), "remove or rename one of them")
            self.positions[path + (key,)] = self.position(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result
