"""Redraw the visual-regression references from the shipped content and layouts.

Run it after a deliberate change to what the products look like, look at the
new pictures in tests/references/, and commit them with the change:

    python tests/update_references.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))

import visual  # noqa: E402  (a test helper next to this script)
from generator.pipeline import Inputs, build  # noqa: E402

FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures/content"  # the tests' own copy

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    inputs = Inputs(content=FIXTURE_CONTENT, layouts=ROOT / "layouts",
                    profile=FIXTURE_CONTENT / "organisation.yaml")
    visual.REFERENCES.mkdir(exist_ok=True)
    kept = set()
    with tempfile.TemporaryDirectory() as out:
        for entry in build(inputs, Path(out), previews=False).entries:
            pdf = (Path(out) / entry.path).read_bytes()
            for number, image in enumerate(visual.render(pdf), start=1):
                target = visual.reference_path(entry.path, number)
                visual.save(image, target)
                kept.add(target)
                print(f"{target.relative_to(ROOT)}  {image.width} x {image.height} px, "
                      f"{target.stat().st_size / 1024:.1f} KB")
    for stale in set(visual.REFERENCES.glob("*.png")) - kept:
        stale.unlink()
        print(f"removed {stale.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
