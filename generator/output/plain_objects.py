"""ReportLab's plain PDF values formatted without its generic dispatch.

A tagged piece's object stream holds hundreds of plain dictionaries and arrays
(the parent tree, the pages' resources, outline and annotation entries). ReportLab
formats each value through one generic function (type tests, a name rebuilt and
re-encoded character by character for every key, every number through its codec),
so a batch spends much of its writing time there. :func:`format_plain` writes the
same bytes for the plain kinds directly (names per key encoded once) and hands
every other object (streams, pages, fonts: the classes with their own ``format``)
back to ReportLab, so the file is what ReportLab itself would write.
"""
from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc

# Only these exact classes: a subclass may format itself differently.
_DICTIONARY, _ARRAY, _REFERENCE = pdfdoc.PDFDictionary, pdfdoc.PDFArray, pdfdoc.PDFObjectReference


def format_plain(value: Any, document: Any, toplevel: int = 0) -> bytes:
    """``pdfdoc.format(value, document, toplevel)``, byte for byte."""
    kind = type(value)
    if kind is int or kind is float:
        return fp_str(value).encode("ascii")   # digits, point and sign only
    if kind is bytes:
        return value
    if kind is _REFERENCE:
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    if kind is _DICTIONARY:
        return _dictionary(value, document)
    if kind is _ARRAY:
        return _array(value, document)
    return pdfdoc.format(value, document, toplevel)


def _multiline(value: Any) -> bool:
    return bool((value.multiline and rl_config.pdfMultiLine) or value.multiline == "forced")


def _dictionary(value: Any, document: Any) -> bytes:
    """``PDFDictionary.format``: keys sorted (unless ordered), broken every 6 entries."""
    entries = value.dict
    keys = list(entries)
    if not isinstance(entries, OrderedDict):
        keys.sort()
    items = [_name(key) + b" " + format_plain(entries[key], document) for key in keys]
    if _multiline(value):
        return b"<<\n" + b"\n ".join(items) + b"\n>>"
    for index in reversed(range(6, len(items), 6)):
        items.insert(index, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


def _array(value: Any, document: Any) -> bytes:
    """``PDFArray.format``: elements broken every 10."""
    items = [format_plain(element, document) for element in value.sequence]
    if _multiline(value):
        return b"[ " + b"\n ".join(items) + b" ]"
    for index in reversed(range(10, len(items), 10)):
        items.insert(index, b"\n ")
    return b"[ " + b" ".join(items) + b" ]"


@lru_cache(maxsize=1024)
def _name(key: str) -> bytes:
    """A dictionary key as ReportLab writes it (a few dozen names in all)."""
    return pdfdoc.pdfdocEnc(pdfdoc.PDFName(key))
