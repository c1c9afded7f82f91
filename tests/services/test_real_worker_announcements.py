"""An announcement to a workshop's participants, delivered by a real Celery worker through Redis and SMTP.

Uses the worker, broker and SMTP sink fixtures of ``test_real_worker``. Every attendee is set up through the
services while tasks still run eagerly (their sign-up invites go to the in-process mailbox); only the
announcement travels through the broker, so the sink sees exactly the announcement's messages.
"""

import datetime as dt
import os
import signal
from collections import Counter

import pytest
from django.utils import timezone

from events.enums import AnnouncementStatus, SessionFormat
from events.models import Announcement, MessageStatus, OutboundMessage
from events.services import announcements, consents, messages, workshops
from tests import factories
from tests.conftest import require_postgresql
from tests.services import test_real_worker
from tests.services.test_real_worker import REDIS_URL, free_port, producer_broker, require_redis, wait_until

smtp_sink = test_real_worker.smtp_sink  # the fixtures, under their names in this module
start_worker = test_real_worker.start_worker

pytestmark = [pytest.mark.services, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def workshop(convention, *, hour: int):
    start = timezone.now() + dt.timedelta(days=1, hours=hour)
    return factories.SessionFactory(
        convention=convention,
        format=SessionFormat.WORKSHOP,
        capacity=100,
        start=start,
        end=start + dt.timedelta(hours=1),
    )


def attendees_of(session, count: int) -> list:
    registrations = [factories.RegistrationFactory(convention=session.convention) for _ in range(count)]
    for registration in registrations:
        workshops.sign_up_for_workshop(session=session, registration=registration)
    return registrations


def expected_keys(announcement, registrations) -> Counter:
    return Counter(
        {
            announcements.message_key(announcement_id=announcement.pk, registration_id=registration.pk): 1
            for registration in registrations
        }
    )


def test_workshop_announcement_reaches_its_participants_once_each_despite_a_killed_worker(smtp_sink, start_worker):
    require_postgresql()
    require_redis()
    convention = factories.ConventionFactory()
    organizer = factories.UserFactory()
    workshop_x, workshop_y = workshop(convention, hour=0), workshop(convention, hour=3)
    participants = attendees_of(workshop_x, 60)
    attendees_of(workshop_y, 10)
    for _ in range(10):
        factories.RegistrationFactory(convention=convention)  # registered, in no workshop
    participants[0].consent_newsletter_at = timezone.now()
    participants[0].save()
    consents.withdraw_consent(registration=participants[0], consent="newsletter")  # operational: still reached
    announcement = announcements.create_announcement(
        convention=convention,
        author=organizer,
        subject_de="Raumwechsel",
        body_de="Workshop X findet in Raum 2 statt.",
        subject_en="Room change",
        body_en="Workshop X moves to room 2.",
        workshop=workshop_x,
    )

    # One worker process: the message on the wire when it dies is the only one in flight (see test_real_worker).
    first_worker = start_worker(concurrency=1)

    def kill_the_worker_on_the_25th(key):
        if len(smtp_sink.keys()) == 24:
            os.killpg(first_worker.pid, signal.SIGKILL)
            return False
        return True

    smtp_sink.before_accept = kill_the_worker_on_the_25th
    with producer_broker(REDIS_URL):
        announcements.send_announcement(announcement=announcement, actor=organizer, expected_recipients=60)
        first_worker.wait(timeout=180)
        smtp_sink.before_accept = None
        assert len(smtp_sink.keys()) == 24
        assert OutboundMessage.objects.filter(announcement=announcement, status=MessageStatus.SENT).count() < 60

        start_worker()
        # The beat jobs, run as they would be once the dead worker's claim has outlived its lease.
        later = timezone.now() + 2 * messages.SENDING_LEASE
        messages.requeue_stuck_messages(now=later)
        announcements.fan_out_stalled_announcements(now=later)
        wait_until(
            lambda: OutboundMessage.objects.filter(announcement=announcement, status=MessageStatus.SENT).count() == 60,
            timeout=240,
            what="all 60 announcement messages",
        )

    assert smtp_sink.keys() == expected_keys(announcement, participants)
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.QUEUED
    assert set(OutboundMessage.objects.filter(announcement=announcement).values_list("kind", flat=True)) == {
        "announcement_operational"
    }


def test_announcement_sent_while_the_broker_is_down_goes_out_once_the_beat_job_resumes_it(smtp_sink, start_worker):
    require_postgresql()
    require_redis()
    convention = factories.ConventionFactory()
    organizer = factories.UserFactory()
    workshop_x = workshop(convention, hour=0)
    participants = attendees_of(workshop_x, 5)
    announcement = announcements.create_announcement(
        convention=convention, author=organizer, subject_en="Room change", body_en="Room 2.", workshop=workshop_x
    )
    with producer_broker(f"redis://127.0.0.1:{free_port()}/6"):  # nothing listens there
        announcements.send_announcement(announcement=announcement, actor=organizer, expected_recipients=5)
    assert Announcement.objects.get(pk=announcement.pk).status == AnnouncementStatus.SENDING

    start_worker()
    with producer_broker(REDIS_URL):
        assert announcements.fan_out_stalled_announcements(now=timezone.now() + 2 * announcements.FAN_OUT_STALL) == 1
        wait_until(
            lambda: OutboundMessage.objects.filter(announcement=announcement, status=MessageStatus.SENT).count() == 5,
            timeout=180,
            what="the announcement after the broker returned",
        )
    assert smtp_sink.keys() == expected_keys(announcement, participants)
