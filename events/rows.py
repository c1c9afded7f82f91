"""Model instances from hand-written SQL, for the few queries on the badge scan path.

Every gate of a convention scans at once, and on two cores the ORM's query compilation (``select_related``,
annotations, ordering) cost more CPU per scan than PostgreSQL's work for the same statement. The scan path
therefore writes its SELECTs by hand; this module keeps them honest: column lists come from the models'
metadata and values pass through the same database converters the ORM applies, so the instances are the ones
``QuerySet`` would have built (any backend) — with ``only``, the ones ``QuerySet.only()`` would have built.
"""

from collections.abc import Sequence
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorWrapper
from django.db.models import Model


@cache
def _fields(model: type[Model], only: tuple[str, ...] | None) -> tuple[tuple[str, ...], tuple[str, ...], tuple]:
    """Column names and attribute names of the loaded fields, and (position, column, converters) for those whose
    database values need converting."""
    connection = connections[DEFAULT_DB_ALIAS]
    fields = [
        field for field in model._meta.concrete_fields if only is None or field.primary_key or field.attname in only
    ]
    converting = []
    for position, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
        if converters:
            converting.append((position, col, tuple(converters)))
    return (
        tuple(field.column for field in fields),
        tuple(field.attname for field in fields),
        tuple(converting),
    )


@cache
def columns(model: type[Model], alias: str, only: tuple[str, ...] | None = None) -> str:
    """``alias."id", alias."name", …`` — the concrete columns of ``model`` (with ``only``, a tuple of attribute
    names such as ``"ticket_type_id"``: the primary key and those fields), in the order ``build`` expects."""
    return ", ".join(f'{alias}."{column}"' for column in _fields(model, only)[0])


def build(model: type[Model], row: Sequence, start: int = 0, only: tuple[str, ...] | None = None) -> tuple[Model, int]:
    """The instance of ``model`` in ``row[start:]`` (laid out by ``columns`` with the same ``only``) and the index
    after its columns. Fields left out by ``only`` are deferred, as with ``QuerySet.only()``."""
    names, attnames, converting = _fields(model, only)
    end = start + len(names)
    values = list(row[start:end])
    if converting:
        db = connections[DEFAULT_DB_ALIAS]
        for position, col, converters in converting:
            for converter in converters:
                values[position] = converter(values[position], col, db)
    return model.from_db(DEFAULT_DB_ALIAS, None if only is None else attnames, values), end


def cursor() -> CursorWrapper:
    """A cursor for the scan path's fixed statements.

    On PostgreSQL it binds parameters server-side, so psycopg prepares each statement once per connection
    (``prepare_threshold`` in ``config.settings``) and PostgreSQL stops parsing and planning it at every scan;
    Django's own cursors bind client-side and cannot be prepared. Wrapped like Django's cursors, so query logging,
    ``execute_wrapper`` and error translation apply as to any other query.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        # Django 5.2's own wrapping step (validation and debug/plain wrapper) for a cursor it did not create.
        return connection._prepare_cursor(_preparing_cursor_class()(connection.connection))


@cache
def _preparing_cursor_class() -> type:
    import psycopg

    class PreparingCursor(psycopg.Cursor):
        """psycopg's server-binding cursor, remembering each statement as its client-binding cursor does: Django
        reads ``_query`` to log the statement (``connection.queries``, ``CaptureQueriesContext``), and a prepared
        statement's execution does not set it."""

        def _convert_query(self, query, params=None):
            self._query = super()._convert_query(query, params)
            return self._query

    return PreparingCursor
