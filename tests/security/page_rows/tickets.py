"""Tickets (ticket types, vouchers, questions) and the registration desk of convention X.

Ticket pages: every member sees them ("read"), owners and organizers change them ("change"). Registration pages
show personal data: owners, organizers and read-only members ("personal_data"; curators 403), the desk's actions
and the CSV export only owners and organizers. An empty form is 400 with field errors for those who may post it.
X's pages never show Y's objects (404). State changes are POST-only (405 for a GET, whoever asks).
"""

from django.db.models import F

from events.models import Question, TicketType, Voucher
from tests.security.page_rows import TEAM_X, PageRow, expect, organizer_page, x_slug

READ = organizer_page("read")
CHANGE = organizer_page("change")
CHANGE_FORM_ERRORS = organizer_page("change", ok=400)
CHANGE_REDIRECTS = organizer_page("change", ok=302)
POST_ONLY = expect(405)


def personal_data(ok: int = 200) -> dict[str, int]:
    row = organizer_page("read", ok=ok)
    row["curator_x"] = 403
    return row


def not_found_for_everyone_inside() -> dict[str, int]:
    """An object of Y addressed under X's slug: X's team (and the operator) find nothing; the others as usual."""
    row = organizer_page("read", ok=404)
    for actor in TEAM_X:
        row[actor] = 404
    return row


def ticket_type(w):
    return {**x_slug(w), "ticket_type_id": w.x.objects["registration"].ticket_type_id}


def voucher(w):
    item, _created = Voucher.objects.get_or_create(convention=w.x.convention, code="MATRIX-1")
    return {**x_slug(w), "voucher_id": item.pk}


def question(w):
    item, _created = Question.objects.get_or_create(
        convention=w.x.convention, identifier="matrix", defaults={"label_de": "Frage", "label_en": "Question"}
    )
    return {**x_slug(w), "question_id": item.pk}


def registration_kwargs(w):
    return {**x_slug(w), "code": w.x.objects["registration"].code}


def cancellable_registration(w):
    """X's registration with its seat counted (factories do not take seats, a cancellation gives one back)."""
    registration = w.x.objects["registration"]
    TicketType.objects.filter(pk=registration.ticket_type_id, quota_used=0).update(quota_used=F("quota_used") + 1)
    return registration_kwargs(w)


def y_registration(w):
    return {**x_slug(w), "code": w.y.objects["registration"].code}


ROWS = [
    # Ticket types
    PageRow("web:organizer-tickets-types", "get", READ, x_slug),
    PageRow("web:organizer-tickets-type-new", "get", CHANGE, x_slug),
    PageRow("web:organizer-tickets-type-new", "post", CHANGE_FORM_ERRORS, x_slug, data=lambda w: {}),
    PageRow("web:organizer-tickets-type-edit", "get", CHANGE, ticket_type),
    PageRow("web:organizer-tickets-type-edit", "post", CHANGE_FORM_ERRORS, ticket_type, data=lambda w: {}),
    PageRow(
        "web:organizer-tickets-type-edit",
        "get",
        {**not_found_for_everyone_inside(), "curator_x": 403, "readonly_x": 403},
        lambda w: {**x_slug(w), "ticket_type_id": w.y.objects["registration"].ticket_type_id},
        note="Y's ticket type under X's slug",
    ),
    # Vouchers
    PageRow("web:organizer-tickets-vouchers", "get", READ, x_slug),
    PageRow("web:organizer-tickets-voucher-batch", "get", POST_ONLY, x_slug),
    PageRow("web:organizer-tickets-voucher-batch", "post", CHANGE_FORM_ERRORS, x_slug, data=lambda w: {}),
    PageRow("web:organizer-tickets-voucher-toggle", "get", POST_ONLY, voucher),
    PageRow("web:organizer-tickets-voucher-toggle", "post", CHANGE_REDIRECTS, voucher, data=lambda w: {}),
    # Questions
    PageRow("web:organizer-tickets-questions", "get", READ, x_slug),
    PageRow("web:organizer-tickets-question-new", "get", CHANGE, x_slug),
    PageRow("web:organizer-tickets-question-new", "post", CHANGE_FORM_ERRORS, x_slug, data=lambda w: {}),
    PageRow("web:organizer-tickets-question-edit", "get", CHANGE, question),
    PageRow("web:organizer-tickets-question-edit", "post", CHANGE_FORM_ERRORS, question, data=lambda w: {}),
    PageRow("web:organizer-tickets-question-move", "get", POST_ONLY, question),
    PageRow(
        "web:organizer-tickets-question-move", "post", CHANGE_REDIRECTS, question, data=lambda w: {"direction": "up"}
    ),
    PageRow("web:organizer-tickets-question-delete", "get", POST_ONLY, question),
    PageRow("web:organizer-tickets-question-delete", "post", CHANGE_REDIRECTS, question, data=lambda w: {}),
    # The registration list, its search and export
    PageRow("web:organizer-registrations", "get", personal_data(), x_slug),
    PageRow("web:organizer-registrations", "get", personal_data(), x_slug, query="?q=erika&checked_in=no"),
    PageRow("web:organizer-registrations", "get", personal_data(400), x_slug, query="?ticket_type=x"),
    PageRow("web:organizer-registrations-csv", "get", {**personal_data(), "readonly_x": 403}, x_slug),
    # One registration and the desk's actions
    PageRow("web:organizer-registrations-detail", "get", personal_data(), registration_kwargs),
    PageRow(
        "web:organizer-registrations-detail",
        "get",
        {**not_found_for_everyone_inside(), "curator_x": 403},
        y_registration,
        note="Y's registration under X's slug",
    ),
    PageRow("web:organizer-registrations-edit", "get", POST_ONLY, registration_kwargs),
    PageRow("web:organizer-registrations-edit", "post", CHANGE_FORM_ERRORS, registration_kwargs, data=lambda w: {}),
    PageRow("web:organizer-registrations-cancel", "get", CHANGE, registration_kwargs),
    PageRow(
        "web:organizer-registrations-cancel", "post", CHANGE_REDIRECTS, cancellable_registration, data=lambda w: {}
    ),
    PageRow("web:organizer-registrations-reprint", "get", POST_ONLY, registration_kwargs),
    PageRow("web:organizer-registrations-reprint", "post", CHANGE_REDIRECTS, registration_kwargs, data=lambda w: {}),
    PageRow("web:organizer-registrations-resend", "get", POST_ONLY, registration_kwargs),
    PageRow("web:organizer-registrations-resend", "post", CHANGE_REDIRECTS, registration_kwargs, data=lambda w: {}),
    PageRow("web:organizer-registrations-erase", "get", CHANGE, registration_kwargs),
    PageRow("web:organizer-registrations-erase", "post", CHANGE_FORM_ERRORS, registration_kwargs, data=lambda w: {}),
    PageRow(
        "web:organizer-registrations-reprint",
        "post",
        {**not_found_for_everyone_inside(), "curator_x": 403, "readonly_x": 403},
        y_registration,
        data=lambda w: {},
        note="Y's registration under X's slug",
    ),
]
