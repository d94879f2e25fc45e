"""Bad input: one clear message with file and line, exit status 2, quickly, nothing lost.

Each case in fixtures/bad/ is named after the behaviour it pins: it changes one
file of a copy of the shipped project (that has been built once) and lists
what the message must say. A case holds:

- ``file``: the file to change, relative to the project (a new file is created);
- ``replace``: the text to replace (its first occurrence); without it, the
  whole file is replaced;
- the new text, one of ``with`` (text), ``with_bytes`` (bytes, one character
  per byte: ``"\\xe9"`` is the byte 0xE9) or ``with_repeated: [text, count]``
  (the text repeated, for a 20 MB file or brackets nested 10,000 deep);
- ``args`` (optional): more options for ``drukwerk build`` and ``validate``;
- ``expect``: substrings of the message.

The failing build must refuse before it renders a single PDF (counted, not timed).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, counting_work, run, tree_digest

CASES = sorted((FIXTURES / "bad").glob("*.yaml"))
NEW_TEXT = ("with", "with_bytes", "with_repeated")


def new_bytes(case: dict) -> bytes:
    if "with_bytes" in case:
        return case["with_bytes"].encode("latin-1")
    if "with_repeated" in case:
        text, count = case["with_repeated"]
        return (text * count).encode("utf-8")
    return case["with"].encode("utf-8")


def apply_case(project: Path, case: dict) -> None:
    assert sum(key in case for key in NEW_TEXT) == 1, f"give one of {NEW_TEXT}"
    target = project / case["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    if "replace" not in case:
        target.write_bytes(new_bytes(case))
        return
    text = target.read_text(encoding="utf-8")
    assert case["replace"] in text, f"fixture out of date: {case['replace']!r} not in {case['file']}"
    before, after = text.split(case["replace"], 1)
    target.write_bytes(before.encode() + new_bytes(case) + after.encode())


@pytest.fixture
def built_project(project, built) -> Path:
    """The project copy with the output of a good build of it, to prove nothing is lost."""
    shutil.copytree(built, project / "output")
    return project


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_refused_clearly_and_keeps_earlier_output(built_project, case_file):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    before = tree_digest(built_project / "output")
    args = case.get("args", [])

    apply_case(built_project, case)
    with counting_work() as work:
        result = run("build", *args, cwd=built_project)

    assert result.exit_code == 2, result.output
    message = result.output
    lines = message.splitlines()
    assert lines[0].startswith("error: "), message
    assert not [line for line in lines[1:] if not line.startswith("  How to fix: ")], message
    assert "Traceback" not in message
    for fragment in case["expect"]:
        assert fragment in message, f"{fragment!r} missing from:\n{message}"
    assert work["rendered"] == 0, work  # refused before the slow part of a build
    assert tree_digest(built_project / "output") == before
    assert not list((built_project / "output").rglob("*.tmp"))

    checked = run("validate", *args, cwd=built_project)
    assert checked.exit_code == 2 and checked.output == message


# Every kind of bad input the robustness issue names, and the cases that pin it.
KINDS = {
    "malformed YAML": ["malformed-yaml"],
    "tab indentation": ["tab-indentation"],
    "non-UTF-8 bytes": ["not-utf8", "utf16-file-from-notepad"],
    "duplicate keys": ["duplicate-key"],
    "aliases that blow up the size": ["yaml-alias-bomb-is-refused", "yaml-alias-inside-itself"],
    "a 20 MB file": ["file-of-20-mb"],
    "wrong types": ["wrong-type-number-for-text", "list-expected-got-text", "impossible-date"],
    "empty strings": ["empty-text"],
    "a null where a list belongs": ["null-where-a-list-belongs"],
    "unknown keys": ["unknown-key-suggests-the-right-one"],
    "template injection": ["template-reaching-python-internals", "template-calling-a-method"],
    "recursion in templates": ["template-that-calls-itself"],
    "an undefined variable": ["undefined-template-variable"],
    "negative or zero sizes": ["layout-negative-width", "layout-box-of-zero-height"],
    "boxes outside the page": ["layout-box-outside-the-page"],
    "a font size of 0": ["layout-font-size-zero"],
    "an output path with ../": ["layout-name-with-a-slash", "topic-file-named-dot-dot"],
    "characters outside the font": ["character-the-font-lacks", "invisible-control-character"],
}


def test_there_are_cases_for_every_input_kind():
    files = {yaml.safe_load(c.read_text())["file"].split("/")[0] for c in CASES}
    assert files == {"content", "layouts"}
    assert len(CASES) >= 30
    names = {case.stem for case in CASES}
    assert {kind: [n for n in cases if n not in names] for kind, cases in KINDS.items()
            if not set(cases) <= names} == {}
