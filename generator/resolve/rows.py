"""Rows of resolved content that more than one product prints the same way:
the roles of a step, the meldpunt's details, the document control.

The PDF products and the accessible HTML page both read them here, so the two
cannot say different things.
"""
from __future__ import annotations

from ..model.localise import format_date
from .templates import Resolved


def role_names(r: Resolved, step) -> str:
    """The names of the roles involved in ``step``, as printed after it."""
    return ", ".join(r.topic.roles[key].name for key in step.roles)


def contact_rows(r: Resolved) -> list[tuple[str, str, str]]:
    """The meldpunt's details as (label, value, field).

    An empty value is a detail to write in by hand (the PDF prints a line), so
    an organisation that has not filled in its profile still gets usable cards."""
    meldpunt, labels = r.organisation.meldpunt, r.labels
    return [(labels.meldpunt, meldpunt.name, "meldpunt.name"),
            (labels.phone, meldpunt.phone, "meldpunt.phone"),
            (labels.email, meldpunt.email, "meldpunt.email"),
            (labels.hours, meldpunt.hours, "meldpunt.hours")]


def extra_contacts(r: Resolved) -> list[list[tuple[str, str, str]]]:
    """The topic's own contacts (Veilig Thuis, ...), each as rows of (label, value, field):
    the name first (label empty), then only the details it gives."""
    labels = r.labels
    contacts = []
    for index, contact in enumerate(r.topic.contacts):
        rows = [("", contact.name, f"contacts[{index}].name")]
        for key, label in (("phone", labels.phone), ("email", labels.email),
                           ("hours", labels.hours), ("url", labels.website)):
            value = getattr(contact, key)
            if value:
                rows.append((label, value, f"contacts[{index}].{key}"))
        contacts.append(rows)
    return contacts


def document_rows(r: Resolved) -> list[tuple[str, str, str]]:
    """Document control as (label, value, key): id, version, date, owner, review date, and
    the status when it is a concept, who approved it and when, where given."""
    doc, labels = r.document, r.labels
    rows = [(labels.document_id, doc.id, "id"), (labels.version, doc.version, "version"),
            (labels.date, format_date(doc.date, labels.language), "date"),
            (labels.owner, doc.owner, "owner"),
            (labels.review_date, format_date(doc.review_date, labels.language), "review_date")]
    if doc.concept:
        rows.append((labels.status, labels.status_concept, "status"))
    if doc.approved_by:
        rows.append((labels.approved_by, doc.approved_by, "approved_by"))
    if doc.approved_on:
        rows.append((labels.approved_on, format_date(doc.approved_on, labels.language),
                     "approved_on"))
    return rows
