"""Render one matter's PDF case summary in a process of its own, as a worker
does, and print its timings and the process's peak memory as JSON.

    python -m bench.summary_worker --database casemgr_bench --matter 123 --user 45

bench.cases runs it in a subprocess so that the peak resident memory it reports
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) is that of a worker doing only
this: Django, WeasyPrint and the summary, not the runner's other cases.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.summary_worker")
    parser.add_argument("--database", required=True)
    parser.add_argument("--matter", type=int, required=True)
    parser.add_argument("--user", type=int, required=True)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgr.settings")
    import django

    django.setup()
    from accounts.models import User
    from bench import db
    from documents.pdf import case_summary_pdf

    with db.use_database(args.database):
        user = User.objects.get(pk=args.user)
        for _ in range(args.warmup):
            case_summary_pdf(user=user, matter_id=args.matter)
        samples, size = [], 0
        for _ in range(args.repetitions):
            started = time.perf_counter()
            size = len(case_summary_pdf(user=user, matter_id=args.matter))
            samples.append((time.perf_counter() - started) * 1000)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    json.dump({"samples_ms": samples, "peak_mb": peak_kb / 1024, "pdf_bytes": size}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
