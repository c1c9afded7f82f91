"""The organizer area's own pages: the list of one's conventions, a convention's home, the sign-in link."""

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from events.enums import TeamRole
from events.models import ConventionMember
from events.selectors.conventions import team_conventions
from events.services import team
from web.organizer.access import organizer_page
from web.organizer.nav import nav_for
from web.organizer.pages import ROLE_DESCRIPTIONS, organizer_context
from web.pages import page_context

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


@never_cache
@login_required(login_url="web:login")
def conventions(request: HttpRequest) -> HttpResponse:
    """The conventions on whose team the signed-in person is, with their role there."""
    roles = dict(ConventionMember.objects.filter(user_id=request.user.pk).values_list("convention_id", "role"))
    rows = [
        {"convention": convention, "role": TeamRole(roles.get(convention.pk, TeamRole.OWNER)).label}
        for convention in team_conventions(user=request.user)
    ]
    return render(request, "pages/organizer/conventions.html", page_context(request, rows=rows))


@organizer_page(need="read")
def home(request: HttpRequest, slug: str) -> HttpResponse:
    areas = [
        item
        for item in nav_for(slug=slug, role=request.team_role)  # type: ignore[attr-defined]
        if item["url_name"] != "web:organizer-home"
    ]
    context = organizer_context(
        request,
        current="web:organizer-home",
        areas=areas,
        role_description=ROLE_DESCRIPTIONS[request.team_role],  # type: ignore[attr-defined]
    )
    return render(request, "pages/organizer/home.html", context)


@never_cache
def sign_in_link(request: HttpRequest, slug: str, uid: str, token: str) -> HttpResponse:
    """The link of the invitation e-mail. GET only asks to confirm (mail scanners that follow links must not use
    it up); POST signs in and opens the convention's organizer home."""
    user = team.user_for_sign_in_link(uid=uid, token=token)
    if user is None:
        return render(request, "pages/organizer/link_invalid.html", page_context(request), status=404)
    if request.method == "POST":
        login(request, user, backend=AUTH_BACKEND)
        response = redirect("web:organizer-home", slug=slug)
        if request.GET.get("lang") in ("de", "en"):
            response["Location"] += f"?lang={request.GET['lang']}"
        return response
    return render(request, "pages/organizer/sign_in_confirm.html", page_context(request, account=user))
