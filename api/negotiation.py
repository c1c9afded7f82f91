from types import SimpleNamespace

from rest_framework.negotiation import DefaultContentNegotiation


class FormatIsAFilterNegotiation(DefaultContentNegotiation):
    """Content negotiation for views where ``?format=`` filters results (a session's format), so DRF must not
    read it as a renderer override."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)  # type: ignore[assignment]  # the one setting read
