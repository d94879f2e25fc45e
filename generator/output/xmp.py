"""XMP metadata packets: the envelope every packet shares around its properties.

Press files (PDF/X) and tagged office pieces (PDF/UA) each write their own
properties; the packet header, the namespaces and the closing are the same.
"""
from __future__ import annotations

NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def escape(text: str, quotes: bool = False) -> str:
    """``text`` as XML character data (and, with ``quotes``, fit for a quoted attribute):
    what ``xml.sax.saxutils.escape`` does, without the URL and network modules that
    importing it loads into every build."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    return text.replace('"', "&quot;") if quotes else text


def packet(prefixes: tuple[str, ...], properties: str) -> str:
    """The XMP packet declaring the namespaces of ``prefixes``, with ``properties``
    (the property elements, one per line, indented by three spaces)."""
    declared = "\n".join(f'    xmlns:{prefix}="{NAMESPACES[prefix]}"' for prefix in prefixes)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
{declared}>
{properties}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
