"""The organizers' speakers page: every speaker with their sessions and answers, adding a speaker to a session,
sending an invitation again, and releasing material that waits for review.

Every member of the team sees the page; adding a speaker changes the session (owners, organizers, and curators
for sessions in their scope, checked with ``can_change_session`` per session); resending and releasing material
need ``change``.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import permissions
from events.errors import DomainError
from events.models import SessionMaterial, SessionSpeaker
from events.selectors.speakers import speakers_with_roles
from events.services import followup, programme, speakers
from web.organizer.access import organizer_page
from web.organizer.speakers.forms import AddSpeakerForm
from web.pages import page_context


def _redirect(request: HttpRequest, slug: str) -> HttpResponse:
    response = redirect("web:organizer-speakers", slug=slug)
    lang = request.GET.get("lang", "")
    if lang in ("de", "en"):
        response["Location"] += f"?lang={lang}"
    return response


def _page(request: HttpRequest, form: AddSpeakerForm, *, status: int = 200) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    pending = (
        SessionMaterial.objects.filter(session__convention=convention, speaker__isnull=False, is_published=False)
        .select_related("session", "speaker")
        .order_by("pk")
    )
    may_change = permissions.is_organizer(request.user, convention)
    context = page_context(
        request,
        area_convention=convention,
        convention_name=convention.name,
        time_zone=convention.time_zone,
        speakers=speakers_with_roles(convention=convention),
        form=form,
        may_change=may_change,
        # Curators add speakers to the sessions they curate (checked per session when they submit).
        may_add=may_change or request.team_role == "curator",  # type: ignore[attr-defined]
        pending_material=pending,
    )
    return render(request, "pages/organizer/speakers/speakers.html", context, status=status)


@organizer_page()
def speakers_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, AddSpeakerForm(convention=request.convention))  # type: ignore[attr-defined]


@require_POST
@organizer_page()
def add_speaker(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    form = AddSpeakerForm(request.POST, convention=convention)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    session = data["session"]
    if not permissions.can_change_session(request.user, session):
        form.add_error("session", _("This session is outside the rooms and tracks you curate."))
        return _page(request, form, status=403)
    try:
        speaker = data["speaker"] or programme.create_speaker(
            convention=convention, name=data["name"].strip(), email=data["email"] or "", language=data["language"]
        )
        role = speakers.add_to_session(session=session, speaker=speaker, role=data["role"])
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _page(request, form, status=400)
    if role.invited_at is not None:
        messages.success(
            request,
            _("%(name)s is on “%(title)s”; the invitation is on its way to %(email)s.")
            % {"name": speaker.name, "title": session.title, "email": speaker.email},
        )
    else:
        messages.success(
            request,
            _("%(name)s is on “%(title)s”. Without an e-mail address they get no invitation.")
            % {"name": speaker.name, "title": session.title},
        )
    return _redirect(request, slug)


def _role(request: HttpRequest, role_id: int) -> SessionSpeaker:
    role = (
        SessionSpeaker.objects.select_related("speaker", "session")
        .filter(pk=role_id, session__convention=request.convention)  # type: ignore[attr-defined]
        .first()
    )
    if role is None:
        raise Http404()
    return role


@require_POST
@organizer_page(need="change")
def resend(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    role = _role(request, role_id)
    if speakers.resend_invitation(role=role):
        messages.success(request, _("The invitation was sent again to %(email)s.") % {"email": role.speaker.email})
    elif not role.speaker.email:
        messages.error(request, _("%(name)s has no e-mail address.") % {"name": role.speaker.name})
    else:
        messages.info(request, _("The invitation was just sent; try again in a minute."))
    return _redirect(request, slug)


@require_POST
@organizer_page(need="change")
def publish_material(request: HttpRequest, slug: str, material_id: int) -> HttpResponse:
    material = SessionMaterial.objects.filter(
        pk=material_id,
        session__convention=request.convention,  # type: ignore[attr-defined]
        speaker__isnull=False,
    ).first()
    if material is None:
        raise Http404()
    followup.publish_session_material(material=material)
    messages.success(request, _("“%(title)s” goes to the attendees after the session.") % {"title": material.title})
    return _redirect(request, slug)
