"""Review of exhibitors' booth content: what goes public when, the reviewer's note, and the
``exhibitor.updated`` webhook that follows the public content (on approval with review, never on a mere save)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.enums import ExhibitorChangeStatus
from events.errors import NotReviewable
from events.models import WebhookEvent
from events.selectors.exhibitors import public_exhibitors
from events.services import booth_content, webhooks
from tests import factories

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def exhibitor(convention):
    exhibitor = factories.ExhibitorFactory(convention=convention, name="GovTech Berlin", slug="govtech")
    factories.BoothFactory(exhibitor=exhibitor, size_sqm=40)
    webhooks.create_endpoint(convention=convention, url="https://crm.example/hooks", event_types=["exhibitor.updated"])
    return exhibitor


@pytest.fixture
def reviewed(exhibitor):
    exhibitor.convention.exhibitor_changes_reviewed = True
    exhibitor.convention.save()
    return exhibitor


def updates() -> list[dict]:
    return list(
        WebhookEvent.objects.filter(event_type="exhibitor.updated").order_by("pk").values_list("data", flat=True)
    )


def test_with_review_the_webhook_fires_on_approval_not_on_save(reviewed):
    change = booth_content.change_booth_content(exhibitor=reviewed, author=None, changes={"profile_en": "Draft one"})
    booth_content.change_booth_content(exhibitor=reviewed, author=None, changes={"profile_en": "Draft two"})

    assert updates() == []

    booth_content.approve_change(change=change, reviewer=None, note="Thanks, looks good.")

    assert [data["profile_en"] for data in updates()] == ["Draft two"]
    change.refresh_from_db()
    assert (change.status, change.review_note) == (ExhibitorChangeStatus.APPROVED, "Thanks, looks good.")


def test_without_review_the_webhook_fires_on_save(exhibitor):
    booth_content.change_booth_content(exhibitor=exhibitor, author=None, changes={"profile_en": "Live text"})
    booth_content.change_booth_content(exhibitor=exhibitor, author=None, changes={"profile_en": "Live text"})

    assert [data["profile_en"] for data in updates()] == ["Live text"]


def test_rejecting_keeps_the_public_content_notes_why_and_stays_in_the_history(reviewed):
    change = booth_content.change_booth_content(exhibitor=reviewed, author=None, changes={"name": "GOVTECH!!!"})

    booth_content.reject_change(change=change, reviewer=None, note="Please keep the registered name.")

    assert public_exhibitors(convention_id=reviewed.convention_id).get().name == "GovTech Berlin"
    assert updates() == []
    history = list(reviewed.content_changes.values_list("status", "review_note", "changes"))
    assert history == [("rejected", "Please keep the registered name.", {"name": "GOVTECH!!!"})]
    with pytest.raises(NotReviewable):
        booth_content.approve_change(change=change, reviewer=None)


def test_material_with_review_fires_the_webhook_on_approval(reviewed):
    material = booth_content.add_material(
        exhibitor=reviewed, author=None, title="Brochure", file=SimpleUploadedFile("brochure.pdf", PDF)
    )
    assert updates() == []

    booth_content.approve_change(change=material.content_changes.get(), reviewer=None)

    assert len(updates()) == 1
