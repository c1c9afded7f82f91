"""Model instances from hand-written SQL, for the few queries on the badge scan path.

Every gate of a convention scans at once, and on two cores the ORM's query compilation (``select_related``,
annotations, ordering) cost more CPU per scan than PostgreSQL's work for the same statement. The scan path
therefore writes its SELECTs by hand; this module keeps them honest: column lists come from the models'
metadata and values pass through the same database converters the ORM applies, so the instances are the ones
``QuerySet`` would have built (any backend) — with ``only``, the ones ``QuerySet.only()`` would have built.
``tests/events/test_rows.py`` builds every row shape of the scan path both ways and compares the instances.

Private or undocumented APIs this module relies on, checked against Django 5.2.19 and psycopg 3.3.9 (re-check
them, and run ``tests/events/test_rows.py``, when upgrading either):

* Django ``Field.get_col()``, ``Field.get_db_converters()`` and ``connection.ops.get_db_converters()`` — the
  converters ``SQLCompiler.apply_converters`` runs on every value the ORM reads (``_fields``, ``build``).
* Django ``BaseDatabaseWrapper._prepare_cursor()`` and ``wrap_database_errors`` — how Django wraps the cursors it
  creates itself (``cursor``).
* psycopg ``Cursor._convert_query()`` and the ``_query`` attribute Django's logging reads
  (``_preparing_cursor_class``).

``Model.from_db()`` and ``Model._meta.concrete_fields`` are documented API.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorWrapper
from django.db.models import Model

M = TypeVar("M", bound=Model)


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
        tuple(cast(str, field.column) for field in fields),  # concrete fields always have a column
        tuple(field.attname for field in fields),
        tuple(converting),
    )


@cache
def columns(model: type[Model], alias: str, only: tuple[str, ...] | None = None) -> str:
    """``alias."id", alias."name", …`` — the concrete columns of ``model`` (with ``only``, a tuple of attribute
    names such as ``"ticket_type_id"``: the primary key and those fields), in the order ``build`` expects."""
    return ", ".join(f'{alias}."{column}"' for column in _fields(model, only)[0])


def build(model: type[M], row: Sequence[Any], start: int = 0, only: tuple[str, ...] | None = None) -> tuple[M, int]:
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
    # ``from_db`` reads None as "every concrete field, in order"; django-stubs types the argument as a collection.
    field_names: Any = None if only is None else attnames
    return model.from_db(DEFAULT_DB_ALIAS, field_names, values), end


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
        prepare = connection._prepare_cursor  # type: ignore[attr-defined]  # private, see the module docstring
        return prepare(_preparing_cursor_class()(connection.connection))


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
