"""CSV exports neutralize formula cells (OWASP CSV injection): every text that a
spreadsheet would run (=, +, -, @, tab, carriage return first) gets a leading quote,
in every column, through the one helper casemgr.csv_export."""

import csv
import io
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from casemgr.csv_export import FORMULA_PREFIXES, csv_rows, safe_cell
from casemgr.models import AuditEvent
from tests.factories import UserFactory, open_matter

pytestmark = pytest.mark.django_db

TEXT_COLUMNS = ["actor_email", "object_type", "object_id", "object_repr", "summary", "user_agent"]


def table_of(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_the_helper_neutralizes_each_prefix_in_every_column(prefix):
    hostile = f"{prefix}HYPERLINK(1)"
    lines = list(csv_rows(["a", "b", "c"], [[hostile, 1, hostile], ["ok", None, hostile]]))
    rows = list(csv.reader(io.StringIO("".join(lines))))
    assert rows[1] == [f"'{hostile}", "1", f"'{hostile}"]
    assert rows[2] == ["ok", "", f"'{hostile}"]


def test_plain_values_are_left_alone():
    assert safe_cell("Doe v. Acme") == "Doe v. Acme"
    assert safe_cell(42) == 42
    assert safe_cell(timezone.datetime(2026, 1, 2).date()) == "2026-01-02"


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_the_audit_export_neutralizes_each_prefix_in_every_text_column(client, dana, prefix):
    hostile = f"{prefix}SUM(1+1)*cmd|' /C calc'!A0"
    AuditEvent.objects.create(action="view", **dict.fromkeys(TEXT_COLUMNS, hostile))
    client.force_login(dana)
    table = table_of(client.get(reverse("firm:audit_export"), {"action": "view"}))
    header, row = table[0], table[1]
    for column in TEXT_COLUMNS:
        assert row[header.index(column)] == f"'{hostile}", column
    # No cell of any column starts with a formula character.
    assert not any(cell.startswith(FORMULA_PREFIXES) for line in table[1:] for cell in line)


def test_a_failed_sign_in_with_formula_username_and_user_agent_is_exported_inert(client, dana):
    client.post(
        reverse("login"),
        {"username": "=1+2@evil.example", "password": "wrong-password-1"},
        HTTP_USER_AGENT="=cmd|' /C calc'!A0",
    )
    assert AuditEvent.objects.filter(actor_email="=1+2@evil.example").exists()
    client.force_login(dana)
    table = table_of(client.get(reverse("firm:audit_export")))
    header = table[0]
    failed = [r for r in table[1:] if "evil.example" in r[header.index("actor_email")]]
    assert failed
    for row in failed:
        assert row[header.index("actor_email")] == "'=1+2@evil.example"
        assert row[header.index("user_agent")] == "'=cmd|' /C calc'!A0"


def test_the_wall_report_csv_is_neutralized_too(client, dana, alice):
    matter = open_matter(actor=alice)
    wall = services.wall_create(
        actor=dana, name="w", reason="r", notice="n", matter=matter,
        users=[UserFactory(role="Paralegal")], effective_from=timezone.localdate(),
    )  # fmt: skip
    AuditEvent.objects.create(
        action="view", matter_id=matter.pk, summary="@SUM(A1)", object_repr="-2+3"
    )
    client.force_login(dana)
    table = table_of(client.get(reverse("firm:wall_report", args=[wall.pk]), {"format": "csv"}))
    header = table[0]
    rows = [r for r in table[1:] if r[header.index("summary")] == "'@SUM(A1)"]
    assert rows
    assert rows[0][header.index("object_repr")] == "'-2+3"


def test_no_code_but_the_helper_writes_csv():
    root = Path(__file__).resolve().parents[2]
    found = subprocess.run(
        ["grep", "-rln", "csv.writer", "--include=*.py", "accounts", "casemgr", "cases",
         "clients", "deadlines", "documents"],
        cwd=root, capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    assert found == ["casemgr/csv_export.py"]
