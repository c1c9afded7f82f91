"""factory_boy factories for Messe's models. Defaults produce a valid, confirmed session inside opening hours."""

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from events import models
from events.enums import RoomKind, SessionFormat, SessionStatus, TeamRole

BERLIN = ZoneInfo("Europe/Berlin")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("messe-test-password")


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Convention
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"convention-{n}")
    acronym = factory.Sequence(lambda n: f"conv{n:04d}")
    name = factory.Sequence(lambda n: f"Convention {n}")
    venue = "Messe Berlin"
    city = "Berlin"
    start_date = dt.date(2025, 9, 30)
    end_date = dt.date(2025, 10, 2)

    @factory.post_generation
    def with_opening_hours(convention, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        day = convention.start_date
        while day <= convention.end_date:
            models.OpeningHours.objects.create(
                convention=convention, date=day, opens_at=dt.time(9, 0), closes_at=dt.time(18, 0)
            )
            day += dt.timedelta(days=1)


class ConventionMemberFactory(factory.django.DjangoModelFactory):
    """A place on a convention's team (``role`` defaults to organizer, as ``organizers.add`` does)."""

    class Meta:
        model = models.ConventionMember

    convention = factory.SubFactory(ConventionFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamRole.ORGANIZER


def team_member(convention, role, rooms=(), tracks=(), **user_fields):
    """A new account on ``convention``'s team in ``role``; a curator's scope is ``rooms`` and ``tracks``."""
    member = ConventionMemberFactory(convention=convention, role=role, user=UserFactory(**user_fields))
    if rooms:
        member.rooms.set(rooms)
    if tracks:
        member.tracks.set(tracks)
    return member.user


class HallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Hall

    convention = factory.SubFactory(ConventionFactory)
    name = factory.Sequence(lambda n: f"Hall {n}")


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Room

    convention = factory.SubFactory(ConventionFactory)
    hall = factory.SubFactory(HallFactory, convention=factory.SelfAttribute("..convention"))
    name = factory.Sequence(lambda n: f"Stage {n}")
    kind = RoomKind.STAGE
    capacity = 200


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Track

    convention = factory.SubFactory(ConventionFactory)
    name_de = factory.Sequence(lambda n: f"Themenfeld {n}")
    name_en = factory.Sequence(lambda n: f"Track {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Speaker

    convention = factory.SubFactory(ConventionFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    organization = "City of Example"
    email = factory.Sequence(lambda n: f"speaker{n}@example.org")


def berlin(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time on the factory convention's days (30 Sep = day 0) in Berlin local time."""
    return dt.datetime(2025, 9, 30, hour, minute, tzinfo=BERLIN) + dt.timedelta(days=day)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Session

    convention = factory.SubFactory(ConventionFactory)
    title_de = factory.Sequence(lambda n: f"Sitzung {n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    format = SessionFormat.TALK
    room = factory.SubFactory(RoomFactory, convention=factory.SelfAttribute("..convention"))
    start = factory.LazyFunction(lambda: berlin(0, 10))
    end = factory.LazyAttribute(lambda session: session.start + dt.timedelta(minutes=45))
    status = SessionStatus.CONFIRMED


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory, convention=factory.SelfAttribute("..session.convention"))


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Exhibitor

    convention = factory.SubFactory(ConventionFactory)
    name = factory.Sequence(lambda n: f"Exhibitor {n}")
    slug = factory.Sequence(lambda n: f"exhibitor-{n}")
    profile_en = "We build digital infrastructure for municipalities."


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Booth

    exhibitor = factory.SubFactory(ExhibitorFactory)
    hall = factory.SubFactory(HallFactory, convention=factory.SelfAttribute("..exhibitor.convention"))
    number = factory.Sequence(lambda n: f"{100 + n}")


class TicketTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TicketType

    convention = factory.SubFactory(ConventionFactory)
    name_de = factory.Sequence(lambda n: f"Tagesticket {n}")
    name_en = factory.Sequence(lambda n: f"Day pass {n}")
    price = 0


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration. ``access_token`` (not a model field) is the bearer token for the attendee."""

    class Meta:
        model = models.Registration
        exclude = ["access_token"]

    convention = factory.SubFactory(ConventionFactory)
    ticket_type = factory.SubFactory(TicketTypeFactory, convention=factory.SelfAttribute("..convention"))
    code = factory.Sequence(lambda n: f"TST{n:05d}")
    access_token = factory.Sequence(lambda n: f"attendee-token-{n}")
    access_token_hash = factory.LazyAttribute(lambda r: hashlib.sha256(r.access_token.encode()).hexdigest())
    status = models.RegistrationStatus.CONFIRMED
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Mustermann{n}")
    email = factory.Sequence(lambda n: f"attendee{n}@berlin.de")
    organization = "Senatsverwaltung Berlin"
    consent_terms_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
