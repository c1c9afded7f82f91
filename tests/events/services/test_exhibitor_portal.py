"""Exhibitor managers, staff, passes, booth content with review and locks, leads' edits and exports."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events.enums import ExhibitorChangeStatus
from events.errors import FieldLocked, InvitationInvalid, PassQuotaExhausted
from events.models import Badge, ExhibitorChange, ExhibitorStaffMember, Lead, OutboundMessage, RegistrationStatus
from events.selectors.exhibitors import public_exhibitors
from events.selectors.leads import leads_of
from events.services import booth_content, exhibitor_passes, exhibitor_staff, exhibitors, lead_exports, leads, privacy
from events.services.badges import get_or_issue_badge
from tests import factories


@pytest.fixture
def exhibitor(convention):
    exhibitor = factories.ExhibitorFactory(convention=convention, name="GovTech Berlin", slug="govtech")
    factories.BoothFactory(exhibitor=exhibitor, size_sqm=40)
    return exhibitor


@pytest.fixture
def pass_type(convention):
    return factories.TicketTypeFactory(
        convention=convention,
        name_en="Exhibitor pass",
        is_exhibitor_pass=True,
        exhibitor_passes_base=1,
        exhibitor_sqm_per_pass=20,
    )


def invitation_token(message: OutboundMessage) -> str:
    return re.search(r"/exhibitor/invitations/([\w-]+)/", message.body_text).group(1)


def invite_and_accept(exhibitor, email, *, is_manager=False, first="Ada", last="Lovelace"):
    exhibitor_staff.invite_staff(
        exhibitor=exhibitor, email=email, is_manager=is_manager, invited_by=None, language="en"
    )
    message = OutboundMessage.objects.filter(kind="exhibitor_invitation", recipient__iexact=email).latest("pk")
    return exhibitor_staff.accept_invitation(token=invitation_token(message), first_name=first, last_name=last)


def test_accepting_an_invitation_makes_a_manager_with_a_pass_and_badge(exhibitor, pass_type):
    member = invite_and_accept(exhibitor, "Ada@GovTech.example", is_manager=True)

    assert (member.is_manager, member.user.email, member.user.has_usable_password()) == (
        True,
        "ada@govtech.example",
        False,
    )
    assert member.registration.status == RegistrationStatus.CONFIRMED
    assert member.registration.ticket_type == pass_type
    assert Badge.objects.filter(registration=member.registration, revoked_at=None).count() == 1


def test_an_invitation_link_works_once(exhibitor, pass_type):
    exhibitor_staff.invite_staff(exhibitor=exhibitor, email="bo@example.org", is_manager=False, invited_by=None)
    token = invitation_token(OutboundMessage.objects.get(kind="exhibitor_invitation"))
    exhibitor_staff.accept_invitation(token=token, first_name="Bo", last_name="Chen")

    with pytest.raises(InvitationInvalid):
        exhibitor_staff.accept_invitation(token=token, first_name="Eve", last_name="Mallory")
    assert ExhibitorStaffMember.objects.filter(exhibitor=exhibitor).count() == 1


def test_passes_follow_the_booth_size_quota(exhibitor, pass_type):
    # One base pass plus one per 20 m² of a 40 m² booth: three passes.
    members = [invite_and_accept(exhibitor, f"staff{n}@example.org") for n in range(4)]

    assert [member.registration is not None for member in members] == [True, True, True, False]
    with pytest.raises(PassQuotaExhausted):
        exhibitor_passes.issue_pass(member=members[3])
    exhibitor_passes.revoke_pass(member=members[0])
    assert exhibitor_passes.issue_pass(member=members[3]).registration.status == RegistrationStatus.CONFIRMED


def test_revoking_a_pass_revokes_its_badge(exhibitor, pass_type):
    member = invite_and_accept(exhibitor, "cy@example.org")
    badge = Badge.objects.get(registration=member.registration)

    exhibitor_passes.revoke_pass(member=member)

    badge.refresh_from_db()
    assert badge.revoked_at is not None


def test_replacing_a_pass_issues_a_new_badge(exhibitor, pass_type):
    member = invite_and_accept(exhibitor, "di@example.org")
    old = Badge.objects.get(registration=member.registration)

    new = exhibitor_passes.replace_pass(member=member)

    old.refresh_from_db()
    assert (old.revoked_at is not None, new.revoked_at, new.code != old.code) == (True, None, True)


def test_sign_in_link_works_once(exhibitor, pass_type):
    member = invite_and_accept(exhibitor, "ed@example.org")
    assert exhibitor_staff.send_sign_in_link(email="ED@example.org") is True
    assert exhibitor_staff.send_sign_in_link(email="nobody@example.org") is False
    body = OutboundMessage.objects.get(kind="exhibitor_sign_in").body_text
    uid, token = re.search(r"/exhibitor/sign-in/([\w-]+)/([\w-]+)/", body).groups()

    user = exhibitor_staff.user_for_sign_in_link(uid=uid, token=token)
    assert user == member.user
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert exhibitor_staff.user_for_sign_in_link(uid=uid, token=token) is None


def test_without_review_a_change_is_public_at_once_and_kept_in_history(exhibitor):
    change = booth_content.change_booth_content(
        exhibitor=exhibitor, author=None, changes={"profile_de": "Wir bauen Verwaltung digital."}
    )

    assert change.status == ExhibitorChangeStatus.APPLIED
    assert change.previous == {"profile_de": ""}
    assert public_exhibitors(convention_id=exhibitor.convention_id).get().profile_de == "Wir bauen Verwaltung digital."


def test_with_review_a_change_is_public_only_after_approval(exhibitor):
    exhibitor.convention.exhibitor_changes_reviewed = True
    exhibitor.convention.save()

    change = booth_content.change_booth_content(exhibitor=exhibitor, author=None, changes={"profile_en": "New text"})
    booth_content.change_booth_content(exhibitor=exhibitor, author=None, changes={"website": "https://govtech.example"})

    public = public_exhibitors(convention_id=exhibitor.convention_id).get()
    assert (public.profile_en, public.website) == ("We build digital infrastructure for municipalities.", "")
    change.refresh_from_db()
    assert change.changes == {"profile_en": "New text", "website": "https://govtech.example"}

    booth_content.approve_change(change=change, reviewer=None)

    public = public_exhibitors(convention_id=exhibitor.convention_id).get()
    assert (public.profile_en, public.website) == ("New text", "https://govtech.example")


def test_a_locked_field_cannot_be_changed(exhibitor):
    booth_content.lock_fields(exhibitor=exhibitor, fields=["name"])

    with pytest.raises(FieldLocked):
        booth_content.change_booth_content(
            exhibitor=exhibitor, author=None, changes={"name": "Renamed", "profile_en": "x"}
        )

    exhibitor.refresh_from_db()
    assert (exhibitor.name, ExhibitorChange.objects.count()) == ("GovTech Berlin", 0)
    # Sending the locked value unchanged is fine (a form posts every field).
    assert booth_content.change_booth_content(
        exhibitor=exhibitor, author=None, changes={"name": "GovTech Berlin", "profile_en": "y"}
    ).changes == {"profile_en": "y"}


def test_material_waits_for_review(exhibitor):
    exhibitor.convention.exhibitor_changes_reviewed = True
    exhibitor.convention.save()
    pdf = SimpleUploadedFile("brochure.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF\n")

    material = booth_content.add_material(exhibitor=exhibitor, author=None, title="Brochure", file=pdf)

    assert public_exhibitors(convention_id=exhibitor.convention_id).get().public_materials == []
    booth_content.approve_change(change=material.content_changes.get(), reviewer=None)
    assert [m.title for m in public_exhibitors(convention_id=exhibitor.convention_id).get().public_materials] == [
        "Brochure"
    ]


def test_co_exhibitors_share_the_stand_but_not_their_leads(exhibitor, convention):
    partner = exhibitors.add_co_exhibitor(main=exhibitor, name="Partner Project", slug="partner")
    visitor = factories.RegistrationFactory(convention=convention, consent_share_contact_at=timezone.now())
    code = get_or_issue_badge(registration=visitor).code

    leads.capture_lead(exhibitor=partner, code=code, nonce="nonce-partner-1")

    assert exhibitors.stand_of(partner) == exhibitor.booth
    assert [lead.exhibitor for lead in Lead.objects.all()] == [partner]
    assert list(leads_of(exhibitor=exhibitor)) == []


def test_lead_export_presets_keep_consent_and_neutralise_formulas(exhibitor, convention):
    consenting = factories.RegistrationFactory(
        convention=convention, first_name="=cmd", last_name="+Evil", consent_share_contact_at=timezone.now()
    )
    anonymous = factories.RegistrationFactory(convention=convention, first_name="Hidden")
    for n, registration in enumerate((consenting, anonymous)):
        leads.capture_lead(
            exhibitor=exhibitor, code=get_or_issue_badge(registration=registration).code, nonce=f"nonce-csv-{n}"
        )
    handed_over = privacy.hand_over_leads(exhibitor=exhibitor, actor=None)

    hubspot = lead_exports.leads_csv(exhibitor=exhibitor, leads=handed_over, preset="hubspot").splitlines()
    salesforce = lead_exports.leads_csv(exhibitor=exhibitor, leads=handed_over, preset="salesforce").splitlines()

    assert hubspot[0] == "First Name,Last Name,Email,Company Name,Job Title,Lead Status,Notes,Lead Rating"
    rows = sorted(hubspot[1:], key=lambda row: row.startswith(","))
    assert rows[0].startswith("'=cmd,'+Evil,")
    assert rows[1].startswith(",,,,,NEW")  # no consent: no personal field at all
    assert salesforce[0] == "FirstName,LastName,Company,Title,Email,Rating,Description,LeadSource"
    assert "Hidden" not in "\n".join(hubspot + salesforce)


def test_lead_notes_rating_tags_are_editable_and_filterable(exhibitor, convention):
    visitor = factories.RegistrationFactory(convention=convention)
    lead, _ = leads.capture_lead(
        exhibitor=exhibitor, code=get_or_issue_badge(registration=visitor).code, nonce="n-edit-1"
    )

    lead_exports.update_lead(lead=lead, notes="Wants a demo", rating=5, tags=["ai", "cloud", "ai"])

    lead.refresh_from_db()
    assert (lead.notes, lead.rating, lead.tags) == ("Wants a demo", 5, ["ai", "cloud"])
    assert list(leads_of(exhibitor=exhibitor, tag="ai")) == [lead]
    assert list(leads_of(exhibitor=exhibitor, tag="a")) == []
    assert list(leads_of(exhibitor=exhibitor, rating=4)) == []


def test_an_accepted_booth_talk_is_a_confirmed_session_of_the_exhibitor(exhibitor, convention):
    import datetime as dt

    from events.enums import SessionFormat, SessionStatus, TalkProposalStatus
    from events.services import booth_talks
    from tests.factories import berlin

    stage = factories.RoomFactory(convention=convention, name="Booth stage")
    proposal = booth_talks.propose_booth_talk(
        exhibitor=exhibitor, proposed_by=None, title_de="Genehmigungen digital", duration_minutes=15
    )

    session = booth_talks.accept_booth_talk(proposal=proposal, room=stage, start=berlin(0, 11))

    proposal.refresh_from_db()
    assert (proposal.status, proposal.session) == (TalkProposalStatus.ACCEPTED, session)
    assert (session.format, session.status, session.exhibitor, session.room) == (
        SessionFormat.BOOTH_TALK,
        SessionStatus.CONFIRMED,
        exhibitor,
        stage,
    )
    assert session.end - session.start == dt.timedelta(minutes=15)


def test_qualifier_answers_keep_to_the_exhibitors_questions(exhibitor, convention):
    from events.errors import ValidationFailed

    lead_exports.save_lead_question(
        exhibitor=exhibitor,
        identifier="budget",
        label_de="Budget",
        label_en="Budget",
        kind="choice",
        choices=["< 10k", "> 10k"],
    )
    visitor = factories.RegistrationFactory(convention=convention)
    lead, _ = leads.capture_lead(exhibitor=exhibitor, code=get_or_issue_badge(registration=visitor).code, nonce="n-q-1")

    lead_exports.update_lead(lead=lead, answers={"budget": "> 10k", "unknown": "dropped"})
    with pytest.raises(ValidationFailed):
        lead_exports.update_lead(lead=lead, answers={"budget": "a million"})

    lead.refresh_from_db()
    assert lead.answers == {"budget": "> 10k"}
    csv_rows = lead_exports.leads_csv(exhibitor=exhibitor, leads=[lead], preset="generic").splitlines()
    assert csv_rows[0].endswith(",Budget") and csv_rows[1].endswith(",> 10k")
