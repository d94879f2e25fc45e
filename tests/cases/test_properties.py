"""Properties that hold for any input, checked with Hypothesis.

- Whatever text a user puts in any text field of the profile, labels or a
  topic (any Unicode, template brackets, lone surrogates, control characters),
  loading, validating, resolving and laying out raise nothing but the tool's
  own InputError; the same goes for a value of the wrong type, for numbers in
  a layout, and for a file of arbitrary text or bytes.
- Text fitting never returns a size at which the text leaves its box.
- The loader gives back exactly the data that was dumped to YAML.

Examples are kept few and small so the whole suite stays quick on two cores.
"""
from __future__ import annotations

import copy
import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from conftest import CONTENT_FIXTURE, SOURCES, ROOT, default_inputs
from generator.inputs import fonts
from generator.layout.compose import compose
from generator.errors import InputError, Position
from generator.layout.items import Line, Pictogram, Rect, Text
from generator.model.layout import Layout
from generator.model.layout_files import LoadedLayout
from generator.inputs.load import load_yaml
from generator.pipeline import Inputs, lay_out, plan
from generator.output.produce import produce
from generator.layout.textfit import TooWide, largest_fitting, wrap

MM = 72 / 25.4
FAST = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- the content files and their text fields -------------------------------------

CONTENT_FILES = ("organisation.yaml", "nl/labels.yaml", "nl/sexting.yaml", "en/labels.yaml",
                 "en/sexting.yaml")
PRISTINE = {name: yaml.safe_load((CONTENT_FIXTURE / name).read_text(encoding="utf-8"))
            for name in CONTENT_FILES}


def leaves(data, path=()):
    """The path of every text value in ``data``."""
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in leaves(value, path + (key,))]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in leaves(value, path + (i,))]
    return [path] if isinstance(data, str) else []


TEXT_FIELDS = [(name, path) for name, data in PRISTINE.items() for path in leaves(data)]

# Words of characters the font has, as text that can be printed.
PRINTABLE = sorted(chr(code) for code in fonts._character_map("regular")
                   & fonts._character_map("bold") if chr(code).isprintable()
                   and not chr(code).isspace())
WORDS = st.text(st.sampled_from(PRINTABLE), min_size=1, max_size=14)
PROSE = st.lists(st.one_of(WORDS, st.sampled_from(["a", "of", "-", "well-known"])),
                 min_size=1, max_size=30).map(" ".join)
# Any Unicode (surrogates and control characters included), printable prose,
# and text made of the pieces templates, YAML and line breaking react to.
PIECES = ["{{", "}}", "{%", "%}", "{#", "organisation.name", "labels.answer", "page", ".", "|",
          "(", ")", "**", "9", "__class__", "'", '"', ":", "#", "&a", "*a", "- ", "\n", "\t",
          "\u00a0", " ", "-", "😀", "é", "\x00", "\ud800", "x" * 60]
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=80), PROSE,
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
ANY_VALUE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                      st.text(st.sampled_from("abc é-"), min_size=1, max_size=12),
                      st.lists(ANY_TEXT, max_size=3),
                      st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=2))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    for name in ("content", "layouts"):
        shutil.copytree(SOURCES[name], folder / name)
    return folder


def write_content(folder: Path, changes: dict) -> tuple[str, ...]:
    """The shipped content with ``changes`` ((file, path) -> value) applied;
    returns the locales the changed files belong to."""
    data = copy.deepcopy(PRISTINE)
    for (name, path), value in changes.items():
        parent = data[name]
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = value
    for name, tree in data.items():
        (folder / "content" / name).write_text(yaml.safe_dump(tree, allow_unicode=True),
                                               encoding="utf-8")
    return tuple(sorted({name.split("/")[0] for name, _ in changes if "/" in name})) or ("nl",)


def lay_out_or_refuse(inputs: Inputs) -> None:
    """Everything up to lay out; only the tool's own InputError may come out."""
    try:
        lay_out(plan(inputs))
        event("laid out")
    except InputError as error:
        assert_clear(error)
        event("refused")


