"""Protocol sheet: the full text of a topic on as many A4 pages as it needs.

Attached to the organisation's protocol, read at a desk: body text 10-11 pt,
ragged right (easier for less practised readers than justified text).
"""
from . import Product

BODY = ("answer", "risks", "steps", "tips", "checks", "contact")

PRODUCT = Product(
    name="protocol",
    what_for="A4 protocol sheet to attach to the protocol; every topic gets one.",
    subject_label="protocol_subject",
    min_safe_mm=10.0,
    min_text_pt=7.0,
    block_min_pt={kind: 10.0 for kind in BODY},
    block_max_pt={kind: 11.0 for kind in BODY},
    accessible_page=True,
)
