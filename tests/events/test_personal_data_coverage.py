"""The personal data inventory must keep up with the models: a new model that points at a registration, or a
new name/e-mail column anywhere, fails here until it is added to the export and the erasure (or declared not to
be attendee data)."""

import re

from django.apps import apps
from django.db import models

from events.models import Registration
from events.selectors.personal_data import NOT_ATTENDEE_DATA, PERSONAL_DATA_COVERAGE, personal_data_export
from tests import factories

PERSONAL_COLUMN = re.compile(r"(^|_)(e?mail|name|recipient|phone|address|notes?)($|_)")


def points_at_registration(model) -> bool:
    return any(
        field.is_relation and field.concrete and field.related_model is Registration
        for field in model._meta.get_fields()
    )


def personal_columns(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if PERSONAL_COLUMN.search(field.name)]


def text_columns(model) -> set[str]:
    return {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    }


def models_holding_attendee_data() -> set[str]:
    return {
        model._meta.label
        for model in apps.get_models()
        if model is Registration or points_at_registration(model) or personal_columns(model)
    }


def test_every_model_with_attendee_data_is_in_the_inventory():
    unaccounted = models_holding_attendee_data() - set(PERSONAL_DATA_COVERAGE) - set(NOT_ATTENDEE_DATA)

    assert unaccounted == set()


def test_exemptions_are_not_stale_and_do_not_overlap_the_inventory():
    assert set(NOT_ATTENDEE_DATA) <= models_holding_attendee_data()
    assert set(NOT_ATTENDEE_DATA) & set(PERSONAL_DATA_COVERAGE) == set()
    for label in NOT_ATTENDEE_DATA:
        assert not points_at_registration(apps.get_model(label)), label


def test_every_text_column_of_an_inventoried_model_is_erased_or_kept_on_purpose():
    undecided = {}
    stale = {}
    for label, coverage in PERSONAL_DATA_COVERAGE.items():
        columns = text_columns(apps.get_model(label))
        if columns - set(coverage.erased) - set(coverage.kept):
            undecided[label] = sorted(columns - set(coverage.erased) - set(coverage.kept))
        if (set(coverage.erased) | set(coverage.kept)) - columns:
            stale[label] = sorted((set(coverage.erased) | set(coverage.kept)) - columns)

    assert (undecided, stale) == ({}, {})


def test_the_export_has_one_section_per_inventoried_model(db):
    export = personal_data_export(registration=factories.RegistrationFactory())

    assert set(export) == {"generated_at"} | {coverage.section for coverage in PERSONAL_DATA_COVERAGE.values()}
