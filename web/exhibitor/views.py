"""The exhibitor portal: sign-in, the booth overview, content, staff and passes, booth devices, leads, talks.

Every booth page enters through ``web.exhibitor.access.portal_view``; views take a form, call one service and
redirect (POST/redirect/GET). Domain errors become field errors or a notice on the page, never a 500.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from events import permissions
from events.errors import DomainError
from events.models import BoothTalkProposal, Device, DeviceKind, Exhibitor, ExhibitorStaffMember, Lead, LeadQuestion
from events.selectors import exhibitor_portal as portal
from events.selectors.leads import leads_of, personal_fields_of, tags_of
from events.services import (
    booth_content,
    booth_talks,
    devices,
    exhibitor_passes,
    exhibitor_staff,
    exhibitors,
    lead_exports,
    privacy,
    uploads,
)
from web.attendee.qr import qr_svg
from web.exhibitor import forms
from web.exhibitor.access import Booth, portal_view, signed_in
from web.pages import page_context

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _page(request: HttpRequest, template: str, booth: Booth | None = None, **extra) -> HttpResponse:
    context = page_context(request, booth=booth, section=extra.pop("section", ""), **extra)
    if booth is not None:
        context["stand"] = exhibitors.stand_of(booth.exhibitor)
        context["time_zone"] = booth.exhibitor.convention.time_zone
    return render(request, f"pages/exhibitor/{template}", context, status=extra.get("status", 200))


def _posted(request: HttpRequest, *, files: bool = False) -> tuple:
    """A form's data: bound on POST, even when the body is empty (so the form says what is missing)."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _fail(form, error: DomainError) -> None:
    """A domain error as a form error: on the named fields where the form has them, else on the form."""
    named = [name for name in (error.fields or {}) if name in form.fields]
    for name in named:
        form.add_error(name, str(error.message))
    if not named:
        form.add_error(None, str(error.message))


def _back(booth: Booth, name: str, **kwargs) -> HttpResponse:
    return redirect(reverse(f"exhibitor:{name}", kwargs={"exhibitor_id": booth.exhibitor.pk, **kwargs}))


# --- signing in ------------------------------------------------------------------------------------------------


def sign_in(request: HttpRequest) -> HttpResponse:
    """Ask for a sign-in link by e-mail. The answer is the same whether the address has an account or not."""
    form = forms.SignInForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        exhibitor_staff.send_sign_in_link(email=form.cleaned_data["email"], language=translation.get_language())
        return _page(request, "sign_in_sent.html", email=form.cleaned_data["email"])
    status = 400 if request.method == "POST" else 200
    return _page(request, "sign_in.html", form=form, next=request.GET.get("next", ""), status=status)


