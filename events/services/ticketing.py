"""Organizers set up what can be booked: ticket types, vouchers and the registration form's questions.

Counters (``quota_used``, ``times_used``) belong to the registration service; edits here lock the row and
never write them, and refuse a limit below what is already taken.
"""

import secrets
from typing import Any

from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from events import errors
from events.models import CheckinList, Convention, Question, TicketType, Voucher

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
    "is_exhibitor_pass",
    "exhibitor_passes_base",
    "exhibitor_sqm_per_pass",
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
                _("%(count)s seats are taken already; the quota cannot be lower.") % {"count": locked.quota_used},
                fields={"quota": _("At least %(count)s.") % {"count": locked.quota_used}},
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
        raise errors.ObjectInUse(_("Registrations exist for this ticket type: deactivate it instead.")) from exc


def set_lists_admitting(*, ticket_type: TicketType, checkin_lists: list[CheckinList]) -> list[CheckinList]:
    """Choose which of the convention's check-in lists admit ``ticket_type``.

    Only lists that name their ticket types change: a list naming none admits every ticket type and is left as
    it is. A list is never left naming none (that would open it to every ticket type): taking away its last
    ticket type is refused. Returns the lists admitting the ticket type afterwards.
    """
    if any(item.convention_id != ticket_type.convention_id for item in checkin_lists):
        raise errors.ValidationFailed(fields={"checkin_lists": _("Check-in lists of this convention only.")})
    chosen = {item.pk for item in checkin_lists}
    links = CheckinList.ticket_types.through
    with transaction.atomic():
        lists = list(
            CheckinList.objects.select_for_update()
            .filter(convention_id=ticket_type.convention_id)
            .prefetch_related("ticket_types")
            .order_by("pk")
        )
        for item in lists:
            named = {other.pk for other in item.ticket_types.all()}
            if not named:
                continue
            if item.pk in chosen and ticket_type.pk not in named:
                links.objects.create(checkinlist_id=item.pk, tickettype_id=ticket_type.pk)
            elif item.pk not in chosen and ticket_type.pk in named:
                if named == {ticket_type.pk}:
                    raise errors.ValidationFailed(
                        _("%(list)s admits only this ticket type; without it the list would admit every ticket type.")
                        % {"list": item.name},
                        fields={"checkin_lists": _("%(list)s admits only this ticket type.") % {"list": item.name}},
                    )
                links.objects.filter(checkinlist_id=item.pk, tickettype_id=ticket_type.pk).delete()
    return list(
        CheckinList.objects.filter(convention_id=ticket_type.convention_id)
        .filter(models.Q(ticket_types=ticket_type) | models.Q(ticket_types__isnull=True))
        .distinct()
        .order_by("name", "pk")
    )


def create_voucher(*, convention: Convention, ticket_types: list[TicketType] | None = None, **fields: Any) -> Voucher:
    """Create a voucher; ``ticket_types`` empty means it applies to every ticket type of the convention."""
    _only(fields, VOUCHER_FIELDS)
    if Voucher.objects.filter(convention=convention, code__iexact=fields.get("code", "")).exists():
        raise errors.ValidationFailed(_("A voucher with this code exists."), fields={"code": _("Already in use.")})
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
        raise errors.ValidationFailed(_("A voucher with this code exists."), fields={"code": _("Already in use.")})
    with transaction.atomic():
        locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
        limit = fields.get("usage_limit", locked.usage_limit)
        if limit is not None and limit < locked.times_used:
            raise errors.ValidationFailed(
                _("The voucher has been used %(count)s times; the limit cannot be lower.")
                % {"count": locked.times_used},
                fields={"usage_limit": _("At least %(count)s.") % {"count": locked.times_used}},
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
        raise errors.ObjectInUse(_("Registrations used this voucher: deactivate it instead.")) from exc


def create_question(*, convention: Convention, **fields: Any) -> Question:
    _only(fields, QUESTION_FIELDS)
    if Question.objects.filter(convention=convention, identifier=fields.get("identifier")).exists():
        raise errors.ValidationFailed(_("A question with this identifier exists."), fields={"identifier": _("In use.")})
    return Question.objects.create(convention=convention, **fields)


def update_question(*, question: Question, **fields: Any) -> Question:
    _only(fields, QUESTION_FIELDS)
    if "identifier" in fields and (
        Question.objects.filter(convention_id=question.convention_id, identifier=fields["identifier"])
        .exclude(pk=question.pk)
        .exists()
    ):
        raise errors.ValidationFailed(_("A question with this identifier exists."), fields={"identifier": _("In use.")})
    for name, value in fields.items():
        setattr(question, name, value)
    question.save(update_fields=sorted(fields) or None)
    return question


def delete_question(*, question: Question) -> None:
    question.delete()


VOUCHER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed


def create_voucher_batch(
    *,
    convention: Convention,
    count: int,
    prefix: str = "",
    ticket_types: list[TicketType] | None = None,
    **fields: Any,
) -> list[Voucher]:
    """Create ``count`` vouchers with random codes ``<prefix>-XXXXXXXX`` and the same settings, in one
    transaction; a code that exists already is drawn again."""
    _only(fields, VOUCHER_FIELDS - {"code"})
    if not 1 <= count <= 1000:
        raise errors.ValidationFailed(fields={"count": "From 1 to 1000 codes at a time."})
    if any(ticket_type.convention_id != convention.pk for ticket_type in ticket_types or []):
        raise errors.ValidationFailed(fields={"ticket_types": "Ticket types of this convention only."})
    stem = f"{prefix.strip().upper()}-" if prefix.strip() else ""
    existing = {code.upper() for code in Voucher.objects.filter(convention=convention).values_list("code", flat=True)}
    codes: list[str] = []
    while len(codes) < count:
        code = stem + "".join(secrets.choice(VOUCHER_ALPHABET) for _ in range(8))
        if code not in existing:
            existing.add(code)
            codes.append(code)
    with transaction.atomic():
        vouchers = Voucher.objects.bulk_create([Voucher(convention=convention, code=code, **fields) for code in codes])
        if ticket_types:
            links = Voucher.ticket_types.through
            links.objects.bulk_create(
                [
                    links(voucher_id=voucher.pk, tickettype_id=ticket.pk)
                    for voucher in vouchers
                    for ticket in ticket_types
                ]
            )
    return vouchers


def move_question(*, question: Question, up: bool) -> list[Question]:
    """Swap a question with its neighbour in the form's order; positions are renumbered 0, 1, 2, … on the way."""
    with transaction.atomic():
        questions = list(
            Question.objects.select_for_update().filter(convention_id=question.convention_id).order_by("position", "pk")
        )
        index = next(i for i, item in enumerate(questions) if item.pk == question.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(questions):
            questions[index], questions[other] = questions[other], questions[index]
        for position, item in enumerate(questions):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
    return questions
