"""An email backend for the reminder worker tests: writes each message to a file
in OUTBOX_DIR. OUTBOX_DELAY seconds pass before a message counts as accepted
(a "sending" marker is written first), OUTBOX_DELAY_AFTER seconds after it is
in sent.log: the first makes a worker killable mid-send, the second killable
between the mail server accepting a message and the commit that records it."""

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
            message_id = message.message()["Message-ID"]
            with (outbox / "sent.log").open("a") as sent:
                sent.write(f"{message.subject}\t{','.join(message.to)}\t{message_id}\n")
            time.sleep(float(os.environ.get("OUTBOX_DELAY_AFTER", "0")))
        return len(email_messages)
