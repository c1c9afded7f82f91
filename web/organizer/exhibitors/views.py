"""The organizers' exhibitor pages: the list (stands, joint stands, passes, lead counts), setting up an exhibitor,
inviting its managers, the review of booth content and booth talk proposals.

Every view enters through ``web.organizer.access.organizer_page``: reading pages need any team role, every change
needs ``change`` (owner or organizer). Forms check shape, one service call does the work, domain errors become field
errors or a notice on the page (never a 500), and each POST redirects (POST/redirect/GET).
Organizers see lead counts only: nothing here reads a lead.
"""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from events import permissions
from events.enums import ExhibitorChangeStatus
from events.errors import DomainError, OutsideOpeningHours, RoomClash
from events.models import BoothTalkProposal, Exhibitor, ExhibitorChange, Session
from events.selectors import exhibitor_portal
from events.selectors import organizer_exhibitors as selectors
from events.services import booth_content, booth_talks, exhibitor_setup, exhibitor_staff, exhibitors
from web.organizer.access import organizer_page
from web.organizer.exhibitors import forms
from web.pages import page_context


def _page(request: HttpRequest, template: str, *, status: int = 200, page: str = "list", **extra) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    context = page_context(
        request,
        area_convention=convention,
        time_zone=convention.time_zone,
        page=page,
        can_change=permissions.is_organizer(request.user, convention),
        **extra,
    )
    return render(request, f"pages/organizer/exhibitors/{template}", context, status=status)


def _fail(form, error: DomainError) -> None:
    """A domain error as a form error: on the fields it names where the form has them, else on the form."""
    named = [name for name in (error.fields or {}) if name in form.fields]
    for name in named:
        form.add_error(name, str(error.message))
    if not named:
        form.add_error(None, str(error.message))


def _url(name: str, slug: str, **kwargs) -> str:
    return reverse(f"web:organizer-exhibitors-{name}", kwargs={"slug": slug, **kwargs})


def _back(request: HttpRequest, name: str, slug: str, **kwargs) -> HttpResponse:
    """Redirect after a POST, in the language chosen by link (``?lang=`` travels along)."""
    lang = request.GET.get("lang", "")
    query = f"?lang={lang}" if lang in ("de", "en") else ""
    return redirect(_url(name, slug, **kwargs) + query)


def _exhibitor(request: HttpRequest, exhibitor_id: int) -> Exhibitor:
    return get_object_or_404(
        Exhibitor.objects.select_related("booth__hall", "main_exhibitor__booth__hall", "convention"),
        pk=exhibitor_id,
        convention=request.convention,  # type: ignore[attr-defined]
    )


# --- the list and the review setting ----------------------------------------------------------------------------


@require_safe
@organizer_page(need="read")
def exhibitor_list(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    rows = selectors.exhibitor_rows(convention=convention)
    return _page(
        request,
        "list.html",
        rows=rows,
        count=sum(1 + len(row.co_exhibitors) for row in rows),
        pending=len(selectors.review_queue(convention=convention)),
        has_pass_type=selectors.has_pass_type(convention=convention),
        setting_form=forms.ReviewSettingForm(
            initial={"reviewed": "review" if convention.exhibitor_changes_reviewed else "live"}
        ),
    )


@require_POST
@organizer_page(need="change")
def review_setting(request: HttpRequest, slug: str) -> HttpResponse:
    form = forms.ReviewSettingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose when exhibitors' changes go live."))
        return _back(request, "list", slug)
    convention = booth_content.set_review_mode(
        convention=request.convention,  # type: ignore[attr-defined]
        reviewed=form.cleaned_data["reviewed"],
    )
    if convention.exhibitor_changes_reviewed:
        messages.success(request, _("Exhibitors' changes now go live after your review."))
    else:
        messages.success(
            request, _("Exhibitors' changes now go live at once. What waits for review still needs your decision.")
        )
    return _back(request, "list", slug)


# --- one exhibitor ----------------------------------------------------------------------------------------------


def _saved(form: forms.ExhibitorForm) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "slug": data["slug"],
        "website": data["website"],
        "contact_email": data["contact_email"],
        "profile_de": data["profile_de"],
        "profile_en": data["profile_en"],
        "main_exhibitor": data["main_exhibitor"],
        "hall": data["hall"],
        "booth_number": data["booth_number"],
        "size_sqm": data["size_sqm"],
        "pass_quota": data["pass_quota"],
        "locked_fields": data["locked_fields"],
    }


