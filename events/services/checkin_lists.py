"""Organizers set up the places where badges are scanned: check-in lists with their days, ticket types and capacity."""

from django.db import IntegrityError, transaction

from events import errors
from events.models import CheckinList, Convention, TicketType


def create_checkin_list(
    *,
    convention: Convention,
    name: str,
    days: list[str] | None = None,
    ticket_types: list[TicketType] | None = None,
    capacity: int | None = None,
) -> CheckinList:
    """Create a list; empty ``days`` admits every day, empty ``ticket_types`` every ticket type."""
    days = sorted(set(days or []))
    if any(not convention.start_date.isoformat() <= day <= convention.end_date.isoformat() for day in days):
        raise errors.ValidationFailed(fields={"days": "Days of the convention only."})
    if any(ticket_type.convention_id != convention.pk for ticket_type in ticket_types or []):
        raise errors.ValidationFailed(fields={"ticket_types": "Ticket types of this convention only."})
    try:
        with transaction.atomic():
            checkin_list = CheckinList.objects.create(
                convention=convention, name=name.strip(), days=days, capacity=capacity
            )
            checkin_list.ticket_types.set(ticket_types or [])
    except IntegrityError as exc:
        raise errors.ValidationFailed(fields={"name": "A check-in list with this name exists."}) from exc
    return checkin_list
