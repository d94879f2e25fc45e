"""ReportLab's PDF objects formatted without its generic dispatch.

ReportLab formats every value through one generic function: type tests, each
dictionary key rebuilt as a name and re-encoded character by character, every
number and name through its codec, and the classes that hold dictionaries (pages,
streams, fonts, the catalogue, resources, the document information) build a
fresh dictionary and send it through the same function again. A batch spends
much of its writing time there. :func:`format_plain` writes the same bytes for
those classes directly (a key or name encoded once per process) and hands every
other object back to its own ``format``, so the file is what ReportLab itself
would write. A class is recognised by the ``format`` it has, not by its name:
a subclass with a ``format`` of its own is left to it.

:func:`numbered_objects` is ReportLab's numbering loop: it formats each object in
object-number order, including the objects an object registers as it is formatted
(a page its content stream and resources).
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc

Writer = Callable[[Any, Any], bytes]


def format_plain(value: Any, document: Any, toplevel: int = 0) -> bytes:
    """``pdfdoc.format(value, document, toplevel)``, byte for byte."""
    kind = type(value)
    if kind is float or kind is int:
        return fp_str(value).encode("ascii")   # digits, point and sign only
    if kind is bytes:
        return value
    if kind is str:   # a name or keyword; a long one is a content stream, not kept
        return _text(value) if len(value) <= 64 else pdfdoc.pdfdocEnc(value)
    writer = _WRITERS.get(kind) or _writer(kind)
    if writer is _GENERIC:
        return pdfdoc.format(value, document, toplevel)
    if not toplevel and hasattr(value, "__RefOnly__"):   # only ever an indirect object
        return b"%d %d R" % document.idToObjectNumberAndVersion[document.Reference(value).name]
    return writer(value, document)


def write_with(document: Any, write: Callable[[Any], bytes]) -> None:
    """Make ReportLab's ``document`` (a canvas's ``_doc``) call ``write(document)`` for
    its file's bytes when the canvas is saved, in place of its own ``format``."""
    if not isinstance(document.encrypt, pdfdoc.NoEncryption) or getattr(
            document, "_digiSigs", None):
        raise ValueError("objects are written directly for unencrypted, unsigned documents only")
    document.format = partial(write, document)


def numbered_objects(document: Any) -> Iterator[tuple[int, bytes]]:
    """Each object of ``document`` formatted, with its number, in number order; as in
    ReportLab's ``PDFDocument.format``, objects registered meanwhile come in turn."""
    fmt = pdfdoc.format if _commented() else format_plain
    names, objects = document.numberToId, document.idToObject
    number = 1
    while number in names:
        yield number, fmt(objects[names[number]], document, 1)
        number += 1


def _commented() -> bool:
    """Whether ReportLab writes a comment before objects (a debugging setting):
    then every object goes through its generic function."""
    return bool(rl_config.pdfComments and not rl_config.invariant)


def _multiline(value: Any) -> bool:
    return bool((value.multiline and rl_config.pdfMultiLine) or value.multiline == "forced")


def _dictionary(value: Any, document: Any) -> bytes:
    """``PDFDictionary.format``."""
    return _entries(value.dict, _multiline(value), document)


def _entries(entries: dict[str, Any], multiline: bool, document: Any) -> bytes:
    """A dictionary's entries: keys sorted (unless ordered), broken every 6 entries."""
    keys = list(entries)
    if not isinstance(entries, OrderedDict):
        keys.sort()
    items = [_name(key) + b" " + format_plain(entries[key], document) for key in keys]
    if multiline:
        return b"<<\n" + b"\n ".join(items) + b"\n>>"
    for index in reversed(range(6, len(items), 6)):
        items.insert(index, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


def _fresh(entries: dict[str, Any], document: Any) -> bytes:
    """A new ``PDFDictionary(entries)`` formatted: one line every 6 entries unless
    ReportLab's multi-line setting is on (a new dictionary's default)."""
    return _entries(entries, bool(pdfdoc.PDFDictionary.multiline and rl_config.pdfMultiLine),
                    document)


def _array(value: Any, document: Any) -> bytes:
    """``PDFArray.format``: elements broken every 10."""
    items = [format_plain(element, document) for element in value.sequence]
    if _multiline(value):
        return b"[ " + b"\n ".join(items) + b" ]"
    for index in reversed(range(10, len(items), 10)):
        items.insert(index, b"\n ")
    return b"[ " + b" ".join(items) + b" ]"


def _reference(value: Any, document: Any) -> bytes:
    return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]


def _stream(value: Any, document: Any) -> bytes:
    """``PDFStream.format``: the content through the stream's (or the document's)
    filters unless it names its filter already, then its dictionary and the data."""
    content = value.content
    if content is None:
        raise ValueError("stream content not set")
    entries = value.dictionary.dict.copy()
    filters = value.filters if value.filters is not None else document.defaultStreamFilters
    if filters is not None and "Filter" not in entries:
        for method in reversed(filters):
            content = method.encode(content)
        entries["Filter"] = pdfdoc.PDFArray([_pdf_name(f.pdfname) for f in filters])
    content = document.encrypt.encode(content)
    data = format_plain(content, document)
    entries["Length"] = len(content)
    return _fresh(entries, document) + b"\nstream\n" + data + b"endstream\n"


def _catalogue(value: Any, document: Any) -> bytes:
    """``PDFCatalog.format`` (the catalogue, the page tree, each page): the entries
    set on the object or defaulted, those that must be indirect made references."""
    value.check_format(document)
    entries = {}
    for key, default in value.__Defaults__.items():
        entry = getattr(value, key, default)
        if entry is not None:
            entries[key] = entry
    for key in value.__NoDefault__:
        entry = getattr(value, key, None)
        if entry is not None:
            entries[key] = entry
    for key in value.__Refs__:
        if key in entries:
            entries[key] = document.Reference(entries[key])
    return _fresh(entries, document)


