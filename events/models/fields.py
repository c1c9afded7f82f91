"""Every text column of Messe's models is cleaned of control characters when it is written (``events.text``).

``EventsConfig.ready`` gives each plain ``CharField`` the single-line cleaning and each ``TextField`` the
multi-line one, so a field added later cannot forget the rule and no model declaration has to repeat it. The
cleaning runs in ``pre_save`` (``save()``, ``bulk_create()``; the instance keeps the cleaned value, so the answer
to a request shows what was stored) and in ``get_prep_value`` (``QuerySet.update()``). Both are a no-op check on
printable ASCII, so the scan path's inserts pay nothing measurable.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import models

from events.text import clean_line, clean_text

if TYPE_CHECKING:
    _MixinBase = models.Field[Any, Any]  # the type checker sees the field methods this mixin extends
else:
    _MixinBase = object


class _CleanedOnWrite(_MixinBase):
    clean_value: Callable[[str], str]  # not ``clean``: that is Field.clean(value, instance), run by full_clean
    # Migrations keep describing the field as Django's own: the cleaning changes no column.
    migration_path: str

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            cleaned = self.clean_value(value)
            if cleaned is not value:
                setattr(model_instance, self.attname, cleaned)
            return cleaned
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return self.clean_value(value) if isinstance(value, str) else value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.migration_path, args, kwargs


class LineField(_CleanedOnWrite, models.CharField):
    clean_value = staticmethod(clean_line)
    migration_path = "django.db.models.CharField"


class MultiLineField(_CleanedOnWrite, models.TextField):
    clean_value = staticmethod(clean_text)
    migration_path = "django.db.models.TextField"


CLEANED_FIELD_CLASSES: dict[type[models.Field], type[models.Field]] = {
    models.CharField: LineField,
    models.TextField: MultiLineField,
}


def clean_text_fields_of(model: type[models.Model]) -> None:
    """Switch ``model``'s plain ``CharField``s and ``TextField``s to their cleaning classes (which add methods
    only, so the switch is safe on the constructed field)."""
    for field in model._meta.local_fields:
        cleaned_class = CLEANED_FIELD_CLASSES.get(type(field))
        if cleaned_class is not None:
            field.__class__ = cleaned_class
