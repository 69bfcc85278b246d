from django.db import models


class Heartbeat(models.Model):
    """The last time a periodic task ran, one row per beat name.

    Beat enqueues ``casemgr.tasks.heartbeat`` and a worker runs it, so a fresh
    row proves that beat, the broker and a worker all work; /healthz reads it.
    """

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()
    worker = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
