import pytest
from django.db.models import F
from django.test import Client

from events.admin import TicketTypeAdmin
from events.models import TicketType
from tests import factories


@pytest.fixture
def admin_client(db) -> Client:
    client = Client()
    client.force_login(factories.UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["tickettype", "voucher", "question", "registration", "stripeevent"])
def test_admin_lists_registration_models(admin_client, model):
    factories.RegistrationFactory()

    assert admin_client.get(f"/admin/events/{model}/").status_code == 200


def test_admin_edit_of_a_ticket_type_keeps_seats_taken_meanwhile(admin_client, monkeypatch):
    ticket = factories.TicketTypeFactory(quota=10)
    assert admin_client.get(f"/admin/events/tickettype/{ticket.pk}/change/").status_code == 200
    original_get_object = TicketTypeAdmin.get_object

    def get_object_then_four_registrations(self, request, object_id, from_field=None):
        loaded = original_get_object(self, request, object_id, from_field)
        TicketType.objects.filter(pk=ticket.pk).update(quota_used=F("quota_used") + 4)  # between load and save
        return loaded

    monkeypatch.setattr(TicketTypeAdmin, "get_object", get_object_then_four_registrations)

    response = admin_client.post(
        f"/admin/events/tickettype/{ticket.pk}/change/",
        {
            "convention": ticket.convention_id,
            "name_de": ticket.name_de,
            "name_en": ticket.name_en,
            "price": "0",
            "currency": "EUR",
            "valid_days": "",
            "quota": "20",
            "allowed_email_domains": "",
            "max_per_order": "1",
            "is_active": "on",
            "position": "0",
            "exhibitor_passes_base": "2",
        },
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.quota, ticket.quota_used) == (20, 4)


def test_admin_reads_of_registrations_are_audited_without_the_search_term(admin_client):
    from events.models import AuditEntry

    registration = factories.RegistrationFactory(last_name="Lovelace")

    assert admin_client.get("/admin/events/registration/?q=Lovelace").status_code == 200
    assert admin_client.get(f"/admin/events/registration/{registration.pk}/change/").status_code == 200

    assert list(AuditEntry.objects.order_by("pk").values_list("action", "actor_label", "registration", "details")) == [
        ("registrations.listed", "admin", None, {"admin": True, "filters": ["q"]}),
        ("registration.viewed", "admin", registration.pk, {"admin": True}),
    ]


def test_admin_action_erases_the_selected_registrations(admin_client):
    from events.models import Registration

    chosen, other = factories.RegistrationFactory(last_name="Lovelace"), factories.RegistrationFactory()

    response = admin_client.post(
        "/admin/events/registration/", {"action": "erase_selected", "_selected_action": [chosen.pk]}
    )

    assert response.status_code == 302
    assert list(Registration.objects.exclude(erased_at=None).values_list("pk", "last_name")) == [(chosen.pk, "")]
    assert Registration.objects.get(pk=other.pk).erased_at is None


def test_admin_action_reports_what_it_did_on_the_next_page(admin_client):
    chosen = factories.RegistrationFactory(last_name="Lovelace")

    response = admin_client.post(
        "/admin/events/registration/",
        {"action": "erase_selected", "_selected_action": [chosen.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == ["1 registration(s) erased."]
