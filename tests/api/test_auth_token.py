import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture
def account(db):
    return factories.UserFactory(username="orga")


def test_token_login_returns_a_token_that_authenticates(api_client, account):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "orga", "password": "messe-test-password"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=account).key}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/manage/events/").status_code == 200


def test_token_login_twice_returns_the_same_token(api_client, account):
    credentials = {"username": "orga", "password": "messe-test-password"}

    first = api_client.post("/api/v1/auth/token/", credentials, format="json").json()
    second = api_client.post("/api/v1/auth/token/", credentials, format="json").json()

    assert first == second


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "orga", "password": "wrong"},
        {"username": "nobody", "password": "messe-test-password"},
    ],
)
def test_token_login_with_bad_credentials_is_refused(api_client, account, credentials):
    response = api_client.post("/api/v1/auth/token/", credentials, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_credentials",
        "message": "Unable to log in with the given username and password.",
    }
    assert Token.objects.count() == 0


def test_token_login_of_inactive_account_is_refused(api_client, account):
    account.is_active = False
    account.save()

    response = api_client.post(
        "/api/v1/auth/token/", {"username": "orga", "password": "messe-test-password"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": "x"}, "username"),
        ({"username": "orga"}, "password"),
        ({"username": "orga", "password": "x" * 129}, "password"),
        ({"username": ["orga"], "password": "x"}, "username"),
    ],
)
def test_token_login_with_malformed_body_is_invalid(api_client, account, body, field):
    response = api_client.post("/api/v1/auth/token/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == [field]


def test_token_login_with_malformed_json(api_client, account):
    response = api_client.post("/api/v1/auth/token/", '{"username": "orga",', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"


def test_revoking_the_token_makes_it_useless(account):
    token = Token.objects.create(user=account)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    revoked = client.delete("/api/v1/auth/token/")
    afterwards = client.get("/api/v1/manage/events/")

    assert revoked.status_code == 204
    assert Token.objects.filter(user=account).count() == 0
    assert afterwards.status_code == 401
    assert afterwards.json()["code"] == "authentication_failed"


def test_revoking_without_a_token_is_unauthorized(api_client, db):
    response = api_client.delete("/api/v1/auth/token/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_token_logins_are_rate_limited_per_address(api_client, account, settings):
    settings.MESSE_THROTTLE_RATES = {**settings.MESSE_THROTTLE_RATES, "auth_token": "2/min"}
    guesses = [{"username": "orga", "password": f"guess-{n}"} for n in range(2)]

    answers = [api_client.post("/api/v1/auth/token/", guess, format="json").status_code for guess in guesses]
    blocked = api_client.post(
        "/api/v1/auth/token/", {"username": "orga", "password": "messe-test-password"}, format="json"
    )

    assert answers == [400, 400]
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "throttled"
    assert 0 < blocked.json()["retry_after"] <= 60


@pytest.mark.parametrize("format", ["multipart", None])
def test_token_login_accepts_form_data(api_client, account, format):
    credentials = {"username": "orga", "password": "messe-test-password"}
    if format is None:  # what curl -d sends
        from urllib.parse import urlencode

        response = api_client.post(
            "/api/v1/auth/token/", urlencode(credentials), content_type="application/x-www-form-urlencoded"
        )
    else:
        response = api_client.post("/api/v1/auth/token/", credentials, format=format)

    assert response.status_code == 200, response.json()
    assert response.json() == {"token": Token.objects.get(user=account).key}
