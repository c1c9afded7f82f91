"""The organizer's registration list at scale: keyset pages, bounded counts, indexed search, streamed CSV."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.utils import timezone

from events.models import CheckinList, Presence, Registration
from events.selectors import registrations as selectors
from tests import factories
from tests.conftest import require_postgresql

pytestmark = pytest.mark.django_db


def url(convention) -> str:
    return f"/api/v1/events/{convention.slug}/registrations/"


def make_registrations(convention, count: int) -> list[Registration]:
    ticket = factories.TicketTypeFactory(convention=convention)
    registrations = [factories.RegistrationFactory(convention=convention, ticket_type=ticket) for _ in range(count)]
    # Two pairs with the same creation time: the order and the cursors must still hold every row once.
    moment = timezone.now() - dt.timedelta(days=1)
    Registration.objects.filter(pk__in=[registrations[3].pk, registrations[4].pk, registrations[5].pk]).update(
        created_at=moment
    )
    return registrations


def test_pages_forward_and_back_hold_every_registration_once_newest_first(organizer_client, convention):
    registrations = make_registrations(convention, 11)
    expected = list(
        Registration.objects.filter(convention=convention).order_by("-created_at", "-pk").values_list("code", flat=True)
    )

    seen, pages, link = [], [], url(convention) + "?page_size=3"
    while link:
        body = organizer_client.get(link).json()
        pages.append(body)
        seen += [row["code"] for row in body["results"]]
        link = body["next"]
    assert seen == expected
    assert [len(page["results"]) for page in pages] == [3, 3, 3, 2]
    assert pages[0]["previous"] is None
    assert {page["count"] for page in pages} == {len(registrations)}

    back, link = [], pages[-1]["previous"]
    while link:
        body = organizer_client.get(link).json()
        back = [row["code"] for row in body["results"]] + back
        link = body["previous"]
    assert back == expected[:9]


def test_a_forged_cursor_is_a_field_error(organizer_client, convention):
    response = organizer_client.get(url(convention) + "?cursor=bm90LWEtY3Vyc29y")
    assert response.status_code == 400
    assert response.json()["fields"] == {"cursor": "Not a position of this list."}
    assert organizer_client.get(url(convention) + "?page_size=0").status_code == 400


def test_count_stops_at_the_limit(organizer_client, convention, monkeypatch):
    make_registrations(convention, 6)
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 4)

    body = organizer_client.get(url(convention)).json()

    assert (body["count"], body["count_is_exact"], len(body["results"])) == (5, False, 6)


def test_search_matches_parts_of_names_emails_and_organizations_each_word(organizer_client, convention):
    ticket = factories.TicketTypeFactory(convention=convention)
    strauss = factories.RegistrationFactory(
        convention=convention, ticket_type=ticket, first_name="Jörg", last_name="Strauß", email="js@hamburg.de",
        organization="Stadt Hamburg",
    )  # fmt: skip
    factories.RegistrationFactory(
        convention=convention, ticket_type=ticket, first_name="Jörn", last_name="Weber", organization="Stadt Köln"
    )

    def codes(query: str) -> list[str]:
        return [row["code"] for row in organizer_client.get(url(convention), {"q": query}).json()["results"]]

    assert codes("strau") == [strauss.code]
    assert codes("jör hamburg") == [strauss.code]
    assert codes("JS@HAMB") == [strauss.code]
    assert codes(strauss.code.lower()) == [strauss.code]
    assert codes("jör bremen") == []


def test_filters_checked_in_and_day(organizer_client, convention):
    tuesday = factories.TicketTypeFactory(convention=convention, valid_days=["2025-09-30"])
    wednesday = factories.TicketTypeFactory(convention=convention, valid_days=["2025-10-01"])
    came = factories.RegistrationFactory(convention=convention, ticket_type=tuesday)
    stayed_home = factories.RegistrationFactory(convention=convention, ticket_type=wednesday)
    hall = CheckinList.objects.create(convention=convention, name="Entrance")
    now = timezone.now()
    Presence.objects.create(
        checkin_list=hall, registration=came, inside=False, day=now.date(), first_entry_at=now, last_entry_at=now
    )

    def codes(query: str) -> list[str]:
        return [row["code"] for row in organizer_client.get(url(convention) + query).json()["results"]]

    assert codes("?checked_in=true") == [came.code]
    assert codes("?checked_in=false") == [stayed_home.code]
    assert codes("?day=2025-10-01") == [stayed_home.code]
    assert organizer_client.get(url(convention) + "?day=tomorrow").json()["fields"] == {"day": "A date, YYYY-MM-DD."}
    assert organizer_client.get(url(convention) + "?checked_in=maybe").status_code == 400


def test_csv_streams_every_filtered_row(organizer_client, convention, monkeypatch):
    from events.exports import registrations_csv

    monkeypatch.setattr(registrations_csv, "ROWS_PER_CHUNK", 2)
    make_registrations(convention, 7)

    response = organizer_client.get(f"/api/v1/events/{convention.slug}/registrations.csv")

    assert isinstance(response, StreamingHttpResponse)
    chunks = list(response.streaming_content)
    assert len(chunks) == 1 + 4  # the header, then two rows per chunk
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))
    assert len(rows) == 7


def explain(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a test table is tiny: ask whether the index *can* serve
        try:
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")


@pytest.mark.postgres
def test_postgresql_serves_search_and_order_from_indexes(convention):
    require_postgresql()
    make_registrations(convention, 6)

    # The selector's search expression and lookup (the convention filter aside, which a tiny table prefers).
    search = explain(
        Registration.objects.annotate(search_text=selectors.registration_search_text()).filter(
            selectors.search_text_contains("Muster")
        )
    )
    listing = explain(selectors.registrations_for_organizer(convention=convention)[:50])

    assert "registration_search_trgm" in search
    assert "registration_list_idx" in listing
