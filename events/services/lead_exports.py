"""What an exhibitor's staff see of a lead, its edits (notes, rating, tags, qualifier answers) and the CSV export.

The consent rule is written once, in ``events.selectors.leads.personal_fields_of``: a lead's personal fields
(name, organization, job title, e-mail) leave Messe only if the visitor consented to share contact data. Every
view of a lead, in the API, on the leads page, in webhooks and in each CSV preset, takes its personal values
from there.

CSV cells are made safe for spreadsheets by ``events.exports.spreadsheet.spreadsheet_cell``: a value that Excel,
LibreOffice or Google Sheets would run as a formula is prefixed with an apostrophe, so it shows as text.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from events.enums import QuestionKind
from events.errors import ValidationFailed
from events.exports.spreadsheet import spreadsheet_cell
from events.models import Exhibitor, Lead, LeadQuestion
from events.selectors.leads import PERSONAL_FIELDS, personal_fields_of

MAX_TAGS = 30
MAX_TAG_LENGTH = 50


def _first_and_last(lead: Lead) -> tuple[str, str]:
    personal = personal_fields_of(lead)
    if not personal:
        return "", ""
    registration = lead.registration
    if registration is not None and registration.erased_at is None:
        return registration.first_name, registration.last_name
    first, _, last = personal["name"].rpartition(" ")
    return (first, last) if first else ("", last)


def _salesforce_rating(rating: int | None) -> str:
    # Salesforce's standard lead rating picklist.
    if rating is None:
        return ""
    return "Hot" if rating >= 4 else "Warm" if rating >= 2 else "Cold"


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    header: tuple[str, ...]


PRESETS = {
    "generic": Preset(
        "generic",
        "Generic",
        (
            "id",
            "reference",
            "consent",
            *PERSONAL_FIELDS,
            "rating",
            "tags",
            "notes",
            "first_scanned_at",
            "last_scanned_at",
        ),
    ),
    # Field names of Salesforce's lead import (Data Import Wizard) and of HubSpot's contact import.
    "salesforce": Preset(
        "salesforce",
        "Salesforce",
        ("FirstName", "LastName", "Company", "Title", "Email", "Rating", "Description", "LeadSource"),
    ),
    "hubspot": Preset(
        "hubspot",
        "HubSpot",
        ("First Name", "Last Name", "Email", "Company Name", "Job Title", "Lead Status", "Notes", "Lead Rating"),
    ),
}


def _row(preset: str, lead: Lead, *, source: str) -> list[object]:
    personal = personal_fields_of(lead)
    first, last = _first_and_last(lead)
    if preset == "salesforce":
        return [
            first,
            last,
            personal.get("organization", ""),
            personal.get("job_title", ""),
            personal.get("email", ""),
            _salesforce_rating(lead.rating),
            lead.notes,
            source,
        ]
    if preset == "hubspot":
        return [
            first,
            last,
            personal.get("email", ""),
            personal.get("organization", ""),
            personal.get("job_title", ""),
            "NEW",
            lead.notes,
            "" if lead.rating is None else lead.rating,
        ]
    return [
        lead.pk,
        lead.pseudonym[:12],
        lead.has_consent,
        *(personal.get(field, "") for field in PERSONAL_FIELDS),
        "" if lead.rating is None else lead.rating,
        ";".join(lead.tags or []),
        lead.notes,
        lead.first_scanned_at.isoformat(),
        lead.last_scanned_at.isoformat(),
    ]


def leads_csv(*, exhibitor: Exhibitor, leads: Iterable[Lead], preset: str = "generic", language: str = "en") -> str:
    """The leads as CSV in one of ``PRESETS``, with one column per qualifier question at the end. ``leads`` are
    the ones handed over (``events.services.privacy.hand_over_leads``)."""
    if preset not in PRESETS:
        raise ValidationFailed(fields={"preset": sorted(PRESETS)})
    questions = list(LeadQuestion.objects.filter(exhibitor=exhibitor).order_by("position", "pk"))
    source = exhibitor.convention.name
    out = io.StringIO()
    writer = csv.writer(out)
    # The question labels are the exhibitor's own text: the header goes through the same guard as the rows.
    header = [*PRESETS[preset].header, *(question.label_in(language) for question in questions)]
    writer.writerow([spreadsheet_cell(value) for value in header])
    for lead in leads:
        answers = lead.answers or {}
        row = [*_row(preset, lead, source=source), *(answers.get(question.identifier, "") for question in questions)]
        writer.writerow([spreadsheet_cell(value) for value in row])
    return out.getvalue()


def clean_lead_answers(*, exhibitor: Exhibitor, answers: dict[str, object]) -> dict[str, str]:
    """Answers to the exhibitor's qualifier questions: unknown questions are dropped, choices must be offered."""
    cleaned: dict[str, str] = {}
    for question in LeadQuestion.objects.filter(exhibitor=exhibitor):
        value = answers.get(question.identifier)
        if value in (None, ""):
            continue
        text = str(value).strip()[:500]
        if question.kind == QuestionKind.CHOICE and text not in question.choices:
            raise ValidationFailed(fields={question.identifier: "not_a_choice"})
        if question.kind == QuestionKind.BOOLEAN:
            text = "yes" if text.lower() in ("yes", "true", "1", "on") else "no"
        cleaned[question.identifier] = text
    return cleaned