@organizer_page(need="change")
def exhibitor_create(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    form = forms.ExhibitorForm(request.POST if request.method == "POST" else None, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            exhibitor = exhibitor_setup.save_exhibitor(convention=convention, **_saved(form))
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("%(name)s was added. Invite its manager below.") % {"name": exhibitor.name})
            return _back(request, "detail", slug, exhibitor_id=exhibitor.pk)
    return _page(request, "edit.html", form=form, exhibitor=None, status=400 if request.method == "POST" else 200)


@organizer_page(need="change")
def exhibitor_edit(request: HttpRequest, slug: str, exhibitor_id: int) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    exhibitor = _exhibitor(request, exhibitor_id)
    booth = getattr(exhibitor, "booth", None)
    initial = {
        "name": exhibitor.name,
        "slug": exhibitor.slug,
        "website": exhibitor.website,
        "contact_email": exhibitor.contact_email,
        "profile_de": exhibitor.profile_de,
        "profile_en": exhibitor.profile_en,
        "main_exhibitor": exhibitor.main_exhibitor_id,
        "hall": booth.hall_id if booth else None,
        "booth_number": booth.number if booth else "",
        "size_sqm": booth.size_sqm if booth else None,
        "pass_quota": exhibitor.pass_quota,
        "locked_fields": exhibitor.locked_fields,
    }
    form = forms.ExhibitorForm(
        request.POST if request.method == "POST" else None, initial=initial, convention=convention, exhibitor=exhibitor
    )
    if request.method == "POST" and form.is_valid():
        try:
            exhibitor_setup.save_exhibitor(convention=convention, exhibitor=exhibitor, **_saved(form))
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("The exhibitor was saved."))
            return _back(request, "detail", slug, exhibitor_id=exhibitor.pk)
    return _page(request, "edit.html", form=form, exhibitor=exhibitor, status=400 if request.method == "POST" else 200)


@require_safe
@organizer_page(need="read")
def exhibitor_detail(request: HttpRequest, slug: str, exhibitor_id: int) -> HttpResponse:
    exhibitor = _exhibitor(request, exhibitor_id)
    return _page(request, "detail.html", **_detail_context(request, exhibitor))


def _detail_context(request: HttpRequest, exhibitor: Exhibitor, invite_form=None) -> dict:
    overview = exhibitor_portal.staff_overview(exhibitor=exhibitor)
    return {
        "exhibitor": exhibitor,
        "stand": exhibitors.stand_of(exhibitor),
        "overview": overview,
        "leads": exhibitor.leads.count(),
        "co_exhibitors": exhibitor.co_exhibitors.order_by("name", "pk"),
        "locked": [str(booth_content.FIELD_LABELS[name]) for name in exhibitor.locked_fields],
        "history": [
            {"change": change, "summary": booth_content.change_summary(change)}
            for change in exhibitor_portal.change_history(exhibitor=exhibitor)[:50]
        ],
        "invite_form": invite_form or forms.InviteManagerForm(initial={"language": translation.get_language() or "de"}),
    }


@require_POST
@organizer_page(need="change")
def invite_manager(request: HttpRequest, slug: str, exhibitor_id: int) -> HttpResponse:
    exhibitor = _exhibitor(request, exhibitor_id)
    form = forms.InviteManagerForm(request.POST)
    if form.is_valid():
        try:
            exhibitor_staff.invite_staff(
                exhibitor=exhibitor, is_manager=True, invited_by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("The invitation is on its way to %(email)s.") % form.cleaned_data)
            return _back(request, "detail", slug, exhibitor_id=exhibitor.pk)
    return _page(request, "detail.html", status=400, **_detail_context(request, exhibitor, invite_form=form))


# --- review -----------------------------------------------------------------------------------------------------


