"""The package's folders are the pipeline's stages, and data flows one way:
no stage imports a later one (lazily inside a function included)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "generator"
STAGES = ("inputs", "model", "resolve", "layout", "prepress", "render", "output")
BASICS = ("errors", "units", "colour", "parallel", "i18n", "memo")  # plain values and helpers any stage uses
# Front ends run the pipeline; nothing in the pipeline calls them back.
FRONT_ENDS = ("cli", "pipeline", "making", "head_start", "batch", "incremental", "unchanged",
              "serve")


def _imports(path: Path) -> set[str]:
    """The generator modules ``path`` imports, as dotted names below ``generator``."""
    module = path.relative_to(PACKAGE).with_suffix("").parts
    package = module[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
                target = base + tuple(node.module.split(".") if node.module else ())
            elif node.module and node.module.split(".")[0] == "generator":
                target = tuple(node.module.split(".")[1:])
            else:
                continue
            names = [alias.name for alias in node.names]
            found.update(".".join(target + (name,)) for name in names)
            found.add(".".join(target))
    return {name for name in found if name}


def _stage(dotted: str) -> str:
    return dotted.split(".")[0]


def test_no_stage_imports_a_later_one():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        owner = path.relative_to(PACKAGE).parts[0]
        if owner in STAGES:
            allowed = set(STAGES[:STAGES.index(owner) + 1]) | set(BASICS)
        elif path.stem in BASICS:
            allowed = set(BASICS)
        else:
            continue  # the front ends (command line, pipeline, batch, serve) and
            # incremental builds see every stage
        for name in sorted(_imports(path)):
            if _stage(name) in STAGES + BASICS + FRONT_ENDS and _stage(name) not in allowed:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_every_stage_folder_exists_and_nothing_is_left_flat():
    flat = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert set(flat) <= {"__init__", "__main__", *FRONT_ENDS, *BASICS} - {"serve"}, flat
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage
