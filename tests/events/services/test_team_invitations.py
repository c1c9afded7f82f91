"""Team invitations sent again (``events.services.team.resend_invitation``) and what they share with the exhibitor
staff's invitations (``events.services.invitations``)."""

import re

import pytest
from django.utils import timezone

from events.enums import TeamRole
from events.errors import InvitationNotPending
from events.models import ConventionMember, OutboundMessage
from events.services import exhibitor_staff, invitations, team
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(convention):
    return factories.team_member(convention, TeamRole.OWNER, username="olga")


def sign_in_kwargs(message: OutboundMessage) -> dict[str, str]:
    uid, token = re.search(r"/organize/\w+/sign-in/([\w-]+)/([\w-]+)/", message.body_text).groups()
    return {"uid": uid, "token": token}


def test_resending_queues_one_more_invitation_in_the_first_ones_language(convention, owner):
    member = team.invite_member(
        convention=convention, email="Rosa@Berlin.de", role=TeamRole.ORGANIZER, invited_by=owner, language="en"
    )

    team.resend_invitation(member=member, resent_by=owner, language="de")

    first, again = OutboundMessage.objects.filter(kind="team_invitation").order_by("pk")
    assert (again.recipient, again.language, again.subject) == (first.recipient, "en", first.subject)
    assert "Your role: organizer." in again.body_text
    assert team.user_for_sign_in_link(**sign_in_kwargs(again)) == member.user


def test_an_invitation_used_already_is_refused(convention, owner):
    member = team.invite_member(convention=convention, email="rosa@berlin.de", role=TeamRole.READONLY, invited_by=owner)
    member.user.last_login = timezone.now()
    member.user.save(update_fields=["last_login"])

    with pytest.raises(InvitationNotPending) as refused:
        team.resend_invitation(member=member, resent_by=owner)

    assert refused.value.code == "invitation_not_pending"
    assert OutboundMessage.objects.filter(kind="team_invitation").count() == 1


def test_a_member_removed_meanwhile_gets_no_e_mail(convention, owner):
    member = team.invite_member(convention=convention, email="rosa@berlin.de", role=TeamRole.READONLY, invited_by=owner)
    ConventionMember.objects.filter(pk=member.pk).delete()

    with pytest.raises(InvitationNotPending):
        team.resend_invitation(member=member, resent_by=owner)

    assert OutboundMessage.objects.filter(kind="team_invitation").count() == 1


def test_an_invitee_who_had_signed_in_before_is_pending_until_signing_in_again(convention, owner):
    known = factories.UserFactory(email="rosa@berlin.de", last_login=timezone.now())
    member = team.invite_member(convention=convention, email="rosa@berlin.de", role=TeamRole.READONLY, invited_by=owner)

    assert (member.user, member.invitation_pending) == (known, True)
    known.last_login = timezone.now()
    known.save(update_fields=["last_login"])
    member.refresh_from_db()
    assert member.invitation_pending is False


def test_each_areas_sign_in_links_open_only_its_own_page(convention, owner):
    user = factories.UserFactory()

    exhibitor_link = exhibitor_staff.sign_in_tokens.link_kwargs(user)
    team_link = team.sign_in_tokens.link_kwargs(user)

    assert exhibitor_staff.user_for_sign_in_link(**exhibitor_link) == user
    assert team.user_for_sign_in_link(**team_link) == user
    assert team.user_for_sign_in_link(**exhibitor_link) is None
    assert exhibitor_staff.user_for_sign_in_link(**team_link) is None


def test_an_invited_address_without_an_account_gets_one_without_a_password():
    known = factories.UserFactory(email="rosa@berlin.de")

    assert invitations.account_for_address(email="rosa@berlin.de") == known
    new = invitations.account_for_address(email="ute@berlin.de")
    assert (new.username, new.email, new.has_usable_password(), new.pk is not None) == (
        "ute@berlin.de",
        "ute@berlin.de",
        False,
        True,
    )
