"""What the organizers set for an exhibitor: name and address, stand or joint stand, pass quota and locked fields.

Booth content the exhibitors maintain themselves goes through ``events.services.booth_content``; an organizer's
own change here is live at once (the organizers are the reviewers) and reported by ``exhibitor.updated``.
A joint stand is one level deep: a co-exhibitor stands on its main exhibitor's stand, has no stand of its own
and no co-exhibitors.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from events.errors import DuplicateName, ValidationFailed
from events.models import Convention, Exhibitor, Hall
from events.services import booth_content, exhibitors


def save_exhibitor(
    *,
    convention: Convention,
    exhibitor: Exhibitor | None = None,
    name: str,
    slug: str,
    website: str = "",
    contact_email: str = "",
    profile_de: str = "",
    profile_en: str = "",
    main_exhibitor: Exhibitor | None = None,
    hall: Hall | None = None,
    booth_number: str = "",
    size_sqm: Decimal | None = None,
    pass_quota: int | None = None,
    locked_fields: list[str] | None = None,
) -> Exhibitor:
    """Create (``exhibitor=None``) or change an exhibitor. Raises ``ValidationFailed`` for a joint stand that
    does not hold (another convention's, nested, itself) and ``DuplicateName`` for a taken slug or stand."""
    _check_names(
        convention=convention, exhibitor=exhibitor, slug=slug, main=main_exhibitor, hall=hall, number=booth_number
    )
    _check_stand(convention=convention, exhibitor=exhibitor, main=main_exhibitor, hall=hall, number=booth_number)
    booth: dict[str, Any] | None = None
    if main_exhibitor is None and hall is not None and booth_number.strip():
        booth = {"hall": hall, "number": booth_number.strip(), "size_sqm": size_sqm}
    fields: dict[str, Any] = {
        "name": name.strip(),
        "slug": slug.strip(),
        "website": website,
        "contact_email": contact_email,
        "profile_de": profile_de,
        "profile_en": profile_en,
    }
    with transaction.atomic():
        if exhibitor is None:
            exhibitor = exhibitors.create_exhibitor(convention=convention, booth=booth, **fields)
        else:
            exhibitor = Exhibitor.objects.select_for_update().get(pk=exhibitor.pk)
            exhibitor = exhibitors.update_exhibitor(exhibitor=exhibitor, booth=booth, **fields)
        exhibitor.main_exhibitor = main_exhibitor
        exhibitor.pass_quota = pass_quota
        exhibitor.save(update_fields=["main_exhibitor", "pass_quota"])
        if locked_fields is not None:
            booth_content.lock_fields(exhibitor=exhibitor, fields=locked_fields)
    return exhibitor


def _check_names(
    *,
    convention: Convention,
    exhibitor: Exhibitor | None,
    slug: str,
    main: Exhibitor | None,
    hall: Hall | None,
    number: str,
) -> None:
    """The uniqueness rules of ``events.services.exhibitors``, checked first for messages in the page's language."""
    others = Exhibitor.objects.filter(convention=convention)
    if exhibitor is not None:
        others = others.exclude(pk=exhibitor.pk)
    if others.filter(slug=slug.strip()).exists():
        raise DuplicateName(_("Another exhibitor of this convention has this short name."), fields={"slug": "taken"})
    if main is None and hall is not None and number.strip():
        holder = others.filter(booth__hall=hall, booth__number=number.strip()).first()
        if holder is not None:
            raise DuplicateName(
                _("Stand %(number)s in %(hall)s belongs to %(name)s.")
                % {"number": number.strip(), "hall": hall.name, "name": holder.name},
                fields={"booth_number": "taken"},
            )


def _check_stand(
    *, convention: Convention, exhibitor: Exhibitor | None, main: Exhibitor | None, hall: Hall | None, number: str
) -> None:
    if hall is not None and hall.convention_id != convention.pk:
        raise ValidationFailed(_("This hall belongs to another convention."), fields={"hall": "other_convention"})
    if bool(hall) != bool(number.strip()) and main is None:
        raise ValidationFailed(_("A stand needs both a hall and a stand number."), fields={"booth_number": "both"})
    if main is None:
        return
    if main.convention_id != convention.pk:
        raise ValidationFailed(
            _("The main exhibitor belongs to another convention."), fields={"main_exhibitor": "other_convention"}
        )
    if exhibitor is not None and main.pk == exhibitor.pk:
        raise ValidationFailed(_("An exhibitor cannot be its own main exhibitor."), fields={"main_exhibitor": "itself"})
    if main.main_exhibitor_id is not None:
        raise ValidationFailed(
            _("%(name)s is a co-exhibitor itself; choose the main exhibitor of that stand.") % {"name": main.name},
            fields={"main_exhibitor": "nested"},
        )
    if exhibitor is not None and exhibitor.co_exhibitors.exists():
        raise ValidationFailed(
            _("This exhibitor hosts co-exhibitors on its stand, so it cannot join another stand."),
            fields={"main_exhibitor": "hosts_co_exhibitors"},
        )
