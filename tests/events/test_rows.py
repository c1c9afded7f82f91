"""``events.rows`` builds the instances the ORM would build: every row shape of the scan path, both ways.

The scan path reads with hand-written SQL (``events.services.scanning._badge_sql``,
``events.selectors.devices._device_sql``) and builds model instances through ``events.rows``. Each test reads
the same rows through the ORM (``select_related``/``only`` as the hand-written statement loads them) and compares
class, primary key, every loaded value and which fields are deferred. It fails when a Django or psycopg upgrade
changes what the private APIs named in ``events.rows`` do.
"""

from django.db.models import Model

from events.models import Badge, CheckinList, Convention, Device, Registration, TicketType
from events.selectors.devices import _read_device
from events.services import badges, devices
from events.services.badge_codes import BadgePayload
from events.services.scanning import _REGISTRATION_READ, _TICKET_TYPE_READ, _badge_with_admission
from tests.checkin_helpers import entrance
from tests.factories import RegistrationFactory


def loaded(instance: Model) -> dict[str, object]:
    """Class, primary key, deferred fields and every loaded field value of ``instance``."""
    deferred = instance.get_deferred_fields()
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in deferred
    }
    return {"class": type(instance), "pk": instance.pk, "deferred": deferred, "values": values}


def test_badge_registration_and_ticket_type_rows_equal_the_orm_instances(convention):
    registration = RegistrationFactory(convention=convention, answers={"diet": "vegan"}, job_title="Referentin")
    badge = badges.get_or_issue_badge(registration=registration)
    gate = entrance(convention)
    payload = BadgePayload(
        key_id=0,
        convention_id=convention.pk,
        registration_id=registration.pk,
        badge_id=badge.pk,
        ticket_type_id=registration.ticket_type_id,
        valid_days=0,
        expires_at=0,
    )

    scanned = _badge_with_admission(checkin_list=gate, payload=payload)

    assert scanned is not None
    orm_badge = Badge.objects.get(pk=badge.pk)
    orm_registration = Registration.objects.only(*_REGISTRATION_READ).get(pk=registration.pk)
    orm_ticket_type = TicketType.objects.only(*_TICKET_TYPE_READ).get(pk=registration.ticket_type_id)
    assert loaded(scanned.badge) == loaded(orm_badge)
    assert loaded(scanned.badge.registration) == loaded(orm_registration)
    assert loaded(scanned.badge.registration.ticket_type) == loaded(orm_ticket_type)
    assert (scanned.list_restricted, scanned.admitted) == (False, False)


def test_device_convention_and_checkin_list_rows_equal_the_orm_instances(convention):
    gate_list = entrance(convention, days=[convention.start_date.isoformat()], capacity=120)
    gate, _ = devices.create_device(convention=convention, name="Gate S-1", kind="gate", checkin_lists=[gate_list])

    found = _read_device(key="id", value=gate.pk, scan_list=(convention.slug, gate_list.pk))

    assert found is not None and found.scan_list is not None and found.scan_list.checkin_list is not None
    assert loaded(found.device) == loaded(Device.objects.get(pk=gate.pk))
    assert loaded(found.device.convention) == loaded(Convention.objects.get(pk=convention.pk))
    assert loaded(found.scan_list.checkin_list) == loaded(CheckinList.objects.get(pk=gate_list.pk))


def test_device_row_without_a_list_equals_the_orm_instance(convention):
    gate, _ = devices.create_device(
        convention=convention, name="Gate S-2", kind="gate", checkin_lists=[entrance(convention)]
    )

    found = _read_device(key="id", value=gate.pk, scan_list=None)

    assert found is not None and found.scan_list is None
    assert loaded(found.device) == loaded(Device.objects.get(pk=gate.pk))
    assert loaded(found.device.convention) == loaded(Convention.objects.get(pk=convention.pk))
