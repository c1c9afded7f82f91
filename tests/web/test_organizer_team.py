"""The organizer area's shell and its team page: roles, invitations with a sign-in link, changes, removal."""

import re

import pytest
from django.test import Client

from events.enums import AuditAction, TeamRole
from events.models import AuditEntry, ConventionMember, OutboundMessage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(convention):
    return factories.RoomFactory(convention=convention, name="Stage Urban Data")


@pytest.fixture
def owner(convention):
    return factories.team_member(convention, TeamRole.OWNER, username="olga", first_name="Olga", last_name="Owner")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_organizer_home_links_the_areas_of_the_members_role(convention, owner, stage):
    curator = factories.team_member(convention, TeamRole.CURATOR, rooms=[stage])

    as_owner = signed_in(owner).get("/organize/sccon/?lang=en").content.decode()
    as_curator = signed_in(curator).get("/organize/sccon/?lang=en").content.decode()

    assert 'href="/organize/sccon/team/?lang=en"' in as_owner
    assert 'href="/events/sccon/dashboard/?lang=en"' in as_owner
    assert "/organize/sccon/team/" not in as_curator
    assert "Programme curator" in as_curator and "/events/sccon/dashboard/" in as_curator


def test_owner_invites_a_curator_who_gets_a_sign_in_link(convention, owner, stage):
    response = signed_in(owner).post(
        "/organize/sccon/team/?lang=en",
        {"email": "Ute.Kurator@Berlin.de", "role": "curator", "rooms": [stage.pk], "language": "de"},
    )

    assert (response.status_code, response["Location"]) == (302, "/organize/sccon/team/?lang=en")
    member = ConventionMember.objects.get(user__email="ute.kurator@berlin.de")
    assert (member.role, list(member.rooms.all()), member.invited_by) == (TeamRole.CURATOR, [stage], owner)
    mail = OutboundMessage.objects.get(kind="team_invitation")
    assert mail.recipient == "ute.kurator@berlin.de"
    assert mail.subject == f"Sie sind im Team von {convention.name}"
    assert "Ihre Rolle: Programmkurator" in mail.body_text and "Stage Urban Data" in mail.body_text
    link = re.search(r"http://\S+/organize/sccon/sign-in/\S+/\?lang=de", mail.body_text).group(0)
    entry = AuditEntry.objects.get(action=AuditAction.TEAM_MEMBER_INVITED)
    assert (entry.actor_user, entry.details["role"]) == (owner, "curator")

    browser = Client()
    path = re.sub(r"^https?://[^/]+", "", link)
    assert "Als ute.kurator@berlin.de anmelden?" in browser.get(path).content.decode()
    signed = browser.post(path)
    assert (signed.status_code, signed["Location"]) == (302, "/organize/sccon/?lang=de")
    assert browser.get("/organize/sccon/").status_code == 200
    assert Client().post(path).status_code == 404  # the link works once


def test_a_curator_needs_a_room_or_track_and_nothing_is_created_without(convention, owner):
    response = signed_in(owner).post(
        "/organize/sccon/team/?lang=en", {"email": "ute@berlin.de", "role": "curator", "language": "en"}
    )

    assert response.status_code == 400
    assert "A programme curator needs at least one room or track to curate." in response.content.decode()
    assert not ConventionMember.objects.filter(user__email="ute@berlin.de").exists()
    assert not OutboundMessage.objects.exists()


def test_inviting_someone_on_the_team_already_is_a_field_error(convention, owner):
    factories.team_member(convention, TeamRole.READONLY, username="rita")

    response = signed_in(owner).post(
        "/organize/sccon/team/?lang=en", {"email": "rita@example.org", "role": "organizer", "language": "en"}
    )

    assert response.status_code == 400
    assert "This person is on the team already." in response.content.decode()
    assert ConventionMember.objects.get(user__username="rita").role == TeamRole.READONLY


