"""Public pages of a convention: programme (grid and list), sessions, speakers and the exhibitor directory.

Programme, session and speaker pages show only the latest schedule release. Their HTML depends on nothing but
that release, the language and the URL, so it is cached under exactly that key and sent with an ETag derived
from it: a warm page costs one query (the latest release version) and one cache read. The exhibitor directory
shows live booth data (exhibitors change their booth content up to the day) with a constant number of queries.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from zoneinfo import ZoneInfo

import icalendar
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import parse_etags, urlencode
from django.utils.translation import gettext as _

from events.bilingual import field_in
from events.errors import DomainError
from events.models import Convention, Exhibitor, Hall, ScheduleRelease
from events.selectors.exhibitors import public_exhibitor, public_exhibitors
from events.selectors.programme import released_programme
from events.selectors.schedule import ReleaseRef, cancelled_session, latest_public_release
from events.services import uploads
from events.services.exports import rendered_export, session_ical_uid
from web.attendee.workshop_views import WORKSHOP_PLACEHOLDER, workshop_signup_block
from web.pages import page_context, page_query
from web.public.forms import ExhibitorFilterForm, ProgrammeFilterForm
from web.public.programme import ProgrammePage

# Bump when templates change in a way that must not be served from older cached pages or ETags.
PAGE_REVISION = "2"
PAGE_CACHE_SECONDS = 24 * 3600  # a release never changes; the limit only bounds memory for old releases
PAGE_CACHE_CONTROL = "public, max-age=60"
EXHIBITOR_CACHE_SECONDS = 60


def _cache_digest(request: HttpRequest, *parts: object) -> str:
    query = urlencode(page_query(request))
    return hashlib.sha256(":".join(map(str, (PAGE_REVISION, *parts, request.path, query))).encode()).hexdigest()


def _release(slug: str) -> ReleaseRef:
    try:
        return latest_public_release(slug=slug)
    except DomainError as error:
        raise Http404(str(error)) from error


def _release_page(request: HttpRequest, ref: ReleaseRef, render_page: Callable[[], tuple[str, int]]) -> HttpResponse:
    """Answer with the page of release ``ref`` for this URL and language, rendered at most once per release.

    ``render_page`` returns the HTML and its status (400 for a page showing invalid filters).
    """
    digest = _cache_digest(request, ref.release_id, ref.version, translation.get_language())
    etag = f'"{digest[:24]}"'
    key = f"messe:page:{digest}"
    cached = cache.get(key)
    # GZipMiddleware weakens the ETag it sends (W/"…"); If-None-Match compares weakly anyway.
    if cached is not None and cached[1] == 200 and _etag_sent(request, etag):
        response = HttpResponseNotModified()
    else:
        if cached is None:
            cached = render_page()
            cache.set(key, cached, PAGE_CACHE_SECONDS)
        html, status = cached
        response = HttpResponse(html, status=status)
        if status != 200:
            return response
    response["ETag"] = etag
    response["Cache-Control"] = PAGE_CACHE_CONTROL
    return response


def _etag_sent(request: HttpRequest, etag: str) -> bool:
    return any(tag.removeprefix("W/") == etag for tag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")))


def _programme_page(ref: ReleaseRef) -> ProgrammePage:
    return ProgrammePage(ScheduleRelease.objects.get(pk=ref.release_id), translation.get_language())


def convention_list(request: HttpRequest) -> HttpResponse:
    conventions = Convention.objects.filter(is_public=True, releases__isnull=False).distinct().order_by("start_date")
    return render(request, "pages/public/convention_list.html", page_context(request, conventions=conventions))


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    ref = _release(slug)

    def render_page() -> tuple[str, int]:
        page = _programme_page(ref)
        form = ProgrammeFilterForm(request.GET, page=page)
        # Invalid filters are a client error (400); the page still shows the form with its messages.
        valid = form.is_valid()
        filters = form.cleaned_data if valid else {}
        sessions = (
            page.filter(
                day=filters["day"], track_id=filters["track"], format=filters["format"], language=filters["language"]
            )
            if valid
            else []
        )
        view = filters.get("view") or "auto"  # phones get the list, wider screens the timetable (CSS decides)
        others = page_query(request, without="view")
        context = page_context(
            request,
            nav="programme",
            convention=page.convention,
            version=ref.version,
            form=form,
            view=view,
            days=page.days(sessions),
            session_count=len(sessions),
            lang=request.GET.get("lang", ""),
            view_links={name: f"{request.path}?{urlencode([*others, ('view', name)])}" for name in ("grid", "list")},
        )
        return render_to_string("pages/public/programme.html", context, request=request), 200 if valid else 400

    return _release_page(request, ref, render_page)


def session_detail(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    ref = _release(slug)

    def render_page() -> tuple[str, int]:
        page = _programme_page(ref)
        session = page.sessions_by_id.get(session_id)
        if session is None:
            return _cancelled_session_page(request, page, session_id), 410
        exhibitor = (
            Exhibitor.objects.filter(pk=session.exhibitor_id).select_related("booth__hall").first()
            if session.exhibitor_id
            else None
        )
        context = page_context(
            request,
            nav="programme",
            convention=page.convention,
            session=session,
            speakers=[speaker | {"profile": page.speakers[speaker["id"]]} for speaker in session.speakers],
            exhibitor=exhibitor,
        )
        return render_to_string("pages/public/session_detail.html", context, request=request), 200

    response = _release_page(request, ref, render_page)
    return _with_workshop_signup(request, response, session_id=session_id)


def _cancelled_session_page(request: HttpRequest, page: ProgrammePage, session_id: int) -> str:
    """A bookmarked session that has been cancelled says so (410 Gone) instead of "not found"."""
    entry = cancelled_session(convention_id=page.release.convention_id, session_id=session_id)
    if entry is None:
        raise Http404(_("This session is not in the published programme."))
    zone = ZoneInfo(page.convention["time_zone"])
    context = page_context(
        request,
        nav="programme",
        convention=page.convention,
        title=field_in(entry, "title", page.language),
        start=dt.datetime.fromisoformat(entry["start"]).astimezone(zone),
        end=dt.datetime.fromisoformat(entry["end"]).astimezone(zone),
        room_name=entry["room_name"],
    )
    return render_to_string("pages/public/session_cancelled.html", context, request=request)


def _with_workshop_signup(request: HttpRequest, response: HttpResponse, *, session_id: int) -> HttpResponse:
    """A workshop's page carries the live, personal sign-up block: put it in and keep the page out of shared
    caches (the rest of the HTML still comes from the release's page cache)."""
    if response.status_code != 200 or WORKSHOP_PLACEHOLDER.encode() not in response.content:
        return response
    block = workshop_signup_block(request, session_id=session_id)
    response.content = response.content.replace(WORKSHOP_PLACEHOLDER.encode(), block.encode())
    del response["ETag"]
    response["Cache-Control"] = "private, no-store"
    return response


def session_calendar(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """One session as an .ics file: the very VEVENT of the release's schedule.ics (same UID and SEQUENCE), so a
    calendar that later subscribes to the feed updates this entry instead of adding a second one."""
    ref = _release(slug)
    key = f"messe:page:session-ics:{PAGE_REVISION}:{ref.release_id}:{session_id}"
    body = cache.get(key)
    if body is None:
        snapshot = ScheduleRelease.objects.values_list("snapshot", flat=True).get(pk=ref.release_id)
        session = next((s for s in snapshot["sessions"] if s["id"] == session_id), None)
        if session is None:
            raise Http404("This session is not in the published programme.")
        feed = icalendar.Calendar.from_ical(rendered_export(release_id=ref.release_id, format="ics").body)
        uid = session_ical_uid(guid=session["guid"])
        calendar = icalendar.Calendar()
        for name in ("prodid", "version"):
            calendar.add(name, feed[name])
        for component in feed.subcomponents:
            if component.name == "VTIMEZONE" or (component.name == "VEVENT" and str(component["uid"]) == uid):
                calendar.add_component(component)
        body = calendar.to_ical()
        cache.set(key, body, PAGE_CACHE_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-session-{session_id}.ics"'
    response["Cache-Control"] = PAGE_CACHE_CONTROL
    return response


def speaker_list(request: HttpRequest, slug: str) -> HttpResponse:
    ref = _release(slug)

    def render_page() -> tuple[str, int]:
        page = _programme_page(ref)
        speakers = sorted(page.speakers.values(), key=lambda speaker: (speaker["name"].casefold(), speaker["id"]))
        context = page_context(request, nav="speakers", convention=page.convention, speakers=speakers)
        return render_to_string("pages/public/speaker_list.html", context, request=request), 200

    return _release_page(request, ref, render_page)


def speaker_detail(request: HttpRequest, slug: str, speaker_id: int) -> HttpResponse:
    ref = _release(slug)

    def render_page() -> tuple[str, int]:
        page = _programme_page(ref)
        speaker = page.speakers.get(speaker_id)
        if speaker is None:
            raise Http404(_("This speaker does not speak in the published programme."))
        context = page_context(
            request,
            nav="speakers",
            convention=page.convention,
            speaker=speaker,
            sessions=page.sessions_of_speaker(speaker_id),
        )
        return render_to_string("pages/public/speaker_detail.html", context, request=request), 200

    return _release_page(request, ref, render_page)


def exhibitor_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The exhibitor directory from live data. Booth content is edited up to the day, so it is not tied to a
    release: the HTML is kept for ``EXHIBITOR_CACHE_SECONDS`` (changes show within that time)."""
    convention = Convention.objects.filter(slug=slug, is_public=True).values("pk", "name", "time_zone").first()
    if convention is None:
        raise Http404(f"There is no convention “{slug}”.")
    language = translation.get_language()
    key = f"messe:page:exhibitors:{_cache_digest(request, language)}"
    cached = cache.get(key)
    if cached is None:
        cached = _render_exhibitor_list(request, slug=slug, convention=convention, language=language)
        cache.set(key, cached, EXHIBITOR_CACHE_SECONDS)
    html, status = cached
    response = HttpResponse(html, status=status)
    if status == 200:
        response["Cache-Control"] = f"public, max-age={EXHIBITOR_CACHE_SECONDS}"
    return response


def _render_exhibitor_list(request: HttpRequest, *, slug: str, convention: dict, language: str) -> tuple[str, int]:
    halls = list(
        Hall.objects.filter(convention_id=convention["pk"]).order_by("position", "name").values_list("pk", "name")
    )
    form = ExhibitorFilterForm(request.GET, halls=halls)
    valid = form.is_valid()
    exhibitors = (
        public_exhibitors(
            convention_id=convention["pk"], q=form.cleaned_data["q"], hall_id=form.cleaned_data["hall"]
        ).order_by("booth__hall__position", "booth__hall__name", "booth__number", "name", "pk")
        if valid
        else []
    )
    booth_talks = _booth_talks(slug=slug, time_zone=convention["time_zone"], language=language)
    entries = _stand_entries(list(exhibitors), booth_talks=booth_talks, language=language)
    context = page_context(
        request,
        nav="exhibitors",
        convention={"slug": slug, "name": convention["name"], "time_zone": convention["time_zone"]},
        form=form,
        lang=request.GET.get("lang", ""),
        entries=entries,
    )
    return render_to_string("pages/public/exhibitor_list.html", context, request=request), 200 if valid else 400


def _booth_talks(*, slug: str, time_zone: str, language: str) -> dict[int, list[dict]]:
    """Released booth talks by exhibitor id, with titles in ``language`` and local start times."""
    try:
        by_exhibitor = released_programme(slug=slug).sessions_by_exhibitor
    except DomainError:  # nothing released yet: the directory stands without booth talks
        return {}
    zone = ZoneInfo(time_zone)
    return {
        exhibitor_id: [
            {
                "id": talk["id"],
                "title": field_in(talk, "title", language),
                "start": dt.datetime.fromisoformat(talk["start"]).astimezone(zone),
            }
            for talk in talks
        ]
        for exhibitor_id, talks in by_exhibitor.items()
    }


def _entry(exhibitor: Exhibitor, *, booth_talks: dict, language: str) -> dict:
    main = exhibitor.main_exhibitor
    return {
        "exhibitor": exhibitor,
        "profile": field_in(exhibitor, "profile", language),
        "booth": getattr(main if main is not None else exhibitor, "booth", None),
        "main": main,
        "booth_talks": booth_talks.get(exhibitor.pk, []),
        "co_exhibitors": [],
    }


def _stand_entries(exhibitors: list[Exhibitor], *, booth_talks: dict, language: str) -> list[dict]:
    """One entry per stand: a joint stand's co-exhibitors are listed inside their main exhibitor's entry (when
    it is among the results; otherwise on their own, naming the stand they share)."""
    entries = {exhibitor.pk: _entry(exhibitor, booth_talks=booth_talks, language=language) for exhibitor in exhibitors}
    for exhibitor in exhibitors:
        if exhibitor.main_exhibitor_id in entries:
            entries[exhibitor.main_exhibitor_id]["co_exhibitors"].append(entries.pop(exhibitor.pk))
    return list(entries.values())


def exhibitor_detail(request: HttpRequest, slug: str, exhibitor_slug: str) -> HttpResponse:
    """An exhibitor's public page: approved profile, logo, links, materials, booth talks, stand, co-exhibitors."""
    convention = Convention.objects.filter(slug=slug, is_public=True).values("pk", "name", "time_zone").first()
    if convention is None:
        raise Http404(f"There is no convention “{slug}”.")
    exhibitor = public_exhibitor(convention_id=convention["pk"], slug=exhibitor_slug)
    if exhibitor is None:
        raise Http404("No such exhibitor.")
    language = translation.get_language()
    booth_talks = _booth_talks(slug=slug, time_zone=convention["time_zone"], language=language)
    main = exhibitor.main_exhibitor
    partners = (
        [main, *main.co_exhibitors.exclude(pk=exhibitor.pk).order_by("name")]
        if main
        else list(exhibitor.co_exhibitors.all())
    )
    context = page_context(
        request,
        nav="exhibitors",
        convention={"slug": slug, "name": convention["name"], "time_zone": convention["time_zone"]},
        entry=_entry(exhibitor, booth_talks=booth_talks, language=language),
        partners=partners,
        logo_url=uploads.media_path(exhibitor.logo.name) if exhibitor.logo else "",
    )
    response = render(request, "pages/public/exhibitor_detail.html", context)
    response["Cache-Control"] = f"public, max-age={EXHIBITOR_CACHE_SECONDS}"
    return response
