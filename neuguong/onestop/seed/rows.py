"""Rows as tuples, in each model's column order, with the values the database backend would write.

A table's columns come from the model's metadata, so a field added later (with a default) is
written with its default without touching this module: the generated objects provide the values
they know, every other column gets what `save()` would write for a new row, prepared once.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from neuguong.core.audit import hashing


class Memo(dict):
    """value -> convert(value), computed once per distinct value: a dossier's moments recur in
    every event, step row and transition it writes. Cleared between batches."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, value):
        text = self[value] = self.convert(value)
        return text


# hashing.jsonable of an aware datetime (the text every snapshot and fingerprint holds).
ISO = Memo(hashing.jsonable)


def _json(value) -> str:
    return hashing.json_text(value)


def _converters(connection) -> dict:
    """Per field type, what turns a Python value into the parameter the backend takes (exactly
    Django's own adaptation, memoised where values recur)."""
    if connection.vendor == "postgresql":
        return {"JSONField": _json}  # psycopg's COPY takes aware datetimes and Decimals as is
    return {
        "DateTimeField": Memo(connection.ops.adapt_datetimefield_value).__getitem__,
        "DateField": connection.ops.adapt_datefield_value,
        "JSONField": _json,
    }


_memos: list[Memo] = [ISO]


def clear_memos() -> None:
    for memo in _memos:
        memo.clear()


class Table:
    """How one model's rows are written: its table, its columns, and a tuple per object."""

    def __init__(self, model, connection):
        self.model = model
        self.connection = connection
        self.fields = list(model._meta.concrete_fields)
        self.db_table = model._meta.db_table
        self.columns = [f.column for f in self.fields]
        self._convert = _converters(connection)
        for convert in self._convert.values():
            if isinstance(getattr(convert, "__self__", None), Memo):
                _memos.append(convert.__self__)
        self._getter: Callable[[Any], tuple] | None = None

    def _prepare(self, sample) -> None:
        """Decide once, from the first object, which columns it provides and which take the
        field's default."""
        given, constants, converters = [], {}, []
        blank = self.model()  # the defaults as save() would write them (pre_save included)
        for i, f in enumerate(self.fields):
            if hasattr(sample, f.attname):
                given.append(i)
            elif f.primary_key:
                continue  # the database numbers the rows
            else:
                constants[i] = f.get_db_prep_save(f.pre_save(blank, True), self.connection)
        order = given + sorted(constants)
        # The columns are written in `order`: given ones first, then the constant defaults.
        self.columns = [self.fields[i].column for i in order]
        for position, i in enumerate(given):
            convert = self._convert.get(self.fields[i].get_internal_type())
            if convert is not None:
                converters.append((position, convert))
        names = [self.fields[i].attname for i in given]
        getter = (
            attrgetter(*names) if len(names) > 1 else (lambda o, g=attrgetter(names[0]): (g(o),))
        )
        tail = tuple(constants[i] for i in sorted(constants))
        if not converters:
            self._getter = lambda o: getter(o) + tail
            return

        def row(o):
            values = list(getter(o))
            for position, convert in converters:
                value = values[position]
                if value is not None:
                    values[position] = convert(value)
            return (*values, *tail)

        self._getter = row

    def row(self, obj) -> tuple:
        getter = self._getter
        if getter is None:
            self._prepare(obj)
            getter = self._getter
            assert getter is not None  # _prepare sets it
        return getter(obj)

    def rows(self, objs) -> list[tuple]:
        return [self.row(o) for o in objs]

    def insert_sql(self) -> str:
        q = self.connection.ops.quote_name
        cols = ", ".join(q(c) for c in self.columns)
        marks = ", ".join(["%s"] * len(self.columns))
        return f"INSERT INTO {q(self.db_table)} ({cols}) VALUES ({marks})"  # noqa: S608

    def copy_sql(self) -> str:
        q = self.connection.ops.quote_name
        cols = ", ".join(q(c) for c in self.columns)
        return f"COPY {q(self.db_table)} ({cols}) FROM STDIN"


def write(cursor, table: Table, rows: list[tuple]) -> None:
    """Write rows with the fastest statement the backend has: COPY on PostgreSQL, executemany
    elsewhere (one prepared statement, reused)."""
    if not rows:
        return
    if table.connection.vendor == "postgresql":
        with cursor.cursor.copy(table.copy_sql()) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(table.insert_sql(), rows)
