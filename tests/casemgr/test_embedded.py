"""The embedded engines start, keep their data across a restart, and stop."""

import subprocess
import sys

import psycopg2
import pytest
import redis

from casemgr import embedded


@pytest.fixture
def var_dir(tmp_path_factory):
    # A short path: PostgreSQL's socket path must stay under 107 characters.
    path = tmp_path_factory.mktemp("emb")
    yield path
    embedded.stop(path)


def _connect(pg: embedded.Postgres):
    return psycopg2.connect(host=str(pg.socket_dir), user="postgres", dbname=embedded.DATABASE_NAME)


def test_postgres_starts_and_keeps_its_data_across_a_restart(var_dir):
    pg, started = embedded.ensure_postgres(var_dir)
    assert started
    assert embedded.postgres_running(pg)
    with _connect(pg) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE kept (note text)")
        cur.execute("INSERT INTO kept VALUES ('survives a restart')")
    conn.close()

    embedded.stop(var_dir)
    assert not embedded.postgres_running(pg)

    pg_again, started_again = embedded.ensure_postgres(var_dir)
    assert started_again
    with _connect(pg_again) as conn, conn.cursor() as cur:
        cur.execute("SELECT note FROM kept")
        assert cur.fetchall() == [("survives a restart",)]
    conn.close()


def test_postgres_has_the_trigram_extension_for_fuzzy_search(var_dir):
    pg, _ = embedded.ensure_postgres(var_dir)
    with _connect(pg) as conn, conn.cursor() as cur:
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cur.execute("SELECT similarity('Smith', 'Smyth') > 0.3")
        assert cur.fetchone() == (True,)
    conn.close()


def test_ensure_is_idempotent_when_already_running(var_dir):
    embedded.ensure_postgres(var_dir)
    embedded.ensure_redis(var_dir)
    assert embedded.ensure_postgres(var_dir)[1] is False
    assert embedded.ensure_redis(var_dir)[1] is False


def test_redis_starts_and_keeps_its_data_across_a_restart(var_dir):
    rd, started = embedded.ensure_redis(var_dir)
    assert started
    client = redis.Redis.from_url(rd.url())
    client.set("casemgr:kept", "yes")
    client.close()

    embedded.stop(var_dir)
    assert not embedded.redis_running(rd)
    assert not rd.socket.exists()

    rd_again, started_again = embedded.ensure_redis(var_dir)
    assert started_again
    client = redis.Redis.from_url(rd_again.url())
    assert client.get("casemgr:kept") == b"yes"
    client.close()


def test_exec_stops_only_the_engines_it_started(var_dir, monkeypatch):
    monkeypatch.setenv("CASEMGR_VAR_DIR", str(var_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    probe = f"import os; assert os.path.exists({str(var_dir / 'redis' / 'redis.sock')!r})"
    result = subprocess.run(
        [sys.executable, "-m", "casemgr.embedded", "exec", "--", sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not embedded.postgres_running(embedded.postgres_for(var_dir))
    assert not embedded.redis_running(embedded.redis_for(var_dir))
