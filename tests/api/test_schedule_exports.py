import gzip
import json

import icalendar
import pytest
from django.core.cache import cache, caches
from lxml import etree

from events.services.conventions import update_convention
from events.services.publishing import release_schedule
from tests import factories
from tests.factories import berlin

EXPORTS = {
    "json": "application/json",
    "xml": "application/xml; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}


def _url(slug: str, format: str) -> str:
    return f"/api/v1/events/{slug}/schedule.{format}"


@pytest.fixture
def released(convention):
    stage = factories.RoomFactory(convention=convention, name="Stage 1")
    factories.SessionFactory(convention=convention, title_de="", title_en="Keynote", room=stage, start=berlin(0, 9))
    factories.SessionFactory(convention=convention, title_de="", title_en="Panel", room=stage, start=berlin(0, 11))
    return release_schedule(convention=convention)


@pytest.mark.parametrize("format", EXPORTS)
def test_export_of_latest_release_with_etag_and_cache_headers(released, api_client, format):
    response = api_client.get(_url("sccon", format))

    assert response.status_code == 200
    assert response["Content-Type"] == EXPORTS[format]
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"')
    assert "Accept-Encoding" in response["Vary"]


def test_exports_list_the_released_sessions(released, api_client):
    document = json.loads(api_client.get(_url("sccon", "json")).content)
    root = etree.fromstring(api_client.get(_url("sccon", "xml")).content)
    calendar = icalendar.Calendar.from_ical(api_client.get(_url("sccon", "ics")).content)

    titles = ["Keynote", "Panel"]
    assert [e["title"] for e in document["schedule"]["conference"]["days"][0]["rooms"]["Stage 1"]] == titles
    assert [event.findtext("title") for event in root.findall("day/room/event")] == titles
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == titles


@pytest.mark.parametrize("format", EXPORTS)
def test_matching_if_none_match_answers_304_without_body(released, api_client, format):
    etag = api_client.get(_url("sccon", format))["ETag"]

    response = api_client.get(_url("sccon", format), HTTP_IF_NONE_MATCH=etag)
    weak = api_client.get(_url("sccon", format), HTTP_IF_NONE_MATCH=f'"other", W/{etag}')

    assert (response.status_code, response.content, response["ETag"]) == (304, b"", etag)
    assert weak.status_code == 304


def test_etag_differs_per_format_and_changes_with_a_new_release(released, api_client, convention):
    etags = {format: api_client.get(_url("sccon", format))["ETag"] for format in EXPORTS}
    release_schedule(convention=convention)

    stale = api_client.get(_url("sccon", "json"), HTTP_IF_NONE_MATCH=etags["json"])

    assert len(set(etags.values())) == 3
    assert stale.status_code == 200
    assert stale["ETag"] not in etags.values()
    assert json.loads(stale.content)["schedule"]["version"] == "v2"


def test_gzip_is_served_precompressed_with_its_own_etag(released, api_client):
    plain = api_client.get(_url("sccon", "json"))

    compressed = api_client.get(_url("sccon", "json"), HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] != plain["ETag"]
    assert api_client.get(_url("sccon", "json"), HTTP_IF_NONE_MATCH=compressed["ETag"]).status_code == 304


def test_exports_show_the_release_not_later_edits(released, api_client, convention):
    convention.sessions.filter(title_en="Panel").delete()

    document = json.loads(api_client.get(_url("sccon", "json")).content)

    assert [e["title"] for e in document["schedule"]["conference"]["days"][0]["rooms"]["Stage 1"]] == [
        "Keynote",
        "Panel",
    ]


def test_warm_export_takes_no_query_and_no_rendering(released, api_client, django_assert_num_queries, monkeypatch):
    api_client.get(_url("sccon", "xml"))
    from events.services import exports

    monkeypatch.setitem(exports.RENDERERS, "xml", ("application/xml", lambda release: pytest.fail("re-rendered")))

    with django_assert_num_queries(0):
        response = api_client.get(_url("sccon", "xml"))

    assert response.status_code == 200


def test_warm_export_fetches_a_stamp_not_the_export_from_the_cache(released, api_client, monkeypatch):
    first = api_client.get(_url("sccon", "json"), HTTP_ACCEPT_ENCODING="gzip")
    fetched = []
    backend = caches["default"]
    original_get = backend.get
    monkeypatch.setattr(backend, "get", lambda key, *args, **kwargs: fetched.append(key) or original_get(key))

    again = api_client.get(_url("sccon", "json"), HTTP_ACCEPT_ENCODING="gzip")

    assert (again.status_code, again.content) == (200, first.content)
    assert [key.rsplit(":", 1)[-1] for key in fetched] == ["sccon", "stamp"]  # latest release, export's stamp


def test_export_is_rendered_again_after_the_cache_was_cleared(released, api_client, monkeypatch):
    first = api_client.get(_url("sccon", "ics"))
    from events.services import exports

    renders = []
    render = exports.RENDERERS["ics"]
    monkeypatch.setitem(exports.RENDERERS, "ics", (render[0], lambda release: renders.append(1) or render[1](release)))
    cache.clear()

    again = api_client.get(_url("sccon", "ics"))

    assert (again.status_code, again.content, renders) == (200, first.content, [1])


def test_hiding_a_convention_hides_its_exports_at_once(released, api_client, convention):
    assert api_client.get(_url("sccon", "ics")).status_code == 200

    update_convention(convention=convention, is_public=False)
    response = api_client.get(_url("sccon", "ics"))

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("format", EXPORTS)
def test_export_of_unknown_convention_is_not_found(db, api_client, format):
    response = api_client.get(_url("unknown", format))

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("format", EXPORTS)
def test_export_before_any_release_is_not_found_with_code(convention, api_client, format):
    factories.SessionFactory(convention=convention)

    response = api_client.get(_url("sccon", format))

    assert response.status_code == 404
    assert response.json() == {
        "code": "schedule_not_released",
        "message": "No schedule has been released for this convention yet.",
    }


def test_export_of_hidden_convention_is_not_found(db, api_client):
    release_schedule(convention=factories.ConventionFactory(slug="hidden", is_public=False))

    response = api_client.get(_url("hidden", "json"))

    assert (response.status_code, response.json()["code"]) == (404, "not_found")
