"""Exhibitor managers who set a password when accepting their invitation sign in with it (e-mail address and
password), from the link on the portal's sign-in page; a wrong password signs nobody in."""

import re

import pytest

from events.models import OutboundMessage
from events.services import exhibitor_staff
from tests import factories


@pytest.fixture
def exhibitor(convention):
    exhibitor = factories.ExhibitorFactory(convention=convention, name="GovTech Berlin", slug="govtech")
    exhibitor_staff.invite_staff(exhibitor=exhibitor, email="ada@govtech.example", is_manager=True, invited_by=None)
    return exhibitor


def accept_with_password(client, password: str) -> None:
    path = re.search(r"(/exhibitor/invitations/[\w-]+/)", OutboundMessage.objects.get().body_text).group(1)
    response = client.post(
        path, {"first_name": "Ada", "last_name": "Lovelace", "password": password, "accept_terms": "on"}
    )
    assert response.status_code == 302
    client.logout()


def password_sign_in_url(client) -> str:
    page = client.get("/exhibitor/sign-in/").content.decode()
    return re.search(r'<a href="(/login/\?next=[^"]+)">Sign in with your password</a>', page).group(1)


def test_manager_signs_in_with_e_mail_and_password(client, exhibitor):
    accept_with_password(client, "booth-508-berlin")

    response = client.post(
        password_sign_in_url(client), {"username": "ada@govtech.example", "password": "booth-508-berlin"}
    )

    assert (response.status_code, response["Location"]) == (302, "/exhibitor/")
    home = client.get("/exhibitor/").content.decode()
    assert "GovTech Berlin" in home
    assert client.get(f"/exhibitor/{exhibitor.pk}/profile/").status_code == 200


def test_a_wrong_password_signs_nobody_in(client, exhibitor):
    accept_with_password(client, "booth-508-berlin")

    response = client.post(password_sign_in_url(client), {"username": "ada@govtech.example", "password": "guess"})

    assert response.status_code == 200
    assert client.get(f"/exhibitor/{exhibitor.pk}/").status_code == 302


def test_without_a_password_only_the_link_signs_in(client, exhibitor):
    accept_with_password(client, "")

    response = client.post(password_sign_in_url(client), {"username": "ada@govtech.example", "password": ""})

    assert response.status_code == 200
    assert client.get(f"/exhibitor/{exhibitor.pk}/").status_code == 302


def test_signing_in_without_a_destination_opens_the_portal(client, exhibitor):
    accept_with_password(client, "booth-508-berlin")

    response = client.post("/login/", {"username": "ada@govtech.example", "password": "booth-508-berlin"})

    assert (response.status_code, response["Location"]) == (302, "/exhibitor/")
