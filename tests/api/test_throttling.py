"""Rate limits on small stand-in views; the real endpoints attach the same classes."""

import pytest
from django.urls import path
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from api.throttling import MesseRateThrottle, RegistrationRateThrottle, ScanRateThrottle, TokenRateThrottle
from config.proxies import parse_trusted_proxies
from tests import factories
from tests.conftest import redis_url


class RegisterView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [RegistrationRateThrottle]

    def post(self, request):
        return Response({"registered": True}, status=201)


class TokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenRateThrottle]

    def post(self, request):
        return Response({"token": "issued"})


class ScanView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScanRateThrottle]

    def post(self, request):
        return Response({"result": "ok"})


urlpatterns = [
    path("register/", RegisterView.as_view()),
    path("token/", TokenView.as_view()),
    path("scan/", ScanView.as_view()),
]

pytestmark = pytest.mark.urls(__name__)

SHARED_REDIS = redis_url(1)  # the cache that several web workers share, this test process's own


# 20 seconds into a one-minute window.
WINDOW_START = 60 * 29_000_000
NOW = WINDOW_START + 20.0


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> Clock:
    clock = Clock(NOW)
    monkeypatch.setattr(MesseRateThrottle, "timer", clock)
    return clock


@pytest.fixture(autouse=True)
def _small_rates(settings):
    settings.MESSE_THROTTLE_RATES = {"registration": "3/min", "auth_token": "2/min", "scan": "4/min"}
    settings.MESSE_TRUSTED_PROXIES = parse_trusted_proxies("")


def _post(client: APIClient, url: str, *, ip: str, **headers: str):
    return client.post(url, {}, format="json", REMOTE_ADDR=ip, **headers)


def test_registration_flood_from_one_ip_gets_429_while_another_ip_still_registers():
    client = APIClient()

    statuses = [_post(client, "/register/", ip="198.51.100.7").status_code for _ in range(4)]
    throttled = _post(client, "/register/", ip="198.51.100.7")
    other_ip = _post(client, "/register/", ip="198.51.100.8")

    assert statuses == [201, 201, 201, 429]
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "40"
    assert throttled.json() == {
        "code": "throttled",
        "message": "Request was throttled. Expected available in 40 seconds.",
        "retry_after": 40,
    }
    assert other_ip.status_code == 201


def test_a_throttled_client_may_register_again_once_retry_after_has_passed(clock):
    client = APIClient()
    for _ in range(3):
        _post(client, "/register/", ip="198.51.100.7")
    retry_after = int(_post(client, "/register/", ip="198.51.100.7")["Retry-After"])

    clock.now += retry_after - 1
    still_throttled = _post(client, "/register/", ip="198.51.100.7")
    clock.now += 1
    next_window = [_post(client, "/register/", ip="198.51.100.7").status_code for _ in range(4)]

    assert still_throttled.status_code == 429
    assert still_throttled["Retry-After"] == "1"
    assert next_window == [201, 201, 201, 429]


def test_spoofed_forwarded_for_does_not_escape_the_limit_without_trusted_proxies():
    client = APIClient()
    for _ in range(3):
        assert _post(client, "/register/", ip="198.51.100.7").status_code == 201

    spoofed = _post(client, "/register/", ip="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert spoofed.status_code == 429


def test_behind_one_trusted_proxy_clients_are_told_apart_by_forwarded_for(settings):
    settings.MESSE_TRUSTED_PROXIES = parse_trusted_proxies("1")
    client = APIClient()
    proxy = "10.0.0.2"

    first_client = [
        _post(client, "/register/", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code for _ in range(4)
    ]
    # A client that prepends a fake address still lands in its own bucket: the proxy appends the real one.
    spoofing = _post(client, "/register/", ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5")
    second_client = _post(client, "/register/", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6")

    assert first_client == [201, 201, 201, 429]
    assert spoofing.status_code == 429
    assert second_client.status_code == 201


def test_token_endpoint_is_limited_per_ip_with_its_own_rate():
    client = APIClient()

    statuses = [_post(client, "/token/", ip="198.51.100.7").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    # Registration keeps its own counter for the same address.
    assert _post(client, "/register/", ip="198.51.100.7").status_code == 201


@pytest.mark.django_db
def test_scans_are_limited_per_device_not_per_shared_gate_address():
    gate_a = Token.objects.create(user=factories.UserFactory(username="gate-a"))
    gate_b = Token.objects.create(user=factories.UserFactory(username="gate-b"))
    client = APIClient()
    hall_nat = "198.51.100.20"

    gate_a_statuses = [
        _post(client, "/scan/", ip=hall_nat, HTTP_AUTHORIZATION=f"Token {gate_a.key}").status_code for _ in range(5)
    ]
    gate_b_status = _post(client, "/scan/", ip=hall_nat, HTTP_AUTHORIZATION=f"Token {gate_b.key}").status_code

    assert gate_a_statuses == [200, 200, 200, 200, 429]
    assert gate_b_status == 200


def test_anonymous_scans_fall_back_to_the_client_ip():
    client = APIClient()

    statuses = [_post(client, "/scan/", ip="198.51.100.30").status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]
    assert _post(client, "/scan/", ip="198.51.100.31").status_code == 200


def test_rate_changes_take_effect_without_restart(settings):
    client = APIClient()
    settings.MESSE_THROTTLE_RATES = {**settings.MESSE_THROTTLE_RATES, "registration": "1/min"}

    statuses = [_post(client, "/register/", ip="198.51.100.40").status_code for _ in range(2)]

    assert statuses == [201, 429]


@pytest.mark.services
def test_throttle_counters_live_in_the_shared_redis_cache(settings):
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        if settings.MESSE_REQUIRE_SERVICES:
            pytest.fail("MESSE_REQUIRE_SERVICES=1 but Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("needs Redis at 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": SHARED_REDIS}}
    from django.core.cache import cache

    cache.clear()
    client = APIClient()
    statuses = [_post(client, "/register/", ip="198.51.100.50").status_code for _ in range(4)]

    assert statuses == [201, 201, 201, 429]
    # Another web worker shares the counter: a separate connection to the same Redis database reads it.
    import redis

    other_worker = redis.Redis.from_url(SHARED_REDIS)
    [key] = other_worker.keys("*throttle:registration:*")
    assert int(other_worker.get(key)) == 4


@pytest.mark.services
def test_a_concurrent_flood_from_one_ip_passes_exactly_the_allowed_number(settings):
    import socket
    from concurrent.futures import ThreadPoolExecutor

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        if settings.MESSE_REQUIRE_SERVICES:
            pytest.fail("MESSE_REQUIRE_SERVICES=1 but Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("needs Redis at 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": SHARED_REDIS}}
    settings.MESSE_THROTTLE_RATES = {**settings.MESSE_THROTTLE_RATES, "registration": "30/min"}

    def flood(_: int) -> list[int]:
        client = APIClient()
        return [_post(client, "/register/", ip="198.51.100.60").status_code for _ in range(10)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [status for batch in pool.map(flood, range(8)) for status in batch]

    assert (statuses.count(201), statuses.count(429)) == (30, 50)
    assert _post(APIClient(), "/register/", ip="198.51.100.61").status_code == 201
