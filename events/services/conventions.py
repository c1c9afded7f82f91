"""Creating and changing conventions and their opening hours."""

import datetime as dt
from functools import partial
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from events.dates import message_date
from events.enums import TeamRole
from events.errors import InvalidDateRange, InvalidOpeningHours
from events.models import Convention, ConventionMember, OpeningHours
from events.models.convention import convention_date_errors
from events.selectors.schedule import forget_latest_release

LEGAL_FIELDS = (
    "imprint_de",
    "imprint_en",
    "privacy_de",
    "privacy_en",
    "accessibility_de",
    "accessibility_en",
    "terms_de",
    "terms_en",
    "legal_contact_email",
)
CONVENTION_FIELDS = {
    "slug",
    "acronym",
    "name",
    "venue",
    "city",
    "start_date",
    "end_date",
    "time_zone",
    "languages",
    "website",
    "is_public",
    *LEGAL_FIELDS,
}


def _check_dates(*, convention: Convention, opening_hours: list[dict[str, Any]] | None) -> None:
    errors = convention_date_errors(start_date=convention.start_date, end_date=convention.end_date)
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidDateRange(f"{field}: {messages[0]}", fields=errors)
    hours = (
        opening_hours
        if opening_hours is not None
        else list(convention.opening_hours.values("date", "opens_at", "closes_at", "closes_next_day"))
        if convention.pk
        else []
    )
    seen: set[dt.date] = set()
    for day in hours:
        date = {"date": message_date(day["date"])}
        if not convention.start_date <= day["date"] <= convention.end_date:
            raise InvalidOpeningHours(_("%(date)s is not a day of the convention.") % date)
        if day.get("closes_next_day"):
            if day["closes_at"] > day["opens_at"]:
                raise InvalidOpeningHours(
                    _("On %(date)s the convention closes more than 24 hours after it opens.") % date
                )
        elif day["closes_at"] <= day["opens_at"]:
            raise InvalidOpeningHours(_("On %(date)s the convention must close after it opens.") % date)
        if day["date"] in seen:
            raise InvalidOpeningHours(_("%(date)s has opening hours twice.") % date)
        seen.add(day["date"])
    by_date = {day["date"]: day for day in hours}
    for day in hours:
        following = by_date.get(day["date"] + dt.timedelta(days=1))
        if day.get("closes_next_day") and following is not None and following["opens_at"] < day["closes_at"]:
            raise InvalidOpeningHours(
                _("On %(date)s the convention opens before the night of %(night)s ends.")
                % {"date": message_date(following["date"]), "night": message_date(day["date"])}
            )


def _replace_opening_hours(*, convention: Convention, opening_hours: list[dict[str, Any]]) -> None:
    convention.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(
            convention=convention,
            date=day["date"],
            opens_at=day["opens_at"],
            closes_at=day["closes_at"],
            closes_next_day=day.get("closes_next_day", False),
        )
        for day in sorted(opening_hours, key=lambda day: day["date"])
    )


def create_convention(
    *, created_by: User, opening_hours: list[dict[str, Any]] | None = None, **fields: Any
) -> Convention:
    """Create a convention with ``created_by`` as its owner (``TeamRole.OWNER``), its first team member.

    ``opening_hours`` is a list of ``{"date", "opens_at", "closes_at", "closes_next_day"?}``, one per convention
    day at most, each inside the convention's dates; a day that ``closes_next_day`` ends before the next one opens.
    """
    unknown = set(fields) - CONVENTION_FIELDS
    if unknown:
        raise TypeError(f"unknown convention fields: {sorted(unknown)}")
    convention = Convention(**fields)
    _check_dates(convention=convention, opening_hours=opening_hours or [])
    with transaction.atomic():
        convention.save()
        ConventionMember.objects.create(convention=convention, user=created_by, role=TeamRole.OWNER)
        if opening_hours:
            _replace_opening_hours(convention=convention, opening_hours=opening_hours)
    return convention


