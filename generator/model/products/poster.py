"""Poster: the safe-sharing tips, readable across a team office.

Read from 2-3 m: letters 3.3-5 mm high per metre of distance, so tips at
40 pt or more and the title at 96 pt where it fits, down to 60 pt for a long
title (still readable at 3 m); nothing within 10 mm of the edge.
The easy-read layout, for clients, holds its sentences to the same 40 pt.
"""
from . import Product

PRODUCT = Product(
    name="poster",
    what_for="A3 posters of the safe-sharing tips: for the team office, and easy-read for clients.",
    subject_label="poster_subject",
    min_safe_mm=10.0,
    min_text_pt=14.0,
    block_min_pt={"tips_title": 60.0, "tips": 40.0, "tips_intro": 40.0, "tips_easy": 40.0},
    needs=lambda topic: None if topic.tips else "it has no tips",
    skip_when_too_small=True,
)
