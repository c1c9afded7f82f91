"""No raw JSON in the admin: every JSON field is a readable widget or a rendered, read-only list."""

import pytest
from django import forms
from django.contrib import admin
from django.db import models
from django.test import Client, RequestFactory

from events.enums import SessionStatus
from events.models import Exhibitor, Question, ScheduleRelease, TicketType
from events.services.publishing import release_schedule
from events.services.schedule import update_session
from tests import factories
from tests.factories import berlin


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="support", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def _events_admins():
    return [
        (model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label == "events"
    ]


def test_no_admin_form_or_inline_edits_raw_json(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    raw = []
    for model, model_admin in _events_admins():
        form_classes = [(model, model_admin.get_form(request))]
        form_classes += [
            (inline.model, inline.get_formset(request).form) for inline in model_admin.get_inline_instances(request)
        ]
        for form_model, form_class in form_classes:
            raw += [
                f"{form_model.__name__}.{name}"
                for name, field in form_class.base_fields.items()
                if isinstance(field, forms.JSONField)
            ]
        for name in model_admin.get_readonly_fields(request):
            try:
                field = model._meta.get_field(name)
            except Exception:
                continue  # a display method: renders its own readable text
            if isinstance(field, models.JSONField):
                raw.append(f"{model.__name__}.{name} (read-only)")

    assert raw == []


def test_ticket_type_days_and_domains_are_edited_one_per_line(admin_client, convention):
    ticket = factories.TicketTypeFactory(
        convention=convention, valid_days=["2025-10-01"], allowed_email_domains=["bund.de"]
    )

    page = admin_client.get(f"/admin/events/tickettype/{ticket.pk}/change/").content.decode()
    assert "\n2025-10-01</textarea>" in page and "\nbund.de</textarea>" in page

    data = {
        "convention": convention.pk,
        "name_de": ticket.name_de,
        "name_en": ticket.name_en,
        "price": "0",
        "currency": "EUR",
        "valid_days": "01.10.2025\n\n2025-09-30\n",
        "quota": "",
        "allowed_email_domains": "@Berlin.de\nbund.de",
        "max_per_order": "1",
        "is_active": "on",
        "position": "0",
        "exhibitor_passes_base": "2",
    }
    response = admin_client.post(f"/admin/events/tickettype/{ticket.pk}/change/", data)

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.valid_days, ticket.allowed_email_domains) == (["2025-09-30", "2025-10-01"], ["berlin.de", "bund.de"])


def test_ticket_type_lines_that_are_no_day_or_domain_are_field_errors(admin_client, convention):
    ticket = factories.TicketTypeFactory(convention=convention)
    data = {
        "convention": convention.pk,
        "name_de": ticket.name_de,
        "name_en": ticket.name_en,
        "price": "0",
        "currency": "EUR",
        "valid_days": '2025-09-30\n["2025-10-01"]\n2025-12-24',
        "allowed_email_domains": "not a domain",
        "max_per_order": "1",
        "position": "0",
        "exhibitor_passes_base": "2",
    }

    response = admin_client.post(f"/admin/events/tickettype/{ticket.pk}/change/", data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["valid_days"] == ['Line 2: “["2025-10-01"]” is not a date (2025-09-30 or 30.09.2025).']
    assert errors["allowed_email_domains"] == ["Line 1: “not a domain” is not a domain such as berlin.de."]
    ticket.refresh_from_db()
    assert ticket.valid_days == []


def test_ticket_type_days_must_be_days_of_the_convention(admin_client, convention):
    ticket = factories.TicketTypeFactory(convention=convention)
    data = {
        "convention": convention.pk,
        "name_de": ticket.name_de,
        "name_en": ticket.name_en,
        "price": "0",
        "currency": "EUR",
        "valid_days": "2025-12-24",
        "allowed_email_domains": "",
        "max_per_order": "1",
        "position": "0",
        "exhibitor_passes_base": "2",
    }

    response = admin_client.post(f"/admin/events/tickettype/{ticket.pk}/change/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["valid_days"] == [
        "2025-12-24 is not a day of the convention (2025-09-30 to 2025-10-02)."
    ]
    assert TicketType.objects.get(pk=ticket.pk).valid_days == []


def test_exhibitor_links_and_locked_fields_are_lines_and_checkboxes(admin_client, convention):
    exhibitor = factories.ExhibitorFactory(convention=convention)
    page = admin_client.get(f"/admin/events/exhibitor/{exhibitor.pk}/change/").content.decode()
    assert 'type="checkbox" name="locked_fields" value="name"' in page

    form = admin_client.get(f"/admin/events/exhibitor/{exhibitor.pk}/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data |= {
        "convention": convention.pk,
        "links": "Jobs | https://example.org/jobs\nhttps://example.org/press",
        "locked_fields": ["name", "logo"],
        "booth-TOTAL_FORMS": "0",
        "booth-INITIAL_FORMS": "0",
        "materials-TOTAL_FORMS": "0",
        "materials-INITIAL_FORMS": "0",
        "staff-TOTAL_FORMS": "0",
        "staff-INITIAL_FORMS": "0",
    }
    data = {key: value for key, value in data.items() if key not in ("logo", "main_exhibitor")}

    response = admin_client.post(f"/admin/events/exhibitor/{exhibitor.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    exhibitor = Exhibitor.objects.get(pk=exhibitor.pk)
    assert exhibitor.links == [
        {"title": "Jobs", "url": "https://example.org/jobs"},
        {"title": "https://example.org/press", "url": "https://example.org/press"},
    ]
    assert exhibitor.locked_fields == ["name", "logo"]


def test_question_choices_are_one_per_line(admin_client, convention):
    question = Question.objects.create(
        convention=convention, identifier="sector", label_de="Sektor", label_en="Sector", kind="choice", choices=["a"]
    )
    data = {
        "convention": convention.pk,
        "identifier": "sector",
        "label_de": "Sektor",
        "label_en": "Sector",
        "kind": "choice",
        "choices": "municipal\nfederal\n",
        "position": "0",
    }

    assert admin_client.post(f"/admin/events/question/{question.pk}/change/", data).status_code == 302
    question.refresh_from_db()
    assert question.choices == ["municipal", "federal"]


def test_release_shows_its_changelog_and_warnings_as_lists(admin_client, convention):
    stage = factories.RoomFactory(convention=convention, name="Stage 1")
    keynote = factories.SessionFactory(
        convention=convention, room=stage, title_en="Keynote", start=berlin(0, 10), end=berlin(0, 11)
    )
    release_schedule(convention=convention)
    update_session(session=keynote, start=berlin(0, 14), end=berlin(0, 15))
    factories.SessionFactory(convention=convention, title_en="Unplaced", room=None, status=SessionStatus.CONFIRMED)
    release = release_schedule(convention=convention, comment="Keynote after lunch")

    page = admin_client.get(f"/admin/events/schedulerelease/{release.pk}/change/").content.decode()

    assert "Moved" in page and "Keynote" in page
    assert "Tue, 09/30/2025 10:00" in page and "14:00" in page
    assert "“Unplaced” is confirmed but has no room yet." in page
    assert "1 sessions, 0 speakers" in page
    assert '"sessions"' not in page and "&quot;sessions&quot;" not in page  # no snapshot JSON
    assert ScheduleRelease.objects.count() == 2


def test_registration_answers_are_shown_not_edited(admin_client, convention):
    registration = factories.RegistrationFactory(convention=convention, answers={"sector": "municipal"})

    response = admin_client.get(f"/admin/events/registration/{registration.pk}/change/")

    page = response.content.decode()
    assert "<dt>sector</dt><dd>municipal</dd>" in page
    assert 'name="answers"' not in page
