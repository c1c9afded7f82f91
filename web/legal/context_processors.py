from django.http import HttpRequest

from events.models import Convention


def _site_legal_slug() -> str:
    """The convention whose legal pages the footer links on pages of no convention (the list, sign-in, scanner,
    errors): the one running now or next, else the latest."""
    from django.utils import timezone

    public = Convention.objects.filter(is_public=True)
    upcoming = public.filter(end_date__gte=timezone.localdate()).order_by("start_date", "pk")
    return (
        upcoming.values_list("slug", flat=True).first()
        or public.order_by("-end_date", "-pk").values_list("slug", flat=True).first()
        or ""
    )


def legal_links(request: HttpRequest) -> dict[str, object]:
    # A callable: the template calls it only on pages without a convention of their own.
    return {"site_legal_slug": _site_legal_slug}