def assert_clear(error: InputError) -> None:
    """A refusal a user can act on, each problem of it: where (a file, a line where the
    file has lines, or an option), what, and nothing of Python's (no traceback, no object
    address, no bare exception name as the message)."""
    for part in getattr(error, "errors", [error]):
        assert part.where is not None or part.field, part
        assert len(part.message) > 10, part
        text = str(part)
        assert "Traceback" not in text and " object at 0x" not in text, text
        where = part.where
        if isinstance(where, Position) and Path(where.file).suffix == ".yaml":
            lines = Path(where.file).read_bytes().count(b"\n") + 1
            assert 1 <= where.line <= lines, (where, lines)


def inputs_for(folder: Path, locales: tuple[str, ...], **selection) -> Inputs:
    return Inputs(content=folder / "content", layouts=folder / "layouts",
                  profile=folder / "content/organisation.yaml", locales=locales, **selection)


@FAST
@given(changes=st.dictionaries(st.sampled_from(TEXT_FIELDS), ANY_TEXT, min_size=1, max_size=4))
def test_any_text_in_any_field_is_laid_out_or_refused_clearly(sandbox, changes):
    lay_out_or_refuse(inputs_for(sandbox, write_content(sandbox, changes)))


@FAST
@given(changes=st.dictionaries(st.sampled_from(TEXT_FIELDS), ANY_VALUE, min_size=1, max_size=2))
def test_a_value_of_any_type_in_any_field_is_laid_out_or_refused_clearly(sandbox, changes):
    lay_out_or_refuse(inputs_for(sandbox, write_content(sandbox, changes)))


def test_every_text_field_can_be_chosen():
    names = {name for name, _ in TEXT_FIELDS}
    assert names == set(CONTENT_FILES) and len(TEXT_FIELDS) > 100


# --- numbers in a layout ---------------------------------------------------------

CARD = yaml.safe_load((ROOT / "layouts/card-id1.yaml").read_text(encoding="utf-8"))


def numbers(data, path=()):
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in numbers(value, path + (key,))]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in numbers(value, path + (i,))]
    is_number = isinstance(data, (int, float)) and not isinstance(data, bool)
    return [path] if is_number else []


CARD_NUMBERS = numbers(CARD)
ANY_NUMBER = st.one_of(st.floats(), st.integers(-10**6, 10**6), st.sampled_from([0, -1, 1e9]))


@FAST
@given(changes=st.dictionaries(st.sampled_from(CARD_NUMBERS), ANY_NUMBER, min_size=1, max_size=3))
def test_any_numbers_in_a_layout_make_a_card_or_are_refused_clearly(sandbox, changes):
    card = copy.deepcopy(CARD)
    for path, value in changes.items():
        parent = card
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = value
    target = sandbox / "layouts/card-id1.yaml"
    write_content(sandbox, {})
    target.write_text(yaml.safe_dump(card), encoding="utf-8")
    try:
        jobs = plan(inputs_for(sandbox, ("nl",), layout_names=("id1",)))
        for job, document in zip(jobs, lay_out(jobs)):
            produce(job, document)
    except InputError as error:
        assert_clear(error)
    finally:
        shutil.copy(ROOT / "layouts/card-id1.yaml", target)


# --- whole files of anything -----------------------------------------------------

@FAST
@given(text=st.one_of(st.text(st.characters(exclude_categories=())),
                      st.lists(st.sampled_from(PIECES + ["[", "]", "{", "}", "!!python/name:x",
                                                         "!x ", "!!bool ", "!!timestamp ",
                                                         "!!int ", "!!float ", "!!seq ",
                                                         "<<: ", "? ", "---\n"]),
                               max_size=40).map("".join)))
