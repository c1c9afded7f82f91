"""Numbers meant for machines (SVG geometry, CSS values, JSON) are never localized, whatever the page language.

German formats decimals with a comma: ``x="0,0"`` is no coordinate and the browser draws no bar.
"""

import re

import pytest
from django.test import override_settings

from events.enums import SessionFormat, SignupStatus
from events.models import WorkshopSignup
from tests import factories
from tests.web.test_staff_pages import organizer_browser, running_convention  # noqa: F401 (fixtures)

SVG_NUMBER_ATTRIBUTES = re.compile(r'\s(x|y|width|height|viewBox)="([^"]*)"')
MACHINE_NUMBER = re.compile(r"^-?\d+(\.\d+)?( -?\d+(\.\d+)?)*$")


def svg_numbers(html: str) -> list[tuple[str, str]]:
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    return [match.groups() for svg in svgs for match in SVG_NUMBER_ATTRIBUTES.finditer(svg)]


def dashboard_with_bars(convention) -> None:
    """A workshop two thirds full: the bars have fractional widths (the case a decimal comma breaks)."""
    ticket_type = factories.TicketTypeFactory(convention=convention)
    workshop = factories.SessionFactory(
        convention=convention, format=SessionFormat.WORKSHOP, title_en="Data platform", capacity=3
    )
    for status in (SignupStatus.CONFIRMED, SignupStatus.CONFIRMED, SignupStatus.WAITLISTED):
        registration = factories.RegistrationFactory(convention=convention, ticket_type=ticket_type)
        WorkshopSignup.objects.create(
            session=workshop,
            registration=registration,
            status=status,
            queue_number=1 if status == SignupStatus.WAITLISTED else None,
        )
    other = factories.SessionFactory(convention=convention, format=SessionFormat.WORKSHOP, capacity=7)
    WorkshopSignup.objects.create(
        session=other,
        registration=factories.RegistrationFactory(convention=convention, ticket_type=ticket_type),
        status=SignupStatus.CONFIRMED,
    )


@pytest.mark.parametrize("lang", ["de", "en"])
def test_dashboard_svg_geometry_is_never_localized(organizer_browser, running_convention, lang):  # noqa: F811
    dashboard_with_bars(running_convention)

    html = organizer_browser.get(f"/events/sccon/dashboard/?lang={lang}").content.decode()

    numbers = svg_numbers(html)
    assert numbers, "the dashboard draws charts"
    assert [(name, value) for name, value in numbers if not MACHINE_NUMBER.match(value)] == []
    assert any("." in value for name, value in numbers if name == "width"), "fractional bar widths are drawn"


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_dashboard_geometry_survives_thousand_separators(organizer_browser, running_convention):  # noqa: F811
    dashboard_with_bars(running_convention)

    html = organizer_browser.get("/events/sccon/dashboard/?lang=de&fragment=1").content.decode()

    assert [(name, value) for name, value in svg_numbers(html) if not MACHINE_NUMBER.match(value)] == []
