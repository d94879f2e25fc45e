"""Preflight's PDF/X-1a:2001 verdict: the rules a print shop's preflight checks that
the other findings do not already cover.

Identification (document information and XMP agree), one GTS_PDFX output intent
naming a registered condition (or embedding a profile), trapping stated, a
title, dates and a document ID, version 1.3, page boxes (TrimBox inside
BleedBox inside MediaBox), no encryption, no annotation on the printed area.
Colour, fonts and transparency are findings of their own; the verdict names
them when they fail, so "pass" means the whole of what drukwerk can check.
"""
from __future__ import annotations

import re

from ..model.press_conditions import CONDITIONS
from .pdfx import CONFORMANCE, PDF_VERSION, VERSION

PDFX_RULES = ("colour", "fonts", "transparency", "page boxes")  # findings that are X-1a rules


def pdfx_problems(pdf, data: bytes) -> tuple[str | None, list[str]] | None:
    """(the condition the file names, what breaks PDF/X-1a:2001); None when the file
    claims no PDF/X at all. ``pdf``: the file open in pikepdf."""
    info = pdf.trailer.get("/Info")
    info = info if info is not None else {}
    claimed = str(info.get("/GTS_PDFXVersion", ""))
    if not claimed:
        return None
    problems = []
    if claimed != VERSION or str(info.get("/GTS_PDFXConformance", "")) != CONFORMANCE:
        problems.append(f"identified as {claimed} {info.get('/GTS_PDFXConformance', '')}, "
                        f"not {VERSION} {CONFORMANCE}")
    version = data[5:8].decode("ascii", "replace")
    if version != PDF_VERSION:
        problems.append(f"PDF {version}; PDF/X-1a:2001 is PDF {PDF_VERSION}")
    if not str(info.get("/Title", "")).strip():
        problems.append("no /Title")
    if str(info.get("/Trapped", "")) not in ("/True", "/False"):
        problems.append("/Trapped is not /True or /False")
    for key in ("/CreationDate", "/ModDate"):
        if key not in info:
            problems.append(f"no {key}")
    if "/ID" not in pdf.trailer:
        problems.append("no document ID")
    if pdf.is_encrypted:
        problems.append("encrypted")
    condition, intent_problems = _output_intent(pdf.Root)
    problems += intent_problems
    problems += _xmp(pdf, info)
    problems += _annotations(pdf)
    return condition, problems


def _output_intent(root) -> tuple[str | None, list[str]]:
    intents = list(root.get("/OutputIntents") or [])
    pdfx = [intent for intent in intents if intent.get("/S") == "/GTS_PDFX"]
    if len(pdfx) != 1:
        return None, [f"{len(pdfx)} GTS_PDFX output intents; exactly one is needed"]
    intent = pdfx[0]
    identifier = str(intent.get("/OutputConditionIdentifier", ""))
    if not identifier:
        return None, ["the output intent has no /OutputConditionIdentifier"]
    if identifier not in CONDITIONS and "/DestOutputProfile" not in intent:
        return identifier, [f"output condition {identifier} is not a registered one drukwerk "
                            "knows, and no profile is embedded (/DestOutputProfile)"]
    return identifier, []


def _xmp(pdf, info) -> list[str]:
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return ["no XMP metadata"]
    xmp = metadata.read_bytes().decode("utf-8", "replace")
    problems = []
    for key, value in (("GTS_PDFXVersion", VERSION), ("GTS_PDFXConformance", CONFORMANCE),
                       ("Trapped", str(info.get("/Trapped", "")).lstrip("/"))):
        found = re.search(rf"<\w+:{key}>([^<]*)</\w+:{key}>", xmp) or \
            re.search(rf'\w+:{key}="([^"]*)"', xmp)
        if found is None or found.group(1) != value:
            problems.append(f"XMP {key} is {found.group(1) if found else 'missing'}, "
                            f"the document information says {value}")
    title = str(info.get("/Title", ""))
    if title and _xml_text(title) not in xmp:
        problems.append("XMP dc:title differs from /Title")
    return problems


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _annotations(pdf) -> list[str]:
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.obj.get("/Annots") or []:
            subtype = annotation.get("/Subtype")
            if subtype not in ("/PrinterMark", "/TrapNet"):
                return [f"page {number} has a {str(subtype).lstrip('/')} annotation"]
    return []