def test_a_file_of_any_text_is_read_or_refused_clearly(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("any") / "file.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        load_yaml(path)
    except InputError as error:
        assert_clear(error)


@FAST
@given(data=st.binary(max_size=200))
def test_a_file_of_any_bytes_is_read_or_refused_clearly(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("any") / "file.yaml"
    path.write_bytes(data)
    try:
        load_yaml(path)
    except InputError as error:
        assert_clear(error)


# --- text fitting ----------------------------------------------------------------

@FAST
@given(text=PROSE, style=st.sampled_from(["regular", "bold"]),
       low=st.floats(4, 20), spread=st.floats(0, 30), measure=st.floats(20, 600),
       lines_allowed=st.integers(1, 12))
def test_textfit_never_returns_a_size_whose_lines_are_too_wide_or_too_many(
        text, style, low, spread, measure, lines_allowed):
    def attempt(size):
        lines = wrap(text, style, size, measure)
        return None if isinstance(lines, TooWide) or len(lines) > lines_allowed else lines

    found = largest_fitting(low, low + spread, attempt)
    if found is not None:
        size, lines = found
        assert low <= size <= low + spread
        assert len(lines) <= lines_allowed
        assert all(fonts.width(line, style, size) <= measure + 1e-6 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost


@pytest.fixture(scope="module")
def card_job():
    return plan(default_inputs(locales=("nl",), layout_names=("id1",)))[0]


BLOCKS = [{"block": "title"}, {"block": "checks"}, {"block": "tips", "icon": 1.6},
          {"block": "tips_easy", "icon": 1.2}, {"block": "contact"}, {"block": "question"}]


@FAST
@given(texts=st.lists(PROSE, min_size=1, max_size=4),
       blocks=st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=3),
       width=st.floats(15, 200), height=st.floats(8, 150), low=st.floats(6, 14),
       spread=st.floats(0, 20), leading=st.floats(1, 2), padding=st.floats(0, 3),
       align=st.sampled_from(["left", "center"]),
       valign=st.sampled_from(["top", "middle", "bottom"]),
       balance=st.booleans(), empty_contact=st.booleans())
def test_compose_keeps_everything_it_places_inside_the_box(card_job, texts, blocks, width, height,
                                                            low, spread, leading, padding, align,
                                                            valign, balance, empty_contact):
    resolved = card_job.resolved
    topic = resolved.topic
    tips = topic.tips.model_copy(update={"items": [
        tip.model_copy(update={"text": text, "easy_read": text})
        for tip, text in zip(topic.tips.items, texts)]})
    topic = topic.model_copy(update={"title": texts[0], "question": texts[-1],
                                     "checks": texts, "tips": tips})
    meldpunt = resolved.organisation.meldpunt.model_copy(
        update={"name": texts[0], "phone": "" if empty_contact else texts[-1]})
    organisation = resolved.organisation.model_copy(update={"meldpunt": meldpunt})
    resolved = replace(resolved, topic=topic, organisation=organisation)
    box = {"x": 0, "y": 0, "width": width, "height": height, "padding": padding,
           "size": {"min": low, "max": low + spread}, "leading": leading, "align": align,
           "valign": valign, "balance": balance, "blocks": blocks}
    layout = Layout.model_validate({"product": "card", "name": "fuzz", "description": "",
                                    "width": width, "height": height, "safe": 0,
                                    "pages": {"front": {"boxes": {"box": box}}}})
    assume(2 * padding < min(width, height))
    try:
        document = compose(LoadedLayout(layout, card_job.layout.source), resolved,
                           card_job.product)
    except InputError:
        event("refused")
        return  # does not fit even at the minimum: refused, nothing placed
    event("placed")
    fit = document.fits[0]
    assert fit.min <= fit.size <= fit.max
    left, right = padding * MM, (width - padding) * MM
    bottom, top = padding * MM, (height - padding) * MM
    for item in document.pages[0].items:
        for x0, y0, x1, y1 in extents(item):
            assert left - 1e-6 <= x0 and x1 <= right + 1e-6, item
            assert bottom - 1e-6 <= y0 and y1 <= top + 1e-6, item


def extents(item) -> list[tuple[float, float, float, float]]:
    """The rectangle(s) an item covers on the page (x0, y0, x1, y1), in points."""
    if isinstance(item, Text):
        ascent, descent = fonts.ascent_descent(item.font)
        right = item.x + fonts.width(item.text, item.font, item.size)
        return [(item.x, item.y + descent * item.size, right, item.y + ascent * item.size)]
    if isinstance(item, Rect):
        return [] if item.fill else [(item.x, item.y, item.x + item.width, item.y + item.height)]
    if isinstance(item, Line):
        return [(min(item.x1, item.x2), min(item.y1, item.y2), max(item.x1, item.x2),
                 max(item.y1, item.y2))]
    if isinstance(item, Pictogram):
        return [(item.x, item.y, item.x + item.size, item.y + item.size)]
    raise AssertionError(f"unknown item {item!r}")


# --- loader round trip -------------------------------------------------------------

def _no_blank_lines(text: str) -> bool:
    """Lines of nothing but (non-breaking) spaces read as empty lines, by design."""
    return not any(line and not line.strip(" \t\u00a0") for line in text.split("\n"))


# Text a YAML file can hold. Not the line breaks U+0085, U+2028 and U+2029:
# PyYAML's dumper writes them unescaped where its reader folds them to spaces.
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x85\u2028\u2029")
KEYS = st.text(CHARACTERS, min_size=1, max_size=12)
SCALARS = st.one_of(
    st.text(CHARACTERS, max_size=40).filter(_no_blank_lines),
    st.sampled_from(["yes", "no", "on", "null", "~", "1.0", "0x1F", "2026-11-01", "<<", "*a",
                     "&a", "!!str", "- item", "a: b", "# not a comment", "{{ organisation.name }}",
                     "\ufeffbom", "line\r\nbreak", "tab\tand\ttab", "  padded  "]),
    st.integers(-10**30, 10**30), st.booleans(), st.none(),
    st.floats(allow_nan=False, allow_infinity=False), st.dates())


def _nested(inner):
    return st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4))


