import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from events import tasks
from events.models import AuditEntry, Lead, Registration
from events.services import leads, privacy
from tests import factories
from tests.checkin_helpers import badge_code, nonce

UTC = dt.UTC


@pytest.fixture(autouse=True)
def _thirty_days(settings):
    settings.MESSE_RETENTION_DAYS = 30


def freeze(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def ended(convention):
    """The factory convention (last day 2 Oct 2025) with a lead and two registrations, one erased already."""
    exhibitor = factories.ExhibitorFactory(convention=convention)
    visitor = factories.RegistrationFactory(
        convention=convention, first_name="Konrad", last_name="Zuse", email="konrad@z3.example",
        consent_share_contact_at=dt.datetime(2025, 9, 1, tzinfo=UTC),
    )  # fmt: skip
    leads.capture_lead(exhibitor=exhibitor, code=badge_code(visitor), nonce=nonce(), notes="Z3 demo")
    privacy.erase_registration(
        registration=factories.RegistrationFactory(convention=convention), actor=None,
        now=dt.datetime(2025, 10, 10, tzinfo=UTC),
    )  # fmt: skip
    return visitor


def test_nothing_is_removed_within_the_retention_period(monkeypatch, ended):
    freeze(monkeypatch, dt.datetime(2025, 11, 1, 23, 0, tzinfo=UTC))  # 30 days after the last day

    assert privacy.apply_retention() == {"conventions": 0, "leads_deleted": 0, "registrations_erased": 0}
    assert Lead.objects.count() == 1
    assert Registration.objects.get(pk=ended.pk).email == "konrad@z3.example"


def test_after_the_retention_period_leads_go_and_registrations_are_anonymised(monkeypatch, convention, ended):
    later = factories.ConventionFactory(start_date=dt.date(2025, 12, 1), end_date=dt.date(2025, 12, 3))
    untouched = factories.RegistrationFactory(convention=later, email="later@example.org")
    freeze(monkeypatch, dt.datetime(2025, 11, 2, 0, 30, tzinfo=UTC))  # 31 days after the last day

    result = tasks.apply_retention.delay().get()

    assert result == {"conventions": 1, "leads_deleted": 1, "registrations_erased": 1}
    assert Lead.objects.count() == 0
    visitor = Registration.objects.get(pk=ended.pk)
    assert (visitor.first_name, visitor.last_name, visitor.email, visitor.status) == (
        "erased",
        "",
        f"erased-{visitor.code.lower()}@erased.invalid",
        "confirmed",  # the convention is over: attendance counts stay as they were
    )
    assert visitor.erased_at == dt.datetime(2025, 11, 2, 0, 30, tzinfo=UTC)
    assert Registration.objects.get(pk=untouched.pk).email == "later@example.org"
    entry = AuditEntry.objects.get(action="retention.applied")
    assert (entry.convention, entry.actor_kind, entry.details) == (
        convention,
        "system",
        {"leads_deleted": 1, "registrations_erased": 1},
    )


def test_running_retention_twice_changes_nothing_the_second_time(monkeypatch, ended):
    freeze(monkeypatch, dt.datetime(2026, 6, 1, tzinfo=UTC))
    privacy.apply_retention()
    erased_at = Registration.objects.get(pk=ended.pk).erased_at

    assert privacy.apply_retention() == {"conventions": 0, "leads_deleted": 0, "registrations_erased": 0}
    assert Registration.objects.get(pk=ended.pk).erased_at == erased_at
    assert AuditEntry.objects.filter(action="retention.applied").count() == 1


def test_retention_runs_daily_from_beat():
    assert django_settings.CELERY_BEAT_SCHEDULE["apply-retention"] == {
        "task": "events.apply_retention",
        "schedule": 86400.0,
    }
    assert tasks.apply_retention.name == "events.apply_retention"
