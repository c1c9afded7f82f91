"""The exhibitor portal's pages: invitation and sign-in, content with review and locks, staff, devices, leads."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import formats, timezone, translation

from events.models import Badge, Device, Exhibitor, ExhibitorChange, Lead, OutboundMessage
from events.services import booth_content, devices, exhibitor_staff, exhibitors, leads
from events.services.badges import get_or_issue_badge
from tests import factories


@pytest.fixture
def exhibitor(convention):
    exhibitor = factories.ExhibitorFactory(convention=convention, name="GovTech Berlin", slug="govtech")
    factories.BoothFactory(exhibitor=exhibitor, number="508", size_sqm=30)
    factories.TicketTypeFactory(convention=convention, name_en="Exhibitor pass", is_exhibitor_pass=True)
    return exhibitor


def join(client, exhibitor, email, *, is_manager):
    exhibitor_staff.invite_staff(exhibitor=exhibitor, email=email, is_manager=is_manager, invited_by=None)
    body = OutboundMessage.objects.filter(recipient=email).latest("pk").body_text
    path = re.search(r"http://[^/]+(/exhibitor/invitations/[\w-]+/)", body).group(1)
    response = client.post(path, {"first_name": "Ada", "last_name": "Lovelace", "accept_terms": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return exhibitor.staff.get(user__email=email)


def test_invitation_link_signs_the_manager_in(client, exhibitor):
    join(client, exhibitor, "ada@govtech.example", is_manager=True)

    page = client.get(f"/exhibitor/{exhibitor.pk}/")

    assert page.status_code == 200
    assert "GovTech Berlin" in page.content.decode()
    assert "1 of 2 in use" in page.content.decode()


def test_invitation_page_in_german_speaks_formally(client, exhibitor):
    exhibitor_staff.invite_staff(exhibitor=exhibitor, email="ada@govtech.example", is_manager=True, invited_by=None)
    path = re.search(r"(/exhibitor/invitations/[\w-]+/)", OutboundMessage.objects.get().body_text).group(1)

    page = client.get(path + "?lang=de").content.decode()

    assert "Sie sind eingeladen" in page


def test_manager_edits_profile_live(client, exhibitor, convention):
    join(client, exhibitor, "ada@govtech.example", is_manager=True)

    response = client.post(
        f"/exhibitor/{exhibitor.pk}/profile/",
        {"name": "GovTech Berlin", "profile_de": "Wir digitalisieren.", "profile_en": "We digitise.", "links": ""},
    )

    assert response.status_code == 302
    exhibitor.refresh_from_db()
    assert (exhibitor.profile_de, exhibitor.profile_en) == ("Wir digitalisieren.", "We digitise.")
    public = client.get(f"/events/{convention.slug}/exhibitors/govtech/").content.decode()
    assert "We digitise." in public
    history = client.get(f"/exhibitor/{exhibitor.pk}/profile/").content.decode()
    assert "<td>Profile (German), Profile (English)</td><td>Live at once</td>" in history


def test_review_mode_keeps_an_edit_private_until_approved(client, exhibitor, convention):
    convention.exhibitor_changes_reviewed = True
    convention.save()
    join(client, exhibitor, "ada@govtech.example", is_manager=True)

    client.post(f"/exhibitor/{exhibitor.pk}/profile/", {"name": "GovTech Berlin", "profile_en": "Fresh text"})

    assert "Fresh text" not in client.get(f"/events/{convention.slug}/exhibitors/govtech/").content.decode()
    assert "Fresh text" in client.get(f"/exhibitor/{exhibitor.pk}/profile/").content.decode()
    booth_content.approve_change(change=ExhibitorChange.objects.get(status="pending"), reviewer=None)
    assert "Fresh text" in client.get(f"/events/{convention.slug}/exhibitors/govtech/").content.decode()


def test_a_locked_field_cannot_be_changed_by_post(client, exhibitor):
    booth_content.lock_fields(exhibitor=exhibitor, fields=["name"])
    join(client, exhibitor, "ada@govtech.example", is_manager=True)

    response = client.post(f"/exhibitor/{exhibitor.pk}/profile/", {"name": "Renamed GmbH", "profile_en": "x"})

    exhibitor.refresh_from_db()
    # The form's disabled field ignores the posted value; the service would refuse it too.
    assert exhibitor.name == "GovTech Berlin"
    assert response.status_code == 302
    assert list(ExhibitorChange.objects.values_list("changes", flat=True)) == [{"profile_en": "x"}]


def test_staff_scan_and_read_leads_but_change_nothing(client, exhibitor):
    join(client, exhibitor, "bo@govtech.example", is_manager=False)

    assert client.get(f"/exhibitor/{exhibitor.pk}/leads/").status_code == 200
    for section in ("profile", "materials", "staff", "devices", "questions", "talks"):
        assert client.get(f"/exhibitor/{exhibitor.pk}/{section}/").status_code == 403, section
    assert client.post(f"/exhibitor/{exhibitor.pk}/profile/", {"name": "Hijacked"}).status_code == 403
    exhibitor.refresh_from_db()
    assert exhibitor.name == "GovTech Berlin"


def test_manager_creates_a_booth_scanner_with_an_on_screen_code(client, exhibitor):
    join(client, exhibitor, "ada@govtech.example", is_manager=True)

    page = client.post(f"/exhibitor/{exhibitor.pk}/devices/", {"name": "Tablet 1"}).content.decode()

    code = re.search(r'data-setup-code="([A-Z2-7]+)"', page).group(1)
    device = Device.objects.get(exhibitor=exhibitor)
    assert (device.kind, device.name) == ("booth", "Tablet 1")
    assert "<svg" in page
    activated = client.post("/api/v1/devices/activate/", {"setup_code": code}, content_type="application/json")
    assert activated.status_code == 201


def test_booth_scanners_show_when_each_was_last_seen_in_the_conventions_time(client, exhibitor, convention):
    convention.time_zone = "America/New_York"
    convention.save(update_fields=["time_zone"])
    manager = join(client, exhibitor, "ada@govtech.example", is_manager=True)
    device, _code = devices.create_device(
        convention=convention, name="Tablet 1", kind="booth", exhibitor=exhibitor, created_by=manager.user
    )
    devices.create_device(
        convention=convention, name="Tablet 2", kind="booth", exhibitor=exhibitor, created_by=manager.user
    )
    seen = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=3, seconds=5)
    Device.objects.filter(pk=device.pk).update(activated_at=seen, last_seen_at=seen)

    english = client.get(f"/exhibitor/{exhibitor.pk}/devices/?lang=en").content.decode().replace("\xa0", " ")
    german = client.get(f"/exhibitor/{exhibitor.pk}/devices/?lang=de").content.decode().replace("\xa0", " ")

    local = timezone.localtime(seen, ZoneInfo("America/New_York"))
    with translation.override("en"):
        tooltip = formats.date_format(local, "SHORT_DATETIME_FORMAT")
    assert f'<td><time datetime="{local.isoformat()}" title="{tooltip}">3 minutes ago</time></td>' in english
    assert "<td>vor 3 Minuten</td>" in re.sub(r"<time[^>]*>|</time>", "", german)
    assert "<td>Tablet 2</td>" in english and "<td>–</td>" in english  # never used


def test_co_exhibitor_sees_only_its_own_leads(client, exhibitor, convention):
    partner = exhibitors.add_co_exhibitor(main=exhibitor, name="Partner Project", slug="partner")
    visitor = factories.RegistrationFactory(convention=convention, consent_share_contact_at=timezone.now())
    main_lead, _ = leads.capture_lead(
        exhibitor=exhibitor, code=get_or_issue_badge(registration=visitor).code, nonce="nonce-main-1"
    )
    join(client, partner, "cy@partner.example", is_manager=True)

    assert client.get(f"/exhibitor/{exhibitor.pk}/leads/").status_code == 404
    assert client.get(f"/exhibitor/{exhibitor.pk}/leads/{main_lead.pk}/").status_code == 404
    assert client.get(f"/exhibitor/{partner.pk}/leads/{main_lead.pk}/").status_code == 404
    assert client.get(f"/exhibitor/{exhibitor.pk}/leads.csv").status_code == 404
    api = client.get(f"/api/v1/exhibitors/{exhibitor.pk}/leads/{main_lead.pk}/")
    assert api.status_code == 404


def test_joint_stand_shows_together_on_the_public_list(client, exhibitor, convention):
    exhibitors.add_co_exhibitor(main=exhibitor, name="Partner Project", slug="partner")

    page = client.get(f"/events/{convention.slug}/exhibitors/").content.decode()
    partner_page = client.get(f"/events/{convention.slug}/exhibitors/partner/").content.decode()

    assert "Co-exhibitors on this stand" in page
    assert page.count('class="card"') == 1
    assert "on the joint stand of GovTech Berlin" in partner_page
    assert "booth 508" in partner_page


def test_leads_page_and_export(client, exhibitor, convention):
    visitor = factories.RegistrationFactory(
        convention=convention, first_name="=Ada", last_name="Lovelace", consent_share_contact_at=timezone.now()
    )
    lead, _ = leads.capture_lead(exhibitor=exhibitor, code=get_or_issue_badge(registration=visitor).code, nonce="n-p-1")
    join(client, exhibitor, "bo@govtech.example", is_manager=False)

    edited = client.post(f"/exhibitor/{exhibitor.pk}/leads/{lead.pk}/", {"notes": "Demo", "rating": "4", "tags": "ai"})
    csv = client.get(f"/exhibitor/{exhibitor.pk}/leads.csv?preset=salesforce&tag=ai")

    assert edited.status_code == 302
    assert Lead.objects.get().tags == ["ai"]
    assert csv.status_code == 200
    assert csv.content.decode().splitlines()[1].startswith("'=Ada,Lovelace,")


def test_signed_out_visitors_are_sent_to_sign_in(client, exhibitor):
    response = client.get(f"/exhibitor/{exhibitor.pk}/leads/")

    assert response.status_code == 302
    assert response["Location"].startswith("/exhibitor/sign-in/")


def test_sign_in_link_by_mail(client, exhibitor):
    member = join(client, exhibitor, "ada@govtech.example", is_manager=True)
    client.logout()
    member.user.last_login = timezone.now()
    member.user.save()

    client.post("/exhibitor/sign-in/", {"email": "ada@govtech.example"})
    body = OutboundMessage.objects.filter(kind="exhibitor_sign_in").get().body_text
    path = re.search(r"(/exhibitor/sign-in/[\w-]+/[\w-]+/)", body).group(1)

    assert client.post(path).status_code == 302
    assert client.get(f"/exhibitor/{exhibitor.pk}/").status_code == 200
    assert client.post(path).status_code == 404  # used up
    assert Exhibitor.objects.count() == 1


def test_manager_replaces_and_revokes_a_staff_pass(client, exhibitor):
    join(client, exhibitor, "ada@govtech.example", is_manager=True)
    staff_member = join(Client(), exhibitor, "bo@govtech.example", is_manager=False)
    old_badge = Badge.objects.get(registration=staff_member.registration)

    client.post(f"/exhibitor/{exhibitor.pk}/staff/{staff_member.pk}/pass/replace/")
    new_badge = Badge.objects.get(registration=staff_member.registration, revoked_at=None)
    page = client.get(f"/exhibitor/{exhibitor.pk}/staff/").content.decode()
    client.post(f"/exhibitor/{exhibitor.pk}/staff/{staff_member.pk}/pass/revoke/")

    old_badge.refresh_from_db()
    new_badge.refresh_from_db()
    assert (old_badge.revoked_at is not None, new_badge.pk != old_badge.pk) == (True, True)
    assert staff_member.registration.code in page
    assert new_badge.revoked_at is not None
    staff_member.refresh_from_db()
    assert staff_member.registration.status == "cancelled"


def test_staff_cannot_touch_passes(client, exhibitor):
    manager = join(Client(), exhibitor, "ada@govtech.example", is_manager=True)
    join(client, exhibitor, "bo@govtech.example", is_manager=False)

    response = client.post(f"/exhibitor/{exhibitor.pk}/staff/{manager.pk}/pass/revoke/")

    manager.refresh_from_db()
    assert (response.status_code, manager.registration.status) == (403, "confirmed")


def test_main_exhibitor_manager_invites_a_co_exhibitor_manager(client, exhibitor):
    partner = exhibitors.add_co_exhibitor(main=exhibitor, name="Partner Project", slug="partner")
    join(client, exhibitor, "ada@govtech.example", is_manager=True)

    response = client.post(
        f"/exhibitor/{exhibitor.pk}/co-exhibitors/{partner.pk}/invite/",
        {"email": "cy@partner.example", "language": "en"},
    )

    assert response.status_code == 302
    invitation = partner.invitations.get()
    assert (invitation.email, invitation.is_manager) == ("cy@partner.example", True)


def test_co_exhibitor_manager_cannot_invite_for_the_main_exhibitor(client, exhibitor):
    partner = exhibitors.add_co_exhibitor(main=exhibitor, name="Partner Project", slug="partner")
    join(client, partner, "cy@partner.example", is_manager=True)

    response = client.post(
        f"/exhibitor/{partner.pk}/co-exhibitors/{exhibitor.pk}/invite/", {"email": "eve@example.org", "language": "en"}
    )

    assert response.status_code == 404
    assert exhibitor.invitations.count() == 0


def test_an_organizer_cannot_join_an_exhibitors_staff(client, exhibitor, convention):
    organizer = factories.UserFactory(username="orga", email="orga@sccon.example")
    convention.organizers.add(organizer)
    exhibitor_staff.invite_staff(exhibitor=exhibitor, email="orga@sccon.example", is_manager=True, invited_by=None)
    path = re.search(r"(/exhibitor/invitations/[\w-]+/)", OutboundMessage.objects.get().body_text).group(1)

    response = client.post(path, {"first_name": "Olga", "last_name": "Orga", "accept_terms": "on"})

    assert response.status_code == 400
    assert "cannot join an exhibitor" in response.content.decode()
    assert exhibitor.staff.count() == 0