def _resources(value: Any, document: Any) -> bytes:
    """``PDFResourceDictionary.format``: the non-empty resource kinds and the ProcSet."""
    entries = {}
    for key in value.dict_attributes:
        entry = getattr(value, key)
        if not isinstance(entry, dict):
            entries[key] = entry
        elif entry:
            entries[key] = pdfdoc.PDFDictionary(entry)
    procedures = value.ProcSet
    if not isinstance(procedures, (list, tuple)):
        entries["ProcSet"] = procedures
    elif procedures:
        entries["ProcSet"] = pdfdoc.PDFArray(procedures)
    return _fresh(entries, document)


def _font(value: Any, document: Any) -> bytes:
    """``PDFType1Font.format`` (and the TrueType font's): names, then the values as set."""
    entries = {name: _pdf_name(getattr(value, name))
               for name in value.name_attributes if hasattr(value, name)}
    entries.update((name, getattr(value, name))
                   for name in value.local_attributes if hasattr(value, name))
    return _fresh(entries, document)


def _information(value: Any, document: Any) -> bytes:
    """``PDFInfo.format``: the document information dictionary."""
    date = pdfdoc.PDFDate(ts=document._timeStamp, dateFormatter=value._dateFormatter)
    return _fresh({
        "Title": pdfdoc.PDFString(value.title), "Author": pdfdoc.PDFString(value.author),
        "ModDate": date, "CreationDate": date,
        "Producer": pdfdoc.PDFString(value.producer),
        "Creator": pdfdoc.PDFString(value.creator),
        "Subject": pdfdoc.PDFString(value.subject),
        "Keywords": pdfdoc.PDFString(value.keywords),
        "Trapped": _pdf_name(value.trapped)}, document)


def _outline_entry(value: Any, document: Any) -> bytes:
    """``OutlineEntryObject.format``: a bookmark."""
    entries = {"Title": pdfdoc.PDFString(value.Title), "Parent": value.Parent,
               "Dest": value.Dest}
    for key in ("Prev", "Next", "First", "Last", "Count"):
        entry = getattr(value, key)
        if entry is not None:
            entries[key] = entry
    return _fresh(entries, document)


class _DirectStream(pdfdoc.PDFStream):
    """A stream that formats itself here."""

    def format(self, document: Any) -> bytes:
        return _stream(self, document)


def _form(value: Any, document: Any) -> bytes:
    """``PDFFormXObject.format`` itself (it fills in the form's entries and hands over
    to its stream), given the stream it would make as one formatted here."""
    if not value.Contents and value.stream:
        value.Contents = _DirectStream(content=value.stream)
        value.Contents.__Comment__ = "xobject form stream"
    return value.format(document)


def _string(value: Any, document: Any) -> bytes:
    """``PDFString.format``: a text string, escaped; the same texts (titles, authors,
    bookmarks) recur in document after document, so each is encoded once."""
    if type(value.s) is not str or not isinstance(document.encrypt, pdfdoc.NoEncryption):
        return value.format(document)
    return _string_of(value.s, getattr(value, "enc", "auto"), getattr(value, "escape", 1),
                      value.unicodeEncValid)


@lru_cache(maxsize=4096)
def _string_of(text: str, encoding: str, escape: int, unicode_valid: bool) -> bytes:
    string = pdfdoc.PDFString(text, escape, encoding)
    string.unicodeEncValid = unicode_valid
    return string.format(pdfdoc.DummyDoc())


def _own(value: Any, document: Any) -> bytes:
    """Any other object: its own ``format``."""
    return value.format(document)


def _generic(value: Any, document: Any) -> bytes:   # marks what is not a PDF object
    raise AssertionError("handed to pdfdoc.format")


_GENERIC: Writer = _generic
_BY_FORMAT: dict[Any, Writer] = {
    pdfdoc.PDFDictionary.format: _dictionary,
    pdfdoc.PDFArray.format: _array,
    pdfdoc.PDFObjectReference.format: _reference,
    pdfdoc.PDFStream.format: _stream,
    pdfdoc.PDFCatalog.format: _catalogue,
    pdfdoc.PDFResourceDictionary.format: _resources,
    pdfdoc.PDFType1Font.format: _font,
    pdfdoc.PDFInfo.format: _information,
    pdfdoc.OutlineEntryObject.format: _outline_entry,
    pdfdoc.PDFFormXObject.format: _form,
    pdfdoc.PDFString.format: _string,
}
_WRITERS: dict[type, Writer] = {}


def _writer(kind: type) -> Writer:
    """The writer of objects of class ``kind``, chosen once per class by its ``format``."""
    if not issubclass(kind, pdfdoc.PDFObject):
        writer = _GENERIC
    else:
        writer = _BY_FORMAT.get(getattr(kind, "format", None), _own)
    _WRITERS[kind] = writer
    return writer


@lru_cache(maxsize=4096)
def _pdf_name(key: str) -> str:
    """``PDFName(key)``: ``/key``, escaped (a few dozen names in all)."""
    return pdfdoc.PDFName(key)


@lru_cache(maxsize=4096)
def _name(key: str) -> bytes:
    """A dictionary key as ReportLab writes it."""
    return pdfdoc.pdfdocEnc(_pdf_name(key))


@lru_cache(maxsize=4096)
def _text(value: str) -> bytes:
    """A string value (a name such as ``/Page``, ``true``) as ReportLab encodes it."""
    return pdfdoc.pdfdocEnc(value)
