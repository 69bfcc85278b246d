from celery import shared_task

from casemgr import services


@shared_task(acks_late=True, ignore_result=True)
def heartbeat() -> None:
    services.heartbeat_record(name="celery")


@shared_task(acks_late=True)
def ping(value: str) -> str:
    """Echo a value: lets tests and operators prove a worker consumes the queue."""
    return value
