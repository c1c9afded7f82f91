"""What the scan benchmarks share: their own database on the PostgreSQL server of ``DATABASE_URL``, and a
convention running today with signed badges and an activated gate device (``bench_scanning.py``, ``scan_cpu.py``)."""

import datetime as dt
import os

SERVER_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    """The URL of database ``name`` on the server of ``DATABASE_URL``."""
    base, _, _ = SERVER_URL.rpartition("/")
    return f"{base}/{name}"


def admin_sql(statement: str) -> None:
    """Run ``statement`` (CREATE/DROP DATABASE) on the server's ``postgres`` database."""
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(statement)


def seed_gate(*, registrations: int, printed: int = 0) -> dict:
    """A convention running today with ``registrations`` confirmed registrations; the first ``printed`` hold a
    press ticket (for the bulk print), the others a day pass and a signed badge. One gate list, one activated
    gate device on it. Django must be set up."""
    from django.utils import timezone

    from events.models import CheckinList, Convention, Registration, RegistrationStatus, TicketType
    from events.services import badges, devices

    today = timezone.localdate()
    convention = Convention.objects.create(
        slug="bench",
        acronym="bench2025",
        name="Smart Country Convention (bench)",
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=1),
    )
    day_pass = TicketType.objects.create(convention=convention, name_de="Tagesticket", name_en="Day pass")
    press = TicketType.objects.create(convention=convention, name_de="Presse", name_en="Press")
    now = timezone.now()
    Registration.objects.bulk_create(
        [
            Registration(
                convention=convention,
                ticket_type=press if i < printed else day_pass,
                code=f"B{i:07d}",
                access_token_hash=f"{i:064d}",
                status=RegistrationStatus.CONFIRMED,
                first_name="Erika",
                last_name=f"Mustermann {i}",
                email=f"attendee{i}@berlin.de",
                organization="Senatsverwaltung für Digitales",
                consent_terms_at=now,
                confirmed_at=now,
            )
            for i in range(registrations)
        ],
        batch_size=2000,
    )
    scanned = list(
        Registration.objects.filter(ticket_type=day_pass).select_related("convention", "ticket_type").order_by("pk")
    )
    issued = badges.issue_missing_badges(registrations=scanned, convention=convention)
    gate = CheckinList.objects.create(convention=convention, name="Entrance South")
    _, setup_code = devices.create_device(convention=convention, name="Gate S-1", kind="gate", checkin_lists=[gate])
    _, token = devices.activate_device(setup_code=setup_code)
    return {
        "convention": convention,
        "press": press,
        "codes": [issued[registration.pk].code for registration in scanned],
        "token": token,
        "path": f"/api/v1/events/{convention.slug}/checkin-lists/{gate.pk}/scans/",
    }
