"""Model instances from hand-written SQL, for the few queries on the badge scan path.

Every gate of a convention scans at once, and on two cores the ORM's query compilation (``select_related``,
annotations, ordering) cost more CPU per scan than PostgreSQL's work for the same statement. The scan path
therefore writes its SELECTs by hand; this module keeps them honest: column lists come from the models'
metadata and values pass through the same database converters the ORM applies, so the instances are the ones
``QuerySet`` would have built (any backend).
"""

from collections.abc import Sequence
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model


@cache
def _fields(model: type[Model]) -> tuple[tuple[str, ...], tuple]:
    """Column names, and (position, column, converters) for the fields whose database values need converting."""
    fields = model._meta.concrete_fields
    converting = []
    for position, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
        if converters:
            converting.append((position, col, tuple(converters)))
    return tuple(field.column for field in fields), tuple(converting)


def columns(model: type[Model], alias: str) -> str:
    """``alias."id", alias."name", …`` — every concrete column of ``model``, in the order ``build`` expects."""
    return ", ".join(f'{alias}."{column}"' for column in _fields(model)[0])


def build(model: type[Model], row: Sequence, start: int = 0) -> tuple[Model, int]:
    """The instance of ``model`` in ``row[start:]`` (laid out by ``columns``) and the index after its columns."""
    names, converting = _fields(model)
    end = start + len(names)
    values = list(row[start:end])
    if converting:
        db = connections[DEFAULT_DB_ALIAS]
        for position, col, converters in converting:
            for converter in converters:
                values[position] = converter(values[position], col, db)
    return model.from_db(DEFAULT_DB_ALIAS, None, values), end
