"""CSV import of contacts: upload, column mapping, a checked preview with a
message for every invalid row, likely duplicates reported, all or nothing."""

import csv
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casemgr.csv_export import csv_rows
from casemgr.models import AuditEvent
from clients import imports, tasks
from clients.models import Contact, ImportJob
from tests.factories import UserFactory, new_contact

pytestmark = pytest.mark.django_db

HEADER = ["Type", "First name", "Surname", "Company", "E-mail", "Phone", "Status", "City",
          "Street"]  # fmt: skip


def csv_file(rows, header=HEADER, name="contacts.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def person(n):
    return ["person", f"Ann{n}", f"Import{n}", "", f"ann{n}@example.org", "415 555 0100",
            "former", "Oakland", f"{n} Main St"]  # fmt: skip


def upload(client, file):
    response = client.post(reverse("clients:contacts_import_upload"), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("id")


def guessed(job):
    return {
        name: str(col) for name, col in imports.guess_mapping(imports.CONTACTS, job.header).items()
    }


def check(client, job, capture, mapping=None):
    with capture(execute=False):
        response = client.post(
            reverse("clients:contacts_import_map", args=[job.pk]), mapping or guessed(job)
        )
    assert response.status_code == 302
    tasks.contact_import_check.apply(args=[job.pk])
    job.refresh_from_db()
    return job


def run(client, job, capture):
    with capture(execute=False):
        client.post(reverse("clients:contacts_import_run", args=[job.pk]))
    tasks.contact_import_run.apply(args=[job.pk])
    job.refresh_from_db()
    return job


def test_a_good_file_is_mapped_previewed_and_imported(
    client, bob, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    job = upload(client, csv_file([person(n) for n in range(3)] + [
        ["organization", "", "", "Northwind Traders LLC", "", "", "active", "", ""]]))  # fmt: skip
    page = client.get(reverse("clients:contacts_import_job", args=[job.pk])).content.decode()
    for column in HEADER:
        assert f"<code>{column}</code>" in page
    assert guessed(job) == {
        "kind": "0", "first_name": "1", "last_name": "2", "organization_name": "3",
        "email": "4", "phone": "5", "client_status": "6", "city": "7", "street": "8",
    }  # fmt: skip
    job = check(client, job, django_capture_on_commit_callbacks)
    assert (job.status, job.errors, job.processed_rows) == ("checked", [], 4)
    page = client.get(reverse("clients:contacts_import_job", args=[job.pk])).content.decode()
    assert "Preview" in page
    assert "Import0" in page
    assert "Import 4 rows" in page
    assert not Contact.objects.exists()
    job = run(client, job, django_capture_on_commit_callbacks)
    assert (job.status, job.imported) == ("done", 4)
    ann = Contact.objects.get(last_name="Import1")
    assert (ann.client_status, ann.created_by, ann.display_name) == ("former", bob, "Ann1 Import1")
    assert ann.emails.get().email == "ann1@example.org"
    assert ann.phones.get().digits == "4155550100"
    assert ann.addresses.get().city == "Oakland"
    org = Contact.objects.get(kind="organization")
    assert (org.organization_name, org.client_status) == ("Northwind Traders LLC", "active")
    event = AuditEvent.objects.get(summary__startswith="imported 4 contacts")
    assert event.actor_id == bob.pk
    assert sorted(event.changes["contact_ids"]) == sorted(
        Contact.objects.values_list("pk", flat=True)
    )


def test_the_htmx_poll_answers_the_progress_partial(
    client, bob, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    job = upload(client, csv_file([person(1)]))
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("clients:contacts_import_map", args=[job.pk]), guessed(job))
    body = client.get(
        reverse("clients:contacts_import_job", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert body.lstrip().startswith('<section class="card" id="import-job"')
    assert 'hx-trigger="every 1s"' in body
    assert "<progress" in body


def test_every_invalid_row_is_named_and_nothing_imports(
    client, bob, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    rows = [person(1), ["person", "No", "", "", "", "", "", "", ""],
            ["robot", "R", "Two", "", "not-an-email", "phone", "vip", "", ""], person(4)]  # fmt: skip
    job = check(client, upload(client, csv_file(rows)), django_capture_on_commit_callbacks)
    assert [e["row"] for e in job.errors] == [3, 4]
    assert job.errors[0]["messages"] == ["A person needs a last name."]
    assert any("robot" in m for m in job.errors[1]["messages"])
    assert any("not-an-email" in m for m in job.errors[1]["messages"])
    assert any("“phone” is not a phone number" in m for m in job.errors[1]["messages"])
    assert any("vip" in m for m in job.errors[1]["messages"])
    page = client.get(reverse("clients:contacts_import_job", args=[job.pk])).content.decode()
    assert "2 invalid rows: nothing will be imported" in page
    assert "Row 3" in page
    assert "Row 4" in page
    assert "Import 4 rows" not in page
    client.post(reverse("clients:contacts_import_run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "checked"
    assert not Contact.objects.exists()


def _big_file(n, bad_row=None):
    rows = [person(i) for i in range(n)]
    if bad_row is not None:
        rows[bad_row - 2] = ["person", "Bad", "Row", "", "bad@", "", "", "", ""]
    return csv_file(rows)


def test_ten_thousand_rows_with_one_bad_row_import_nothing_and_name_the_row(
    client, bob, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    job = check(client, upload(client, _big_file(10_000, bad_row=7_777)),
                django_capture_on_commit_callbacks)  # fmt: skip
    assert job.total_rows == 10_000
    assert job.errors == [{"row": 7777, "messages": ["“bad@” is not an email address."]}]
    # even if the run is forced past the page's refusal, the import checks again
    ImportJob.objects.filter(pk=job.pk).update(status="importing")
    job = imports.import_job_run(importer=imports.CONTACTS, job_id=job.pk)
    assert job.status == "failed"
    assert job.errors == [{"row": 7777, "messages": ["“bad@” is not an email address."]}]
    assert "Nothing was imported" in job.message
    assert Contact.objects.count() == 0


def test_ten_thousand_good_rows_import_all(client, bob, django_capture_on_commit_callbacks):
    client.force_login(bob)
    job = check(client, upload(client, _big_file(10_000)), django_capture_on_commit_callbacks)
    assert job.errors == []
    started = time.monotonic()
    job = run(client, job, django_capture_on_commit_callbacks)
    seconds = time.monotonic() - started
    print(f"10,000 contacts checked again and imported in {seconds:.1f} s")
    assert (job.status, job.imported) == ("done", 10_000)
    assert Contact.objects.count() == 10_000
    assert Contact.objects.filter(emails__isnull=False).count() == 10_000


def test_likely_duplicates_are_reported_and_still_imported(
    client, bob, alice, django_capture_on_commit_callbacks
):
    new_contact(actor=alice, kind="organization", organization_name="ACME Corporation")
    new_contact(actor=alice, last_name="Known", first_name="Kim", emails=["kim@example.org"])
    client.force_login(bob)
    rows = [["organization", "", "", "Acme Corp.", "", "", "", "", ""],
            ["person", "Other", "Person", "", "kim@example.org", "", "", "", ""],
            person(1), person(1)]  # fmt: skip
    job = check(client, upload(client, csv_file(rows)), django_capture_on_commit_callbacks)
    found = {d["row"]: d["similar"] for d in job.duplicates}
    assert found[2] == ["ACME Corporation"]
    assert found[3] == ["Kim Known (same email)"]
    assert found[5] == ["row 4 of this file"]
    page = client.get(reverse("clients:contacts_import_job", args=[job.pk])).content.decode()
    assert "3 likely duplicates" in page
    job = run(client, job, django_capture_on_commit_callbacks)
    assert job.imported == 4


def test_formula_cells_are_stored_as_text_and_exported_neutralised(
    client, bob, django_capture_on_commit_callbacks
):
    formulas = ['=HYPERLINK("http://evil.test","x")', "+1+2", "@SUM(A1)", "-2+3"]
    rows = [["person", formulas[1], formulas[0], "", "", "", "", "", ""],
            ["organization", "", "", formulas[2], "", "", "", "", ""],
            ["person", "", "Plain", "", "", "", "", formulas[3], "1 Main"]]  # fmt: skip
    client.force_login(bob)
    job = run(client, check(client, upload(client, csv_file(rows)),
                            django_capture_on_commit_callbacks), django_capture_on_commit_callbacks)  # fmt: skip
    assert job.status == "done"
    person_ = Contact.objects.get(kind="person", first_name=formulas[1])
    assert person_.last_name == formulas[0]
    assert Contact.objects.get(kind="organization").organization_name == formulas[2]
    assert Contact.objects.get(last_name="Plain").addresses.get().city == formulas[3]
    exported = "".join(csv_rows(["name"], Contact.objects.values_list("display_name")))
    for line in exported.splitlines()[1:]:
        assert not line.lstrip('"').startswith(("=", "+", "@", "-"))
    assert "'@SUM(A1)" in exported


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00b\x00a\x00d", "not UTF-8"),
        (b"", "The submitted file is empty"),
        (b"\n\n", "The file is empty"),
        (b"Surname,City\n", "no rows"),
        (b"Surname\nA\x00B\n", "NUL"),
    ],
)
def test_an_unreadable_file_gets_a_clear_message(client, bob, content, message):
    client.force_login(bob)
    response = client.post(
        reverse("clients:contacts_import_upload"),
        {"file": SimpleUploadedFile("x.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_mapping_without_a_name_column_is_refused(client, bob):
    client.force_login(bob)
    job = upload(client, csv_file([["x", "y"]], header=["Colour", "Size"]))
    response = client.post(reverse("clients:contacts_import_map", args=[job.pk]), {})
    job.refresh_from_db()
    assert job.status == "uploaded"
    assert response.status_code == 400
    assert "Choose the column of: Last name or Organization name" in response.content.decode()


def test_people_without_add_contact_and_other_users_jobs_are_404(client, bob, charlie):
    auditor = UserFactory(role="Auditor")
    client.force_login(bob)
    job = upload(client, csv_file([person(1)]))
    client.force_login(auditor)
    assert client.get(reverse("clients:contacts_import_upload")).status_code == 404
    assert client.get(reverse("clients:contacts_import_job", args=[job.pk])).status_code == 404
    client.force_login(charlie)  # may import, but not see bob's file
    assert client.get(reverse("clients:contacts_import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("clients:contacts_import_run", args=[job.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("clients:contacts_import_upload")).status_code == 302


def test_a_firm_admin_may_import(client, dana):
    client.force_login(dana)
    assert client.get(reverse("clients:contacts_import_upload")).status_code == 200
