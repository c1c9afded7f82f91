"""The organizer area in a real browser: the owner invites a programme curator on the team page; the curator
signs in with the link from the e-mail file and lands on the organizer home. axe finds nothing serious on the
home and team pages; screenshots at 390 px and 1366 px in German and English."""

import re

import pytest
from playwright.sync_api import expect

from events.enums import TeamRole
from events.models import ConventionMember
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_exhibitor_portal_pages import latest_link
from tests.browser.test_programme_pages import serious_violations


@pytest.fixture
def team_world(transactional_db, settings, tmp_path, live_server):
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    convention = factories.ConventionFactory(slug="sccon", name="Smart Country Convention")
    factories.RoomFactory(convention=convention, name="Main Stage", position=0)
    stage = factories.RoomFactory(convention=convention, name="Stage Urban Data", position=1)
    factories.TrackFactory(convention=convention, name_en="Urban data", name_de="Urbane Daten")
    owner = factories.team_member(
        convention, TeamRole.OWNER, username="olga", first_name="Olga", last_name="Owner", email="olga@sccon.example"
    )
    owner.set_password("messe-2025-secret")
    owner.save()
    factories.team_member(convention, TeamRole.READONLY, username="rita", email="rita@sccon.example")
    return {"convention": convention, "stage": stage, "mail": tmp_path / "mail"}


def test_owner_invites_a_curator_who_signs_in_from_the_mail(browser, live_server, team_world, screenshots):
    base = live_server.url
    owner = browser.new_context(viewport=DESKTOP, locale="en-GB").new_page()
    owner.set_default_timeout(10_000)

    # Signing in without ?next= lands on the organizer home of the owner's one convention.
    owner.goto(f"{base}/login/?lang=en")
    owner.get_by_label("User name").fill("olga")
    owner.get_by_label("Password").fill("messe-2025-secret")
    owner.locator("form.stack button[type=submit]").click()
    owner.wait_for_url(f"{base}/organize/sccon/?lang=en")
    expect(owner.get_by_role("heading", level=1)).to_have_text("Smart Country Convention")
    assert serious_violations(owner) == []
    owner.screenshot(path=screenshots / "organizer-home-en-desktop.png", full_page=True)

    nav = owner.get_by_role("navigation", name="Organizer area")
    nav.get_by_role("link", name="Team").click()
    owner.wait_for_url(f"{base}/organize/sccon/team/?lang=en")
    expect(owner.get_by_role("table", name="Members of the team")).to_contain_text("rita@sccon.example")
    assert serious_violations(owner) == []

    # A curator without a room or track is a field error; with the stage it is invited.
    owner.get_by_label("E-mail address").fill("ute@berlin.example")
    owner.get_by_label("Role").select_option("curator")
    owner.get_by_label("Language of the invitation").select_option("en")
    owner.get_by_role("button", name="Invite").click()
    expect(owner.get_by_role("alert")).to_contain_text("at least one room or track")
    assert serious_violations(owner) == []
    owner.screenshot(path=screenshots / "organizer-team-error-en-desktop.png", full_page=True)
    owner.get_by_role("checkbox", name="Stage Urban Data").check()
    owner.get_by_role("button", name="Invite").click()
    expect(owner.get_by_role("status")).to_contain_text("ute@berlin.example is on the team now")
    expect(owner.get_by_role("table", name="Members of the team")).to_contain_text("Stage Urban Data")
    # The pending invitation's resend button sits beside "Change", not on a line of its own.
    invited = owner.get_by_role("row").filter(has_text="ute@berlin.example")
    change = invited.get_by_role("link", name=re.compile(r"^Change")).bounding_box()
    resend = invited.get_by_role("button", name=re.compile(r"^Send invitation again")).bounding_box()
    assert resend["x"] >= change["x"] + change["width"]
    assert resend["y"] < change["y"] + change["height"] and change["y"] < resend["y"] + resend["height"]
    owner.screenshot(path=screenshots / "organizer-team-en-desktop.png", full_page=True)
    owner.set_viewport_size(PHONE)
    owner.screenshot(path=screenshots / "organizer-team-en-phone.png", full_page=True)
    owner.goto(f"{base}/organize/sccon/team/?lang=de")
    expect(owner.get_by_role("heading", name="Jemanden einladen")).to_be_visible()
    assert serious_violations(owner) == []
    owner.screenshot(path=screenshots / "organizer-team-de-phone.png", full_page=True)

    member = ConventionMember.objects.get(user__email="ute@berlin.example")
    assert (member.role, [room.name for room in member.rooms.all()]) == ("curator", ["Stage Urban Data"])

    # The curator follows the link from the e-mail, confirms and sees the organizer home (no team page).
    curator = browser.new_context(viewport=PHONE, locale="de-DE").new_page()
    curator.set_default_timeout(10_000)
    curator.goto(latest_link(team_world["mail"], rf"{re.escape(base)}/organize/sccon/sign-in/[\w-]+/[\w-]+/\?lang=en"))
    expect(curator.get_by_text("Sign in as ute@berlin.example?")).to_be_visible()
    curator.get_by_role("button", name="Sign in").click()
    curator.wait_for_url(f"{base}/organize/sccon/?lang=en")
    expect(curator.get_by_text("Programme curator").first).to_be_visible()
    assert curator.get_by_role("link", name="Team").count() == 0
    assert serious_violations(curator) == []
    curator.screenshot(path=screenshots / "organizer-home-curator-phone.png", full_page=True)
    curator.goto(f"{base}/organize/sccon/?lang=de")
    expect(curator.get_by_text("Programmkurator").first).to_be_visible()
    curator.screenshot(path=screenshots / "organizer-home-curator-de-phone.png", full_page=True)
    assert curator.goto(f"{base}/organize/sccon/team/").status == 403
