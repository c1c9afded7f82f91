"""The team page: who is on the convention's team, invitations (sent again while pending), roles and removal
(owners only)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.enums import TeamRole
from events.errors import DomainError, InvitationNotPending
from events.models import ConventionMember
from events.selectors.conventions import team_members
from events.services import team
from web.organizer.access import organizer_page
from web.organizer.pages import organizer_context
from web.organizer.team.forms import InviteForm, ScopeForm


def _member(request: HttpRequest, member_id: int) -> ConventionMember:
    member = (
        ConventionMember.objects.select_related("user", "convention")
        .filter(pk=member_id, convention=request.convention)  # type: ignore[attr-defined]
        .first()
    )
    if member is None:
        raise Http404()
    return member


def _fail(form, error: DomainError) -> None:
    fields = getattr(error, "fields", None) or {}
    field = next((name for name in fields if name in form.fields), None)
    form.add_error(field, str(error.message))


def _redirect(request: HttpRequest, name: str, **kwargs) -> HttpResponse:
    response = redirect(name, **kwargs)
    lang = request.GET.get("lang", "")
    if lang in ("de", "en"):
        response["Location"] += f"?lang={lang}"
    return response


@organizer_page(need="team")
def team_page(request: HttpRequest, slug: str) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    data = request.POST if request.method == "POST" else None
    # Read-only is the role to start from: nobody gets more than the owner picked by mistake.
    initial = {"language": translation.get_language(), "role": TeamRole.READONLY}
    form = InviteForm(data, convention=convention, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                member = team.invite_member(
                    convention=convention,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    rooms=form.cleaned_data["rooms"],
                    tracks=form.cleaned_data["tracks"],
                    invited_by=request.user,  # type: ignore[arg-type]
                    language=form.cleaned_data["language"],
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(
                    request,
                    _("%(email)s is on the team now; the invitation e-mail is on its way.")
                    % {"email": member.user.email},
                )
                return _redirect(request, "web:organizer-team", slug=slug)
        status = 400
    context = organizer_context(
        request,
        current="web:organizer-team",
        members=team_members(convention=convention),
        form=form,
        roles=TeamRole,
    )
    return render(request, "pages/organizer/team.html", context, status=status)


@organizer_page(need="team")
def member_page(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    convention = request.convention  # type: ignore[attr-defined]
    member = _member(request, member_id)
    initial = {"role": member.role, "rooms": list(member.rooms.all()), "tracks": list(member.tracks.all())}
    form = ScopeForm(request.POST if request.method == "POST" else None, convention=convention, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                team.change_member(
                    member=member,
                    role=form.cleaned_data["role"],
                    rooms=form.cleaned_data["rooms"],
                    tracks=form.cleaned_data["tracks"],
                    changed_by=request.user,  # type: ignore[arg-type]
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, _("The role of %(email)s is saved.") % {"email": member.user.email})
                return _redirect(request, "web:organizer-team", slug=slug)
        status = 400
    context = organizer_context(request, current="web:organizer-team", member=member, form=form)
    return render(request, "pages/organizer/team_member.html", context, status=status)


@require_POST
@organizer_page(need="team")
def remove_member(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    member = _member(request, member_id)
    try:
        team.remove_member(member=member, removed_by=request.user)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, str(error.message))
        return _redirect(request, "web:organizer-team-member", slug=slug, member_id=member.pk)
    messages.success(request, _("%(email)s is no longer on the team.") % {"email": member.user.email})
    if member.user_id == request.user.pk:
        return redirect("web:organizer-conventions")
    return _redirect(request, "web:organizer-team", slug=slug)


@require_POST
@organizer_page(need="team")
def resend_invitation(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """Send a pending invitation again. A member removed meanwhile (a team page open since) is a message on the
    team page, like an invitation already used, rather than an error page."""
    member = (
        ConventionMember.objects.select_related("user")
        .filter(pk=member_id, convention=request.convention)  # type: ignore[attr-defined]
        .first()
    )
    try:
        if member is None:
            raise InvitationNotPending(_("This person is no longer on the team."))
        member = team.resend_invitation(
            member=member,
            resent_by=request.user,  # type: ignore[arg-type]
            language=translation.get_language(),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("The invitation is on its way to %(email)s again, with a new link.") % {"email": member.user.email},
        )
    return _redirect(request, "web:organizer-team", slug=slug)
