"""Bad input: one clear message with file and line, exit status 2, nothing lost.

Each case in fixtures/bad/ is named after the behaviour it pins: it changes one
file of a copy of the shipped project and lists what the message must say.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, run, tree_digest

CASES = sorted((FIXTURES / "bad").glob("*.yaml"))


def apply_case(project: Path, case: dict) -> None:
    target = project / case["file"]
    text = target.read_text(encoding="utf-8")
    assert case["replace"] in text, f"fixture out of date: {case['replace']!r} not in {case['file']}"
    if "with_bytes" in case:
        before, after = text.split(case["replace"], 1)
        target.write_bytes(before.encode() + case["with_bytes"].encode("latin-1") + after.encode())
    else:
        target.write_text(text.replace(case["replace"], case["with"], 1), encoding="utf-8")


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_refused_clearly_and_keeps_earlier_output(project, case_file):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    first = run("build", cwd=project)
    assert first.exit_code == 0, first.output
    before = tree_digest(project / "output")

    apply_case(project, case)
    result = run("build", cwd=project)

    assert result.exit_code == 2, result.output
    message = result.output
    assert message.startswith("error: "), message
    assert "Traceback" not in message
    for fragment in case["expect"]:
        assert fragment in message, f"{fragment!r} missing from:\n{message}"
    assert tree_digest(project / "output") == before
    assert not list((project / "output").rglob("*.tmp"))

    checked = run("validate", cwd=project)
    assert checked.exit_code == 2 and checked.output == message


def test_there_are_cases_for_every_input_kind():
    files = {yaml.safe_load(c.read_text())["file"].split("/")[0] for c in CASES}
    assert files == {"content", "layouts"}
    assert len(CASES) >= 15