@require_safe
@organizer_page(need="read")
def review_queue(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    return _page(
        request,
        "review.html",
        page="review",
        queue=selectors.review_queue(convention=convention),
        decided=[
            {"change": change, "summary": booth_content.change_summary(change)}
            for change in selectors.reviewed_changes(convention=convention)
        ],
        reviewed=convention.exhibitor_changes_reviewed,
    )


@require_POST
@organizer_page(need="change")
def review_decision(request: HttpRequest, slug: str, change_id: int) -> HttpResponse:
    change = get_object_or_404(
        ExhibitorChange.objects.select_related("exhibitor"),
        pk=change_id,
        exhibitor__convention=request.convention,  # type: ignore[attr-defined]
    )
    form = forms.ReviewDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to reject the change."))
        return _back(request, "review", slug)
    decide = booth_content.approve_change if form.cleaned_data["decision"] == "approve" else booth_content.reject_change
    try:
        change = decide(change=change, reviewer=request.user, note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if change.status == ExhibitorChangeStatus.APPROVED:
            messages.success(
                request, _("Approved: the change of %(name)s is public.") % {"name": change.exhibitor.name}
            )
        else:
            messages.success(
                request, _("Rejected: the public page of %(name)s stays as it was.") % {"name": change.exhibitor.name}
            )
    return _back(request, "review", slug)


# --- booth talks ------------------------------------------------------------------------------------------------


def _talk_rows(request: HttpRequest, failed: tuple[int, forms.TalkDecisionForm] | None = None) -> list[dict]:
    convention = request.convention  # type: ignore[attr-defined]
    rooms = selectors.booth_stages(convention=convention)
    rows = []
    for proposal in selectors.talk_proposals(convention=convention):
        if failed is not None and failed[0] == proposal.pk:
            form = failed[1]
        else:
            initial = {"start": proposal.preferred_start, "room": rooms.first()}
            form = forms.TalkDecisionForm(initial=initial, rooms=rooms, prefix=f"p{proposal.pk}")
        rows.append({"proposal": proposal, "form": form})
    return rows


def _in_page_language(error: DomainError, *, convention) -> DomainError:
    """The scheduling service words its refusals in English; the page says the same in the page's language."""
    if isinstance(error, RoomClash):
        clash = Session.objects.filter(pk=error.extra.get("conflicting_session_id")).select_related("room").first()
        if clash is not None and clash.start and clash.end:
            zone = ZoneInfo(convention.time_zone)
            error.message = _("%(room)s already holds “%(title)s” from %(start)s to %(end)s.") % {
                "room": clash.room.name if clash.room else "",
                "title": clash.title_in(translation.get_language() or "de"),
                "start": date_format(clash.start.astimezone(zone), "SHORT_DATETIME_FORMAT"),
                "end": time_format(clash.end.astimezone(zone), "TIME_FORMAT"),
            }
    elif isinstance(error, OutsideOpeningHours):
        error.message = OutsideOpeningHours.default_message
    return error


@require_safe
@organizer_page(need="read")
def talk_proposals(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, "talks.html", page="talks", rows=_talk_rows(request))


@require_POST
@organizer_page(need="change")
def talk_decision(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    proposal = get_object_or_404(
        BoothTalkProposal.objects.select_related("exhibitor"), pk=proposal_id, exhibitor__convention=convention
    )
    form = forms.TalkDecisionForm(
        request.POST,
        rooms=selectors.booth_stages(convention=convention),
        prefix=f"p{proposal.pk}",
    )
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                session = booth_talks.accept_booth_talk(
                    proposal=proposal, room=form.cleaned_data["room"], start=form.cleaned_data["start"]
                )
                messages.success(
                    request,
                    _("“%(title)s” is in the programme (public with the next schedule release).")
                    % {"title": session.title},
                )
            else:
                booth_talks.decline_booth_talk(proposal=proposal)
                messages.success(request, _("The proposal was declined."))
        except DomainError as error:
            _fail(form, _in_page_language(error, convention=convention))
        else:
            return _back(request, "talks", slug)
    return _page(request, "talks.html", page="talks", rows=_talk_rows(request, failed=(proposal.pk, form)), status=400)