def update_convention(
    *, convention: Convention, opening_hours: list[dict[str, Any]] | None = None, **changes: Any
) -> Convention:
    """Change a convention's fields; ``opening_hours`` (if given) replaces all of its opening hours.

    Dates and opening hours are checked together, against the convention as it is in the database, under a
    row lock so two organizers editing at once cannot leave opening hours outside the dates.
    """
    unknown = set(changes) - CONVENTION_FIELDS
    if unknown:
        raise TypeError(f"unknown convention fields: {sorted(unknown)}")
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=convention.pk)
        for slug in {convention.slug, changes.get("slug", convention.slug)}:
            # Visibility or slug may change: public exports must not answer from the old state (forgotten now
            # and after commit, as in ``release_schedule``).
            forget_latest_release(slug=slug)
            transaction.on_commit(partial(forget_latest_release, slug=slug))
        for name, value in changes.items():
            setattr(convention, name, value)
        _check_dates(convention=convention, opening_hours=opening_hours)
        convention.save()
        if opening_hours is not None:
            _replace_opening_hours(convention=convention, opening_hours=opening_hours)
    return convention


def _moved_day(value: str, days: int) -> str:
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()


def move_convention(*, convention: Convention, start_date: dt.date) -> Convention:
    """Move a convention to start on ``start_date``, keeping everything it holds.

    Dates, opening hours, every scheduled session (same local wall-clock time, so a 9:30 keynote stays at 9:30
    across a change of daylight saving time), the days of ticket types and check-in lists move by the same
    number of days. Valid badges are issued again, since a badge is signed for the convention's dates. The
    public programme changes with the next schedule release.
    """
    from events.models import Badge, CheckinList, Session, TicketType
    from events.services import badges

    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=convention.pk)
        shift = (start_date - convention.start_date).days
        if shift == 0:
            return convention
        try:
            end_date = convention.end_date + dt.timedelta(days=shift)
        except OverflowError:
            end_date = dt.date.max
        errors = convention_date_errors(start_date=start_date, end_date=end_date)
        if errors:
            raise InvalidDateRange(f"start_date: {next(iter(errors.values()))[0]}", fields=errors)
        zone = ZoneInfo(convention.time_zone)
        hours = list(convention.opening_hours.values("date", "opens_at", "closes_at"))
        convention.start_date += dt.timedelta(days=shift)
        convention.end_date += dt.timedelta(days=shift)
        convention.save(update_fields=["start_date", "end_date", "updated_at"])
        _replace_opening_hours(
            convention=convention,
            opening_hours=[{**day, "date": day["date"] + dt.timedelta(days=shift)} for day in hours],
        )

        def moved(value: dt.datetime) -> dt.datetime:
            local = value.astimezone(zone)
            return dt.datetime.combine(local.date() + dt.timedelta(days=shift), local.time(), tzinfo=zone)

        sessions = list(
            Session.objects.select_for_update(of=("self",))
            .filter(convention=convention, start__isnull=False)
            .order_by("pk")
        )
        for session in sessions:
            session.start = moved(cast(dt.datetime, session.start))  # start__isnull=False above
            session.end = moved(session.end) if session.end else None
        # All sessions move together, so no room clash can appear; one UPDATE per session keeps it simple.
        Session.objects.bulk_update(sessions, ["start", "end"])
        for model, days_field in ((TicketType, "valid_days"), (CheckinList, "days")):
            items: list[Any] = [
                item for item in model.objects.filter(convention=convention) if getattr(item, days_field)
            ]
            for item in items:
                setattr(item, days_field, [_moved_day(value, shift) for value in getattr(item, days_field)])
            model.objects.bulk_update(items, [days_field])
        for badge in Badge.objects.filter(registration__convention=convention, revoked_at=None).select_related(
            "registration__ticket_type", "registration__convention"
        ):
            badges.reprint_badge(registration=badge.registration)
        forget_latest_release(slug=convention.slug)
        transaction.on_commit(partial(forget_latest_release, slug=convention.slug))
    return convention
