"""The benchmark tools work end to end: a tiny firm is generated into a
throwaway database and one runner pass measures it (figures are not judged)."""

from __future__ import annotations

import io
import json
import os

import pytest

from bench import cases, db, generate, run


@pytest.fixture
def bench_database(django_db_blocker):
    # Its own database on the same server, never the test database.
    name = "casemgr_bench_smoke_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    with django_db_blocker.unblock():
        try:
            yield name
        finally:
            db.drop_database(name)


def test_tiny_firm_is_generated_and_every_case_gets_a_row(bench_database, tmp_path):
    log = io.StringIO()
    built = generate.generate(scale=0.001, seed=7, database=bench_database, out=log)

    size = generate.Size.at(0.001)
    assert built["counts"]["cases.Matter"] == size.matters
    assert built["counts"]["clients.Contact"] == size.contacts
    assert built["counts"]["deadlines.Deadline"] == size.deadlines
    assert built["counts"]["cases.Task"] > 0
    assert built["counts"]["cases.Note"] > 0
    with db.use_database(bench_database):
        from access.models import MatterUserObjectPermission
        from accounts.models import User
        from cases.models import Matter

        paralegal = User.objects.get(email=generate.PERSONA_PARALEGAL)
        granted = MatterUserObjectPermission.objects.filter(
            user=paralegal, permission__codename="view_matter"
        ).count()
        assert granted == size.paralegal_grants
        assert Matter.objects.visible_to(paralegal).exists()

    table = io.StringIO()
    report = run.run(
        database=bench_database,
        repetitions=2,
        warmup=1,
        scale_label="smoke",
        results_dir=tmp_path,
        http_seconds=1,
        http_requests=10,
        reminders=20,
        out=table,
    )

    expected = {(c.name, p) for c in cases.CASES for p in c.personas}
    assert {(r["case"], r["persona"]) for r in report["rows"]} == expected
    printed = table.getvalue()
    for name, _persona in expected:
        assert name in printed
    errors = [f"{r['case']} as {r['persona']}: {r['note']}" for r in report["rows"]
              if r["status"] == "error"]  # fmt: skip
    assert not errors, errors
    for row in report["rows"]:
        if row["status"] == "ok":
            assert row["p95_ms"] is not None or row["value"] is not None
        else:
            assert row["status"] == "not built yet"
            assert (row["p50_ms"], row["p95_ms"], row["value"]) == (None, None, None)
            assert "not built yet" in printed

    by_case = {(r["case"], r["persona"]): r for r in report["rows"]}
    # What the deadline, task and note families and the admin registration made measurable.
    for key in [
        ("reminder sweep: select due reminders", "system"),
        ("reminder delivery over SMTP", "system"),
        ("Django admin matter changelist", "admin"),
        ("changelist rows by raw SQL", "admin"),
        ("admin changelist ÷ raw SQL", "admin"),
        ("matter list rows through visible_to", "paralegal"),
        ("matter list rows ÷ raw SQL", "paralegal"),
        ("matter list rows via guardian", "paralegal"),
        ("door rows ÷ guardian rows", "paralegal"),
        ("deadline calendar", "paralegal"),
        ("deadline calendar, my teams'", "paralegal"),
    ]:
        assert by_case[key]["status"] == "ok", (key, by_case[key]["note"])
    for persona in ("paralegal", "attorney", "admin"):
        floor = by_case[("matter list rows by raw SQL", persona)]["extra"]
        assert floor["same_rows_as_selector"] is True, persona  # the floor reads the same rows
    sweep = by_case[("reminder sweep: select due reminders", "system")]["extra"]
    assert sweep["due_reminders"] > 0
    delivery = by_case[("reminder delivery over SMTP", "system")]["extra"]
    assert delivery["due"] == delivery["sent"] + delivery["skipped"] >= 20
    assert delivery["emails_received"] == delivery["emails_expected"] > 0
    assert (delivery["lost"], delivery["doubled"], delivery["left_unsent"]) == (0, 0, 0)
    calendars = [r for r in report["rows"] if r["case"].startswith("deadline calendar")]
    assert sum(r["extra"]["deadlines_shown"] for r in calendars) > 0
    with db.use_database(bench_database):
        from deadlines.models import Notification, ReminderDelivery

        # The cases leave the data as built: no delivery or notification rows left over.
        assert not ReminderDelivery.objects.filter(sent_at__isnull=True).exists()
        assert Notification.objects.count() == built["counts"]["deadlines.Notification"]

    (written,) = tmp_path.glob("*-smoke.json")
    assert json.loads(written.read_text())["rows"] == json.loads(json.dumps(report["rows"]))
