"""A small released programme with a draft and an unreleased change, shared by page and browser tests."""

import datetime as dt
from dataclasses import dataclass

from events.enums import MaterialKind, RoomKind, SessionFormat, SessionStatus, SpeakerRole
from events.models import Convention, Exhibitor, ExhibitorMaterial, ScheduleRelease, Session, Speaker
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin


@dataclass
class ReleasedProgramme:
    convention: Convention
    release: ScheduleRelease
    keynote: Session
    panel: Session
    workshop: Session
    booth_talk: Session
    draft: Session
    unreleased: Session
    ada: Speaker
    ben: Speaker
    ministry: Exhibitor


def build_released_programme(convention: Convention) -> ReleasedProgramme:
    hub27 = factories.HallFactory(convention=convention, name="hub27", position=0)
    halle25 = factories.HallFactory(convention=convention, name="Halle 25", position=1)
    stage_a = factories.RoomFactory(convention=convention, hall=hub27, name="Stage A", position=0)
    stage_b = factories.RoomFactory(convention=convention, hall=halle25, name="Stage B", position=1)
    workshop_room = factories.RoomFactory(
        convention=convention, hall=hub27, name="Workshop 1", kind=RoomKind.WORKSHOP_ROOM, position=2
    )
    platforms = factories.TrackFactory(
        convention=convention, name_de="Urbane Datenplattformen", name_en="Urban data platforms"
    )
    open_source = factories.TrackFactory(convention=convention, name_de="Open Source", name_en="Open source")
    ada = factories.SpeakerFactory(convention=convention, name="Ada Beispiel", organization="Stadt Ulm")
    ben = factories.SpeakerFactory(convention=convention, name="Ben Muster", organization="Land Berlin")
    ministry = factories.ExhibitorFactory(
        convention=convention,
        name="Bundesministerium für Digitales",
        slug="bmdv",
        profile_de="Der Stand des Bundes.",
        profile_en="The federal stand.",
        website="https://bund.example.org/",
    )
    factories.BoothFactory(exhibitor=ministry, hall=halle25, number="508")
    ExhibitorMaterial.objects.create(
        exhibitor=ministry,
        title="Onlinezugangsgesetz explained",
        kind=MaterialKind.LINK,
        url="https://ozg.example.org/",
    )
    ExhibitorMaterial.objects.create(
        exhibitor=ministry, title="Internal price list", url="https://intern.example.org/", is_public=False
    )

    keynote = factories.SessionFactory(
        convention=convention,
        title_de="Digitale Zwillinge in der Praxis",
        title_en="Digital twins in practice",
        abstract_de="Wie Städte digitale Zwillinge betreiben.",
        abstract_en="How cities run digital twins.",
        format=SessionFormat.KEYNOTE,
        track=platforms,
        room=stage_a,
        start=berlin(0, 10),
        end=berlin(0, 11),
        language="de",
    )
    factories.SessionSpeakerFactory(session=keynote, speaker=ada)
    panel = factories.SessionFactory(
        convention=convention,
        title_de="Open Source in der Verwaltung",
        title_en="Open source in public administration",
        format=SessionFormat.PANEL,
        track=open_source,
        room=stage_b,
        start=berlin(0, 10),
        end=berlin(0, 11),
        language="en",
    )
    factories.SessionSpeakerFactory(session=panel, speaker=ada, role=SpeakerRole.MODERATOR, position=0)
    factories.SessionSpeakerFactory(session=panel, speaker=ben, role=SpeakerRole.PANELIST, position=1)
    workshop = factories.SessionFactory(
        convention=convention,
        title_de="Werkstatt: Datenplattform in 90 Minuten",
        title_en="Workshop: a data platform in 90 minutes",
        format=SessionFormat.WORKSHOP,
        track=platforms,
        room=workshop_room,
        start=berlin(1, 14),
        end=berlin(1, 15, 30),
        language="de",
    )
    factories.SessionSpeakerFactory(session=workshop, speaker=ben)
    booth_talk = factories.SessionFactory(
        convention=convention,
        title_de="Der Bund am Stand 508",
        title_en="The federation at booth 508",
        format=SessionFormat.BOOTH_TALK,
        room=stage_b,
        start=berlin(0, 12),
        end=berlin(0, 12, 30),
        language="de",
        exhibitor=ministry,
    )
    draft = factories.SessionFactory(
        convention=convention,
        title_de="Entwurf ohne Freigabe",
        title_en="Draft not yet confirmed",
        room=stage_a,
        start=berlin(0, 14),
        end=berlin(0, 15),
        status=SessionStatus.DRAFT,
    )
    release = release_schedule(convention=convention)
    # Confirmed after the release: the public must not see it until the next release.
    unreleased = factories.SessionFactory(
        convention=convention,
        title_de="Nach der Freigabe ergänzt",
        title_en="Added after the release",
        room=stage_a,
        start=berlin(2, 10),
        end=berlin(2, 10) + dt.timedelta(minutes=45),
    )
    return ReleasedProgramme(
        convention=convention,
        release=release,
        keynote=keynote,
        panel=panel,
        workshop=workshop,
        booth_talk=booth_talk,
        draft=draft,
        unreleased=unreleased,
        ada=ada,
        ben=ben,
        ministry=ministry,
    )
