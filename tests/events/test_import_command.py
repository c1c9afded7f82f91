"""``manage.py import_file``: preview writes nothing, refused rows stop the import, a schedule makes a convention."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from events.models import Convention, Session, Speaker
from tests import factories

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "c3voc"


def test_preview_then_import_of_a_speakers_table(convention, tmp_path):
    table = tmp_path / "speakers.csv"
    table.write_text("external_id,name\nS-1,Erika Mustermann\n")
    out = StringIO()

    call_command("import_file", "speakers", str(table), "--convention", "sccon", "--preview", stdout=out)
    assert Speaker.objects.count() == 0
    assert "1 created" in out.getvalue() and "preview, nothing written" in out.getvalue()

    call_command("import_file", "speakers", str(table), "--convention", "sccon", stdout=StringIO())
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Erika Mustermann"]


def test_refused_rows_stop_the_import_with_their_reasons(convention, tmp_path):
    table = tmp_path / "sessions.csv"
    table.write_text("external_id,title_en,room,date,start,end\nT-1,Nowhere,Stage Z,2025-09-30,10:00,11:00\n")
    out = StringIO()

    with pytest.raises(CommandError, match="1 row"):
        call_command("import_file", "sessions", str(table), "--convention", "sccon", stdout=out)

    assert "Unknown room “Stage Z”." in out.getvalue()
    assert Session.objects.count() == 0


def test_a_frab_schedule_becomes_a_new_convention(db):
    factories.UserFactory(username="owner")

    call_command(
        "import_file", "programme", str(FIXTURES / "frab-31c3-2014.xml"), "--new-convention", "31c3",
        "--user", "owner", stdout=StringIO(),
    )  # fmt: skip

    assert Session.objects.filter(convention=Convention.objects.get(slug="31c3")).count() == 138
