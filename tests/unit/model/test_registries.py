"""The registries every layer reads: block kinds and products.

Adding a block kind is an entry in generator.model.block_kinds plus its drawing
function; adding a product is a module and a line in generator.model.products.
These tests make sure nothing else is needed and nothing is forgotten: the
lay-out stage can draw every kind, a layout file may name every kind and every
product (and is refused, with the choices, for one that does not exist), and
the README, which layout authors read, names every kind.
"""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from generator.errors import InputError
from generator.inputs.load import load_yaml
from generator.layout.blocks import BLOCKS
from generator.model.block_kinds import BLOCK_KINDS, BlockKind
from generator.model.layout import GRAPHIC_BLOCKS, Layout
from generator.model.layout_files import load_layouts
from generator.model.products import all_products
from generator.model.schema import Topic
from generator.model.validate import validate

KINDS = sorted(BLOCK_KINDS)
PRODUCTS = sorted(all_products())


def test_the_registry_is_keyed_by_each_kind_s_own_name():
    assert KINDS
    assert all(isinstance(kind, BlockKind) and kind.name == name
               for name, kind in BLOCK_KINDS.items())


@pytest.mark.parametrize("name", KINDS)
def test_every_block_kind_is_drawn_by_a_function_or_is_a_graphic(name):
    kind = BLOCK_KINDS[name]
    if kind.graphic:
        assert name not in BLOCKS, f"'{name}' is a graphic with a text function too"
        assert name in GRAPHIC_BLOCKS
    else:
        assert callable(BLOCKS.get(name)), f"no drawing function for block kind '{name}'"


def test_no_drawing_function_for_a_kind_the_registry_lacks():
    assert set(BLOCKS) <= set(BLOCK_KINDS)


@pytest.mark.parametrize("name", [n for n in KINDS if BLOCK_KINDS[n].items is not None])
def test_list_kinds_say_where_their_items_are(name):
    kind = BLOCK_KINDS[name]
    assert kind.items_name and kind.items_field
    assert kind.items_field.split(".")[0] in Topic.model_fields
    assert kind.items(Topic(title="t")) == []


# --- the layout file ----------------------------------------------------------------

def layout(product: str = "card", block: dict | None = None) -> dict:
    """A small layout file: one page, one box holding one block."""
    return {"product": product, "name": "test", "description": "a test layout",
            "width": 85.6, "height": 54, "safe": 12,
            "pages": {"front": {"boxes": {"main": {
                "x": 12, "y": 12, "width": 60, "height": 30, "size": {"min": 8, "max": 10},
                "blocks": [block or {"block": "title"}]}}}}}


def load_layout(tmp_path, data: dict) -> Layout:
    """The layout as `drukwerk` reads it: from a file, with its messages."""
    path = tmp_path / "test.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return validate(load_yaml(path, "layout file"), Layout, "layout file")


@pytest.mark.parametrize("name", KINDS)
def test_a_layout_may_name_every_block_kind(tmp_path, name):
    block = {"block": name, **({"label": "checks"} if name == "heading" else {})}
    loaded = load_layout(tmp_path, layout(block=block))
    assert loaded.pages["front"].boxes["main"].blocks[0].block == name


def test_an_unknown_block_kind_is_refused_with_the_known_ones(tmp_path):
    with pytest.raises(InputError) as refused:
        load_layout(tmp_path, layout(block={"block": "tip_intro"}))
    message = str(refused.value)
    assert "test.yaml:" in message and "pages.front.boxes.main.blocks[0].block" in message
    choices = message.split("choose one of:")[-1]
    missing = [name for name in KINDS if name not in {c.strip() for c in choices.split(",")}]
    assert "did you mean 'tips_intro'?" in message
    assert missing == [], f"the message does not offer {missing}:\n{message}"


@pytest.mark.parametrize("product", PRODUCTS)
def test_a_layout_may_name_every_product(tmp_path, product):
    assert load_layout(tmp_path, layout(product=product)).product == product


def test_an_unknown_product_is_refused_with_the_known_ones(tmp_path):
    with pytest.raises(InputError) as refused:
        load_layout(tmp_path, layout(product="affiche"))
    message = str(refused.value)
    assert "test.yaml:1:1" in message and "product" in message and "'affiche'" in message
    assert all(product in message for product in PRODUCTS), message


def test_every_product_has_a_shipped_layout():
    shipped = {loaded.layout.product for loaded in load_layouts(ROOT / "layouts")}
    assert set(PRODUCTS) <= shipped, f"no layout in layouts/ for {set(PRODUCTS) - shipped}"


# --- the README -------------------------------------------------------------------------

def block_reference() -> str:
    """The README's sections about layout blocks: those that show `{block: ...}`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sections = [s for s in re.split(r"\n(?=## )", readme) if "{block:" in s]
    assert sections, "README.md does not describe blocks (no `{block: ...}` anywhere)"
    return "\n".join(sections)


@pytest.mark.parametrize("name", KINDS)
def test_the_readme_names_every_block_kind(name):
    assert f"`{name}`" in block_reference(), \
        f"README.md does not document the block kind `{name}` ({BLOCK_KINDS[name].about})"
