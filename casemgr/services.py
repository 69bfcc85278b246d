"""System-level actions of the shared kernel."""

import socket

from django.utils import timezone

from casemgr.models import Heartbeat


def heartbeat_record(*, name: str = "celery") -> Heartbeat:
    beat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now(), "worker": socket.gethostname()}
    )
    return beat
