"""Typed models of the content a user writes: topic, labels and organisation profile.

Every model forbids unknown keys (a typo is an error, not a silently ignored
field) and is frozen, so later stages can pass them around without copying.
Text fields are Jinja2 templates until :mod:`generator.resolve.templates` renders them.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ..colour import Colour as ParsedColour


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True)]


def _check_colour(value: str) -> str:
    ParsedColour.parse(value)
    return value.strip()


Colour = Annotated[str, AfterValidator(_check_colour)]


def _check_language(value: str) -> str:
    from .localise import babel_locale
    babel_locale(value)  # dates are formatted in this language: it must be one Babel knows
    return value


Language = Annotated[Text, AfterValidator(_check_language)]


# Easy-read (clients with an intellectual disability): one short sentence of at
# most about 8 words (PRINT.md); the model holds every locale to 8.
EASY_READ_MAX_WORDS = 8
_SENTENCE_BREAK = re.compile(r"[.!?]\s+\S")


def _check_easy_read(value: str) -> str:
    words = [word for word in value.split() if any(char.isalnum() for char in word)]
    if len(words) > EASY_READ_MAX_WORDS:
        raise ValueError(
            f"this easy-read sentence has {len(words)} words; easy-read text has at most "
            f"{EASY_READ_MAX_WORDS} words: say it shorter, in everyday words")
    if _SENTENCE_BREAK.search(value):
        raise ValueError("this easy-read text is more than one sentence; keep one short "
                         "sentence per tip")
    return value


EasyRead = Annotated[Text, AfterValidator(_check_easy_read)]


# The pictograms a tip may name; generator.render.pdf.pictograms draws each of them.
PICTOGRAMS = ("face", "scar", "mole", "tattoo", "background")


def _check_pictogram(value: str) -> str:
    if value not in PICTOGRAMS:
        raise ValueError(f"unknown pictogram '{value}'; choose one of: {', '.join(PICTOGRAMS)}")
    return value


# --- topic -------------------------------------------------------------------

class Section(Strict):
    """One part of the answer: an optional heading and its paragraphs."""

    heading: OptionalText = ""
    paragraphs: list[Text] = Field(min_length=1)


class Role(Strict):
    """Someone involved in the steps (the meldpunt, the zorgbegeleider, ...)."""

    name: Text
    does: OptionalText = ""


class Step(Strict):
    text: Text
    roles: list[str] = Field(default_factory=list)


class Tip(Strict):
    """One safe-sharing tip: the staff wording, the easy-read sentence, a pictogram."""

    text: Text
    easy_read: EasyRead  # for the easy-read poster: one short sentence, B1 level or simpler
    pictogram: Annotated[str, AfterValidator(_check_pictogram)]


class Tips(Strict):
    """The safe-sharing tips: the poster's title, an intro line and the tips."""

    title: Text
    intro: Text
    items: list[Tip] = Field(min_length=1, max_length=8)


class Topic(Strict):
    """One question and answer, structured for all products."""

    title: Text
    question: Text
    answer: list[Section] = Field(min_length=1)
    risks: list[Text] = Field(default_factory=list)
    roles: dict[str, Role] = Field(default_factory=dict)
    steps: list[Step] = Field(min_length=1)
    tips: Tips
    checks: list[Text] = Field(min_length=1, max_length=12)

    @model_validator(mode="after")
    def _roles_are_known(self) -> "Topic":
        for number, step in enumerate(self.steps):
            for role in step.roles:
                if role not in self.roles:
                    known = ", ".join(self.roles) or "(none defined under 'roles')"
                    raise ValueError(
                        f"steps[{number}] names the role '{role}', which is not under "
                        f"'roles'; known roles: {known}")
        return self


# --- labels --------------------------------------------------------------------

class Labels(Strict):
    """The fixed words the products print, one file per locale."""

    language: Language  # BCP 47 tag: the PDF's language and the date format, e.g. nl-NL
    question: Text
    answer: Text
    risks: Text
    steps: Text
    roles: Text
    roles_title: Text           # heading of the list of roles and what each does
    tips: Text
    checks: Text
    meldpunt: Text
    phone: Text
    email: Text
    hours: Text
    not_filled_in: Text  # after a meldpunt detail the profile leaves empty (HTML)
    document_id: Text
    version: Text
    date: Text
    owner: Text
    review_date: Text
    page_of: Text  # template with {{ page }} and {{ pages }}
    protocol_subject: Text
    poster_subject: Text
    card_subject: Text
    sheet_front: Text           # print sheets: which side this is
    sheet_back: Text
    sheet_howto_duplex: Text    # how to print a two-sided sheet
    sheet_howto_single: Text
    sheet_fold: Text            # added when the piece folds
    calibration_title: Text
    calibration_howto: Text
    calibration_x: Text         # beside the horizontal scales
    calibration_y: Text         # beside the vertical scales


# --- organisation profile --------------------------------------------------------

class Meldpunt(Strict):
    """The internal meldpunt; empty details print as write-in lines."""

    name: OptionalText = ""
    phone: OptionalText = ""
    email: OptionalText = ""
    hours: OptionalText = ""


class DocumentControl(Strict):
    id: Text
    version: Text
    date: dt.date
    owner: Text
    review_date: dt.date

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    @model_validator(mode="after")
    def _review_after_date(self) -> "DocumentControl":
        if self.review_date <= self.date:
            raise ValueError("review_date must come after date")
        return self


class Colours(Strict):
    """Brand colours; every text colour is checked against its background."""

    primary: Colour = "#1F4E79"
    accent: Colour = "#B3261E"
    positive: Colour = "#1E6B34"  # the "do" tick on the easy-read poster
    text: Colour = "#1A1A1A"
    muted: Colour = "#4A4A4A"
    background: Colour = "#FFFFFF"
    tint: Colour = "#E8EEF5"


Offset = Annotated[float, Field(ge=-10, le=10)]


class Printing(Strict):
    """What this organisation's office printer needs."""

    # mm, as read off the duplex calibration sheet: how far the back lands
    # right (x) and lower (y) than the front, seen from the front.
    duplex_offset: tuple[Offset, Offset] = (0.0, 0.0)

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


def _check_url(value: str) -> str:
    if value and (not value.startswith(("https://", "http://")) or any(c.isspace() for c in value)):
        raise ValueError(f"'{value}' is not a web address; write it in full, e.g. "
                         "https://intranet.example.nl/protocollen/sexting")
    return value


class Organisation(Strict):
    name: Text
    logo: OptionalText = ""           # SVG or PNG, relative to the profile file
    protocol_url: Annotated[OptionalText, AfterValidator(_check_url)] = ""
    meldpunt: Meldpunt = Meldpunt()
    document: DocumentControl
    colours: Colours = Colours()
    printing: Printing = Printing()
