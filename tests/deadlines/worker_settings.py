"""Settings for a real `celery worker` subprocess in the reminder tests: the
project's settings (DATABASE_NAME points them at the test database) with the
file outbox email backend and no two-factor middleware needs."""

from casemgr.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.deadlines.outbox_backend.SlowOutboxBackend"
