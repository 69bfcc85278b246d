"""`make run`: migrate, seed the demo firm, then web + Celery worker + beat.

All three run under honcho's process manager in this terminal; Ctrl-C stops
them. The embedded engines are stopped by `python -m casemgr.embedded exec`,
which wraps this command in the Makefile.
"""

from __future__ import annotations

import shlex
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from honcho.manager import Manager
from honcho.printer import Printer

# What honcho's manager reports after a Ctrl-C (128 + SIGINT).
SIGINT_RETURNCODE = 130


class Command(BaseCommand):
    help = "Set up and serve casemgr: migrate, seed the demo firm, run web, worker and beat."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="address:port for the web server"
        )
        parser.add_argument("--no-seed", action="store_true", help="do not load the demo firm")
        parser.add_argument("--web-workers", type=int, default=2)

    def handle(
        self, *args: object, bind: str, no_seed: bool, web_workers: int, **options: object
    ) -> None:
        call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not no_seed:
            call_command("seed_demo")

        python = shlex.quote(sys.executable)
        schedule = shlex.quote(str(settings.VAR_DIR / "celerybeat-schedule"))
        processes = {
            "web": f"{python} -m gunicorn casemgr.wsgi --bind {shlex.quote(bind)} "
            f"--workers {web_workers} --access-logfile - --graceful-timeout 5",
            "worker": f"{python} -m celery -A casemgr worker --loglevel INFO "
            "--queues default,heavy --concurrency 2 --max-tasks-per-child 100",
            "beat": f"{python} -m celery -A casemgr beat --loglevel INFO --schedule {schedule}",
        }
        self.stdout.write(f"\ncasemgr is starting at http://{bind}/ — press Ctrl-C to stop.\n")
        manager = Manager(Printer(sys.stdout))
        for name, command in processes.items():
            manager.add_process(name, command, quiet=False)
        manager.loop()
        if manager.returncode == SIGINT_RETURNCODE:
            # Ctrl-C: honcho stopped the three; that is the way to stop, not a failure.
            self.stdout.write("Web server, Celery worker and beat stopped.\n")
            return
        if manager.returncode:
            sys.exit(manager.returncode)
