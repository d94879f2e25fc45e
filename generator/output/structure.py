"""The structure tree of a tagged PDF, written after rendering.

The renderer marks every item (:mod:`generator.render.tagging`); this pass
turns what it marked into the logical structure a screen reader follows, with
pikepdf, since ReportLab has no API for it:

- the structure tree, in reading order (each tag's ``rank``, then page, its
  ``lead`` items first, then drawing order), with consecutive items of the same element joined (the lines
  of a paragraph, a paragraph continued on the next page);
- headings renumbered so no level is skipped (a card's H1 title followed by
  an H3 becomes H1, H2);
- the parent tree (from each page's MCIDs back to their elements) and
  ``/StructParents`` and ``/Tabs /S`` on the pages;
- in the catalogue ``/MarkInfo``, ``/Lang``, ``/ViewerPreferences
  /DisplayDocTitle`` and XMP metadata naming the title and ``pdfuaid:part 1``.

Only standard structure types are used, so no role map is needed. The pass
writes with a deterministic document id (same input, same bytes) and packs
the structure's many small objects into compressed object streams.
"""
from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from ..layout.items import Document, Tag
from ..render.tagging import Marking

HEADINGS = ("H1", "H2", "H3", "H4", "H5", "H6")


def tag_pdf(data: bytes, marking: Marking, document: Document) -> bytes:
    """The rendered PDF ``data`` with its structure tree and catalogue entries."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    pdf = pikepdf.open(io.BytesIO(data))
    pages: list[Any] = [page.obj for page in pdf.pages]
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    top = _element(pdf, "Document", root, pages[0])
    root.K = top
    parents: list[list[Any]] = [[None] * len(tags) for tags in marking.pages]
    open_: list[tuple[str, str, Any]] = []   # the elements the last item was in
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
            open_.append((role, key, _element(pdf, role_name, parent, pages[page])))
        leaf = open_[-1][2]
        if tag.alt:
            leaf.Alt = pikepdf.String(tag.alt)
        if tag.actual:
            leaf.ActualText = pikepdf.String(tag.actual)
        on_page = leaf.Pg.objgen == pages[page].objgen
        leaf.K.append(mcid if on_page else Dictionary(Type=Name.MCR, Pg=pages[page], MCID=mcid))
        parents[page][mcid] = leaf
    _single_kids(top)
    nums = Array()
    for index, (page_dict, elements) in enumerate(zip(pages, parents)):
        page_dict.StructParents = index
        page_dict.Tabs = Name.S
        nums.append(index)
        nums.append(pdf.make_indirect(Array(elements)))
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = len(pages)
    catalogue = pdf.Root
    catalogue.StructTreeRoot = root
    catalogue.MarkInfo = Dictionary(Marked=True)
    catalogue.Lang = pikepdf.String(document.language)
    catalogue.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    metadata = pdf.make_stream(_xmp(document).encode("utf-8"))
    metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
    catalogue.Metadata = metadata
    out = io.BytesIO()
    # object streams: the many small structure elements compressed together
    pdf.save(out, deterministic_id=True, min_version="1.7",
             object_stream_mode=pikepdf.ObjectStreamMode.generate,
             stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def in_reading_order(marking: Marking) -> list[tuple[int, int, int, Tag]]:
    """(rank, page, MCID, tag) of everything marked, in the order a person reads it."""
    return sorted(((tag.rank, page, mcid, tag) for page, tags in enumerate(marking.pages)
                   for mcid, tag in enumerate(tags)),
                  key=lambda content: (content[0], content[1], -content[3].lead, content[2]))


def _element(pdf, role: str, parent, page):
    from pikepdf import Array, Dictionary, Name

    element = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + role), P=parent,
                                           Pg=page, K=Array()))
    if parent.get("/Type") == Name.StructElem:
        parent.K.append(element)
    return element


def _single_kids(element) -> None:
    """An element with one kid holds it directly (``/K 3``, not ``/K [3]``), the form
    most readers and checkers expect."""
    from pikepdf import Array, Dictionary

    kids = element.K
    for kid in kids:
        if isinstance(kid, Dictionary) and "/S" in kid:
            _single_kids(kid)
    if isinstance(kids, Array) and len(kids) == 1:
        element.K = kids[0]


def _xmp(document: Document) -> str:
    """The XMP packet: title, author, subject, language and the PDF/UA-1 claim."""
    def text(value: str) -> str:
        return escape(value, {'"': "&quot;"})

    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(document.title)}</rdf:li>
   </rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{text(document.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(document.subject)}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{text(document.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{text(document.keywords)}</pdf:Keywords>
   <xmp:CreatorTool>drukwerk</xmp:CreatorTool>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