@pytest.mark.parametrize("role", [TeamRole.ORGANIZER, TeamRole.CURATOR, TeamRole.READONLY])
def test_members_other_than_owners_change_nothing_on_the_team(convention, owner, stage, role):
    member = factories.team_member(convention, role, rooms=[stage] if role == TeamRole.CURATOR else ())
    target = ConventionMember.objects.get(user=owner)
    client = signed_in(member)

    invited = client.post("/organize/sccon/team/", {"email": "x@berlin.de", "role": "owner", "language": "en"})
    changed = client.post(f"/organize/sccon/team/{target.pk}/", {"role": "readonly"})
    removed = client.post(f"/organize/sccon/team/{target.pk}/remove/")

    assert [invited.status_code, changed.status_code, removed.status_code] == [403, 403, 403]
    assert ConventionMember.objects.filter(convention=convention).count() == 2
    target.refresh_from_db()
    assert target.role == TeamRole.OWNER
    assert not OutboundMessage.objects.exists()


def test_owner_changes_a_role_and_the_last_owner_stays_owner(convention, owner, stage):
    readonly = ConventionMember.objects.get(user=factories.team_member(convention, TeamRole.READONLY))
    own = ConventionMember.objects.get(user=owner)
    client = signed_in(owner)

    promoted = client.post(f"/organize/sccon/team/{readonly.pk}/", {"role": "curator", "rooms": [stage.pk]})
    demoted = client.post(f"/organize/sccon/team/{own.pk}/?lang=en", {"role": "organizer"})

    assert promoted.status_code == 302
    readonly.refresh_from_db()
    assert (readonly.role, list(readonly.rooms.all())) == (TeamRole.CURATOR, [stage])
    assert demoted.status_code == 400
    assert "A convention needs an owner: make someone else owner first." in demoted.content.decode()
    own.refresh_from_db()
    assert own.role == TeamRole.OWNER
    entry = AuditEntry.objects.get(action=AuditAction.TEAM_ROLE_CHANGED)
    assert (entry.details["from"], entry.details["to"]) == ("readonly", "curator")


def test_owner_removes_a_member_but_not_the_last_owner(convention, owner):
    readonly = ConventionMember.objects.get(user=factories.team_member(convention, TeamRole.READONLY))
    own = ConventionMember.objects.get(user=owner)
    client = signed_in(owner)

    removed = client.post(f"/organize/sccon/team/{readonly.pk}/remove/")
    refused = client.post(f"/organize/sccon/team/{own.pk}/remove/?lang=en", follow=True)

    assert removed.status_code == 302
    assert not ConventionMember.objects.filter(pk=readonly.pk).exists()
    assert "the last owner cannot be removed" in refused.content.decode()
    assert ConventionMember.objects.filter(pk=own.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.TEAM_MEMBER_REMOVED).count() == 1


def test_team_page_in_german(convention, owner):
    html = signed_in(owner).get("/organize/sccon/team/?lang=de").content.decode()

    assert "Jemanden einladen" in html and "Mitglieder des Teams" in html and "Inhaber" in html
    assert "Invite someone" not in html


def test_list_of_ones_conventions(convention, owner):
    other = factories.ConventionFactory(name="Other Fair")
    factories.ConventionMemberFactory(convention=other, user=owner, role=TeamRole.READONLY)

    html = signed_in(owner).get("/organize/?lang=en").content.decode()

    assert convention.name in html and "Other Fair" in html and "Read-only" in html


# --- sending an invitation again -------------------------------------------------------------------------------


def invite(client: Client, email: str, language: str = "de") -> ConventionMember:
    client.post("/organize/sccon/team/", {"email": email, "role": "readonly", "language": language})
    return ConventionMember.objects.get(user__email=email)


def invitation_links(email: str) -> list[str]:
    mails = OutboundMessage.objects.filter(kind="team_invitation", recipient=email).order_by("pk")
    return [re.search(r"http://\S+(/organize/sccon/sign-in/\S+/\?lang=\w+)", m.body_text).group(1) for m in mails]


