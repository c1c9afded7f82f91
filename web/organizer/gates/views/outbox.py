"""The outbox as a page: what Messe sent, is sending, retries or could not send, and a failed message resent."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import OutboundMessage
from events.selectors import outbox
from events.services import messages as outbox_service
from web.organizer.access import organizer_page
from web.organizer.gates import forms
from web.organizer.gates.pages import message_kinds, message_statuses, page, paginate

FILTERS = ("recipient", "kind", "status")


def display_status(message: OutboundMessage) -> str:
    if message.status == "pending" and message.next_attempt_at is not None:
        return "retrying"
    return message.status


@organizer_page(need="read")
def outbox_page(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    summary = outbox.outbox_summary(convention=convention)
    kinds = message_kinds()
    known = {**{row["kind"]: row["kind"] for row in summary}, **kinds}
    statuses = message_statuses()
    form = forms.OutboxFilterForm(
        request.GET if any(name in request.GET for name in FILTERS) else None, kinds=known, statuses=statuses
    )
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    listed = outbox.messages_of(
        convention=convention,
        recipient=chosen.get("recipient", ""),
        kind=chosen.get("kind", ""),
        status=chosen.get("status", ""),
    )
    items = paginate(request, listed)
    for message in items:
        message.display_status = display_status(message)  # type: ignore[attr-defined]
    context = {
        "summary": summary,
        "kinds": known,
        "statuses": statuses,
        "fan_out": outbox.release_fan_out_progress(convention=convention),
    }
    if request.GET.get("fragment") == "progress":
        return page(request, "_outbox_progress.html", section="messages", **context)
    query = urlencode([(name, request.GET[name]) for name in FILTERS if request.GET.get(name)])
    return page(
        request,
        "outbox.html",
        section="messages",
        form=form,
        items=items,
        query=query,
        status=400 if form.errors else 200,
        **context,
    )


@require_POST
@organizer_page(need="change")
def resend(request: HttpRequest, slug: str, message_id: int) -> HttpResponse:
    message = get_object_or_404(OutboundMessage, pk=message_id, convention=request.convention)  # type: ignore[attr-defined]
    if outbox_service.retry_failed_message(message=message):
        messages.success(request, _("The message to %(recipient)s is queued again.") % {"recipient": message.recipient})
    else:
        messages.error(request, _("Only a failed message can be sent again; this one has not failed."))
    # Back to the same filtered list: only the page's own parameters travel along.
    back = QueryDict(request.POST.get("back", ""))
    query = urlencode([(name, back[name]) for name in (*FILTERS, "page") if back.get(name)])
    target = reverse("web:organizer-messages", args=[slug])
    return redirect(f"{target}?{query}" if query else target)
