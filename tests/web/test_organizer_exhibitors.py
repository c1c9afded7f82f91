"""The organizers' exhibitor pages: the list (stands, joint stands, passes, lead counts only), setting up an
exhibitor, inviting its manager, review mode with the queue and its history, field locks and booth talks."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from events.models import (
    BoothTalkProposal,
    Exhibitor,
    ExhibitorChange,
    ExhibitorStaffMember,
    OutboundMessage,
    Session,
    WebhookEvent,
)
from events.services import booth_content, booth_talks, exhibitor_passes, exhibitors, leads, webhooks
from events.services.badges import get_or_issue_badge
from events.services.publishing import release_schedule
from tests import factories


@pytest.fixture
def hall(convention):
    return factories.HallFactory(convention=convention, name="Halle 25")


@pytest.fixture
def govtech(convention, hall):
    exhibitor = factories.ExhibitorFactory(convention=convention, name="GovTech Berlin", slug="govtech")
    factories.BoothFactory(exhibitor=exhibitor, hall=hall, number="508", size_sqm=40)
    factories.TicketTypeFactory(
        convention=convention, is_exhibitor_pass=True, exhibitor_passes_base=1, exhibitor_sqm_per_pass=20
    )
    return exhibitor


@pytest.fixture
def orga(client, organizer):
    client.force_login(organizer)
    return client


def base(convention) -> str:
    return f"/organize/{convention.slug}/exhibitors/"


def manager_client(exhibitor) -> Client:
    user = factories.UserFactory(email=f"manager-{exhibitor.slug}@example.org")
    ExhibitorStaffMember.objects.create(exhibitor=exhibitor, user=user, is_manager=True)
    client = Client()
    client.force_login(user)
    return client


def test_list_shows_stands_joint_stands_passes_and_lead_counts_only(orga, convention, govtech):
    partner = exhibitors.add_co_exhibitor(main=govtech, name="Partner Project", slug="partner")
    visitor = factories.RegistrationFactory(
        convention=convention, first_name="Erika", last_name="Mustermann", consent_share_contact_at=timezone.now()
    )
    code = get_or_issue_badge(registration=visitor).code
    leads.capture_lead(exhibitor=govtech, code=code, nonce="n-list-1")
    leads.capture_lead(exhibitor=partner, code=code, nonce="n-list-2")
    manager_client(govtech)
    exhibitor_passes.issue_pass(member=govtech.staff.get())

    page = orga.get(base(convention)).content.decode()

    assert "2 exhibitors" in page
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr( class=\"co-exhibitor\")?>(.*?)</tr>", body, re.S)
    texts = [re.sub(r"<[^>]+>|\s+", " ", row).split() for _cls, row in rows]
    assert [" ".join(text) for text in texts] == [
        "GovTech Berlin joint stand with 1 co-exhibitor 508, Halle 25 1 1 / 2 1 –",
        "↳ Co-exhibitor: Partner Project 508, Halle 25 joint stand none yet 0 / 1 1 –",
    ]
    assert "Erika" not in page and "Mustermann" not in page


def test_organizer_adds_an_exhibitor_with_a_stand(orga, convention, hall, govtech):
    response = orga.post(
        base(convention) + "new/",
        {"name": "Data Lab", "slug": "data-lab", "hall": hall.pk, "booth_number": "512", "size_sqm": "20"},
    )

    exhibitor = Exhibitor.objects.get(slug="data-lab")
    assert response.status_code == 302 and response["Location"] == base(convention) + f"{exhibitor.pk}/"
    assert (exhibitor.booth.hall, exhibitor.booth.number) == (hall, "512")


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"slug": "govtech"}, "Another exhibitor of this convention has this short name."),
        ({"booth_number": "508"}, "Stand 508 in Halle 25 belongs to GovTech Berlin."),
        ({"booth_number": ""}, "A stand needs both a hall and a stand number."),
    ],
    ids=["slug-taken", "stand-taken", "half-a-stand"],
)
def test_a_clash_is_a_field_error_and_nothing_is_added(orga, convention, hall, govtech, data, field_error):
    posted = {"name": "Data Lab", "slug": "data-lab", "hall": hall.pk, "booth_number": "512", **data}

    response = orga.post(base(convention) + "new/", posted)

    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert Exhibitor.objects.count() == 1


def test_organizer_puts_an_exhibitor_on_a_joint_stand_and_locks_its_name(orga, convention, govtech):
    other = factories.ExhibitorFactory(convention=convention, name="Ministry Project", slug="ministry")

    response = orga.post(
        base(convention) + f"{other.pk}/edit/",
        {"name": "Ministry Project", "slug": "ministry", "main_exhibitor": govtech.pk, "locked_fields": ["name"]},
    )

    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.main_exhibitor, other.locked_fields, exhibitors.stand_of(other)) == (govtech, ["name"], govtech.booth)
    page = orga.get(base(convention) + f"{other.pk}/").content.decode()
    assert "co-exhibitor on the stand of GovTech Berlin" in page
    assert "Locked fields</h2>\n  <p>Name</p>" in page


def test_a_co_exhibitor_cannot_host_a_stand_of_its_own(orga, convention, govtech):
    partner = exhibitors.add_co_exhibitor(main=govtech, name="Partner Project", slug="partner")
    other = factories.ExhibitorFactory(convention=convention, slug="other")

    response = orga.post(
        base(convention) + f"{other.pk}/edit/", {"name": other.name, "slug": "other", "main_exhibitor": partner.pk}
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    other.refresh_from_db()
    assert other.main_exhibitor is None


def test_organizer_invites_a_manager_by_e_mail(orga, convention, govtech):
    response = orga.post(
        base(convention) + f"{govtech.pk}/invite/",
        {"email": "ada@govtech.example", "first_name": "Ada", "last_name": "Lovelace", "language": "de"},
    )

    assert response.status_code == 302
    message = OutboundMessage.objects.get(kind="exhibitor_invitation")
    assert message.recipient == "ada@govtech.example"
    assert re.search(r"/exhibitor/invitations/[\w-]+/", message.body_text)
    invitation = govtech.invitations.get()
    assert invitation.is_manager and invitation.language == "de"
    assert "ada@govtech.example" in orga.get(base(convention) + f"{govtech.pk}/").content.decode()


def test_a_bad_invitation_address_is_a_field_error(orga, convention, govtech):
    response = orga.post(base(convention) + f"{govtech.pk}/invite/", {"email": "not-an-address", "language": "de"})

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert OutboundMessage.objects.count() == 0


def test_review_mode_holds_an_edit_until_the_organizer_approves_it(orga, convention, govtech):
    webhooks.create_endpoint(convention=convention, url="https://crm.example/hooks", event_types=["exhibitor.updated"])
    orga.post(base(convention) + "settings/", {"reviewed": "review"})
    manager = manager_client(govtech)
    public_url = f"/events/{convention.slug}/exhibitors/govtech/"

    manager.post(f"/exhibitor/{govtech.pk}/profile/", {"name": "GovTech Berlin", "profile_en": "Fresh text"})

    public_api = f"/api/v1/events/{convention.slug}/exhibitors/"
    release_schedule(convention=convention)
    assert "Fresh text" not in Client().get(public_url).content.decode()
    assert "Fresh text" not in Client().get(public_api).content.decode()
    assert WebhookEvent.objects.count() == 0
    queue = orga.get(base(convention) + "review/").content.decode()
    assert re.search(
        r"<th scope=\"row\">Profile \(English\)</th><td class=\"live\">We build digital infrastructure for "
        r"municipalities.</td><td class=\"pending\">Fresh text</td>",
        queue,
    )
    change = ExhibitorChange.objects.get(status="pending")

    response = orga.post(
        base(convention) + f"review/{change.pk}/", {"decision": "approve", "note": "Thanks, looks good."}
    )

    assert response.status_code == 302
    assert "Fresh text" in Client().get(public_url).content.decode()
    assert "Fresh text" in Client().get(public_api).content.decode()
    assert [event.data["profile_en"] for event in WebhookEvent.objects.all()] == ["Fresh text"]
    history = orga.get(base(convention) + f"{govtech.pk}/").content.decode()
    assert "Thanks, looks good." in history and "Approved" in history


def test_a_rejected_change_stays_private_and_in_the_history(orga, convention, govtech):
    booth_content.set_review_mode(convention=convention, reviewed=True)
    manager = manager_client(govtech)
    manager.post(f"/exhibitor/{govtech.pk}/profile/", {"name": "GovTech Berlin", "profile_en": "Buy now!!!"})
    change = ExhibitorChange.objects.get(status="pending")

    orga.post(base(convention) + f"review/{change.pk}/", {"decision": "reject", "note": "Please describe the booth."})

    assert "Buy now" not in Client().get(f"/events/{convention.slug}/exhibitors/govtech/").content.decode()
    change.refresh_from_db()
    assert (change.status, change.review_note) == ("rejected", "Please describe the booth.")
    assert "Please describe the booth." in orga.get(base(convention) + "review/").content.decode()
    again = orga.post(base(convention) + f"review/{change.pk}/", {"decision": "approve"}, follow=True)
    assert "This change was already reviewed." in again.content.decode()


def test_a_locked_field_cannot_be_changed_by_post_from_the_portal_or_the_api(orga, convention, govtech):
    orga.post(
        base(convention) + f"{govtech.pk}/edit/",
        {"name": "GovTech Berlin", "slug": "govtech", "hall": govtech.booth.hall_id, "booth_number": "508",
         "locked_fields": ["name", "logo"]},
    )  # fmt: skip
    manager = manager_client(govtech)

    page = manager.post(f"/exhibitor/{govtech.pk}/profile/", {"name": "Renamed GmbH", "profile_en": "x"})
    api_patch = manager.patch(
        f"/api/v1/manage/events/{convention.slug}/exhibitors/{govtech.pk}/",
        {"name": "Renamed GmbH"},
        content_type="application/json",
    )

    govtech.refresh_from_db()
    assert govtech.name == "GovTech Berlin"
    assert page.status_code == 302  # the disabled field ignores what is posted; the rest is saved
    assert api_patch.status_code == 404  # exhibitors have no write access to their row through the API
    assert list(ExhibitorChange.objects.values_list("changes", flat=True)) == [{"profile_en": "x"}]


def test_accepting_a_booth_talk_goes_through_the_scheduling_rules(orga, convention, govtech):
    stage = factories.RoomFactory(convention=convention, name="Booth stage 25", kind="booth_area")
    factories.SessionFactory(
        convention=convention, room=stage, title_en="Keynote rehearsal", start=factories.berlin(0, 10)
    )
    proposal = booth_talks.propose_booth_talk(
        exhibitor=govtech, proposed_by=None, title_en="Open data in 20 minutes", duration_minutes=20
    )
    url = base(convention) + f"talks/{proposal.pk}/"
    prefix = f"p{proposal.pk}"

    clash = orga.post(
        url, {f"{prefix}-decision": "accept", f"{prefix}-room": stage.pk, f"{prefix}-start": "2025-09-30T10:15"}
    )

    assert clash.status_code == 400
    assert "already holds “Keynote rehearsal”" in clash.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, Session.objects.count()) == ("proposed", 1)

    accepted = orga.post(
        url, {f"{prefix}-decision": "accept", f"{prefix}-room": stage.pk, f"{prefix}-start": "2025-09-30T11:00"}
    )

    assert accepted.status_code == 302
    proposal.refresh_from_db()
    session = proposal.session
    assert (proposal.status, session.room, session.exhibitor) == ("accepted", stage, govtech)
    assert session.start == factories.berlin(0, 11)


def test_a_booth_talk_start_is_read_in_a_new_york_conventions_time(orga, convention, govtech):
    convention.time_zone = "America/New_York"
    convention.save(update_fields=["time_zone"])
    stage = factories.RoomFactory(convention=convention, name="Booth stage 25", kind="booth_area")
    proposal = booth_talks.propose_booth_talk(
        exhibitor=govtech, proposed_by=None, title_en="Open data in 20 minutes", duration_minutes=20
    )
    prefix = f"p{proposal.pk}"

    accepted = orga.post(
        base(convention) + f"talks/{proposal.pk}/",
        {f"{prefix}-decision": "accept", f"{prefix}-room": stage.pk, f"{prefix}-start": "2025-09-30T11:00"},
    )

    assert accepted.status_code == 302
    proposal.refresh_from_db()
    assert proposal.session.start.isoformat() == "2025-09-30T15:00:00+00:00"  # 11:00 in New York (EDT)


def test_pages_need_sign_in_and_a_seat_on_the_team(client, convention, govtech):
    assert client.get(base(convention)).status_code == 302
    outsider = factories.UserFactory()
    other = factories.ConventionFactory()
    other.organizers.add(outsider)
    client.force_login(outsider)
    assert client.get(base(convention)).status_code == 404
    assert client.get(base(convention) + f"{govtech.pk}/").status_code == 404
    assert client.post(base(convention) + f"{govtech.pk}/invite/", {"email": "x@example.org"}).status_code == 404
    assert OutboundMessage.objects.count() == 0


def test_an_exhibitor_of_another_convention_is_not_found(orga, convention, govtech):
    stranger = factories.ExhibitorFactory()
    proposal = BoothTalkProposal.objects.create(exhibitor=stranger, title_en="Elsewhere")

    assert orga.get(base(convention) + f"{stranger.pk}/").status_code == 404
    assert (
        orga.post(base(convention) + f"talks/{proposal.pk}/", {f"p{proposal.pk}-decision": "decline"}).status_code
        == 404
    )


@pytest.mark.parametrize("role", ["curator", "readonly"])
def test_curators_and_read_only_members_see_the_pages_but_change_nothing(client, convention, govtech, role):
    booth_content.set_review_mode(convention=convention, reviewed=True)
    booth_content.change_booth_content(exhibitor=govtech, author=None, changes={"profile_en": "Waiting"})
    change = ExhibitorChange.objects.get()
    proposal = booth_talks.propose_booth_talk(exhibitor=govtech, proposed_by=None, title_en="Talk")
    client.force_login(factories.team_member(convention, role))

    pages = [client.get(base(convention) + path) for path in ("", f"{govtech.pk}/", "review/", "talks/")]
    writes = [
        client.post(base(convention) + "settings/", {"reviewed": "live"}),
        client.post(base(convention) + "new/", {"name": "X", "slug": "x"}),
        client.post(base(convention) + f"{govtech.pk}/edit/", {"name": "Renamed", "slug": "govtech"}),
        client.post(base(convention) + f"{govtech.pk}/invite/", {"email": "x@example.org", "language": "de"}),
        client.post(base(convention) + f"review/{change.pk}/", {"decision": "approve"}),
        client.post(base(convention) + f"talks/{proposal.pk}/", {f"p{proposal.pk}-decision": "decline"}),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert "Freigeben" not in pages[2].content.decode() and "Approve" not in pages[2].content.decode()
    assert [write.status_code for write in writes] == [403] * 6
    convention.refresh_from_db()
    govtech.refresh_from_db()
    change.refresh_from_db()
    proposal.refresh_from_db()
    assert (convention.exhibitor_changes_reviewed, govtech.name, change.status, proposal.status) == (
        True,
        "GovTech Berlin",
        "pending",
        "proposed",
    )
    assert (Exhibitor.objects.count(), OutboundMessage.objects.count()) == (1, 0)


def test_the_reviewer_opens_waiting_material_before_deciding(orga, convention, govtech):
    from django.core.files.uploadedfile import SimpleUploadedFile

    booth_content.set_review_mode(convention=convention, reviewed=True)
    pdf = SimpleUploadedFile("brochure.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF\n")
    material = booth_content.add_material(exhibitor=govtech, author=None, title="Brochure", file=pdf)

    queue = orga.get(base(convention) + "review/").content.decode()
    link = re.search(r'<a href="(/media/[^"]+)">Open the waiting file</a>', queue).group(1)

    assert '<th scope="row">Material added</th><td class="live">–</td><td class="pending">Brochure</td>' in queue
    assert orga.get(link).status_code == 200
    assert Client().get(link).status_code == 404
    assert not material.is_approved
