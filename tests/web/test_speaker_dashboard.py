"""The dashboard counts speakers: confirmed, holding a pass, and checked in with it."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from events.enums import SpeakerRole, SpeakerState
from events.models import CheckinList, SessionSpeaker
from events.services import scanning, schedule, speakers
from tests import factories
from tests.checkin_helpers import badge_code, nonce

BERLIN = ZoneInfo("Europe/Berlin")


def test_dashboard_shows_speakers_checked_in_with_their_pass(client, db):
    today = timezone.now().astimezone(BERLIN).date()
    convention = factories.ConventionFactory(
        slug="sccon", start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=1)
    )
    organizer = factories.UserFactory(username="organizer")
    convention.organizers.add(organizer)
    factories.TicketTypeFactory(convention=convention, name_en="Speaker pass", is_speaker_pass=True)
    session = schedule.create_session(convention=convention, title_en="Panel")
    ada, ben, cleo = (factories.SpeakerFactory(convention=convention) for _ in range(3))
    schedule.update_session(
        session=session, speakers=[(ada, SpeakerRole.PANELIST), (ben, SpeakerRole.PANELIST), (cleo, "moderator")]
    )
    for speaker in (ada, ben):
        speakers.answer_session(role=SessionSpeaker.objects.get(speaker=speaker), state=SpeakerState.CONFIRMED)
    entrance = CheckinList.objects.create(convention=convention, name="Entrance")
    scanning.scan_badge(checkin_list=entrance, code=badge_code(speakers.speaker_pass(speaker=ada)), nonce=nonce())
    client.force_login(organizer)

    response = client.get("/events/sccon/dashboard/?lang=en")

    chart = next(chart for chart in response.context["charts"] if chart.id == "speakers")
    assert chart.table == [["Speakers with a pass", 1, 1]]
    assert "1 of 2 checked in; 2 of 3 speakers confirmed" in response.content.decode()
