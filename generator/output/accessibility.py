"""Preflight of a tagged PDF: the machine-checkable part of PDF/UA-1, for any file.

Read from the file itself with pikepdf, like the other preflight checks, so
it serves drukwerk's pieces and a file handed in alike. What it checks:

- the file is tagged: a structure tree and ``/MarkInfo << /Marked true >>``;
- the catalogue names the language (``/Lang``), the document has a title that
  viewers show (``/DisplayDocTitle``), the XMP metadata claims PDF/UA-1
  (``pdfuaid:part``);
- every text and every image or form painted on a page is inside a marked
  sequence: tagged content or an artifact;
- every marked-content id a page uses is in the parent tree;
- every Figure has alternative text; headings never skip a level;
- a page with annotations has the tab order of its structure (``/Tabs /S``).

Whether the words of the alternative texts are right, or the reading order
makes sense, takes a person: the README says how to look.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
# The operators the page check looks at: marked content, and what must be inside it
# (text, XObjects, inline images: "BI ID EI" is how pikepdf names one). pikepdf
# skips the rest while parsing (paths, colours, text state: most of a page), so no
# Python object is made for them.
WATCHED = " ".join(["BDC", "BMC", "EMC", *sorted(TEXT_SHOWING), "Do", "BI", "ID", "EI"])
HEADING = re.compile(r"^/H([1-6])$")


@dataclass
class Tagging:
    """What the checks found: whether the file is tagged, and what is wrong with it."""

    tagged: bool
    problems: list[str] = field(default_factory=list)
    elements: int = 0
    figures: int = 0

    @property
    def summary(self) -> str:
        if not self.tagged:
            return "not tagged (no structure tree)"
        if self.problems:
            return "tagged, but " + "; ".join(self.problems)
        return (f"tagged, PDF/UA-1 checks pass ({self.elements} structure elements, "
                f"{self.figures} figure(s) with alternative text)")


def check_tagging(data: bytes) -> Tagging:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return tagging_of(pdf)


def tagging_of(pdf: Any) -> Tagging:
    """The checks on a PDF already open in pikepdf (preflight opens each file once)."""
    import pikepdf

    root = pdf.Root
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return Tagging(False)
    result = Tagging(True)
    problems = result.problems
    mark_info = root.get("/MarkInfo")
    if not (isinstance(mark_info, pikepdf.Dictionary) and mark_info.get("/Marked")):
        problems.append("/MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")).strip():
        problems.append("no /Lang in the catalogue")
    info = pdf.trailer.get("/Info")
    if not (isinstance(info, pikepdf.Dictionary) and str(info.get("/Title", "")).strip()):
        problems.append("no document title")
    preferences = root.get("/ViewerPreferences")
    if not (isinstance(preferences, pikepdf.Dictionary)
            and preferences.get("/DisplayDocTitle")):
        problems.append("viewers are not asked to show the title (/DisplayDocTitle)")
    metadata = root.get("/Metadata")
    xmp = metadata.read_bytes().decode("utf-8", "replace") if metadata is not None else ""
    if not re.search(r"pdfuaid:part\s*(>\s*1\s*<|=\s*[\"']1)", xmp):
        problems.append("the XMP metadata does not claim PDF/UA-1 (pdfuaid:part 1)")
    parents = _parent_tree(tree.get("/ParentTree"))
    for number, page in enumerate(pdf.pages, 1):
        problems += _page_problems(page, number, parents)
    _walk_structure(tree, result)
    return result


def _page_problems(page: Any, number: int, parents: dict[int, Any]) -> list[str]:
    import pikepdf

    problems = []
    unmarked, depth = 0, 0
    mcids: set[int] = set()
    for instruction in pikepdf.parse_content_stream(page, WATCHED):
        operands, op = instruction.operands, str(instruction.operator)
        if op in ("BDC", "BMC"):
            depth += 1
            if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                    and "/MCID" in operands[1]:
                mcids.add(int(operands[1].MCID))
        elif op == "EMC":
            depth -= 1
        elif depth <= 0 and (op in TEXT_SHOWING or op in ("Do", "INLINE IMAGE")):
            unmarked += 1
    if unmarked:
        problems.append(f"page {number}: {unmarked} text or picture(s) neither tagged nor "
                        "marked as artifact")
    if mcids:
        key = page.obj.get("/StructParents")
        known = parents.get(int(key)) if key is not None else None
        if known is None or any(m >= len(known) or known[m] is None for m in mcids):
            problems.append(f"page {number}: marked content missing from the parent tree")
    if page.obj.get("/Annots") and page.obj.get("/Tabs") != pikepdf.Name.S:
        problems.append(f"page {number}: has annotations but no /Tabs /S")
    return problems


def _parent_tree(tree: Any) -> dict[int, Any]:
    """The parent tree's number-tree entries (its /Nums, and its /Kids' below)."""
    found: dict[int, Any] = {}
    if tree is None:
        return found
    nums = tree.get("/Nums")
    if nums is not None:
        for index in range(0, len(nums) - 1, 2):
            found[int(nums[index])] = nums[index + 1]
    for kid in tree.get("/Kids", []):
        found.update(_parent_tree(kid))
    return found


def _walk_structure(tree: Any, result: Tagging) -> None:
    """Count the elements, and check figures' alternative text and heading levels, in
    the order of the tree (the reading order)."""
    import pikepdf

    level = 0
    stack = [tree.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
            continue
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue
        result.elements += 1
        role = str(node.S)
        if role == "/Figure":
            if str(node.get("/Alt", node.get("/ActualText", ""))).strip():
                result.figures += 1
            else:
                result.problems.append("a Figure has no alternative text")
        heading = HEADING.match(role)
        if heading:
            if int(heading[1]) > level + 1:
                result.problems.append(f"heading level skipped: H{heading[1]} after "
                                       f"{'H' + str(level) if level else 'no heading'}")
            level = int(heading[1])
        stack.append(node.get("/K"))
