"""The rule of who scans where, as the selectors answer it without the device authentication's prefetch."""

from django.utils import timezone

from api.device_authentication import DeviceUser
from events.selectors.checkin import checkin_list_for_scanner
from events.selectors.devices import ScanListRead, scannable_list
from events.services import devices
from tests.checkin_helpers import entrance
from tests.factories import ConventionFactory, ExhibitorFactory


def test_a_gate_device_scans_only_on_its_own_lists(convention):
    own, other = entrance(convention, name="Entrance South"), entrance(convention, name="VIP")
    foreign = entrance(ConventionFactory(), name="Entrance East")
    gate, _ = devices.create_device(convention=convention, name="Gate S-1", kind="gate", checkin_lists=[own])
    booth, _ = devices.create_device(
        convention=convention, name="Booth 1", kind="booth", exhibitor=ExhibitorFactory(convention=convention)
    )

    assert scannable_list(device=gate, slug=convention.slug, list_id=own.pk) == own
    assert scannable_list(device=gate, slug=convention.slug, list_id=own.pk).convention == convention
    assert scannable_list(device=gate, slug=convention.slug, list_id=other.pk) is None
    assert scannable_list(device=gate, slug=foreign.convention.slug, list_id=foreign.pk) is None
    assert scannable_list(device=gate, slug=foreign.convention.slug, list_id=own.pk) is None
    assert scannable_list(device=gate, slug=convention.slug, list_id=2**63) is None
    assert scannable_list(device=booth, slug=convention.slug, list_id=own.pk) is None

    gate.revoked_at = timezone.now()
    gate.save(update_fields=["revoked_at"])
    assert scannable_list(device=gate, slug=convention.slug, list_id=own.pk) is None


def test_scanner_selector_uses_the_list_read_with_the_device_else_asks(convention, django_assert_num_queries):
    own = entrance(convention, name="Entrance South")
    gate, _ = devices.create_device(convention=convention, name="Gate S-1", kind="gate", checkin_lists=[own])

    with django_assert_num_queries(1):
        assert checkin_list_for_scanner(user=DeviceUser(gate), slug=convention.slug, list_id=own.pk) == own
    read = ScanListRead(convention.slug, own.pk, checkin_list=own)
    with django_assert_num_queries(0):
        assert (
            checkin_list_for_scanner(user=DeviceUser(gate, scan_list=read), slug=convention.slug, list_id=own.pk) == own
        )
    with django_assert_num_queries(1):  # a list read for another route is not taken for this one
        other = ScanListRead(convention.slug, own.pk + 1, checkin_list=None)
        assert (
            checkin_list_for_scanner(user=DeviceUser(gate, scan_list=other), slug=convention.slug, list_id=own.pk)
            == own
        )
