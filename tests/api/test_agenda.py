import pytest
from icalendar import Calendar
from rest_framework.test import APIClient

from events.enums import SessionFormat
from events.models import AgendaItem
from events.services import schedule, workshops
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin


@pytest.fixture(autouse=True)
def _before_the_convention(monkeypatch):
    frozen = berlin(0, 8)
    monkeypatch.setattr(workshops.timezone, "now", lambda: frozen)


def attendee_client(registration, token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def erika(convention):
    return factories.RegistrationFactory(convention=convention, access_token="erika-token", code="ERIKA234")


@pytest.fixture
def erika_client(erika):
    return attendee_client(erika, "erika-token")


def test_bookmark_list_and_remove(convention, erika, erika_client):
    talk = factories.SessionFactory(convention=convention, title_en="Urban data platforms")

    created = erika_client.post("/api/v1/registrations/ERIKA234/agenda/", {"session": talk.pk}, format="json")
    listed = erika_client.get("/api/v1/registrations/ERIKA234/agenda/")
    removed = erika_client.delete(f"/api/v1/registrations/ERIKA234/agenda/?session={talk.pk}")

    assert created.status_code == 201
    assert [(item["session"], item["title_en"]) for item in listed.json()] == [(talk.pk, "Urban data platforms")]
    assert removed.status_code == 204
    assert AgendaItem.objects.count() == 0


def test_other_attendees_agenda_is_404(convention, erika):
    factories.RegistrationFactory(convention=convention, access_token="other-token", code="OTHER234")
    other = attendee_client(None, "other-token")

    response = other.get("/api/v1/registrations/ERIKA234/agenda/")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_agenda_without_token_is_401(erika):
    response = APIClient().get("/api/v1/registrations/ERIKA234/agenda/")
    assert response.status_code == 401


@pytest.mark.parametrize("body", [{}, {"session": "abc"}, {"session": -1}, {"session": 99999999}])
def test_bookmark_bad_input_is_4xx(erika_client, body):
    response = erika_client.post("/api/v1/registrations/ERIKA234/agenda/", body, format="json")
    assert response.status_code in (400, 404)
    assert set(response.json()) >= {"code", "message"}


def _feed_url(client) -> str:
    response = client.post("/api/v1/registrations/ERIKA234/agenda/feed/")
    assert response.status_code == 201
    return response.json()["url"].removeprefix("http://testserver")


def test_feed_follows_the_latest_release(convention, erika, erika_client):
    talk = factories.SessionFactory(convention=convention, start=berlin(0, 10), end=berlin(0, 11))
    erika_client.post("/api/v1/registrations/ERIKA234/agenda/", {"session": talk.pk}, format="json")
    release_schedule(convention=convention)
    url = _feed_url(erika_client)
    before = Calendar.from_ical(APIClient().get(url).content)
    schedule.update_session(session=talk, start=berlin(2, 15), end=berlin(2, 16))
    unreleased = Calendar.from_ical(APIClient().get(url).content)

    release_schedule(convention=convention)
    after = Calendar.from_ical(APIClient().get(url).content)

    starts = [[e.decoded("dtstart").isoformat() for e in c.walk("VEVENT")] for c in (before, unreleased, after)]
    assert starts == [["2025-09-30T08:00:00+00:00"], ["2025-09-30T08:00:00+00:00"], ["2025-10-02T13:00:00+00:00"]]


def test_feed_lists_confirmed_workshop_seats(convention, erika, erika_client):
    seat = factories.SessionFactory(convention=convention, format=SessionFormat.WORKSHOP, title_de="Open-Source-Labor")
    workshops.sign_up_for_workshop(session=seat, registration=erika)
    release_schedule(convention=convention)

    feed = Calendar.from_ical(APIClient().get(_feed_url(erika_client)).content)

    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == ["Open-Source-Labor"]


def test_feed_wrong_or_revoked_token_is_404(convention, erika, erika_client):
    release_schedule(convention=convention)
    old_url = _feed_url(erika_client)
    new_url = _feed_url(erika_client)  # rotating revokes the old URL

    assert APIClient().get(new_url).status_code == 200
    assert APIClient().get(old_url).status_code == 404
    assert APIClient().get("/api/v1/agenda/not-a-token.ics").status_code == 404
    assert erika_client.delete("/api/v1/registrations/ERIKA234/agenda/feed/").status_code == 204
    assert APIClient().get(new_url).status_code == 404


def test_signup_endpoint_confirms_then_waitlists_with_position(convention, erika_client):
    session = factories.SessionFactory(convention=convention, format=SessionFormat.WORKSHOP, capacity=1)
    factories.RegistrationFactory(convention=convention, access_token="first-token")
    url = f"/api/v1/events/sccon/sessions/{session.pk}/signup/"

    first = attendee_client(None, "first-token").post(url)
    second = erika_client.post(url)

    assert (first.status_code, first.json()["status"], first.json()["position"]) == (201, "confirmed", None)
    assert (second.status_code, second.json()["status"], second.json()["position"]) == (201, "waitlisted", 1)


def test_signup_endpoint_refusal_has_code(convention, erika_client):
    talk = factories.SessionFactory(convention=convention, format=SessionFormat.TALK)

    response = erika_client.post(f"/api/v1/events/sccon/sessions/{talk.pk}/signup/")

    assert (response.status_code, response.json()["code"]) == (400, "not_a_workshop")


def test_signup_delete_promotes_and_organizer_sees_lists(convention, erika, erika_client, organizer_client):
    session = factories.SessionFactory(convention=convention, format=SessionFormat.WORKSHOP, capacity=1)
    waiting = factories.RegistrationFactory(convention=convention, access_token="waiting-token", code="WAIT2345")
    url = f"/api/v1/events/sccon/sessions/{session.pk}/signup/"
    erika_client.post(url)
    attendee_client(None, "waiting-token").post(url)

    assert erika_client.delete(url).status_code == 204
    assert erika_client.delete(url).json()["code"] == "not_signed_up"
    listing = organizer_client.get(f"/api/v1/events/sccon/sessions/{session.pk}/signups/").json()

    assert [s["code"] for s in listing["confirmed"]] == [waiting.code]
    assert (listing["capacity"], listing["waitlist"]) == (1, [])


def test_organizer_signup_list_refuses_attendees(convention, erika_client):
    session = factories.SessionFactory(convention=convention, format=SessionFormat.WORKSHOP)
    response = erika_client.get(f"/api/v1/events/sccon/sessions/{session.pk}/signups/")
    assert response.status_code == 404  # an attendee cannot even tell the organizer view exists


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_list_query_count_does_not_grow(convention, erika, erika_client, count, django_assert_num_queries):
    for _ in range(count):
        AgendaItem.objects.create(registration=erika, session=factories.SessionFactory(convention=convention))

    with django_assert_num_queries(2):  # the attendee's token, then the agenda with sessions, rooms and halls
        response = erika_client.get("/api/v1/registrations/ERIKA234/agenda/")

    assert len(response.json()) == count


@pytest.mark.parametrize("count", [1, 3])
def test_organizer_signup_list_query_count_does_not_grow(
    convention, organizer_client, count, django_assert_max_num_queries
):
    session = factories.SessionFactory(convention=convention, format=SessionFormat.WORKSHOP, capacity=1)
    for _ in range(count):
        workshops.sign_up_for_workshop(
            session=session, registration=factories.RegistrationFactory(convention=convention)
        )

    with django_assert_max_num_queries(5):  # convention, organizer check, session, sign-ups, audit entry
        response = organizer_client.get(f"/api/v1/events/sccon/sessions/{session.pk}/signups/")

    assert response.json()["confirmed_count"] + response.json()["waitlist_count"] == count


def test_cancelled_registration_loses_its_seat_and_calendar_entry(
    convention, erika, django_capture_on_commit_callbacks
):
    from django.core import mail

    from events.models import RegistrationStatus

    session = factories.SessionFactory(convention=convention, format=SessionFormat.WORKSHOP, capacity=1)
    workshops.sign_up_for_workshop(session=session, registration=erika)
    erika.status = RegistrationStatus.CANCELLED
    erika.save()

    with django_capture_on_commit_callbacks(execute=True):
        workshops.release_seats_of(registration=erika)

    assert [m.alternatives[0][1] for m in mail.outbox if m.to == [erika.email]] == ["text/calendar; method=CANCEL"]
