"""Password sign-ins are rate limited like the API's token exchange: per client address and per account name.

Wraps both sign-in views, the organizer page (``/login/``) and the admin site's (``/admin/login/``). Only POSTs
count; a throttled attempt is not checked at all (not even a right password gets through) and answers 429 with
``Retry-After`` and the site's page.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from api.throttling import LoginAccountRateThrottle, LoginRateThrottle
from web.pages import page_context


def rate_limited_login(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            for throttle in (LoginRateThrottle(), LoginAccountRateThrottle()):
                if not throttle.allow_request(request, None):
                    response = render(request, "pages/staff/login_throttled.html", page_context(request), status=429)
                    response["Retry-After"] = str(int(throttle.wait()) + 1)
                    return response
        return view(request, *args, **kwargs)

    return wrapped
