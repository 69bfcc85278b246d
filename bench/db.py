"""The benchmark database: create it, drop it, and point Django at it for a while.

The bench database lives on the same PostgreSQL server as the app's own (the
one settings.DATABASES["default"] names) under another name, so a benchmark
never touches real or test data. ``use_database`` swaps the name of the default
connection for the duration of a block; that lets the generator and the runner
run from the command line (``DATABASE_NAME=casemgr_bench``) and from inside a
pytest session alike.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator

import psycopg2
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections

DEFAULT_DATABASE = os.environ.get("BENCH_DATABASE_NAME", "casemgr_bench")
_SAFE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def checked_name(name: str) -> str:
    """Refuse names that would need quoting in DDL, and any name without "bench"
    in it: the generator drops and recreates the database it is given."""
    if not _SAFE_NAME.match(name) or "bench" not in name:
        raise ValueError(
            f"Benchmark database name {name!r} must contain 'bench' and be lower-case "
            "letters, digits and underscores, starting with a letter or underscore."
        )
    return name


def _maintenance_connection():
    """An autocommit connection to the server's ``postgres`` database."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params["dbname"] = "postgres"
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return conn


def database_exists(name: str) -> bool:
    conn = _maintenance_connection()
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [checked_name(name)])
            return cursor.fetchone() is not None
    finally:
        conn.close()


def create_database(name: str, *, fresh: bool) -> None:
    """Create the database; with ``fresh``, drop it first if it exists."""
    checked_name(name)
    conn = _maintenance_connection()
    try:
        with conn.cursor() as cursor:
            if fresh:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE DATABASE {name}")
    finally:
        conn.close()


def drop_database(name: str) -> None:
    conn = _maintenance_connection()
    try:
        with conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {checked_name(name)} WITH (FORCE)")
    finally:
        conn.close()


@contextlib.contextmanager
def use_database(name: str) -> Iterator[None]:
    """Point the default connection at database ``name`` inside the block."""
    checked_name(name)
    settings_dict = connections["default"].settings_dict
    previous = settings_dict["NAME"]
    connection.close()
    settings_dict["NAME"] = name
    ContentType.objects.clear_cache()  # content type ids differ between databases
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = previous
        ContentType.objects.clear_cache()
