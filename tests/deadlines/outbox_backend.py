"""An email backend for the reminder worker tests: writes each message to a file
in OUTBOX_DIR, after an optional delay (OUTBOX_DELAY seconds) that makes a
worker killable mid-send. A "sending" marker is written before the delay."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class SlowOutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        outbox = Path(os.environ["OUTBOX_DIR"])
        for message in email_messages:
            with (outbox / "sending.log").open("a") as marker:
                marker.write(f"{message.subject}\n")
            time.sleep(float(os.environ.get("OUTBOX_DELAY", "0")))
            with (outbox / "sent.log").open("a") as sent:
                sent.write(f"{message.subject}\t{','.join(message.to)}\n")
        return len(email_messages)
