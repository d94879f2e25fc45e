"""Hostile or broken logos: refused with one clear message, fast, nothing written.

Each file in fixtures/logos/ is named after what is wrong with it; the table
below says what the message must contain. A missing file and a folder are
cases too, and so are a pipe and a link to a device (reading either would never
end). Every case: exit status 2, the profile's line and the field ``logo``, no
traceback, nothing laid out or rendered, and the previous build untouched.
"""
from __future__ import annotations

import os
import shutil

import pytest

from conftest import FIXTURES, counting_work, run, tree_digest

CASES = {
    "decompression-bomb-40000x40000.png": "has 1,600,000,000 pixels; drukwerk reads at most 25 million",
    "corrupt-truncated.png": "cannot be read",
    "text-named-png.png": "cannot be read",
    "external-entity.svg": "declares entities",
    "remote-reference.svg": "refers to something outside itself",
    "live-text.svg": "live text",
    "not-svg.svg": "not an SVG image",
    "script.svg": "contains <script>",
    "width-not-a-number.svg": "cannot be drawn",
    "missing.png": "is not there",
    "a-folder.svg": "expected an SVG logo, found a folder",
    "a-pipe.svg": "expected an SVG logo, found a pipe",
    "a-link-to-a-device.png": "expected a PNG logo, found a device",
    "deeply-nested-groups.svg": "nests groups more than 40 deep",
    "infinite-size.svg": "has an impossible size (inf x nan)",
    "use-bomb.svg": "repeats elements with <use> into more than 20000 elements",
    "use-of-itself.svg": "has a <use> that refers to itself",
    "logo.gif": "must be an .svg or .png file",
}


@pytest.mark.parametrize("name", CASES)
def test_bad_logo_is_refused_clearly(project, name):
    assert run("build", "--locale", "nl", "--product", "card", "--layout", "id1",
               "--no-previews", cwd=project).exit_code == 0
    before = tree_digest(project / "output")
    source = FIXTURES / "logos" / name
    if source.exists():
        shutil.copy(source, project / "content" / name)
    elif name == "a-folder.svg":
        (project / "content" / name).mkdir()
    elif name == "a-pipe.svg":
        os.mkfifo(project / "content" / name)
    elif name == "a-link-to-a-device.png":
        (project / "content" / name).symlink_to(os.devnull)
    elif name == "logo.gif":
        (project / "content" / name).write_bytes(b"GIF89a")
    profile = project / "content/organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "name: Zorgorganisatie Voorbeeld", f"name: Zorgorganisatie Voorbeeld\nlogo: {name}"),
        encoding="utf-8")

    with counting_work() as work:
        result = run("build", "--locale", "nl", cwd=project)

    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: content/organisation.yaml:5:")
    assert "logo:" in result.output and CASES[name] in result.output, result.output
    assert "Traceback" not in result.output
    assert work == {"laid out": 0, "rendered": 0}, work  # refused before the slow stages
    assert tree_digest(project / "output") == before


def test_a_logo_is_read_once_per_file_and_content(tmp_path, monkeypatch):
    """The profiles of a batch share their logo: parsed once, the same drawing for each
    (which the renderer then draws once per place); an edited file is read again; a bad
    one is refused every time, at each profile's own position."""
    from generator.errors import InputError
    from generator.inputs import logo as logos

    parsed = []
    real = logos.parse_svg

    def parse(*args, **keywords):
        parsed.append(args[1])
        return real(*args, **keywords)

    monkeypatch.setattr(logos, "parse_svg", parse)
    path = tmp_path / "logo.svg"
    shutil.copy(FIXTURES / "tagged" / "logo.svg", path)
    first, again = logos.load_logo(path, "one.yaml"), logos.load_logo(path, "two.yaml")
    assert again is first and len(parsed) == 1
    path.write_text(path.read_text().replace("</svg>", "<rect width='1' height='1'/></svg>"))
    assert logos.load_logo(path, "three.yaml") is not first and len(parsed) == 2
    shutil.copy(FIXTURES / "logos" / "live-text.svg", path)
    for where in ("one.yaml", "two.yaml"):
        with pytest.raises(InputError, match="live text") as refused:
            logos.load_logo(path, where)
        assert str(refused.value.where) == where
