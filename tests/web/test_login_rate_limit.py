"""Password guessing on the sign-in pages is slowed down, per address and per account name."""

import pytest

from api.throttling import MesseRateThrottle
from tests import factories


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    """Limits count per fixed window: the attempts of a test fall into one window, however slowly they run (a
    window ending between the 5th and the 6th attempt would let the 6th through)."""
    monkeypatch.setattr(MesseRateThrottle, "timer", staticmethod(lambda: 1_800_000_000.0))


@pytest.fixture
def account(db):
    user = factories.UserFactory(username="orga", is_staff=True)
    user.set_password("the-right-password")
    user.save()
    return user


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_guessing_from_one_address_is_throttled_and_then_even_the_right_password_waits(client, account, settings, path):
    settings.MESSE_THROTTLE_RATES = {**settings.MESSE_THROTTLE_RATES, "login": "5/min"}

    guesses = [client.post(path, {"username": "orga", "password": f"guess-{n}"}).status_code for n in range(5)]
    throttled = client.post(path, {"username": "orga", "password": "the-right-password"})

    assert guesses == [200] * 5
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) >= 1
    assert "Too many sign-in attempts" in throttled.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_account_guessed_from_many_addresses_is_throttled(client, account, settings):
    settings.MESSE_THROTTLE_RATES = {**settings.MESSE_THROTTLE_RATES, "login": "100/min", "login_account": "3/h"}

    answers = [
        client.post("/login/", {"username": "ORGA", "password": "x"}, REMOTE_ADDR=f"203.0.113.{n}").status_code
        for n in range(4)
    ]
    other_account = client.post("/login/", {"username": "someone", "password": "x"}, REMOTE_ADDR="203.0.113.9")

    assert answers == [200, 200, 200, 429]
    assert other_account.status_code == 200


def test_throttled_page_is_german_for_german_browsers(client, account, settings):
    settings.MESSE_THROTTLE_RATES = {**settings.MESSE_THROTTLE_RATES, "login": "1/min"}
    client.post("/login/", {"username": "orga", "password": "x"})

    response = client.post("/login/", {"username": "orga", "password": "x"}, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 429
    assert "Zu viele Anmeldeversuche" in response.content.decode()


def test_signing_in_within_the_limit_still_works(client, account):
    response = client.post("/login/", {"username": "orga", "password": "the-right-password"})

    assert response.status_code == 302
