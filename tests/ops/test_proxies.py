import pytest
from django.test import RequestFactory

from config.env import ImproperlyConfiguredEnv
from config.proxies import client_ip, parse_trusted_proxies


@pytest.mark.parametrize(
    ("trusted", "remote_addr", "forwarded_for", "expected"),
    [
        ("", "198.51.100.7", None, "198.51.100.7"),
        ("", "198.51.100.7", "203.0.113.9", "198.51.100.7"),  # nobody vouches for the header
        ("1", "10.0.0.2", "203.0.113.9", "203.0.113.9"),
        ("1", "10.0.0.2", "192.0.2.1, 203.0.113.9", "203.0.113.9"),  # the client prepended a fake hop
        ("2", "10.0.0.3", "192.0.2.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        ("1", "10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.0/8", "10.0.0.2", "192.0.2.1, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        ("10.0.0.0/8", "198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not from our proxy: header ignored
        ("10.0.0.0/8,2001:db8::/32", "2001:db8::1", "2001:db9::5, 2001:db8::2", "2001:db9::5"),
        ("10.0.0.0/8", "10.0.0.2", "10.0.0.9", "10.0.0.9"),  # only proxies in the chain: the left-most
    ],
)
def test_client_ip(settings, trusted, remote_addr, forwarded_for, expected):
    settings.MESSE_TRUSTED_PROXIES = parse_trusted_proxies(trusted)
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)

    assert client_ip(request) == expected


def test_malformed_trusted_proxies_stop_start_up():
    with pytest.raises(ImproperlyConfiguredEnv, match="MESSE_TRUSTED_PROXIES"):
        parse_trusted_proxies("10.0.0.0/8, proxy.internal")
