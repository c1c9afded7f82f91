"""The programme timetable: a session's height is its length, rooms and times are headers that stay in view,
phones get the list by default, and no grid number is localized."""

import re

import pytest

from tests.web.programme_data import build_released_programme


@pytest.fixture
def programme(db, convention):
    convention.slug = "sccon"
    convention.save()
    return build_released_programme(convention)


def cells(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<div class="tt-session" style="(grid-row: [^"]+)">.*?class="session-title"><a [^>]+>([^<]+)</a>', html, re.S
    )


@pytest.mark.parametrize("lang", ["de", "en"])
def test_session_height_is_its_duration(client, programme, lang):
    html = client.get(f"/events/sccon/?lang={lang}").content.decode()

    titles = dict((title, style) for style, title in cells(html))
    keynote = programme.keynote.title_de if lang == "de" else programme.keynote.title_en
    booth_talk = programme.booth_talk.title_de if lang == "de" else programme.booth_talk.title_en
    workshop = programme.workshop.title_de if lang == "de" else programme.workshop.title_en
    # Day one starts at 10:00 (row 2 below the header), 5 minutes a row: 60 min = 12 rows, 30 min = 6.
    assert titles[keynote] == "grid-row: 2 / span 12; grid-column: 2"
    assert titles[booth_talk] == "grid-row: 26 / span 6; grid-column: 3"
    # Day two starts at 14:00: the 90-minute workshop spans 18 rows.
    assert titles[workshop] == "grid-row: 2 / span 18; grid-column: 2"


def test_time_labels_every_half_hour_and_room_headers(client, programme):
    html = client.get("/events/sccon/?lang=en").content.decode()

    first_day = html[: html.index('aria-labelledby="day-2025-10-01"')]
    assert re.findall(r'<div class="tt-time"[^>]*>([^<]+)</div>', first_day) == [
        "10:00", "10:30", "11:00", "11:30", "12:00",
    ]  # fmt: skip
    assert re.findall(r'<div class="tt-room"[^>]*>([^<]+)</div>', first_day) == ["Stage A", "Stage B"]


def test_default_view_adapts_to_phones_and_explicit_grid_does_not(client, programme):
    default = client.get("/events/sccon/").content.decode()
    grid = client.get("/events/sccon/?view=grid").content.decode()
    listing = client.get("/events/sccon/?view=list").content.decode()

    assert 'class="timetable adaptive"' in default
    assert 'class="timetable"' in grid and "adaptive" not in grid
    assert "timetable" not in listing and '<ol class="session-list">' in listing


def test_grid_numbers_are_not_localized_in_german(client, programme):
    html = client.get("/events/sccon/?lang=de").content.decode()

    styles = re.findall(r'<div class="(?:timetable[^"]*|tt-[a-z]+)" style="([^"]+)"', html)
    assert styles
    assert [style for style in styles if re.search(r"\d,\d|\d\.\d{3}", style)] == []


def test_filters_from_the_default_view_keep_working(client, programme):
    html = client.get("/events/sccon/").content.decode()

    assert 'name="view"' not in html[: html.index("</form>")]
    assert client.get("/events/sccon/?format=panel").status_code == 200
