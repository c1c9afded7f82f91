import pytest

from events.services import badges
from tests.checkin_helpers import entrance
from tests.factories import RegistrationFactory, UserFactory


@pytest.mark.parametrize("model", ["checkinlist", "device", "scan", "badge", "signingkey", "badgeprintjob", "lead"])
def test_checkin_admin_pages_open_and_hide_private_keys(client, convention, model):
    admin_user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    entrance(convention)
    badges.get_or_issue_badge(registration=RegistrationFactory(convention=convention))

    response = client.get(f"/admin/events/{model}/")

    assert response.status_code == 200
    assert b"private_key" not in response.content
