"""The benchmark's own PostgreSQL database: derived from DATABASE_URL, dropped and recreated per run.

The bench never writes to the database named in DATABASE_URL itself: it uses `<name>_bench`
(or `--database NAME`) on the same server.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/minerals_tracker"


def base_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def bench_url(url: str, name: str | None = None) -> str:
    """The URL of the bench database: `<name>_bench` next to the configured one."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"The benchmark needs PostgreSQL; DATABASE_URL is {parts.scheme}://…")
    base = database_name(url)
    name = name or f"{base}_bench"
    if name == base:
        raise SystemExit(f"Refusing to benchmark in the configured database {base!r}: choose another name.")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"Unsafe database name {name!r}.")
    return with_database(url, name)


def _maintenance_url(url: str) -> str:
    return with_database(url, "postgres")


def recreate(url: str) -> None:
    name = database_name(url)
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop(url: str) -> None:
    name = database_name(url)
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def connect(url: str) -> psycopg.Connection:
    """A plain psycopg connection (autocommit): the generator and the raw-SQL baselines use it."""
    return psycopg.connect(url, autocommit=True)


def server_version(conn: psycopg.Connection) -> str:
    return conn.execute("SELECT version()").fetchone()[0]
