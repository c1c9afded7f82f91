"""Who sees and who changes on the ticket pages and at the registration desk: read-only members see everything
and change nothing (nor export); curators see the ticket set-up and no attendee (403, and no Registrations entry
in the navigation)."""

import pytest

from events.enums import TeamRole
from events.models import Badge, Question, TicketType, Voucher
from events.services import badges
from tests import factories

TICKETS = "/organize/sccon/tickets/"
DESK = "/organize/sccon/registrations/"


@pytest.fixture
def registration(convention):
    registration = factories.RegistrationFactory(convention=convention, first_name="Erika", last_name="Koch")
    badges.get_or_issue_badge(registration=registration)
    return registration


def member(client, convention, role):
    client.force_login(factories.team_member(convention, role))
    return client


def test_read_only_members_see_the_ticket_pages_without_changing_anything(client, convention):
    ticket = factories.TicketTypeFactory(convention=convention, name_en="Day pass")
    question = Question.objects.create(convention=convention, identifier="diet", label_de="Essen", label_en="Diet")
    member(client, convention, TeamRole.READONLY)

    listing = client.get(TICKETS)
    assert listing.status_code == 200
    assert "Day pass" in listing.content.decode() and "New ticket type" not in listing.content.decode()
    assert "Create codes" not in client.get(f"{TICKETS}vouchers/").content.decode()
    assert client.get(f"{TICKETS}new/").status_code == 403
    assert client.get(f"{TICKETS}{ticket.pk}/").status_code == 403
    assert client.post(f"{TICKETS}{ticket.pk}/", {"name_en": "Changed"}).status_code == 403
    assert client.post(f"{TICKETS}vouchers/batch/", {"count": "3", "kind": "free"}).status_code == 403
    assert client.post(f"{TICKETS}questions/{question.pk}/delete/").status_code == 403
    assert TicketType.objects.get().name_en == "Day pass"
    assert not Voucher.objects.exists()
    assert Question.objects.count() == 1


def test_read_only_members_see_registrations_and_cannot_act_or_export(client, convention, registration):
    member(client, convention, TeamRole.READONLY)
    old_badge = Badge.objects.get(registration=registration)

    assert "Erika Koch" in client.get(DESK, {"q": "koch"}).content.decode()
    detail = client.get(f"{DESK}{registration.code}/").content.decode()
    assert "Erika Koch" in detail and "Reprint badge" not in detail and "Erase personal data" not in detail
    assert client.post(f"{DESK}{registration.code}/badge/reprint/").status_code == 403
    assert client.post(f"{DESK}{registration.code}/cancel/").status_code == 403
    assert client.post(f"{DESK}{registration.code}/erase/", {"confirm_code": registration.code}).status_code == 403
    assert client.get(f"{DESK}export.csv").status_code == 403
    registration.refresh_from_db()
    assert (registration.status, registration.erased_at) == ("confirmed", None)
    assert list(Badge.objects.filter(registration=registration, revoked_at=None)) == [old_badge]


def test_curators_see_the_ticket_set_up_and_no_attendee(client, convention, registration):
    member(client, convention, TeamRole.CURATOR)

    tickets = client.get(TICKETS)
    assert tickets.status_code == 200
    assert 'href="/organize/sccon/registrations/' not in tickets.content.decode()
    for url in (DESK, f"{DESK}?q=koch", f"{DESK}{registration.code}/", f"{DESK}export.csv"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Erika" not in response.content.decode() and "Koch" not in response.content.decode()
    assert client.post(f"{DESK}{registration.code}/badge/reprint/").status_code == 403
    assert Badge.objects.filter(registration=registration, revoked_at=None).count() == 1


def test_organizers_may_export(client, convention, registration):
    member(client, convention, TeamRole.ORGANIZER)

    response = client.get(f"{DESK}export.csv")

    assert response.status_code == 200
    assert "Koch" in b"".join(response.streaming_content).decode("utf-8-sig")
