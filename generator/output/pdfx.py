"""PDF/X-1a:2001 for press files: the identification a print shop's preflight looks for.

ReportLab draws the press file (CMYK only, fonts embedded, no transparency:
what PDF/X-1a asks of the content); this pass adds what ReportLab cannot
write, with pikepdf:

- ``/GTS_PDFXVersion (PDF/X-1:2001)`` and ``/GTS_PDFXConformance (PDF/X-1a:2001)``
  in the document information, with ``/Trapped /False`` (nothing is trapped:
  the shop may trap) and the title;
- one ``/OutputIntents`` entry ``/S /GTS_PDFX`` naming the printing condition
  by its registered identifier (e.g. FOGRA39 with the ICC's registry), which
  PDF/X-1a accepts without an embedded profile;
- an XMP metadata packet carrying the same identification, title and dates;
- PDF version 1.3 (X-1a:2001 is built on it: no object or cross-reference streams);
- font subset prefixes derived from the file's content, so two files ganged on
  one press sheet never share a subset name (``AAAAAA+``) for different glyphs;
- font subsets without screen hinting (:mod:`generator.output.font_hinting`),
  which keeps a press file of a few pages well under 40 KB.

X-1a rather than X-4: the press files are CMYK only and flat by design, which is
exactly X-1a; it is the format every print shop and RIP accepts, and it needs no
embedded ICC profile for a registered condition. Everything is derived from the
input (dates from the content's date, the document ID from the bytes), so a
rebuild is byte-identical.
"""
from __future__ import annotations

import hashlib
import io
import re

from ..model.press_conditions import CONDITIONS, REGISTRY
from .xmp import escape, packet

VERSION = "PDF/X-1:2001"
CONFORMANCE = "PDF/X-1a:2001"
PDF_VERSION = "1.3"
_SUBSET = re.compile(r"^/?([A-Z]{6})\+(.+)$")


def make_pdfx(data: bytes, title: str, condition: str, date: str = "") -> bytes:
    """The press PDF ``data`` (from ReportLab) as PDF/X-1a:2001 for ``condition``
    (an identifier of :data:`CONDITIONS`); ``date`` (ISO) becomes its creation date."""
    import pikepdf

    intent = CONDITIONS[condition]
    seed = hashlib.sha256(data).digest()
    stamp = _pdf_date(date)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _rename_subsets(pdf, seed)
        _unhint_fonts(pdf)
        info = pdf.docinfo
        info[pikepdf.Name.Title] = title
        info[pikepdf.Name.CreationDate] = stamp
        info[pikepdf.Name.ModDate] = stamp
        info[pikepdf.Name.Trapped] = pikepdf.Name("/False")
        info[pikepdf.Name("/GTS_PDFXVersion")] = VERSION
        info[pikepdf.Name("/GTS_PDFXConformance")] = CONFORMANCE
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name("/GTS_PDFX"),
            OutputConditionIdentifier=intent.identifier, OutputCondition=intent.name,
            RegistryName=REGISTRY, Info=intent.name))])
        xmp = xmp_packet(title, stamp, str(info.get("/Producer", "")),
                         str(info.get("/Creator", "")), seed.hex())
        metadata = pikepdf.Stream(pdf, xmp.encode("utf-8"))
        metadata.Type = pikepdf.Name.Metadata
        metadata.Subtype = pikepdf.Name("/XML")
        pdf.Root.Metadata = pdf.make_indirect(metadata)
        out = io.BytesIO()
        pdf.save(out, force_version=PDF_VERSION, deterministic_id=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 compress_streams=True, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def _pdf_date(date: str) -> str:
    """The content's date (YYYY-MM-DD) as a PDF date; the build time would break
    byte-identical rebuilds. Without a date: the start of 2000, as ReportLab's
    invariant mode writes."""
    digits = re.sub(r"\D", "", date)[:8]
    if len(digits) != 8:
        digits = "20000101"
    return f"D:{digits}000000Z"


def _xmp_date(stamp: str) -> str:
    d = stamp[2:]
    return f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}Z"


def xmp_packet(title: str, stamp: str, producer: str, creator: str, seed: str) -> str:
    """The XMP metadata: the same identification, title, trapping and dates as the
    document information (a preflight compares the two)."""
    when = _xmp_date(stamp)
    uuid = f"uuid:{seed[0:8]}-{seed[8:12]}-{seed[12:16]}-{seed[16:20]}-{seed[20:32]}"
    return packet(("dc", "pdf", "xmp", "xmpMM", "pdfx"), f"""\
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <pdf:Producer>{escape(producer)}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmpMM:DocumentID>{uuid}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{uuid}</xmpMM:InstanceID>
   <pdfx:GTS_PDFXVersion>{VERSION}</pdfx:GTS_PDFXVersion>
   <pdfx:GTS_PDFXConformance>{CONFORMANCE}</pdfx:GTS_PDFXConformance>""")


def _unhint_fonts(pdf) -> None:
    """Every embedded TrueType program without its hinting (a press file's largest part)."""
    import pikepdf

    from .font_hinting import without_hinting

    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" \
                and "/FontFile2" in obj:
            program = obj.FontFile2
            data = program.read_bytes()
            lean = without_hinting(data)
            if len(lean) < len(data):
                program.write(lean)
                program.Length1 = len(lean)


def _rename_subsets(pdf, seed: bytes) -> None:
    """Give every font subset a prefix of six capitals derived from ``seed`` and its own
    name: the same file gets the same prefixes, another file other ones."""
    import pikepdf

    renamed: dict[str, str] = {}

    def new_name(old: str) -> str:
        if old not in renamed:
            match = _SUBSET.match(old)
            assert match is not None  # only subset names are renamed
            digest = hashlib.sha256(seed + old.encode("utf-8")).digest()
            prefix = "".join(chr(65 + byte % 26) for byte in digest[:6])
            renamed[old] = f"/{prefix}+{match.group(2)}"
        return renamed[old]

    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or "/Type" not in obj:
            continue
        kind = obj.Type
        key = "/BaseFont" if kind == "/Font" else "/FontName" if kind == "/FontDescriptor" \
            else None
        if key and key in obj and _SUBSET.match(str(obj[key])):
            obj[key] = pikepdf.Name(new_name(str(obj[key])))
