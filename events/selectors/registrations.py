"""Reads for registration: what is on sale, and an organizer's view of the registrations."""

import base64
import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, CharField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Upper

from events import errors
from events.models import Convention, Presence, Question, Registration, RegistrationStatus, TicketType, Voucher


def ticket_types_on_sale(*, convention: Convention, now: dt.datetime) -> QuerySet[TicketType]:
    return (
        TicketType.objects.filter(convention=convention, is_active=True, is_exhibitor_pass=False)
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


@dataclass(frozen=True)
class Seats:
    """A ticket type's quota as the organizer sees it: ``sold`` (confirmed), ``held`` (waiting for payment) and
    ``free`` (``None``: no quota)."""

    sold: int
    held: int
    free: int | None


def seats_by_ticket_type(*, convention: Convention) -> dict[int, Seats]:
    """Sold, held and free seats per ticket type id. ``quota_used`` counts sold plus held (the registration
    service keeps it with the rows), so only the few held rows are counted: the figure costs the same at
    200,000 registrations as at 200."""
    held = dict(
        Registration.objects.filter(convention=convention, status=RegistrationStatus.PENDING_PAYMENT)
        .values_list("ticket_type_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        pk: Seats(
            sold=used - held.get(pk, 0),
            held=held.get(pk, 0),
            free=None if quota is None else max(0, quota - used),
        )
        for pk, quota, used in TicketType.objects.filter(convention=convention).values_list("pk", "quota", "quota_used")
    }


def vouchers_for_organizer(*, convention: Convention) -> QuerySet[Voucher]:
    return Voucher.objects.filter(convention=convention).prefetch_related("ticket_types").order_by("code")


def ticket_type_ids_valid_on(*, convention: Convention, day: dt.date) -> list[int]:
    """Ticket types admitting their holder on ``day`` (an empty list of valid days means every day)."""
    return [
        pk
        for pk, valid_days in TicketType.objects.filter(convention=convention).values_list("pk", "valid_days")
        if not valid_days or day.isoformat() in valid_days
    ]


def questions_of(*, convention: Convention) -> QuerySet[Question]:
    return Question.objects.filter(convention=convention).order_by("position", "pk")


# The organizer's list counts at most this many matches ("more than 1,000"): an exact count of a search over
# 200,000 registrations costs more than the page itself, and nobody pages through a thousand rows.
COUNT_LIMIT = 1_000
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# Terms per search; each must match (in any of the searched fields).
MAX_SEARCH_TERMS = 5


def registration_search_text() -> Upper:
    """The searched text of a registration: name, e-mail and organization, upper-cased.

    PostgreSQL holds a trigram index on exactly this expression (migration ``registration_search``), so a
    ``contains`` on it is an index scan however many registrations there are. Change both together.
    """
    return Upper(
        Concat(
            "first_name",
            Value(" "),
            "last_name",
            Value(" "),
            "email",
            Value(" "),
            "organization",
            output_field=CharField(),
        ),
    )


def registrations_for_organizer(
    *,
    convention: Convention,
    status: str | None = None,
    ticket_type_id: int | None = None,
    search: str = "",
    checked_in: bool | None = None,
    day: dt.date | None = None,
) -> QuerySet[Registration]:
    """Registrations of a convention, newest first; each ``search`` term matches the code exactly or a part of
    the name, e-mail or organization. ``checked_in``: accepted at any check-in list of the convention (or
    never); ``day``: the ticket admits its holder on that day.

    The order is served by the index on (convention, created_at, id); page through it with
    ``registration_page``, never with an offset.
    """
    registrations = Registration.objects.filter(convention=convention).select_related("ticket_type", "voucher")
    if status:
        registrations = registrations.filter(status=status)
    if ticket_type_id:
        registrations = registrations.filter(ticket_type_id=ticket_type_id)
    if day is not None:
        registrations = registrations.filter(
            ticket_type_id__in=ticket_type_ids_valid_on(convention=convention, day=day)
        )
    if checked_in is not None:
        entered = Exists(Presence.objects.filter(registration=OuterRef("pk")))
        registrations = registrations.filter(entered if checked_in else ~entered)
    terms = search.split()[:MAX_SEARCH_TERMS]
    if terms:
        registrations = registrations.annotate(search_text=registration_search_text())
    for term in terms:
        registrations = registrations.filter(Q(code=term.upper()[:12]) | search_text_contains(term))
    return registrations.order_by("-created_at", "-pk")


def search_text_contains(term: str) -> Q:
    """Whether the annotated ``search_text`` holds ``term`` (upper-cased by the database, like the text)."""
    return Q(search_text__contains=Upper(Value(term, output_field=CharField())))


@dataclass(frozen=True)
class RegistrationPage:
    items: list[Registration]
    count: int  # at most COUNT_LIMIT + 1
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def count_is_exact(self) -> bool:
        return self.count <= COUNT_LIMIT


def encode_cursor(*, registration: Registration, newer: bool = False) -> str:
    """An opaque position in the newest-first order: the page after (older than) or before ``registration``."""
    raw = f"{'p' if newer else 'n'}|{registration.created_at.isoformat()}|{registration.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[bool, dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        direction, moment, pk = raw.split("|")
        if direction not in ("n", "p"):
            raise ValueError(direction)
        created_at = dt.datetime.fromisoformat(moment)
        if created_at.tzinfo is None:
            raise ValueError(moment)
        return direction == "p", created_at, int(pk)
    except (ValueError, UnicodeDecodeError) as exc:
        raise errors.ValidationFailed(fields={"cursor": "Not a position of this list."}) from exc


def registration_page(
    *, registrations: QuerySet[Registration], cursor: str = "", size: int = PAGE_SIZE
) -> RegistrationPage:
    """One page of a newest-first registration queryset, by keyset (the cursor names the row to continue
    from), so the last page costs what the first one does. ``count`` stops at ``COUNT_LIMIT + 1``."""
    size = max(1, min(size, MAX_PAGE_SIZE))
    count = registrations.order_by()[: COUNT_LIMIT + 1].count()
    if not cursor:
        rows = list(registrations[: size + 1])
        items, more = rows[:size], len(rows) > size
        return RegistrationPage(items=items, count=count, next_cursor=_next(items, more), previous_cursor=None)
    newer, created_at, pk = decode_cursor(cursor)
    if newer:
        rows = list(
            registrations.filter(created_at__gte=created_at)
            .exclude(created_at=created_at, pk__lte=pk)
            .order_by("created_at", "pk")[: size + 1]
        )
        more = len(rows) > size
        items = rows[:size][::-1]
        previous = encode_cursor(registration=items[0], newer=True) if more and items else None
        return RegistrationPage(items=items, count=count, next_cursor=_next(items, True), previous_cursor=previous)
    rows = list(registrations.filter(created_at__lte=created_at).exclude(created_at=created_at, pk__gte=pk)[: size + 1])
    items, more = rows[:size], len(rows) > size
    previous = encode_cursor(registration=items[0], newer=True) if items else None
    return RegistrationPage(items=items, count=count, next_cursor=_next(items, more), previous_cursor=previous)


def _next(items: list[Registration], more: bool) -> str | None:
    return encode_cursor(registration=items[-1]) if more and items else None


def registration_by_code(*, code: str) -> Registration | None:
    return (
        Registration.objects.select_related("ticket_type", "convention", "voucher")
        .filter(code=code.strip().upper())
        .first()
    )
