"""A consent withdrawal racing an exhibitor's lead download: the exhibitor either receives the contact data and
the lead keeps it (marked exported), or the withdrawal strips it first and the download shows none. Never both:
contact data handed over while Messe's lead says it was withdrawn.

The control shows the read-then-mark order breaking that; the service marks first (one UPDATE that takes the
row locks), so a withdrawal in flight either ran before it or sees the lead exported.
"""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Lead, Registration
from events.services import privacy
from tests import factories
from tests.conftest import require_postgresql

ROUNDS = 20


def consenting_lead(convention, exhibitor, index: int) -> tuple[Registration, Lead]:
    registration = factories.RegistrationFactory(
        convention=convention,
        ticket_type=factories.TicketTypeFactory(convention=convention, quota_used=1),  # the seat it holds
        email=f"visitor{index}@example.org",
        consent_share_contact_at=timezone.now(),
    )
    lead = Lead.objects.create(
        exhibitor=exhibitor,
        pseudonym=f"p{index}",
        registration=registration,
        has_consent=True,
        name=registration.full_name,
        email=registration.email,
        first_scanned_at=timezone.now(),
        last_scanned_at=timezone.now(),
    )
    return registration, lead


def run_together(*functions) -> list:
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait()
            results[index] = functions[index]()
        except BaseException as exc:  # surfaced in the main thread below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(functions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return results


def handed_over_consistently(handed_over_emails: set[str], lead: Lead) -> bool:
    lead.refresh_from_db()
    if lead.email and lead.email in handed_over_emails:
        return lead.exported_at is not None  # the exhibitor has it, and Messe's lead says so
    return lead.email == "" and lead.exported_at is None and not handed_over_emails


@pytest.mark.django_db(transaction=True)
def test_control_reading_before_marking_hands_over_withdrawn_contact_data():
    require_postgresql()
    convention = factories.ConventionFactory()
    exhibitor = factories.ExhibitorFactory(convention=convention)
    registration, lead = consenting_lead(convention, exhibitor, 0)

    handed_over = {row.email for row in Lead.objects.filter(exhibitor=exhibitor)}  # read first …
    run_together(lambda: privacy.update_consents(registration=registration, actor=None, share_contact=False))
    privacy.mark_leads_exported(exhibitor=exhibitor)  # … mark afterwards: the withdrawal slipped in between

    assert handed_over == {"visitor0@example.org"}
    assert not handed_over_consistently(handed_over, lead)


@pytest.mark.django_db(transaction=True)
def test_download_and_withdrawal_in_the_same_moment_stay_consistent():
    require_postgresql()
    convention = factories.ConventionFactory()
    for index in range(ROUNDS):
        exhibitor = factories.ExhibitorFactory(convention=convention)
        registration, lead = consenting_lead(convention, exhibitor, index)

        leads, _ = run_together(
            lambda exhibitor=exhibitor: privacy.hand_over_leads(exhibitor=exhibitor, actor=None),
            lambda registration=registration: privacy.update_consents(
                registration=registration, actor=None, share_contact=False
            ),
        )

        assert handed_over_consistently({row.email for row in leads if row.email}, lead), index


@pytest.mark.django_db(transaction=True)
def test_erasure_and_download_in_the_same_moment_neither_deadlock_nor_leak():
    require_postgresql()
    convention = factories.ConventionFactory()
    before_the_end = dt.datetime(2025, 9, 30, 8, 0, tzinfo=dt.UTC)
    for index in range(ROUNDS):
        exhibitor = factories.ExhibitorFactory(convention=convention)
        registration, lead = consenting_lead(convention, exhibitor, index)

        _, erased = run_together(
            lambda exhibitor=exhibitor: privacy.hand_over_leads(exhibitor=exhibitor, actor=None),
            lambda registration=registration: privacy.erase_registration(
                registration=registration, actor=None, now=before_the_end
            ),
        )

        lead.refresh_from_db()
        assert (erased.status, lead.email, lead.registration_id) == ("cancelled", "", None), index
