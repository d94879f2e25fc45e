"""Protocol book: every topic's protocol sheet of a locale in one PDF.

What a team office puts in its protocol binder and a quality officer sends to
the board: a cover, a table of contents with page numbers, running headers and
bookmarks. Its pages are the protocol sheets' pages, so the same legibility
rules hold.
"""
from . import Product
from .protocol import BODY

PRODUCT = Product(
    name="book",
    what_for="A4 protocol book: every topic's protocol sheet in one PDF, with a cover and "
             "contents.",
    subject_label="book_subject",
    min_safe_mm=10.0,
    min_text_pt=7.0,
    block_min_pt={kind: 10.0 for kind in BODY},
    block_max_pt={kind: 11.0 for kind in BODY},
    scope="locale",
)
