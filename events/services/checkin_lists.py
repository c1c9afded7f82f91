"""Organizers set up the places where badges are scanned: check-in lists with their days, ticket types and capacity."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from events import errors
from events.models import CheckinList, Convention, TicketType


def _checked(
    *, convention: Convention, name: str, days: list[str] | None, ticket_types: list[TicketType] | None
) -> tuple[str, list[str]]:
    """The list's name and sorted days, or ``ValidationFailed`` naming the offending field."""
    name = name.strip()
    if not name:
        raise errors.ValidationFailed(fields={"name": _("A check-in list needs a name.")})
    days = sorted(set(days or []))
    if any(not convention.start_date.isoformat() <= day <= convention.end_date.isoformat() for day in days):
        raise errors.ValidationFailed(fields={"days": _("Days of the convention only.")})
    if any(ticket_type.convention_id != convention.pk for ticket_type in ticket_types or []):
        raise errors.ValidationFailed(fields={"ticket_types": _("Ticket types of this convention only.")})
    return name, days


def _name_taken() -> errors.ValidationFailed:
    return errors.ValidationFailed(fields={"name": _("A check-in list with this name exists.")})


def create_checkin_list(
    *,
    convention: Convention,
    name: str,
    days: list[str] | None = None,
    ticket_types: list[TicketType] | None = None,
    capacity: int | None = None,
) -> CheckinList:
    """Create a list; empty ``days`` admits every day, empty ``ticket_types`` every ticket type."""
    name, days = _checked(convention=convention, name=name, days=days, ticket_types=ticket_types)
    try:
        with transaction.atomic():
            checkin_list = CheckinList.objects.create(convention=convention, name=name, days=days, capacity=capacity)
            checkin_list.ticket_types.set(ticket_types or [])
    except IntegrityError as exc:
        raise _name_taken() from exc
    return checkin_list


def update_checkin_list(
    *,
    checkin_list: CheckinList,
    name: str,
    days: list[str] | None = None,
    ticket_types: list[TicketType] | None = None,
    capacity: int | None = None,
) -> CheckinList:
    """Change a list's name, days, ticket types and capacity; scans already made stay as they were.

    The list row is locked so a capacity change and the scans that raise ``inside_count`` are ordered: a capacity
    below the number of people inside now is refused (``capacity`` field error), never a broken constraint.
    """
    convention = checkin_list.convention
    name, days = _checked(convention=convention, name=name, days=days, ticket_types=ticket_types)
    try:
        with transaction.atomic():
            locked = CheckinList.objects.select_for_update().get(pk=checkin_list.pk)
            if capacity is not None and locked.inside_count > capacity:
                raise errors.ValidationFailed(
                    fields={
                        "capacity": _("%(inside)s people are inside now; the capacity cannot be lower.")
                        % {"inside": locked.inside_count}
                    }
                )
            locked.name, locked.days, locked.capacity = name, days, capacity
            locked.save(update_fields=["name", "days", "capacity"])
            locked.ticket_types.set(ticket_types or [])
    except IntegrityError as exc:
        raise _name_taken() from exc
    locked.convention = convention
    return locked
