"""Concurrent load over HTTP: gunicorn on 127.0.0.1 and a small threaded client.

The server is the production one (gunicorn, sync workers) on the benchmark
database, on loopback only. The client is the standard library's http.client
in threads, each signed in with its own session (a cookie made by force_login),
sending GETs until a fixed request budget or time limit runs out, whichever
comes first. Client and server share the machine's cores, so the throughput is
that of the machine, not of the server alone.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_WORKERS = 3  # (2 x cores) - 1 on the 2-core machine DESIGN.md names
START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    workers: int
    log_path: Path

    @classmethod
    def start(cls, *, workers: int = DEFAULT_WORKERS) -> Server:
        """gunicorn serving casemgr on the database Django points at now."""
        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_NAME": connection.settings_dict["NAME"],
            "HTTPS": "false",  # loopback: TLS belongs to the reverse proxy
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
        }
        log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )
        command = [
            sys.executable, "-m", "gunicorn", "casemgr.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--worker-class", "sync", "--timeout", "60", "--log-level", "warning",
        ]  # fmt: skip
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        server = cls(process=process, port=port, workers=workers, log_path=Path(log.name))
        log.close()
        server._wait_until_up()
        return server

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                conn.getresponse().read()  # any answer means the workers are up
                conn.close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT:.0f}s")

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text()[-2000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log_path.unlink(missing_ok=True)


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    requests: int = 0
    errors: int = 0
    first_error: str = ""
    seconds: float = 0.0
    concurrency: int = 0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def session_cookie(user: Any) -> str:
    """A fresh session for the user, as a Cookie header value."""
    from bench.cases import signed_in_client

    client = signed_in_client(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def load(
    server: Server,
    path: str,
    *,
    user: Any,
    concurrency: int = DEFAULT_WORKERS,
    seconds: float = 10.0,
    max_requests: int = 2000,
    warmup: int = 2,
) -> LoadResult:
    """GET ``path`` from ``concurrency`` threads until ``max_requests`` were sent
    or ``seconds`` passed; each thread has its own session."""
    cookies = [session_cookie(user) for _ in range(concurrency)]
    result = LoadResult(concurrency=concurrency)
    lock = threading.Lock()
    budget = [max_requests]
    deadline = [0.0]

    def one(conn: http.client.HTTPConnection, cookie: str) -> tuple[float, int]:
        started = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return (time.perf_counter() - started) * 1000, response.status

    def worker(cookie: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            try:
                for _ in range(warmup):
                    one(conn, cookie)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    result.errors += 1
                    result.first_error = result.first_error or f"warm-up: {exc}"
            try:
                barrier.wait(timeout=120)
            except threading.BrokenBarrierError:
                with lock:
                    result.errors += 1
                    result.first_error = result.first_error or "clients never all started"
                return
            while True:
                with lock:
                    if budget[0] <= 0 or time.perf_counter() > deadline[0]:
                        return
                    budget[0] -= 1
                try:
                    elapsed, status = one(conn, cookie)
                except (OSError, http.client.HTTPException) as exc:
                    elapsed, status = 0.0, 0
                    error = f"{type(exc).__name__}: {exc}"
                else:
                    error = "" if status == 200 else f"HTTP {status}"
                with lock:
                    result.requests += 1
                    if error:
                        result.errors += 1
                        result.first_error = result.first_error or error
                    else:
                        result.latencies_ms.append(elapsed)
        finally:
            conn.close()

    def start_clock() -> None:
        deadline[0] = time.perf_counter() + seconds
        started[0] = time.perf_counter()

    started = [0.0]
    barrier = threading.Barrier(concurrency, action=start_clock)
    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in cookies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    result.seconds = time.perf_counter() - started[0] if started[0] else 0.0
    return result
