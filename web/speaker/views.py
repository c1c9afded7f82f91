"""The speaker's own pages: their sessions (confirm or decline, line-up, material), profile and availability.

Every page enters through ``web.speaker.access.speaker_page``; views take a form, call one service and
redirect (POST/redirect/GET). Domain errors become field errors on the page, never a 500.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.errors import DomainError
from events.models import SessionSpeaker, Speaker
from events.selectors import speakers as selectors
from events.services import magic_links, speakers
from web.pages import page_context
from web.speaker import forms
from web.speaker.access import speaker_page


def _page(request: HttpRequest, template: str, speaker: Speaker, *, status: int = 200, **extra) -> HttpResponse:
    convention = speaker.convention
    context = page_context(request, speaker=speaker, **extra)
    context["time_zone"] = convention.time_zone
    context["speaker_convention"] = convention
    return render(request, f"pages/speaker/{template}", context, status=status)


def _language(request: HttpRequest, speaker: Speaker) -> None:
    """Without ``?lang=`` the pages speak the language the speaker chose for our e-mails."""
    if "lang" not in request.GET:
        translation.activate(speaker.language)
        request.LANGUAGE_CODE = speaker.language


def _fail(form, error: DomainError) -> None:
    named = [name for name in (error.fields or {}) if name in form.fields]
    for name in named:
        form.add_error(name, str(error.message))
    if not named:
        form.add_error(None, str(error.message))


def _back(speaker: Speaker, name: str = "speaker-home", anchor: str = "") -> HttpResponse:
    return redirect(reverse(f"web:{name}", kwargs={"guid": speaker.guid}) + anchor)


def _role(speaker: Speaker, role_id: int) -> SessionSpeaker:
    role = selectors.role_of_speaker(speaker=speaker, role_id=role_id)
    if role is None:
        raise Http404()
    return role


def _sessions(speaker: Speaker, *, bound: dict[int, dict] | None = None) -> list[dict]:
    bound = bound or {}
    rows = []
    for role in selectors.roles_of_speaker(speaker=speaker):
        others = [line for line in role.session.line_up if line.speaker_id != speaker.pk]
        forms_of_role = bound.get(role.pk, {})
        rows.append(
            {
                "role": role,
                "session": role.session,
                "title": role.session.title_in(translation.get_language()),
                "moderators": [line for line in others if line.role == "moderator"],
                "co_speakers": [line for line in others if line.role != "moderator"],
                "materials": role.session.speaker_materials,
                "answer_form": forms_of_role.get("answer")
                or forms.AnswerForm(
                    initial={"state": role.state if role.state in speakers.ANSWERS else None, "note": role.note},
                    auto_id=f"answer-{role.pk}-%s",
                ),
                "material_form": forms_of_role.get("material") or forms.MaterialForm(auto_id=f"material-{role.pk}-%s"),
            }
        )
    return rows


def _home(request: HttpRequest, speaker: Speaker, *, status: int = 200, bound: dict | None = None) -> HttpResponse:
    badge = speakers.speaker_pass(speaker=speaker)
    return _page(
        request,
        "home.html",
        speaker,
        status=status,
        section="sessions",
        sessions=_sessions(speaker, bound=bound),
        pass_link=magic_links.magic_link_path(badge) if badge is not None else "",
        material_reviewed=speaker.convention.speaker_material_reviewed,
    )


@speaker_page
def home(request: HttpRequest, speaker: Speaker) -> HttpResponse:
    _language(request, speaker)
    return _home(request, speaker)


@require_POST
@speaker_page
def answer(request: HttpRequest, speaker: Speaker, role_id: int) -> HttpResponse:
    _language(request, speaker)
    role = _role(speaker, role_id)
    form = forms.AnswerForm(request.POST, auto_id=f"answer-{role.pk}-%s")
    if form.is_valid():
        try:
            speakers.answer_session(role=role, state=form.cleaned_data["state"], note=form.cleaned_data["note"])
        except DomainError as error:
            _fail(form, error)
        else:
            if form.cleaned_data["state"] == "confirmed":
                messages.success(request, _("Thank you: you confirmed “%(title)s”.") % {"title": role.session.title})
            else:
                messages.success(
                    request, _("You declined “%(title)s”. The organizers are told.") % {"title": role.session.title}
                )
            return _back(speaker, anchor=f"#session-{role.pk}")
    return _home(request, speaker, status=400, bound={role.pk: {"answer": form}})


@require_POST
@speaker_page
def material(request: HttpRequest, speaker: Speaker, role_id: int) -> HttpResponse:
    _language(request, speaker)
    role = _role(speaker, role_id)
    form = forms.MaterialForm(request.POST, request.FILES, auto_id=f"material-{role.pk}-%s")
    if form.is_valid():
        try:
            added = speakers.add_material(
                role=role,
                title=form.cleaned_data["title"],
                url=form.cleaned_data.get("url") or "",
                file=form.cleaned_data.get("file"),
            )
        except DomainError as error:
            _fail(form, error)
        else:
            if added.is_published:
                messages.success(request, _("Saved. Attendees receive it with the e-mail after the session."))
            else:
                messages.success(request, _("Saved. The organizers review it before attendees receive it."))
            return _back(speaker, anchor=f"#session-{role.pk}")
    return _home(request, speaker, status=400, bound={role.pk: {"material": form}})


@require_POST
@speaker_page
def material_remove(request: HttpRequest, speaker: Speaker, material_id: int) -> HttpResponse:
    _language(request, speaker)
    speakers.remove_material(speaker=speaker, material_id=material_id)
    messages.success(request, _("The material was removed."))
    return _back(speaker)


@speaker_page
def profile(request: HttpRequest, speaker: Speaker) -> HttpResponse:
    _language(request, speaker)
    initial = {field: getattr(speaker, field) for field in speakers.PROFILE_FIELDS}
    if request.method == "POST":
        form = forms.ProfileForm(request.POST, request.FILES, initial=initial)
        if form.is_valid():
            data = form.cleaned_data
            try:
                speakers.update_profile(
                    speaker=speaker,
                    photo=data.get("photo"),
                    remove_photo=data["remove_photo"],
                    **{field: data[field] for field in speakers.PROFILE_FIELDS},
                )
            except DomainError as error:
                _fail(form, error)
            else:
                translation.activate(speaker.language)
                messages.success(
                    request, _("Your profile was saved. It appears on the programme with the next release.")
                )
                return _back(speaker, "speaker-profile")
        status = 400
    else:
        form, status = forms.ProfileForm(initial=initial), 200
    return _page(
        request,
        "profile.html",
        speaker,
        status=status,
        section="profile",
        form=form,
        photo=speakers.photo_link(speaker),
    )


@speaker_page
def availability(request: HttpRequest, speaker: Speaker) -> HttpResponse:
    _language(request, speaker)
    if request.method == "POST":
        form = forms.UnavailabilityForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                speakers.add_unavailability(
                    speaker=speaker,
                    start=data["start"],
                    end=data["end"],
                    note=data["note"],
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Saved. The organizers see when you cannot be there."))
                return _back(speaker, "speaker-availability")
        status = 400
    else:
        form, status = forms.UnavailabilityForm(), 200
    return _page(
        request,
        "availability.html",
        speaker,
        status=status,
        section="availability",
        form=form,
        spans=speaker.unavailabilities.order_by("start"),
    )


@require_POST
@speaker_page
def availability_remove(request: HttpRequest, speaker: Speaker, unavailability_id: int) -> HttpResponse:
    _language(request, speaker)
    speakers.remove_unavailability(speaker=speaker, unavailability_id=unavailability_id)
    messages.success(request, _("The period was removed."))
    return _back(speaker, "speaker-availability")
