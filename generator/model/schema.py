"""Typed models of the content a user writes: topic, labels and organisation profile.

Every model forbids unknown keys (a typo is an error, not a silently ignored
field) and is frozen, so later stages can pass them around without copying.
Text fields are Jinja2 templates until :mod:`generator.resolve.templates` renders them.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, StringConstraints,
                      create_model, field_validator, model_validator)

from ..colour import Colour as ParsedColour
from ..errors import problem
from .press_conditions import DEFAULT, ConditionName


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
        raise ValueError(problem(
            f"this easy-read sentence has {len(words)} words; easy-read text has at most "
            f"{EASY_READ_MAX_WORDS} words", "say it shorter, in everyday words"))
    if _SENTENCE_BREAK.search(value):
        raise ValueError(problem("this easy-read text is more than one sentence",
                                 "keep one short sentence per tip"))
    return value


EasyRead = Annotated[Text, AfterValidator(_check_easy_read)]


# A pictogram's name: the stem of its SVG file in the library (see
# generator.inputs.pictogram_library); whether it exists is checked with the content.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60,
                                        pattern=r"^[a-z0-9][a-z0-9_-]*$")]


# --- topic -------------------------------------------------------------------

class Section(Strict):
    """One part of the answer: an optional heading, its paragraphs and a bulleted list."""

    heading: Text | None = None
    paragraphs: list[Text] = Field(default_factory=list)
    list_: list[Text] = Field(default_factory=list, alias="list")

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True,
                              serialize_by_alias=True)

    @model_validator(mode="after")
    def _has_text(self) -> Section:
        if not self.paragraphs and not self.list_:
            raise ValueError(problem("this section of the answer has no text",
                                     "give it `paragraphs:`, a `list:`, or both, or remove it"))
        return self


class Role(Strict):
    """Someone involved in the steps (the meldpunt, the zorgbegeleider, ...)."""

    name: Text
    does: OptionalText = ""


class Step(Strict):
    heading: Text | None = None       # "Stap 1: Breng signalen in kaart"
    text: Text
    roles: list[str] = Field(default_factory=list)


class Tip(Strict):
    """One tip: the staff wording, optionally an easy-read sentence and a pictogram."""

    text: Text
    easy_read: EasyRead | None = None  # for the easy-read poster: one short sentence, B1 level
    pictogram: Name | None = None     # a pictogram of the library (checked when it is read)
    kind: Literal["dont", "do"] | None = None  # its mark: a cross, a tick, or none
    instead: Name | None = None       # what to do instead: beside it on the easy-read poster


class Tips(Strict):
    """The tips: the poster's title, an optional intro line and the tips."""

    title: Text
    intro: OptionalText = ""
    items: list[Tip] = Field(min_length=1, max_length=8)


MAX_CHECKS = 40  # a checklist longer than this is a form, not a pocket card


def _check_email(value: str) -> str:
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s.]+", value):
        raise ValueError(problem(f"'{value}' is not an e-mail address",
                                 "write it in full, e.g. meldpunt@example.nl"))
    return value


def _check_url(value: str) -> str:
    if value and (not value.startswith(("https://", "http://")) or any(c.isspace() for c in value)):
        raise ValueError(problem(f"'{value}' is not a web address",
                                 "write it in full, starting with https://, e.g. "
                                 "https://intranet.example.nl/protocollen/sexting"))
    return value


Email = Annotated[OptionalText, AfterValidator(_check_email)]
Url = Annotated[OptionalText, AfterValidator(_check_url)]


class Contact(Strict):
    """An extra contact printed with the meldpunt, e.g. Veilig Thuis, 0800-2000."""

    name: Text
    phone: OptionalText = ""
    email: Email = ""
    hours: OptionalText = ""
    url: Url = ""


class DocumentFields(Strict):
    """Document control; any key may be left to the other side (profile or topic)."""

    id: Text | None = None
    version: Text | None = None
    date: dt.date | None = None
    owner: Text | None = None
    review_date: dt.date | None = None
    status: Literal["concept", "approved"] | None = None
    approved_by: Text | None = None
    approved_on: dt.date | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class DocumentControl(Strict):
    """One topic's document control, complete: the topic's keys over the profile's."""

    id: Text
    version: Text
    date: dt.date
    owner: Text
    review_date: dt.date
    status: Literal["concept", "approved"] = "approved"
    approved_by: Text | None = None
    approved_on: dt.date | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    @model_validator(mode="after")
    def _approved_only_when_approved(self) -> DocumentControl:
        if self.status == "concept" and (self.approved_by or self.approved_on):
            raise ValueError(problem(
                "a concept is not approved yet, but approved_by or approved_on is given",
                "write `status: approved` once it is, or remove approved_by and approved_on"))
        return self

    @model_validator(mode="after")
    def _dates_in_order(self) -> DocumentControl:
        if self.review_date <= self.date:
            raise ValueError(problem("review_date must come after date",
                                     "write the date the document must be reviewed by, "
                                     "after its date"))
        return self

    @property
    def concept(self) -> bool:
        return self.status == "concept"


