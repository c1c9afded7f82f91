""" "Send me my link again": the attendee's magic link by e-mail, for someone who lost the confirmation.

The page answers the same whether or not the address is registered (nobody learns who registered), and the
request is rate limited per client address (``ContactRateThrottle``) and per registration (the outbox key of
``resend_magic_link`` allows one e-mail per registration in 15 minutes).
"""

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from api.throttling import ContactRateThrottle
from events.services.magic_links import resend_magic_link
from web.attendee.access import private
from web.attendee.views import _convention_context, _public_convention, lang_query_string
from web.pages import page_context


class ResendLinkForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address of your registration"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Please enter the e-mail address you registered with."),
            "invalid": gettext_lazy("Please enter a valid e-mail address."),
        },
    )


@require_http_methods(["GET", "POST"])
def resend_link(request: HttpRequest, slug: str) -> HttpResponse:
    convention = _public_convention(slug)
    status = 200
    if request.method == "POST":
        form = ResendLinkForm(request.POST)
        throttle = ContactRateThrottle()
        if not throttle.allow_request(request, None):
            form.add_error(None, _("You have asked several times just now. Please try again in a few minutes."))
            status = 429
        elif form.is_valid():
            resend_magic_link(convention=convention, email=form.cleaned_data["email"])
            target = reverse("web:resend-link", args=[slug]) + "?sent=1" + lang_query_string(request, "&") + "#sent"
            return private(HttpResponseRedirect(target, status=303))
        else:
            status = 400
    else:
        form = ResendLinkForm()
    context = page_context(
        request,
        convention=_convention_context(convention),
        nav="register",
        form=form,
        sent=request.GET.get("sent") == "1",
    )
    return private(render(request, "pages/attendee/resend_link.html", context, status=status))
