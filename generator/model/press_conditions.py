"""Printing conditions a press file can name as its PDF/X output intent.

Each is a characterised condition in the ICC's registry, so a PDF/X-1a file
names it by its identifier and needs no embedded profile: the print shop's
RIP knows it. Coated FOGRA39 is the common offset condition for coated
(gloss or silk) paper; the uncoated ones suit matt poster and office paper.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

REGISTRY = "http://www.color.org"


@dataclass(frozen=True)
class Condition:
    identifier: str      # OutputConditionIdentifier, as registered
    name: str            # OutputCondition: what a person reads
    paper: str           # for the README and the error message
    ink_limit: float     # total area coverage the condition allows (1.0 = 100 %)


CONDITIONS = {
    "FOGRA39": Condition("FOGRA39", "Coated FOGRA39 (ISO 12647-2:2004)", "coated", 3.3),
    "FOGRA29": Condition("FOGRA29", "Uncoated FOGRA29 (ISO 12647-2:2004)", "uncoated", 3.0),
    "FOGRA51": Condition("FOGRA51", "PSO Coated v3 (FOGRA51, ISO 12647-2:2013)", "coated", 3.0),
    "FOGRA52": Condition("FOGRA52", "PSO Uncoated v3 (FOGRA52, ISO 12647-2:2013)",
                         "uncoated", 3.0),
}
ConditionName = Literal["FOGRA39", "FOGRA29", "FOGRA51", "FOGRA52"]  # a profile may name
DEFAULT: ConditionName = "FOGRA39"
assert set(get_args(ConditionName)) == set(CONDITIONS)
