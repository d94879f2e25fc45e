"""Visual regression: every page of every product looks like its reference.

And the comparison can fail: a line of text moved by 1 mm, or a line left
out, is well over the budget.
"""
from __future__ import annotations

import dataclasses
import json

import pytest
from PIL import Image

import visual
from conftest import MM, default_inputs
from generator.layout.items import Text
from generator.pipeline import lay_out, plan
from generator.prepress.imposition import single
from generator.render.pdf import render_pdf

PRODUCTS = ("card", "poster", "protocol")
FIRST_LAYOUT = {"card": "id1", "poster": "a3", "protocol": "a4"}


def pages(built):
    rows = json.loads((built / "manifest.json").read_text())["files"]
    return [(row["path"], number) for row in rows for number in range(1, row["pages"] + 1)]


def compare(actual: Image.Image, reference_file, tmp_path) -> tuple[int, int, str]:
    with Image.open(reference_file) as reference:
        reference.load()
    differing = visual.differing_pixels(actual, reference)
    allowed = visual.allowed_pixels(reference)
    saved = tmp_path / f"actual-{reference_file.name}"
    visual.save(actual, saved)
    return differing, allowed, f"see {saved}"


@pytest.mark.parametrize("product", PRODUCTS)
def test_every_page_matches_its_reference(built, tmp_path, product):
    chosen = [(path, n) for path, n in pages(built) if f"-{product}-" in path]
    assert chosen
    for path, number in chosen:
        reference = visual.reference_path(path, number)
        assert reference.is_file(), f"no reference for {path} page {number}: run {visual.UPDATE}"
        actual = visual.render((built / path).read_bytes())[number - 1]
        differing, allowed, where = compare(actual, reference, tmp_path)
        assert differing <= allowed, (
            f"{path} page {number}: {differing} pixels differ from {reference.name} "
            f"(budget {allowed}); {where}. If the change is meant, run {visual.UPDATE}")


def test_no_reference_without_a_page(built):
    expected = {visual.reference_path(path, number) for path, number in pages(built)}
    assert set(visual.REFERENCES.glob("*.png")) == expected


def _moved(items: list, index: int) -> list:
    """The text item at ``index`` one millimetre lower."""
    return items[:index] + [dataclasses.replace(items[index], y=items[index].y - MM)] \
        + items[index + 1:]


def _clipped(items: list, index: int) -> list:
    """The text item at ``index`` left out, as if the box had cut it off."""
    return items[:index] + items[index + 1:]


@pytest.mark.parametrize("change", [_moved, _clipped], ids=["moved-1mm", "line-left-out"])
@pytest.mark.parametrize("product", PRODUCTS)
def test_a_moved_or_missing_line_is_over_the_budget(tmp_path, product, change):
    (job,) = plan(default_inputs(products=(product,), layout_names=(FIRST_LAYOUT[product],),
                                 locales=("nl",)))
    (document,) = lay_out([job])
    first = document.pages[0]
    items = list(first.items)
    # The last line of real text on the first page: a short line, the hardest to see.
    index = max(i for i, item in enumerate(items)
                if isinstance(item, Text) and len(item.text) >= 5)
    changed = dataclasses.replace(
        document, pages=(dataclasses.replace(first, items=tuple(change(items, index))),)
        + document.pages[1:])
    palette = job.resolved.organisation.colours.model_dump()
    actual = visual.render(render_pdf(changed, single(changed, guides=True), palette))[0]
    path = f"{document.locale}/{document.topic}-{document.product}-{document.layout}.pdf"
    differing, allowed, where = compare(actual, visual.reference_path(path, 1), tmp_path)
    assert differing > 3 * allowed, (f"{product}: {change.__name__} gave only {differing} "
                                     f"differing pixels (budget {allowed}); {where}")
