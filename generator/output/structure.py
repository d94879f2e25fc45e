"""The structure tree of a tagged PDF, written with the rendered document.

The renderer marks every item (:mod:`generator.render.tagging`); before the
canvas is saved, :func:`write_structure` adds the logical structure a screen
reader follows to ReportLab's own document as PDF objects, so the file is
written once, with nothing parsed again:

- the structure tree, in reading order (each tag's ``rank``, then page, its
  ``lead`` items first, then drawing order), with consecutive items of the
  same element joined (the lines of a paragraph, a paragraph continued on the
  next page);
- headings renumbered so no level is skipped (a card's H1 title followed by
  an H3 becomes H1, H2);
- the parent tree (from each page's MCIDs back to their elements) and
  ``/StructParents`` and ``/Tabs /S`` on the pages;
- in the catalogue ``/MarkInfo``, ``/Lang`` (the canvas's), ``/ViewerPreferences
  /DisplayDocTitle`` and XMP metadata naming the title and ``pdfuaid:part 1``.

Only standard structure types are used, so no role map is needed. The
structure's many small objects go into compressed object streams
(:mod:`.object_streams`), with a document id made from the content: same
input, same bytes.
"""
from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfdoc

from ..layout.items import Document, Tag
from ..render.tagging import Marking
from .object_streams import pack_objects
from .xmp import escape, packet

HEADINGS = ("H1", "H2", "H3", "H4", "H5", "H6")


class _Element(pdfdoc.PDFObject):
    """A structure element; its kids are MCIDs on its own page, marked-content
    references to another page, and elements. One kid is held directly
    (``/K 3``, not ``/K [3]``), the form most readers and checkers expect."""

    def __init__(self, doc: Any, role: str, parent: Any, page: Any) -> None:
        self.role, self.parent, self.page = role, parent, page
        self.kids: list[Any] = []
        self.alt = self.actual = ""
        self.ref = doc.Reference(self)   # numbered in the order elements are made

    def format(self, document: Any) -> bytes:
        number = document.idToObjectNumberAndVersion   # a reference's object number
        kids = [b"%d 0 R" % number[kid.name][0] if isinstance(kid, pdfdoc.PDFObjectReference)
                else kid.format(document) if isinstance(kid, pdfdoc.PDFObject) else b"%d" % kid
                for kid in self.kids]
        entries = [b"<< /Type /StructElem /S /%s /P %d 0 R /Pg %d 0 R /K " % (
                       self.role.encode("ascii"), number[self.parent.name][0],
                       number[self.page.name][0]),
                   kids[0] if len(kids) == 1 else b"[ " + b" ".join(kids) + b" ]"]
        if self.alt:
            entries += [b" /Alt ", pdfdoc.PDFString(self.alt).format(document)]
        if self.actual:
            entries += [b" /ActualText ", pdfdoc.PDFString(self.actual).format(document)]
        entries.append(b" >>")
        return b"".join(entries)


class _ContentOnPage(pdfdoc.PDFObject):
    """A marked-content reference: an element's content on a page not its own."""

    def __init__(self, page: Any, mcid: int) -> None:
        self.page, self.mcid = page, mcid

    def format(self, document: Any) -> bytes:
        return b"<< /Type /MCR /Pg %s /MCID %d >>" % (self.page.format(document), self.mcid)


def write_structure(canvas: Any, marking: Marking, document: Document) -> None:
    """Add the structure of what ``marking`` marked, and the catalogue entries of a
    tagged PDF, to ``canvas``'s document before it is saved."""
    doc = canvas._doc
    refer = doc.Reference
    pages = [refer(page) for page in doc.Pages.pages]
    root = pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("StructTreeRoot")})
    root_ref = refer(root)
    top = _Element(doc, "Document", root_ref, pages[0])
    parents: list[list[Any]] = [[None] * len(tags) for tags in marking.pages]
    open_: list[tuple[str, str, _Element]] = []   # the elements the last item was in
    level = 0
    for _, page, mcid, tag in in_reading_order(marking):
        path = tag.path
        same = 0
        while same < min(len(open_), len(path)) and open_[same][:2] == path[same]:
            same += 1
        del open_[same:]
        for role, key in path[same:]:
            if role in HEADINGS:   # never deeper than one below the heading before
                level = min(HEADINGS.index(role) + 1, level + 1)
                role_name = HEADINGS[level - 1]
            else:
                role_name = role
            parent = open_[-1][2] if open_ else top
            element = _Element(doc, role_name, parent.ref, pages[page])
            parent.kids.append(element.ref)
            open_.append((role, key, element))
        leaf = open_[-1][2]
        if tag.alt:
            leaf.alt = tag.alt
        if tag.actual:
            leaf.actual = tag.actual
        on_page = leaf.page.name == pages[page].name
        leaf.kids.append(mcid if on_page else _ContentOnPage(pages[page], mcid))
        parents[page][mcid] = leaf.ref
    nums: list[Any] = []
    for index, (page_dict, elements) in enumerate(zip(doc.Pages.pages, parents)):
        page_dict.__NoDefault__ = [*page_dict.__NoDefault__, "StructParents", "Tabs"]
        page_dict.StructParents = index
        page_dict.Tabs = pdfdoc.PDFName("S")
        nums += [index, refer(pdfdoc.PDFArray(elements))]
    root["K"] = top.ref
    root["ParentTree"] = refer(pdfdoc.PDFDictionary({"Nums": pdfdoc.PDFArray(nums)}))
    root["ParentTreeNextKey"] = len(pages)
    catalogue = doc.Catalog
    catalogue.StructTreeRoot = root_ref
    catalogue.MarkInfo = pdfdoc.PDFDictionary({"Marked": "true"})
    catalogue.Lang = pdfdoc.PDFString(document.language)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    catalogue.Metadata = pdfdoc.PDFStream(
        pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"),
                              "Subtype": pdfdoc.PDFName("XML")}),
        _xmp(document).encode("utf-8"))
    doc._pdfVersion = (1, 7)
    pack_objects(doc)


def in_reading_order(marking: Marking) -> list[tuple[int, int, int, Tag]]:
    """(rank, page, MCID, tag) of everything marked, in the order a person reads it."""
    return sorted(((tag.rank, page, mcid, tag) for page, tags in enumerate(marking.pages)
                   for mcid, tag in enumerate(tags)),
                  key=lambda content: (content[0], content[1], -content[3].lead, content[2]))


def _xmp(document: Document) -> str:
    """The XMP packet: title, author, subject, language and the PDF/UA-1 claim."""
    def text(value: str) -> str:
        return escape(value, quotes=True)

    return packet(("dc", "pdf", "xmp", "pdfuaid"), f"""\
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(document.title)}</rdf:li>
   </rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{text(document.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(document.subject)}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{text(document.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{text(document.keywords)}</pdf:Keywords>
   <xmp:CreatorTool>drukwerk</xmp:CreatorTool>
   <pdfuaid:part>1</pdfuaid:part>""")