def sign_in_link(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    """The link from the e-mail. GET only asks to confirm (mail scanners that follow links must not use it up)."""
    user = exhibitor_staff.user_for_sign_in_link(uid=uid, token=token)
    if user is None:
        return _page(request, "link_invalid.html", status=404)
    if request.method == "POST":
        login(request, user, backend=AUTH_BACKEND)
        return redirect("exhibitor:home")
    return _page(request, "sign_in_confirm.html", account=user)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = exhibitor_staff.open_invitation(token=token)
    except DomainError:
        return _page(request, "link_invalid.html", status=404)
    initial = {"first_name": invitation.first_name, "last_name": invitation.last_name}
    form = forms.AcceptInvitationForm(*_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member = exhibitor_staff.accept_invitation(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password"],
            )
        except DomainError as error:
            _fail(form, error)
        else:
            login(request, member.user, backend=AUTH_BACKEND)
            messages.success(request, _("Welcome to the booth of %(name)s.") % {"name": member.exhibitor.name})
            return redirect("exhibitor:booth", exhibitor_id=member.exhibitor_id)
    status = 400 if request.method == "POST" else 200
    return _page(request, "accept_invitation.html", invitation=invitation, form=form, status=status)


@require_safe
@signed_in
def home(request: HttpRequest) -> HttpResponse:
    roles = portal.roles_of(user=request.user)
    return _page(request, "home.html", roles=roles)


# --- the booth -------------------------------------------------------------------------------------------------


@require_safe
@portal_view()
def booth(request: HttpRequest, booth: Booth) -> HttpResponse:
    return _page(
        request, "booth.html", booth, section="booth", overview=portal.booth_overview(exhibitor=booth.exhibitor)
    )


@portal_view(manager=True)
def profile(request: HttpRequest, booth: Booth) -> HttpResponse:
    exhibitor = booth.exhibitor
    pending = portal.pending_change(exhibitor=exhibitor)
    shown = {field: getattr(exhibitor, field) for field in booth_content.CONTENT_FIELDS if field != "logo"}
    shown |= {key: value for key, value in (pending.changes if pending else {}).items() if key != "logo"}
    initial = {**shown, "links": forms.links_as_text(shown.get("links", []))}
    form = forms.ProfileForm(*_posted(request, files=True), initial=initial, locked=exhibitor.locked_fields)
    if request.method == "POST" and form.is_valid():
        changes = {
            field: form.cleaned_data[field]
            for field in ("name", "profile_de", "profile_en", "website", "contact_email", "links")
        }
        try:
            change = booth_content.change_booth_content(
                exhibitor=exhibitor, author=request.user, changes=changes, logo=form.cleaned_data.get("logo")
            )
        except DomainError as error:
            _fail(form, error)
        else:
            if change is None:
                messages.info(request, _("Nothing changed."))
            elif change.status == "pending":
                messages.success(request, _("Saved. The organizers review the change before it is public."))
            else:
                messages.success(request, _("Saved. The change is public."))
            return _back(booth, "profile")
    return _page(
        request,
        "profile.html",
        booth,
        section="profile",
        form=form,
        pending=pending,
        history=[
            {"change": change, "summary": booth_content.change_summary(change)}
            for change in portal.change_history(exhibitor=exhibitor)[:20]
        ],
        logo_url=uploads.media_path(exhibitor.logo.name) if exhibitor.logo else "",
        status=400 if request.method == "POST" else 200,
    )


@portal_view(manager=True)
def materials(request: HttpRequest, booth: Booth) -> HttpResponse:
    form = forms.MaterialForm(*_posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            material = booth_content.add_material(
                exhibitor=booth.exhibitor,
                author=request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data.get("file"),
                url=form.cleaned_data.get("url") or "",
            )
        except DomainError as error:
            _fail(form, error)
        else:
            if material.is_approved:
                messages.success(request, _("The material is public."))
            else:
                messages.success(request, _("Saved. The organizers review the material before it is public."))
            return _back(booth, "materials")
    return _page(
        request,
        "materials.html",
        booth,
        section="materials",
        form=form,
        materials=booth.exhibitor.materials.order_by("position", "pk"),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@portal_view(manager=True)
def material_delete(request: HttpRequest, booth: Booth, material_id: int) -> HttpResponse:
    material = get_object_or_404(booth.exhibitor.materials, pk=material_id)
    booth_content.remove_material(material=material, author=request.user)
    messages.success(request, _("The material was removed."))
    return _back(booth, "materials")


# --- staff and passes ------------------------------------------------------------------------------------------


@portal_view(manager=True)
def staff(request: HttpRequest, booth: Booth) -> HttpResponse:
    form = forms.InviteForm(*_posted(request), initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            exhibitor_staff.invite_staff(
                exhibitor=booth.exhibitor,
                invited_by=request.user,
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                language=form.cleaned_data["language"],
                is_manager=form.cleaned_data["is_manager"],
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("The invitation is on its way to %(email)s.") % form.cleaned_data)
            return _back(booth, "staff")
    overview = portal.staff_overview(exhibitor=booth.exhibitor)
    for row in overview["members"]:
        if row["badge"] is not None:
            row["qr"] = qr_svg(row["badge"].code, label=_("Badge of %(name)s") % {"name": row["name"]})
    return _page(
        request,
        "staff.html",
        booth,
        section="staff",
        form=form,
        overview=overview,
        status=400 if request.method == "POST" else 200,
    )


def _member(booth: Booth, member_id: int) -> ExhibitorStaffMember:
    return get_object_or_404(
        ExhibitorStaffMember.objects.select_related("user", "registration"), exhibitor=booth.exhibitor, pk=member_id
    )


@require_POST
@portal_view(manager=True)
def staff_remove(request: HttpRequest, booth: Booth, member_id: int) -> HttpResponse:
    member = _member(booth, member_id)
    if member.pk == booth.member.pk:
        messages.error(request, _("You cannot remove yourself."))
    else:
        exhibitor_staff.remove_staff_member(member=member)
        messages.success(request, _("%(name)s is no longer on the staff.") % {"name": member.user.get_full_name()})
    return _back(booth, "staff")


@require_POST
@portal_view(manager=True)
def pass_action(request: HttpRequest, booth: Booth, member_id: int, action: str) -> HttpResponse:
    member = _member(booth, member_id)
    try:
        if action == "issue":
            exhibitor_passes.issue_pass(member=member, language=translation.get_language())
            messages.success(request, _("The pass was issued; its badge is on its way by e-mail."))
        elif action == "replace":
            exhibitor_passes.replace_pass(member=member)
            messages.success(request, _("The old badge no longer works; the new one is shown below."))
        elif action == "revoke":
            exhibitor_passes.revoke_pass(member=member)
            messages.success(request, _("The pass was revoked; its badge no longer works."))
        else:
            raise Http404()
    except DomainError as error:
        messages.error(request, str(error.message))
    return _back(booth, "staff")


@portal_view()
def co_exhibitors(request: HttpRequest, booth: Booth) -> HttpResponse:
    """The joint stand: its co-exhibitors. Managers of the main exhibitor add them and invite their managers."""
    exhibitor = booth.exhibitor
    can_add = booth.is_manager and exhibitor.main_exhibitor_id is None
    form = forms.CoExhibitorForm(*_posted(request), initial={"language": translation.get_language()})
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied()
        if form.is_valid():
            try:
                partner = exhibitors.add_co_exhibitor(
                    main=exhibitor, name=form.cleaned_data["name"], slug=form.cleaned_data["slug"]
                )
                exhibitor_staff.invite_staff(
                    exhibitor=partner,
                    email=form.cleaned_data["email"],
                    is_manager=True,
                    invited_by=request.user,
                    language=form.cleaned_data["language"],
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, _("%(name)s is on the stand; its manager is invited.") % form.cleaned_data)
                return _back(booth, "co-exhibitors")
    return _page(
        request,
        "co_exhibitors.html",
        booth,
        section="co-exhibitors",
        form=form if can_add else None,
        invite_form=forms.PartnerInviteForm(initial={"language": translation.get_language()}) if can_add else None,
        partners=portal.stand_partners(exhibitor=exhibitor),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@portal_view(manager=True)
def co_exhibitor_invite(request: HttpRequest, booth: Booth, partner_id: int) -> HttpResponse:
    """The main exhibitor's managers invite managers for a co-exhibitor on their stand."""
    partner = get_object_or_404(Exhibitor.objects.select_related("main_exhibitor", "convention"), pk=partner_id)
    if partner.main_exhibitor_id != booth.exhibitor.pk or not permissions.can_invite_managers(request.user, partner):
        raise Http404()
    form = forms.PartnerInviteForm(request.POST)
    if form.is_valid():
        try:
            exhibitor_staff.invite_staff(
                exhibitor=partner, is_manager=True, invited_by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The invitation is on its way to %(email)s.") % form.cleaned_data)
    else:
        messages.error(request, _("Please enter a valid e-mail address."))
    return _back(booth, "co-exhibitors")


# --- booth devices ---------------------------------------------------------------------------------------------


@portal_view(manager=True)
def devices_page(request: HttpRequest, booth: Booth) -> HttpResponse:
    form = forms.DeviceForm(*_posted(request))
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            device, setup_code = devices.create_device(
                convention=booth.exhibitor.convention,
                name=form.cleaned_data["name"],
                kind=DeviceKind.BOOTH,
                exhibitor=booth.exhibitor,
                created_by=request.user,
            )
        except DomainError as error:
            _fail(form, error)
        else:
            # Shown once, on this answer only (the code is stored as a hash): no redirect here.
            created = {
                "device": device,
                "setup_code": setup_code,
                "qr": qr_svg(setup_code, label=_("Setup code of %(name)s") % {"name": device.name}),
                "scanner_url": request.build_absolute_uri(reverse("web:scanner")),
            }
            form = forms.DeviceForm()
    return _page(
        request,
        "devices.html",
        booth,
        section="devices",
        form=form,
        created=created,
        devices=portal.booth_devices(exhibitor=booth.exhibitor),
        status=400 if request.method == "POST" and created is None else 200,
    )


@require_POST
@portal_view(manager=True)
def device_revoke(request: HttpRequest, booth: Booth, device_id: int) -> HttpResponse:
    device = get_object_or_404(Device, pk=device_id, exhibitor=booth.exhibitor, kind=DeviceKind.BOOTH)
    devices.revoke_device(device=device)
    messages.success(request, _("%(name)s is signed out and can no longer capture leads.") % {"name": device.name})
    return _back(booth, "devices")


# --- leads -----------------------------------------------------------------------------------------------------


def _lead_filters(request: HttpRequest, booth: Booth) -> tuple[forms.LeadFilterForm, dict]:
    exhibitor = booth.exhibitor
    convention = exhibitor.convention
    days = [
        convention.start_date + dt.timedelta(days=n)
        for n in range((convention.end_date - convention.start_date).days + 1)
    ]
    scanners = portal.lead_scanners(exhibitor=exhibitor)
    form = forms.LeadFilterForm(request.GET or None, days=days, tags=tags_of(exhibitor=exhibitor), scanners=scanners)
    filters: dict = {}
    if form.is_valid():
        data = form.cleaned_data
        scanned_by = data.get("scanned_by") or ""
        filters = {
            "day": data.get("day"),
            "rating": data.get("rating"),
            "tag": data.get("tag") or "",
            "device_id": int(scanned_by[1:]) if scanned_by.startswith("d") else None,
            "user_id": int(scanned_by[1:]) if scanned_by.startswith("u") else None,
        }
    return form, filters


@require_safe
@portal_view(leads=True)
def leads(request: HttpRequest, booth: Booth) -> HttpResponse:
    form, filters = _lead_filters(request, booth)
    shown = privacy.hand_over_leads(
        exhibitor=booth.exhibitor, actor=request.user, leads=leads_of(exhibitor=booth.exhibitor, **filters)
    )
    rows = [{"lead": lead, "personal": personal_fields_of(lead)} for lead in shown]
    return _page(
        request,
        "leads.html",
        booth,
        section="leads",
        form=form,
        rows=rows,
        presets=lead_exports.PRESETS.values(),
        query=request.GET.urlencode(),
        status=200 if form.is_valid() or not request.GET else 400,
    )


@require_safe
@portal_view(leads=True)
def leads_csv(request: HttpRequest, booth: Booth) -> HttpResponse:
    preset = request.GET.get("preset", "generic")
    if preset not in lead_exports.PRESETS:
        raise Http404()
    _form, filters = _lead_filters(request, booth)
    handed_over = privacy.hand_over_leads(
        exhibitor=booth.exhibitor, actor=request.user, leads=leads_of(exhibitor=booth.exhibitor, **filters)
    )
    body = lead_exports.leads_csv(
        exhibitor=booth.exhibitor, leads=handed_over, preset=preset, language=translation.get_language()
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{lead_exports.export_filename(booth.exhibitor, preset)}"'
    return response


@portal_view(leads=True)
def lead_edit(request: HttpRequest, booth: Booth, lead_id: int) -> HttpResponse:
    lead = get_object_or_404(Lead, exhibitor=booth.exhibitor, pk=lead_id)
    lead = privacy.hand_over_leads(
        exhibitor=booth.exhibitor, actor=request.user, leads=Lead.objects.filter(pk=lead.pk)
    )[0]
    questions = list(LeadQuestion.objects.filter(exhibitor=booth.exhibitor))
    initial = {
        "notes": lead.notes,
        "rating": lead.rating,
        "tags": ", ".join(lead.tags or []),
        **{f"answer_{key}": value for key, value in (lead.answers or {}).items()},
    }
    form = forms.LeadForm(*_posted(request), initial=initial, questions=questions, language=translation.get_language())
    if request.method == "POST" and form.is_valid():
        try:
            lead_exports.update_lead(
                lead=lead,
                notes=form.cleaned_data["notes"],
                rating=form.cleaned_data["rating"],
                clear_rating=form.cleaned_data["rating"] is None,
                tags=form.tag_list(),
                answers=form.answers(),
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("The lead was saved."))
            return _back(booth, "leads")
    scans = lead.scans.select_related("device", "user").order_by("scanned_at")
    return _page(
        request,
        "lead_edit.html",
        booth,
        section="leads",
        lead=lead,
        personal=personal_fields_of(lead),
        scans=scans,
        form=form,
        status=400 if request.method == "POST" else 200,
    )


@portal_view(manager=True)
def questions(request: HttpRequest, booth: Booth) -> HttpResponse:
    form = forms.LeadQuestionForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            lead_exports.save_lead_question(
                exhibitor=booth.exhibitor,
                identifier=form.cleaned_data["identifier"],
                label_de=form.cleaned_data["label_de"],
                label_en=form.cleaned_data["label_en"],
                kind=form.cleaned_data["kind"],
                choices=form.choice_list(),
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("The question was added."))
            return _back(booth, "questions")
    return _page(
        request,
        "questions.html",
        booth,
        section="questions",
        form=form,
        questions=LeadQuestion.objects.filter(exhibitor=booth.exhibitor),
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@portal_view(manager=True)
def question_delete(request: HttpRequest, booth: Booth, question_id: int) -> HttpResponse:
    get_object_or_404(LeadQuestion, exhibitor=booth.exhibitor, pk=question_id).delete()
    messages.success(request, _("The question was removed; answers already given stay with their leads."))
    return _back(booth, "questions")


# --- booth talks -----------------------------------------------------------------------------------------------


@portal_view(manager=True)
def talks(request: HttpRequest, booth: Booth) -> HttpResponse:
    form = forms.TalkProposalForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            booth_talks.propose_booth_talk(exhibitor=booth.exhibitor, proposed_by=request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("The proposal was sent to the organizers."))
            return _back(booth, "talks")
    zone = ZoneInfo(booth.exhibitor.convention.time_zone)
    proposals = BoothTalkProposal.objects.filter(exhibitor=booth.exhibitor).select_related("session__room")
    return _page(
        request,
        "talks.html",
        booth,
        section="talks",
        form=form,
        proposals=proposals,
        now=timezone.now().astimezone(zone),
        status=400 if request.method == "POST" else 200,
    )