def test_owner_sends_a_pending_invitation_again_and_the_new_link_signs_in(convention, owner):
    client = signed_in(owner)
    member = invite(client, "rosa@berlin.de", language="en")
    page = client.get("/organize/sccon/team/?lang=en").content.decode()
    assert f'action="/organize/sccon/team/{member.pk}/resend/?lang=en"' in page
    assert "Invited, not signed in yet" in page

    response = client.post(f"/organize/sccon/team/{member.pk}/resend/?lang=de", follow=True)

    assert response.redirect_chain == [("/organize/sccon/team/?lang=de", 302)]
    assert "Die Einladung ist noch einmal an rosa@berlin.de unterwegs, mit einem neuen Link." in (
        response.content.decode()
    )
    mails = OutboundMessage.objects.filter(kind="team_invitation").order_by("pk")
    assert [(m.recipient, m.language, m.subject) for m in mails] == [
        ("rosa@berlin.de", "en", f"You are on the team of {convention.name}"),
        ("rosa@berlin.de", "en", f"You are on the team of {convention.name}"),
    ]
    entry = AuditEntry.objects.get(action=AuditAction.TEAM_INVITATION_RESENT)
    assert (entry.actor_user, entry.object_id, entry.details["email"]) == (owner, str(member.pk), "rosa@berlin.de")

    first, again = invitation_links("rosa@berlin.de")
    browser = Client()
    signed = browser.post(again)
    assert (signed.status_code, signed["Location"]) == (302, "/organize/sccon/?lang=en")
    assert Client().post(first).status_code == 404  # signing in with one link ends the other too
    page = client.get("/organize/sccon/team/?lang=en").content.decode()
    assert f"/organize/sccon/team/{member.pk}/resend/" not in page


def test_an_invitation_used_already_is_not_sent_again(convention, owner):
    client = signed_in(owner)
    member = invite(client, "rosa@berlin.de")
    Client().post(invitation_links("rosa@berlin.de")[0])

    response = client.post(f"/organize/sccon/team/{member.pk}/resend/?lang=en", follow=True)

    assert response.status_code == 200
    assert "This person has signed in since the invitation: there is no invitation to send again." in (
        response.content.decode()
    )
    assert OutboundMessage.objects.filter(kind="team_invitation").count() == 1
    assert not AuditEntry.objects.filter(action=AuditAction.TEAM_INVITATION_RESENT).exists()


def test_an_invitation_withdrawn_by_removing_the_member_is_not_sent_again(convention, owner):
    client = signed_in(owner)
    member = invite(client, "rosa@berlin.de")
    client.post(f"/organize/sccon/team/{member.pk}/remove/")

    response = client.post(f"/organize/sccon/team/{member.pk}/resend/?lang=de", follow=True)

    assert response.status_code == 200
    assert "Diese Person ist nicht mehr im Team." in response.content.decode()
    assert OutboundMessage.objects.filter(kind="team_invitation").count() == 1


def test_members_who_were_not_invited_by_e_mail_have_nothing_to_send_again(convention, owner):
    readonly = ConventionMember.objects.get(user=factories.team_member(convention, TeamRole.READONLY))
    client = signed_in(owner)

    page = client.get("/organize/sccon/team/?lang=en").content.decode()
    response = client.post(f"/organize/sccon/team/{readonly.pk}/resend/?lang=en", follow=True)

    assert "/resend/" not in page
    assert "there is no invitation to send again" in response.content.decode()
    assert not OutboundMessage.objects.exists()


@pytest.mark.parametrize("role", [TeamRole.ORGANIZER, TeamRole.CURATOR, TeamRole.READONLY])
def test_members_other_than_owners_cannot_send_an_invitation_again(convention, owner, stage, role):
    member = invite(signed_in(owner), "rosa@berlin.de")
    other = factories.team_member(convention, role, rooms=[stage] if role == TeamRole.CURATOR else ())

    response = signed_in(other).post(f"/organize/sccon/team/{member.pk}/resend/")

    assert response.status_code == 403
    assert OutboundMessage.objects.filter(kind="team_invitation").count() == 1


def test_sending_again_is_a_post(convention, owner):
    member = invite(signed_in(owner), "rosa@berlin.de")

    assert signed_in(owner).get(f"/organize/sccon/team/{member.pk}/resend/").status_code == 405
    assert OutboundMessage.objects.filter(kind="team_invitation").count() == 1
