"""Legal pages of a convention: Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit (with its
feedback form) and the terms of participation.

Each page shows the organizer's text (``Convention.legal_text``) or, while the organizer has written none, Messe's
default text for that page, filled in with the convention's data. The footer of every page links them.
"""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from api.throttling import ContactRateThrottle
from events.models import Convention
from events.services import legal
from web.legal.forms import AccessibilityFeedbackForm
from web.pages import page_context as _context

PAGES = {
    "imprint": gettext_lazy("Legal notice"),
    "privacy": gettext_lazy("Privacy policy"),
    "accessibility": gettext_lazy("Accessibility statement"),
    "terms": gettext_lazy("Terms and conditions"),
}


def _convention(slug: str) -> Convention:
    convention = Convention.objects.filter(slug=slug, is_public=True).prefetch_related("organizers").first()
    if convention is None:
        raise Http404(_("There is no such convention."))
    return convention


def _language() -> str:
    return "de" if (translation.get_language() or "de").startswith("de") else "en"


def _page_context(request: HttpRequest, convention: Convention, page: str, **extra: object) -> dict[str, object]:
    return _context(
        request,
        convention={"slug": convention.slug, "name": convention.name, "time_zone": convention.time_zone},
        nav=page,
        page=page,
        page_title=PAGES[page],
        text=convention.legal_text(page, _language()),
        default_template=f"pages/legal/default_{page}.html",
        details=convention,
        contact_emails=legal.feedback_recipients(convention=convention),
        **extra,
    )


@require_GET
def legal_page(request: HttpRequest, slug: str, page: str) -> HttpResponse:
    convention = _convention(slug)
    return render(request, "pages/legal/page.html", _page_context(request, convention, page))


@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest, slug: str) -> HttpResponse:
    """The accessibility statement and its feedback form; a sent message lands with the organizer (outbox)."""
    convention = _convention(slug)
    status = 200
    if request.method == "POST":
        throttle = ContactRateThrottle()
        form = AccessibilityFeedbackForm(request.POST)
        if not throttle.allow_request(request, None):
            form.add_error(None, _("You have sent several messages just now. Please try again in a few minutes."))
            status = 429
        elif form.is_valid():
            legal.send_accessibility_feedback(convention=convention, language=_language(), **form.cleaned_data)
            target = reverse("web_legal:accessibility", args=[slug]) + "?" + _sent_query(request)
            return HttpResponseRedirect(target + "#feedback", status=303)
        else:
            status = 400
    else:
        form = AccessibilityFeedbackForm()
    context = _page_context(request, convention, "accessibility", form=form, sent=request.GET.get("sent") == "1")
    return render(request, "pages/legal/accessibility.html", context, status=status)


def _sent_query(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "")
    return "sent=1" + (f"&lang={lang}" if lang in ("de", "en") else "")
