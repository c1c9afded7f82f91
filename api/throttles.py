from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class TokenLoginThrottle(SimpleRateThrottle):
    """Limits token logins per client address so organizer passwords cannot be guessed at speed."""

    scope = "token_login"

    def get_rate(self) -> str:
        # Read at request time (not from DRF's import-time table) so the environment and tests can set it.
        return settings.MESSE_TOKEN_LOGIN_RATE

    def allow_request(self, request, view) -> bool:
        if request.method != "POST":
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