class Topic(Strict):
    """One piece of care guidance, structured for all products. Only the title is
    required: a product or block whose content is absent is left out."""

    title: Text
    question: Text | None = None
    answer: list[Section] = Field(default_factory=list)
    risks: list[Text] = Field(default_factory=list)
    roles: dict[str, Role] = Field(default_factory=dict)
    steps: list[Step] = Field(default_factory=list)
    tips: Tips | None = None
    checks: list[Text] = Field(default_factory=list, min_length=1, max_length=MAX_CHECKS)
    checks_title: Text | None = None  # the heading above the questions; default: label `checks`
    document: DocumentFields = DocumentFields()
    contacts: list[Contact] = Field(default_factory=list)
    # This topic's own words. LabelOverrides is made from Labels below; called when a
    # topic leaves the key out, so no instance has to exist when the module loads.
    labels: LabelOverrides = Field(default_factory=lambda: LabelOverrides())

    @model_validator(mode="after")
    def _title_of_something(self) -> Topic:
        if self.checks_title and not self.checks:
            raise ValueError(problem("checks_title is given, but there are no check questions",
                                     "add the questions under `checks:`, or remove "
                                     "checks_title"))
        return self


def role_problems(data: object) -> list[tuple[tuple, str, str]]:
    """Steps that name a role not under `roles`, as (path, message, how to fix).

    Read from the file's plain data, so the roles are checked even when another field
    of the same file is wrong: every problem of a file is reported in one run."""
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        return []
    roles: dict = data["roles"] if isinstance(data.get("roles"), dict) else {}
    found = []
    for number, step in enumerate(data["steps"]):
        named = step.get("roles") if isinstance(step, dict) else None
        for index, role in enumerate(named if isinstance(named, list) else []):
            if isinstance(role, str) and role not in roles:
                close = difflib.get_close_matches(role, [str(r) for r in roles], n=1)
                known = ", ".join(map(str, roles)) or "(none: add them under `roles:`)"
                found.append((("steps", number, "roles", index),
                              f"the role '{role}' is not under `roles:`",
                              (f"did you mean '{close[0]}'? " if close else "")
                              + f"known roles: {known}"))
    return found


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
    concept: Text               # on every page of a topic whose document status is concept
    status: Text                # document control: the document's status
    status_concept: Text
    status_approved: Text
    approved_by: Text
    approved_on: Text
    website: Text               # before a contact's web address
    book_title: Text            # the protocol book's cover
    book_subject: Text
    contents: Text              # the protocol book's table of contents
    # What a screen reader says for the pictures of a tagged PDF
    logo: Text                  # before the organisation's name: "Logo Zorggroep"
    qr_code: Text               # before the address: "QR-code naar https://..."
    tick_box: Text              # the empty box before a check question
    instead: Text               # the easy-read poster's picture of what to do instead


# A topic may give its own words for any label but the language: the tips heading,
# the PDF subjects... Topic-specific words stay out of the shared labels file.
def _no_language(value: object) -> None:
    raise ValueError(problem("the language is set for a whole locale, not per topic",
                             "remove it here; `language:` belongs in the locale's labels.yaml"))


if TYPE_CHECKING:
    class LabelOverrides(Strict):
        """Every label's key, each optional (made from Labels at run time)."""
else:
    LabelOverrides = create_model(
        "LabelOverrides", __base__=Strict,
        language=(Annotated[object, AfterValidator(_no_language)] | None, None),
        **{key: (Text | None, None) for key in Labels.model_fields if key != "language"})
Topic.model_rebuild()


# --- organisation profile --------------------------------------------------------

class Meldpunt(Strict):
    """The internal meldpunt; empty details print as write-in lines."""

    name: OptionalText = ""
    phone: OptionalText = ""
    email: Email = ""            # checked as a topic contact's is: a typo would be printed
    hours: OptionalText = ""


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




class Press(Strict):
    """The printing condition press files name as their PDF/X output intent: one for
    every product, and another for a product printed on other paper (matt posters)."""

    condition: ConditionName = DEFAULT
    products: dict[str, ConditionName] = {}

    @field_validator("products")
    @classmethod
    def _known_products(cls, value: dict[str, str]) -> dict[str, str]:
        from .products import all_products

        known = list(all_products())
        for name in value:
            if name not in known:
                raise ValueError(problem(f"there is no product '{name}'",
                                         f"name one of: {', '.join(known)}"))
        return value

    def condition_for(self, product: str) -> str:
        return str(self.products.get(product, self.condition))


class Printing(Strict):
    """What this organisation's office printer and print shop need."""

    # mm, as read off the duplex calibration sheet: how far the back lands
    # right (x) and lower (y) than the front, seen from the front.
    duplex_offset: tuple[Offset, Offset] = (0.0, 0.0)
    press: Press = Press()

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Organisation(Strict):
    name: Text
    logo: OptionalText = ""           # SVG or PNG, relative to the profile file
    protocol_url: Url = ""
    meldpunt: Meldpunt = Meldpunt()
    document: DocumentFields = DocumentFields()  # what every topic shares
    colours: Colours = Colours()
    printing: Printing = Printing()