def update_lead(
    *,
    lead: Lead,
    notes: str | None = None,
    rating: int | None = None,
    clear_rating: bool = False,
    tags: list[str] | None = None,
    answers: dict[str, object] | None = None,
) -> Lead:
    """Change what the staff noted about a lead; ``None`` leaves a value as it is. Personal fields are never
    edited here: they come from the visitor's registration, with consent."""
    if rating is not None and not 0 <= rating <= 5:
        raise ValidationFailed(fields={"rating": "0_to_5"})
    with transaction.atomic():
        lead = Lead.objects.select_for_update().select_related("exhibitor").get(pk=lead.pk)
        if notes is not None:
            lead.notes = notes[:5000]
        if rating is not None or clear_rating:
            lead.rating = rating
        if tags is not None:
            unique = list(dict.fromkeys(tag.strip()[:MAX_TAG_LENGTH] for tag in tags if tag.strip()))
            lead.tags = unique[:MAX_TAGS]
        if answers is not None:
            lead.answers = clean_lead_answers(exhibitor=lead.exhibitor, answers=answers)
        lead.save(update_fields=["notes", "rating", "tags", "answers"])
    return lead


def save_lead_question(
    *,
    exhibitor: Exhibitor,
    identifier: str,
    label_de: str,
    label_en: str,
    kind: str = QuestionKind.TEXT,
    choices: list[str] | None = None,
    question: LeadQuestion | None = None,
) -> LeadQuestion:
    """Create or change one of the exhibitor's qualifier questions (identifiers are unique per exhibitor)."""
    choices = [choice.strip() for choice in choices or [] if choice.strip()]
    if kind == QuestionKind.CHOICE and not choices:
        raise ValidationFailed(fields={"choices": "required"})
    duplicate = LeadQuestion.objects.filter(exhibitor=exhibitor, identifier=identifier)
    if question is not None:
        duplicate = duplicate.exclude(pk=question.pk)
    if duplicate.exists():
        raise ValidationFailed(fields={"identifier": "duplicate"})
    question = question or LeadQuestion(exhibitor=exhibitor, position=exhibitor.lead_questions.count())
    question.identifier = identifier
    question.label_de = label_de
    question.label_en = label_en
    question.kind = kind
    question.choices = choices if kind == QuestionKind.CHOICE else []
    question.save()
    return question


def export_filename(exhibitor: Exhibitor, preset: str) -> str:
    return f"leads-{exhibitor.slug}-{preset}-{timezone.localdate():%Y%m%d}.csv"
