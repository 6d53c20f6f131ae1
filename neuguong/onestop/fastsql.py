"""Hot-path SQL for the one-stop services: single-row UPDATEs and INSERTs with statements built once.

The demo replays ~140,000 transitions through the services, and on this hardware the ORM's save() costs
about ten times the statement itself. These helpers prepare every value exactly as save() and bulk_create
would (the fields' pre_save and get_db_prep_save, defaults filled in) and fall back to the ORM when a save
signal listens. Identifiers come from model metadata; values are always parameters.
"""

from __future__ import annotations

import sqlite3

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, signals

# RETURNING: PostgreSQL, and SQLite from 3.35.
_CAN_RETURN = {"postgresql": True, "sqlite": sqlite3.sqlite_version_info >= (3, 35)}

_STATEMENTS: dict[tuple, tuple[str, list]] = {}


def statement(kind: str, model, names: tuple = (), rows: int = 1) -> tuple[str, list]:
    """The SQL and the fields of a hot statement, built once per (vendor, model, fields).

    Identifiers come from model metadata, values are always parameters.
    """
    conn = connections[DEFAULT_DB_ALIAS]  # resolved once: the proxy costs a lookup per use
    key = (conn.vendor, kind, model, names, rows)
    cached = _STATEMENTS.get(key)
    if cached is not None:
        return cached
    meta = model._meta
    qn = conn.ops.quote_name
    table = qn(meta.db_table)
    if kind == "update":
        fields = [meta.get_field(name) for name in names]
        sets = ", ".join(f"{qn(f.column)} = %s" for f in fields)
        sql = f"UPDATE {table} SET {sets} WHERE {qn(meta.pk.column)} = %s"  # noqa: S608
    else:
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        columns = ", ".join(qn(f.column) for f in fields)
        marks = ", ".join([f"({', '.join(['%s'] * len(fields))})"] * rows)
        sql = f"INSERT INTO {table} ({columns}) VALUES {marks}"  # noqa: S608
        if kind == "create":
            sql += f" RETURNING {qn(meta.pk.column)}"
    _STATEMENTS[key] = (sql, fields)
    return sql, fields


def fast_update(instance, fields) -> None:
    """UPDATE one row's `fields` with one prepared statement.

    Hot path: the demo replays ~140,000 transitions, and on this hardware the ORM's save() costs
    ~10x the statement itself. Values are prepared by the fields (get_db_prep_save), exactly as save()
    would; these models have no save signals, and services set updated_at themselves.
    """
    conn = connections[DEFAULT_DB_ALIAS]  # resolved once: the proxy costs a lookup per use
    sql, prepared = statement("update", type(instance), tuple(dict.fromkeys(fields)))
    params = [f.get_db_prep_save(getattr(instance, f.attname), conn) for f in prepared]
    params.append(instance.pk)
    with conn.cursor() as cursor:
        cursor.execute(sql, params)


_PLANS: dict = {}


def insert_plan(model, fields) -> tuple[list, list]:
    """Which fields need a default filled in and which a pre_save call (auto_now, files): the
    others' pre_save just returns the attribute, so it is read directly."""
    plan = _PLANS.get(model)
    if plan is None:
        defaults = [f for f in fields if f.has_default()]
        steps = [(f, type(f).pre_save is not Field.pre_save) for f in fields]
        plan = _PLANS[model] = (defaults, steps)
    return plan


def insert_values(instance, fields) -> list:
    conn = connections[DEFAULT_DB_ALIAS]  # resolved once: the proxy costs a lookup per use
    defaults, steps = insert_plan(type(instance), fields)
    for field in defaults:
        if getattr(instance, field.attname) is None:
            setattr(instance, field.attname, field.get_default())
    values = []
    for field, hook in steps:
        value = field.pre_save(instance, True) if hook else getattr(instance, field.attname)
        values.append(field.get_db_prep_save(value, conn))
    return values


def fast_insert(instance) -> None:
    """INSERT a row whose primary key nobody needs back (transition rows), see _fast_update."""
    conn = connections[DEFAULT_DB_ALIAS]  # resolved once: the proxy costs a lookup per use
    sql, fields = statement("insert", type(instance))
    with conn.cursor() as cursor:
        cursor.execute(sql, insert_values(instance, fields))


def fast_create(instances: list) -> list:
    """INSERT new rows of one model and set their primary keys, as Model.save() / bulk_create would
    (fields' pre_save and defaults), with statements built once. No signal has receivers for the
    one-stop models (checked here: with receivers, the ORM does it)."""
    conn = connections[DEFAULT_DB_ALIAS]  # resolved once: the proxy costs a lookup per use
    if not instances:
        return instances
    model = type(instances[0])
    if not _CAN_RETURN.get(conn.vendor) or (
        signals.pre_save.has_listeners(model) or signals.post_save.has_listeners(model)
    ):
        if len(instances) == 1:
            instances[0].save(force_insert=True)
            return instances
        return model.objects.bulk_create(instances)
    # One multi-row INSERT ... RETURNING: the keys come back in the rows' order, which is what
    # Django's own bulk_create relies on for these two databases.
    sql, fields = statement("create", model, rows=len(instances))
    params = []
    for instance in instances:
        params += insert_values(instance, fields)
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        keys = [row[0] for row in cursor.fetchall()]
    for instance, key in zip(instances, keys, strict=True):
        instance.pk = key
        instance._state.adding = False
        instance._state.db = conn.alias
    return instances
