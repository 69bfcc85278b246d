"""Measure the numbers DESIGN.md sets, side by side, on the benchmark database.

    python -m bench.run [--database casemgr_bench] [--repetitions 30] [--scale-label 1.0]

For each registered case in bench.cases and each persona it applies to: a
warm-up, then p50 and p95 of the server time over N repetitions and the number
of SQL queries of one more, next to the DESIGN.md goal. Cases whose page, URL
or function does not exist yet print a "not built yet" row and no figure. The
table is printed as it is measured and the whole report (machine, data sizes,
every row, EXPLAIN plans) is written to bench/results/<date>-<label>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import re
import sys
from pathlib import Path
from typing import Any, TextIO

import django

RESULTS_DIR = Path(__file__).resolve().parent / "results"
PERSONA_EMAILS = {
    "paralegal": "bench-paralegal@bench.test",
    "attorney": "bench-attorney@bench.test",
    "admin": "bench-admin@bench.test",
}
COLUMNS = (("case", 38), ("as", 9), ("p50", 9), ("p95", 9), ("queries", 7), ("goal", 14))


def _machine() -> dict[str, Any]:
    from django.db import connection

    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "memory": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "django": django.get_version(),
    }


def _data_sizes() -> dict[str, int]:
    from django.db import connection

    tables = {
        "users": "accounts_user",
        "contacts": "clients_contact",
        "contact_aliases": "clients_contactalias",
        "matters": "cases_matter",
        "team_memberships": "cases_teammembership",
        "matter_grants": "cases_matteruserobjectpermission",
        "parties": "cases_party",
        "ethical_walls": "cases_ethicalwall",
        "audit_events": "casemgr_auditevent",
        "tasks": "cases_task",
        "notes": "cases_note",
        "trigger_events": "deadlines_triggerevent",
        "deadlines": "deadlines_deadline",
        "reminder_deliveries": "deadlines_reminderdelivery",
    }
    sizes = {}
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        for label, table in tables.items():
            if table in existing:
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                sizes[label] = cursor.fetchone()[0]
    return sizes


def _cell(value: Any, width: int) -> str:
    text = str(value)
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


def format_row(row: dict[str, Any]) -> str:
    if row["status"] != "ok":
        p50 = p95 = queries = ""
        tail = row["status"] + (f" ({row['note']})" if row["note"] else "")
    else:
        if row["unit"] == "x":
            p50 = f"{row['value']:.2f}x"
            p95 = f"{row['extra']['p95_ratio']:.2f}x" if "p95_ratio" in row["extra"] else ""
        else:
            p50, p95 = f"{row['p50_ms']:.1f}ms", f"{row['p95_ms']:.1f}ms"
        queries = "" if row["queries"] is None else row["queries"]
        tail = row["verdict"] + (f"  {row['note']}" if row["note"] else "")
    cells = (row["case"], row["persona"], p50, p95, queries, row["goal"])
    return " ".join(_cell(v, w) for v, (_, w) in zip(cells, COLUMNS, strict=True)) + " " + tail


def _verdict(case: Any, m: Any) -> str:
    if case.goal_value is None:
        return ""
    figure = m.value if m.unit == "x" else m.p95
    if figure is None:
        return ""
    return "meets goal" if figure <= case.goal_value else "MISSES GOAL"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-") or "run"


def run(
    *,
    database: str,
    repetitions: int = 30,
    warmup: int = 3,
    scale_label: str | None = None,
    results_dir: Path | None = RESULTS_DIR,
    http: bool = True,
    http_seconds: float = 10.0,
    http_requests: int = 2000,
    concurrency: int = 3,
    workers: int = 3,
    only: str | None = None,
    reminders: int | None = None,
    out: TextIO | None = None,
) -> dict[str, Any]:
    """Run every case against ``database``; return the report (also written as
    JSON into ``results_dir`` unless that is None)."""
    from django.test.utils import override_settings

    from accounts.models import User
    from bench import cases, db

    out = out or sys.stdout
    # django-axes logs every forced sign-in at INFO; the table is what matters here.
    logging.getLogger("axes").setLevel(logging.WARNING)
    rows: list[dict[str, Any]] = []
    with (
        db.use_database(database),
        override_settings(
            # The in-process client calls itself "testserver" and speaks plain HTTP;
            # anything a case sends by mail stays in memory.
            ALLOWED_HOSTS=["testserver", "127.0.0.1", "localhost"],
            SECURE_SSL_REDIRECT=False,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ),
    ):
        users: dict[str, Any] = {"system": None}
        for persona, email in PERSONA_EMAILS.items():
            try:
                users[persona] = User.objects.get(email=email)
            except User.DoesNotExist:
                raise SystemExit(
                    f"{database} has no {email}: build it first with "
                    f"python -m bench.generate --database {database}"
                ) from None
        sizes = _data_sizes()
        label = scale_label or f"{sizes['matters']} matters"
        if reminders is None:  # DESIGN's 10,000 for the full firm, fewer for a small one
            reminders = min(10_000, max(100, sizes["matters"] // 10))
        report: dict[str, Any] = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "scale_label": label,
            "database": database,
            "repetitions": repetitions,
            "warmup": warmup,
            "machine": _machine(),
            "data": sizes,
            "http": {
                "enabled": http,
                "gunicorn_workers": workers,
                "concurrency": concurrency,
                "max_seconds": http_seconds,
                "max_requests": http_requests,
            },
            "reminders_delivered": reminders,
            "rows": rows,
        }
        out.write(
            f"casemgr benchmarks on {database} ({label}; "
            + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in sizes.items())
            + f"), {repetitions} repetitions after {warmup} warm-up\n"
        )
        out.write(" ".join(_cell(name, w) for name, w in COLUMNS) + " verdict\n")
        out.write("-" * (sum(w + 1 for _, w in COLUMNS) + 12) + "\n")
        ctx = cases.Context(
            users=users,
            repetitions=repetitions,
            warmup=warmup,
            reminders=reminders,
            http_options={
                "server": {"workers": workers},
                "load": {
                    "concurrency": concurrency,
                    "seconds": http_seconds,
                    "max_requests": http_requests,
                },
            },
        )
        try:
            for case in cases.CASES:
                if only and only.lower() not in case.name.lower():
                    continue
                for persona in case.personas:
                    row = _run_case(ctx, case, persona, http=http)
                    rows.append(row)
                    out.write(format_row(row) + "\n")
                    out.flush()
        finally:
            if ctx.server is not None:
                ctx.server.stop()
            for client in ctx.clients.values():
                client.logout()
    for row in rows:
        for plan in row["extra"].get("explain", []):
            out.write(f"\nEXPLAIN ANALYZE ({row['case']}, as {row['persona']}):\n")
            out.write(plan["sql"] + "\n" + plan["plan"] + "\n")
    if results_dir is not None:
        results_dir.mkdir(parents=True, exist_ok=True)
        path = results_dir / f"{dt.date.today().isoformat()}-{_slug(label)}.json"
        path.write_text(json.dumps(report, indent=2, default=str) + "\n")
        report["path"] = str(path)
        out.write(f"\nWritten to {path}\n")
    return report


def _run_case(ctx: Any, case: Any, persona: str, *, http: bool) -> dict[str, Any]:
    from bench.cases import CaseFailed, NotBuilt

    row: dict[str, Any] = {
        "case": case.name,
        "persona": persona,
        "status": "ok",
        "p50_ms": None,
        "p95_ms": None,
        "queries": None,
        "value": None,
        "unit": "ms",
        "goal": case.goal,
        "verdict": "",
        "note": "",
        "extra": {},
    }
    if case.http and not http:
        row.update(status="skipped", note="--no-http")
        return row
    try:
        m = case.fn(ctx, persona)
    except NotBuilt as exc:
        row.update(status="not built yet", note=str(exc))
        return row
    except CaseFailed as exc:
        row.update(status="error", note=str(exc))
        return row
    except Exception as exc:  # a broken case must not hide the others' figures
        row.update(status="error", note=f"{type(exc).__name__}: {exc}")
        return row
    ctx.results[(case.name, persona)] = m
    row.update(
        p50_ms=None if m.p50 is None else round(m.p50, 2),
        p95_ms=None if m.p95 is None else round(m.p95, 2),
        queries=m.queries,
        value=None if m.value is None else round(m.value, 3),
        unit=m.unit,
        verdict=_verdict(case, m),
        note=m.note,
        extra=m.extra,
    )
    return row


def main(argv: list[str] | None = None) -> int:
    from bench.generate import default_database

    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--database", default=default_database())
    parser.add_argument("--repetitions", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--scale-label", default=None,
                        help="how to name this data set in the report (default: its matter count)")  # fmt: skip
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn load cases")
    parser.add_argument("--http-seconds", type=float, default=10.0)
    parser.add_argument("--http-requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=3, help="HTTP client threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--only", default=None, help="run only cases whose name contains this")
    parser.add_argument("--reminders", type=int, default=None,
                        help="due reminders the SMTP delivery case sends (default: 10,000, "
                             "or a tenth of the matters if fewer)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.repetitions < 2:
        parser.error("--repetitions must be at least 2")
    if args.reminders is not None and args.reminders < 1:
        parser.error("--reminders must be at least 1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgr.settings")
    # The bench measures pages, not the per-user rate limits that protect them:
    # its repetitions would otherwise be answered 429 (conflict check, search, API).
    os.environ.setdefault("RATE_LIMIT_ENABLE", "false")
    os.environ.setdefault("API_RATE_LIMIT", "off")
    django.setup()
    run(
        database=args.database,
        repetitions=args.repetitions,
        warmup=args.warmup,
        scale_label=args.scale_label,
        results_dir=args.results_dir,
        http=not args.no_http,
        http_seconds=args.http_seconds,
        http_requests=args.http_requests,
        concurrency=args.concurrency,
        workers=args.workers,
        only=args.only,
        reminders=args.reminders,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
