"""Which address a request really comes from.

Rate limits and logs key on the client's IP address. ``X-Forwarded-For`` is written by whoever sends the request,
so it is only believed when ``MESSE_TRUSTED_PROXIES`` says which hops are ours:

- empty (the default): no proxy is trusted; the client is ``REMOTE_ADDR`` and the header is ignored.
- a count, e.g. ``1``: that many reverse proxies sit in front of Messe and each appends the address it saw;
  the client is the entry that many places from the right end of the header.
- networks, e.g. ``10.0.0.0/8,127.0.0.1``: the header is believed only when ``REMOTE_ADDR`` is in one of
  them, and the client is the right-most address in the header that is not one of our proxies.

Anything a client prepends to the header sits left of what our proxies append, so it cannot move its own
rate-limit bucket.
"""

import ipaddress
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest

from config.env import ImproperlyConfiguredEnv

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class TrustedProxies:
    count: int = 0
    networks: tuple[IPNetwork, ...] = field(default_factory=tuple)

    @property
    def configured(self) -> bool:
        return self.count > 0 or bool(self.networks)

    def trusts(self, address: str) -> bool:
        parsed = _parse_address(address)
        return parsed is not None and any(parsed in network for network in self.networks)


def parse_trusted_proxies(value: str) -> TrustedProxies:
    """Read ``MESSE_TRUSTED_PROXIES``; a malformed value stops the process at start-up."""
    value = value.strip()
    if not value:
        return TrustedProxies()
    if value.isdigit():
        return TrustedProxies(count=int(value))
    networks = []
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ImproperlyConfiguredEnv(
                f"MESSE_TRUSTED_PROXIES must be a number of proxies or a comma-separated list of networks, got {item!r}"
            ) from exc
    return TrustedProxies(networks=tuple(networks))


def _parse_address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent ``request``, as far as our own proxies vouch for it."""
    remote_addr = request.META.get("REMOTE_ADDR", "") or ""
    proxies: TrustedProxies = settings.MESSE_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies.configured or not forwarded:
        return remote_addr
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote_addr
    if proxies.count:
        candidate = hops[-min(proxies.count, len(hops))]
    else:
        if not proxies.trusts(remote_addr):
            return remote_addr  # the request did not come through one of our proxies
        candidate = hops[0]
        for hop in reversed(hops):
            if not proxies.trusts(hop):
                candidate = hop
                break
    parsed = _parse_address(candidate)
    return str(parsed) if parsed is not None else remote_addr
