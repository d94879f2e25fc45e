"""The contrast the page shows beside each colour while it is chosen, with the nearest
passing shade for one that fails.

A guide, not the judge: the build checks every text against the background it is
actually set on, in every layout, and that check decides when the profile is saved.
Here each role is measured against the backgrounds the shipped layouts put it on:
text, muted and primary text on the background and on the tint (4.5:1, small text),
the accent cross and positive tick on the background (3:1, graphics); for a
background, the weakest text on it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..colour import RGB, Colour, contrast, nearest_passing

TEXT, GRAPHICS = 4.5, 3.0
TEXT_ROLES = ("text", "muted", "primary")
AGAINST = {**{role: (("background", TEXT), ("tint", TEXT)) for role in TEXT_ROLES},
           "accent": (("background", GRAPHICS),), "positive": (("background", GRAPHICS),)}
BACKGROUNDS = ("background", "tint")


@dataclass(frozen=True)
class Measure:
    ratio: float          # the weakest pair's contrast
    needed: float
    against: str          # the role of the other colour of the weakest pair
    suggestion: str = ""  # the nearest passing shade (#RRGGBB), when it fails

    @property
    def passes(self) -> bool:
        return self.ratio + 1e-9 >= self.needed


def measure(colours: dict[str, str]) -> dict[str, Measure]:
    """Every role whose colours all parse, measured; roles with an unreadable colour
    (or against one) are left out: the form says what is wrong with those."""
    parsed = {}
    for role, text in colours.items():
        try:
            parsed[role] = Colour.parse(text).rgb
        except ValueError:
            continue
    found = {}
    for role, against in AGAINST.items():
        pairs = [(parsed[other], needed, other) for other, needed in against if other in parsed]
        if role in parsed and pairs:
            found[role] = _weakest(parsed[role], pairs)
    for role in BACKGROUNDS:
        texts = [(parsed[text], TEXT, text) for text in TEXT_ROLES
                 if text in parsed and role in dict(AGAINST[text])]
        if role in parsed and texts:
            found[role] = _weakest(parsed[role], texts)
    return found


def _weakest(colour: RGB, pairs: list[tuple[RGB, float, str]]) -> Measure:
    ratio, needed, against = min(((contrast(colour, other), needed, name)
                                  for other, needed, name in pairs),
                                 key=lambda found: found[0] / found[1])
    result = Measure(round(ratio, 2), needed, against)
    if result.passes:
        return result
    shade = nearest_passing(colour, [(other, needed) for other, needed, _ in pairs])
    return Measure(result.ratio, needed, against, shade.hex if shade else "")
