"""Reads for registration: what is on sale, and an organizer's view of the registrations."""

import datetime as dt

from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from events.models import Convention, Question, Registration, TicketType, Voucher


def ticket_types_on_sale(*, convention: Convention, now: dt.datetime) -> QuerySet[TicketType]:
    return (
        TicketType.objects.filter(convention=convention, is_active=True)
        .filter(Q(sale_starts_at__isnull=True) | Q(sale_starts_at__lte=now))
        .filter(Q(sale_ends_at__isnull=True) | Q(sale_ends_at__gt=now))
        .order_by("position", "pk")
    )


def ticket_type_for_registration(
    *, ticket_type_id: int, convention: Convention | None = None, convention_slug: str = ""
) -> TicketType | None:
    """The ticket type an attendee registers for, with its convention, in one query; ``None`` if the convention
    has no such ticket type.

    ``convention_has_questions`` is annotated so that registering for a convention without custom questions
    does not read the (empty) question list.
    """
    # A plain SQL EXISTS: the ORM's Exists(OuterRef(…)) costs more to compile than the query costs to run.
    has_questions = RawSQL(
        f"EXISTS (SELECT 1 FROM {Question._meta.db_table} question"
        f" WHERE question.convention_id = {TicketType._meta.db_table}.convention_id)",
        [],
        output_field=BooleanField(),
    )
    ticket_types = TicketType.objects.select_related("convention").annotate(convention_has_questions=has_questions)
    if convention is not None:
        ticket_types = ticket_types.filter(convention=convention)
    else:
        ticket_types = ticket_types.filter(convention__slug=convention_slug)
    return ticket_types.filter(pk=ticket_type_id).order_by().first()


def ticket_types_for_organizer(*, convention: Convention) -> QuerySet[TicketType]:
    return TicketType.objects.filter(convention=convention).order_by("position", "pk")


def vouchers_for_organizer(*, convention: Convention) -> QuerySet[Voucher]:
    return Voucher.objects.filter(convention=convention).prefetch_related("ticket_types").order_by("code")


def questions_of(*, convention: Convention) -> QuerySet[Question]:
    return Question.objects.filter(convention=convention).order_by("position", "pk")


def registrations_for_organizer(
    *, convention: Convention, status: str | None = None, ticket_type_id: int | None = None, search: str = ""
) -> QuerySet[Registration]:
    """Registrations of a convention, newest first; ``search`` matches code, name, e-mail and organization."""
    registrations = Registration.objects.filter(convention=convention).select_related("ticket_type", "voucher")
    if status:
        registrations = registrations.filter(status=status)
    if ticket_type_id:
        registrations = registrations.filter(ticket_type_id=ticket_type_id)
    for term in search.split()[:5]:
        registrations = registrations.filter(
            Q(code__iexact=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(email__icontains=term)
            | Q(organization__icontains=term)
        )
    return registrations.order_by("-created_at", "-pk")


def registration_by_code(*, code: str) -> Registration | None:
    return (
        Registration.objects.select_related("ticket_type", "convention", "voucher")
        .filter(code=code.strip().upper())
        .first()
    )
