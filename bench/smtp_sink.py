"""A local SMTP server that accepts every message and remembers who got what.

    python -m bench.smtp_sink          # prints "PORT <n>", serves until stdin closes,
                                       # then prints one JSON line: the messages received

The reminder delivery case starts it as its own process (like a real mail
server, it does not share the sweep's interpreter) on 127.0.0.1 and a free
port, points Django's SMTP settings at it, and reads back, for each message,
the envelope recipients and the decoded subject. It speaks just enough SMTP
for smtplib (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT); no TLS, no auth.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import os
import socketserver
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self._reply("220 bench-sink ESMTP")
        recipients: list[str] = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-bench-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb in {"HELO", "NOOP"}:
                self._reply("250 OK")
            elif verb == "MAIL":
                recipients = []
                self._reply("250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].split()[0] if ":" in command else ""
                recipients.append(address.strip("<>"))
                self._reply("250 OK")
            elif verb == "RSET":
                recipients = []
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    line = self.rfile.readline()
                    if not line or line in (b".\r\n", b".\n"):
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                self.server.record(recipients, b"".join(lines))
                recipients = []
                self._reply("250 OK: queued")
            elif verb == "QUIT":
                self._reply("221 Bye")
                return
            else:
                self._reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.messages: list[tuple[list[str], str]] = []
        self.parser = email.parser.BytesHeaderParser(policy=email.policy.default)

    def record(self, recipients: list[str], data: bytes) -> None:
        subject = str(self.parser.parsebytes(data).get("Subject", ""))
        with self.lock:
            self.messages.append((list(recipients), subject))


def serve() -> int:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"PORT {server.server_address[1]}", flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    server.shutdown()
    with server.lock:
        print(json.dumps(server.messages), flush=True)
    return 0


@dataclass
class Sink:
    """The sink process, seen from the benchmark."""

    process: subprocess.Popen
    port: int
    messages: list[tuple[list[str], str]] = field(default_factory=list)

    @classmethod
    def start(cls) -> Sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.smtp_sink"],
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        first = process.stdout.readline() if process.stdout else ""
        if not first.startswith("PORT "):
            process.kill()
            raise RuntimeError(f"the SMTP sink did not start: {first!r}")
        return cls(process=process, port=int(first.split()[1]))

    def email_settings(self) -> dict[str, Any]:
        """Django's email settings for this sink, made the way settings.py makes
        them from EMAIL_URL."""
        import environ

        return environ.Env.email_url_config(f"smtp://127.0.0.1:{self.port}") | {
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 30,
        }

    def stop(self) -> list[tuple[list[str], str]]:
        """Stop the sink; returns every message it received (recipients, subject)."""
        out, _ = self.process.communicate(timeout=60)
        last = out.strip().splitlines()[-1] if out.strip() else "[]"
        self.messages = [(list(r), s) for r, s in json.loads(last)]
        return self.messages


if __name__ == "__main__":
    sys.exit(serve())
