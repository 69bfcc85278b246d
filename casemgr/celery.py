"""The Celery application: Redis as broker, late acks, the beat schedule in settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgr.settings")

app = Celery("casemgr")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
