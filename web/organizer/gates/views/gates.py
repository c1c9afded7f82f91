"""Gates and devices: check-in lists, gate devices with their setup QR code, live counts, refused scans.

Booth devices belong to the exhibitors (they read leads), so organizers see how many there are and nothing more.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.errors import DomainError
from events.models import CheckinList, Device, DeviceKind
from events.selectors import checkin as checkin_selectors
from events.selectors import devices as device_selectors
from events.services import checkin_lists, devices
from web.attendee.qr import qr_svg
from web.organizer.access import organizer_page
from web.organizer.gates import forms
from web.organizer.gates.pages import fail, page, paginate, posted, require_change, scan_reasons


def _counts(request: HttpRequest) -> list[dict]:
    """Per list: its settings and the live figures (inside now, entries today), in one read of each."""
    convention = request.convention  # type: ignore[attr-defined]
    counters = checkin_selectors.checkin_counters(convention=convention)
    figures = {row["id"]: row for row in counters["lists"]}
    rows = []
    for item in checkin_selectors.checkin_lists_of(convention=convention):
        row = figures.get(item.pk, {})
        today = next((day["entries"] for day in row.get("per_day", []) if day["day"] == counters["today"]), 0)
        rows.append({"list": item, "inside": row.get("inside_now", 0), "entries_today": today})
    return rows


@organizer_page(need="read")
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    context = {"lists": _counts(request)}
    if request.GET.get("fragment") == "counts":
        return page(request, "_counts.html", section="gates", **context)
    return page(
        request,
        "gates.html",
        section="gates",
        devices=device_selectors.gate_devices(convention=convention),
        booth_devices=device_selectors.booth_device_count(convention=convention),
        **context,
    )


def _list_form_values(form: forms.CheckinListForm) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "days": list(data["days"]),
        "ticket_types": list(data["ticket_types"]),
        "capacity": data["capacity"],
    }


@organizer_page(need="change")
def list_create(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    form = forms.CheckinListForm(*posted(request), convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            created = checkin_lists.create_checkin_list(convention=convention, **_list_form_values(form))
        except DomainError as error:
            fail(form, error)
        else:
            messages.success(request, _("The check-in list %(name)s is set up.") % {"name": created.name})
            return redirect(reverse("web:organizer-gates", args=[slug]))
    return page(request, "checkin_list_form.html", section="gates", form=form, status=400 if form.errors else 200)


@organizer_page(need="read")
def list_edit(request: HttpRequest, slug: str, list_id: int) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    checkin_list = get_object_or_404(
        CheckinList.objects.select_related("convention"), pk=list_id, convention=convention
    )
    initial = {
        "name": checkin_list.name,
        "days": checkin_list.days,
        "ticket_types": list(checkin_list.ticket_types.all()),
        "capacity": checkin_list.capacity,
    }
    if request.method == "POST":
        require_change(request)
        form = forms.CheckinListForm(request.POST, convention=convention)
        if form.is_valid():
            try:
                checkin_lists.update_checkin_list(checkin_list=checkin_list, **_list_form_values(form))
            except DomainError as error:
                fail(form, error)
            else:
                messages.success(request, _("The check-in list is saved."))
                return redirect(reverse("web:organizer-gates", args=[slug]))
    else:
        form = forms.CheckinListForm(initial=initial, convention=convention)
    return page(
        request,
        "checkin_list_form.html",
        section="gates",
        form=form,
        checkin_list=checkin_list,
        status=400 if form.errors else 200,
    )


@organizer_page(need="change")
def device_create(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    form = forms.GateDeviceForm(*posted(request), convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            device, setup_code = devices.create_device(
                convention=convention,
                name=form.cleaned_data["name"],
                kind=DeviceKind.GATE,
                checkin_lists=list(form.cleaned_data["checkin_lists"]),
                created_by=request.user,
            )
        except DomainError as error:
            fail(form, error)
        else:
            return _setup_code_page(request, device=device, setup_code=setup_code)
    return page(request, "device_form.html", section="gates", form=form, status=400 if form.errors else 200)


def _setup_code_page(request: HttpRequest, *, device: Device, setup_code: str) -> HttpResponse:
    # Shown once, on this answer only (the code is stored as a hash): no redirect, nothing cached.
    return page(
        request,
        "device_setup.html",
        section="gates",
        device=device,
        setup_code=setup_code,
        qr=qr_svg(setup_code, label=_("Setup code of %(name)s") % {"name": device.name}),
        scanner_url=request.build_absolute_uri(reverse("web:scanner")),
    )


def _gate_device(request: HttpRequest, device_id: int) -> Device:
    return get_object_or_404(
        Device.objects.select_related("convention"),
        pk=device_id,
        convention=request.convention,  # type: ignore[attr-defined]
        kind=DeviceKind.GATE,
    )


@organizer_page(need="read")
def device_edit(request: HttpRequest, slug: str, device_id: int) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    device = _gate_device(request, device_id)
    if request.method == "POST":
        require_change(request)
        form = forms.GateDeviceForm(request.POST, convention=convention)
        if form.is_valid():
            try:
                devices.update_gate_device(
                    device=device,
                    name=form.cleaned_data["name"],
                    checkin_lists=list(form.cleaned_data["checkin_lists"]),
                )
            except DomainError as error:
                fail(form, error)
            else:
                messages.success(request, _("%(name)s is saved.") % {"name": form.cleaned_data["name"]})
                return redirect(reverse("web:organizer-gates", args=[slug]))
    else:
        form = forms.GateDeviceForm(
            initial={"name": device.name, "checkin_lists": list(device.checkin_lists.all())}, convention=convention
        )
    return page(
        request, "device_form.html", section="gates", form=form, device=device, status=400 if form.errors else 200
    )


@require_POST
@organizer_page(need="change")
def device_setup_code(request: HttpRequest, slug: str, device_id: int) -> HttpResponse:
    """A new setup code for a device nobody has set up yet (the first one was lost or expired)."""
    device = _gate_device(request, device_id)
    try:
        setup_code = devices.renew_setup_code(device=device)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(reverse("web:organizer-gates-device", args=[slug, device.pk]))
    return _setup_code_page(request, device=device, setup_code=setup_code)


@require_POST
@organizer_page(need="change")
def device_revoke(request: HttpRequest, slug: str, device_id: int) -> HttpResponse:
    device = devices.revoke_device(device=_gate_device(request, device_id))
    messages.success(request, _("%(name)s is signed out and can no longer scan.") % {"name": device.name})
    return redirect(reverse("web:organizer-gates", args=[slug]))


@organizer_page(need="read")
def refused_scans(request: HttpRequest, slug: str) -> HttpResponse:
    """The security desk's list: every refused scan with its reason, newest first, filtered by reason and list."""
    convention = request.convention  # type: ignore[attr-defined]
    reasons = scan_reasons()
    form = forms.RefusedScanFilterForm(request.GET or None, convention=convention, reasons=reasons)
    scans = device_selectors.refused_scans(convention=convention)
    if form.is_bound and form.is_valid():
        if form.cleaned_data["reason"]:
            scans = scans.filter(reason=form.cleaned_data["reason"])
        if form.cleaned_data["checkin_list"]:
            scans = scans.filter(checkin_list=form.cleaned_data["checkin_list"])
    query = urlencode([(name, request.GET[name]) for name in ("reason", "checkin_list") if request.GET.get(name)])
    return page(
        request,
        "refused_scans.html",
        section="refused",
        form=form,
        query=query,
        scans=paginate(request, scans),
        reasons=reasons,
        status=400 if form.errors else 200,
    )