CONTENT = st.recursive(SCALARS, _nested, max_leaves=25)


@FAST
@given(data=st.dictionaries(KEYS, CONTENT, min_size=1, max_size=6),
       flow=st.sampled_from([False, None]), width=st.sampled_from([80, 10**6]))
def test_the_loader_gives_back_the_data_that_was_dumped(tmp_path_factory, data, flow, width):
    path = tmp_path_factory.mktemp("round") / "file.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow,
                                   width=width, sort_keys=False), encoding="utf-8")
    assert load_yaml(path).data == _printable_spaces(data)


def _printable_spaces(value):
    """The data as the loader gives it back: a space the font lacks (U+2009, U+3000)
    becomes one it has (see fonts.known_spaces); nothing else changes."""
    if isinstance(value, str):
        return fonts.known_spaces(value)
    if isinstance(value, dict):
        return {key: _printable_spaces(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable_spaces(item) for item in value]
    return value


def test_a_space_the_font_lacks_becomes_a_space_it_has(tmp_path):
    path = tmp_path / "spaces.yaml"
    path.write_text("text: \"Weet\u2009je\u3000wat\u1680je\\x1ccliënt; 12\u202f000\"\n",
                    encoding="utf-8")
    assert load_yaml(path).data == {"text": "Weet je wat je cliënt; 12\u00a0000"}


@pytest.mark.parametrize("name", CONTENT_FILES)
def test_the_shipped_content_round_trips(tmp_path, name):
    source = load_yaml(CONTENT_FIXTURE / name)
    loaded = source.data
    path = tmp_path / "again.yaml"
    path.write_text(yaml.safe_dump(loaded, allow_unicode=True), encoding="utf-8")
    assert load_yaml(path).data == loaded == PRISTINE[name]
    assert all(source.at((key,)).line > 1 or index == 0  # every key has its own line
               for index, key in enumerate(loaded))
    assert all(isinstance(v, (dict, list, str, int, dt.date)) for v in loaded.values())
