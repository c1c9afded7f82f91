"""Organizers set up what can be booked: ticket types, vouchers and the registration form's questions.

Counters (``quota_used``, ``times_used``) belong to the registration service; edits here lock the row and
never write them, and refuse a limit below what is already taken.
"""

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError

from events import errors
from events.models import Convention, Question, TicketType, Voucher

TICKET_TYPE_FIELDS = {
    "name_de",
    "name_en",
    "description_de",
    "description_en",
    "price",
    "currency",
    "valid_days",
    "quota",
    "sale_starts_at",
    "sale_ends_at",
    "allowed_email_domains",
    "max_per_order",
    "refund_deadline",
    "is_active",
    "position",
}
VOUCHER_FIELDS = {"code", "kind", "value", "usage_limit", "valid_until", "is_active", "comment"}
QUESTION_FIELDS = {"identifier", "label_de", "label_en", "kind", "choices", "required", "position"}


def _only(fields: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise errors.ValidationFailed(fields={name: "This field cannot be set." for name in sorted(unknown)})
    return fields


def create_ticket_type(*, convention: Convention, **fields: Any) -> TicketType:
    """Create a ticket type; nothing is sold before it exists, so no lock is needed."""
    return TicketType.objects.create(convention=convention, **_only(fields, TICKET_TYPE_FIELDS))


def update_ticket_type(*, ticket_type: TicketType, **fields: Any) -> TicketType:
    """Change a ticket type. A quota below the seats already taken is refused (checked under the row lock)."""
    _only(fields, TICKET_TYPE_FIELDS)
    with transaction.atomic():
        locked = TicketType.objects.select_for_update().get(pk=ticket_type.pk)
        quota = fields.get("quota", locked.quota)
        if quota is not None and quota < locked.quota_used:
            raise errors.ValidationFailed(
                f"{locked.quota_used} seats are taken already; the quota cannot be lower.",
                fields={"quota": f"At least {locked.quota_used}."},
            )
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=sorted(fields) or None)
    return locked


def delete_ticket_type(*, ticket_type: TicketType) -> None:
    """Delete a ticket type nobody has registered for; others should be deactivated instead."""
    try:
        ticket_type.delete()
    except ProtectedError as exc:
        raise errors.ObjectInUse("Registrations exist for this ticket type: deactivate it instead.") from exc


def create_voucher(*, convention: Convention, ticket_types: list[TicketType] | None = None, **fields: Any) -> Voucher:
    """Create a voucher; ``ticket_types`` empty means it applies to every ticket type of the convention."""
    _only(fields, VOUCHER_FIELDS)
    if Voucher.objects.filter(convention=convention, code__iexact=fields.get("code", "")).exists():
        raise errors.ValidationFailed("A voucher with this code exists.", fields={"code": "Already in use."})
    with transaction.atomic():
        voucher = Voucher.objects.create(convention=convention, **fields)
        voucher.ticket_types.set(ticket_types or [])
    return voucher


def update_voucher(*, voucher: Voucher, ticket_types: list[TicketType] | None = None, **fields: Any) -> Voucher:
    """Change a voucher. A usage limit below the uses already taken is refused (checked under the row lock)."""
    _only(fields, VOUCHER_FIELDS)
    if "code" in fields and (
        Voucher.objects.filter(convention_id=voucher.convention_id, code__iexact=fields["code"])
        .exclude(pk=voucher.pk)
        .exists()
    ):
        raise errors.ValidationFailed("A voucher with this code exists.", fields={"code": "Already in use."})
    with transaction.atomic():
        locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
        limit = fields.get("usage_limit", locked.usage_limit)
        if limit is not None and limit < locked.times_used:
            raise errors.ValidationFailed(
                f"The voucher has been used {locked.times_used} times; the limit cannot be lower.",
                fields={"usage_limit": f"At least {locked.times_used}."},
            )
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=sorted(fields) or None)
        if ticket_types is not None:
            locked.ticket_types.set(ticket_types)
    return locked


def delete_voucher(*, voucher: Voucher) -> None:
    try:
        voucher.delete()
    except ProtectedError as exc:
        raise errors.ObjectInUse("Registrations used this voucher: deactivate it instead.") from exc


def create_question(*, convention: Convention, **fields: Any) -> Question:
    _only(fields, QUESTION_FIELDS)
    if Question.objects.filter(convention=convention, identifier=fields.get("identifier")).exists():
        raise errors.ValidationFailed("A question with this identifier exists.", fields={"identifier": "In use."})
    return Question.objects.create(convention=convention, **fields)


def update_question(*, question: Question, **fields: Any) -> Question:
    _only(fields, QUESTION_FIELDS)
    if "identifier" in fields and (
        Question.objects.filter(convention_id=question.convention_id, identifier=fields["identifier"])
        .exclude(pk=question.pk)
        .exists()
    ):
        raise errors.ValidationFailed("A question with this identifier exists.", fields={"identifier": "In use."})
    for name, value in fields.items():
        setattr(question, name, value)
    question.save(update_fields=sorted(fields) or None)
    return question


def delete_question(*, question: Question) -> None:
    question.delete()
