"""Reads for registration: what is on sale, and an organizer's view of the registrations."""

import datetime as dt

from django.db.models import Q, QuerySet

from events.models import Convention, Question, Registration, TicketType, Voucher


def ticket_types_on_sale(*, convention: Convention, now: dt.datetime) -> QuerySet[TicketType]:
    return (
        TicketType.objects.filter(convention=convention, is_active=True)
        .filter(Q(sale_starts_at__isnull=True) | Q(sale_starts_at__lte=now))
        .filter(Q(sale_ends_at__isnull=True) | Q(sale_ends_at__gt=now))
        .order_by("position", "pk")
    )


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
