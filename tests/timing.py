"""Timing one request in a test, fairly on a shared machine.

The test client runs the whole request in this thread, so the thread's CPU time
is the request's own cost whatever else the machine is doing: it must stay under
the budget. Wall-clock time (which adds the database's work) must too, unless
the machine is overloaded (a load average above its cores, e.g. other test runs
beside this one): then only the CPU budget is binding. A slow answer is re-timed
up to three times. ``timed`` returns (response, wall seconds, CPU seconds)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

BUDGET = 1.0  # seconds


def machine_busy() -> bool:
    return os.getloadavg()[0] > (os.cpu_count() or 1)


def timed(request: Callable[[], Any]) -> tuple[Any, float, float]:
    best: tuple[Any, float, float] | None = None
    for _ in range(3):
        wall, cpu = time.monotonic(), time.thread_time()
        response = request()
        wall, cpu = time.monotonic() - wall, time.thread_time() - cpu
        if best is None or wall < best[1]:
            best = (response, wall, cpu)
        if wall < BUDGET or (cpu < BUDGET and machine_busy()):
            break
    return best


def over_budget(wall: float, cpu: float) -> str | None:
    """Why this answer was too slow, or None."""
    if cpu > BUDGET:
        return f"{cpu:.2f} s of CPU"
    if wall > BUDGET and not machine_busy():
        return f"{wall:.2f} s"
    return None
