"""Pocket card: the check questions with tick boxes, meldpunt on the back.

Handed out at trainings and kept in a wallet or badge holder: nothing below
7 pt, check questions at 8 pt or more, text 3 mm inside the trim.
"""
from . import Product

PRODUCT = Product(
    name="card",
    what_for="Pocket card with the check questions, to hand out at trainings.",
    subject_label="card_subject",
    min_safe_mm=3.0,
    min_text_pt=7.0,
    block_min_pt={"checks": 8.0},
    needs=lambda topic: None if topic.checks else "it has no check questions",
    skip_when_too_small=True,
    interchangeable=True,
)
