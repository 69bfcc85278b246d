"""CSV import of past matters' parties: matters found only among those the user
may change (a hidden and a missing matter look the same), contacts reused by
their folded name or created, every invalid row named, all or nothing."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from guardian.shortcuts import assign_perm, remove_perm

from access.backends import forget
from casemgr.models import AuditEvent
from cases import imports, services, tasks
from cases.models import Party
from clients.imports import RowErrors, guess_mapping, import_job_run
from clients.models import Contact, ImportJob
from tests.factories import OrganizationFactory, UserFactory, new_contact, open_matter

pytestmark = pytest.mark.django_db

HEADER = ["Matter", "Name", "Type", "Role", "Notes"]
NO_MATTER = "No matter you may change has this number."


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, title="Doe v. Acme Corp.", team=[(bob, "paralegal")])


@pytest.fixture
def second(alice, bob):
    return open_matter(actor=alice, title="Roe v. Widget Inc.", team=[(bob, "paralegal")])


def csv_file(rows, header=HEADER, name="parties.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def upload(client, file):
    response = client.post(reverse("cases:parties_import_upload"), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("id")


def check(client, job, capture):
    mapping = {n: str(c) for n, c in guess_mapping(imports.PARTIES, job.header).items()}
    with capture(execute=False):
        response = client.post(reverse("cases:parties_import_map", args=[job.pk]), mapping)
    assert response.status_code == 302, response.content.decode()[:2000]
    tasks.party_import_check.apply(args=[job.pk])
    job.refresh_from_db()
    return job


def run(client, job, capture):
    with capture(execute=False):
        client.post(reverse("cases:parties_import_run", args=[job.pk]))
    tasks.party_import_run.apply(args=[job.pk])
    job.refresh_from_db()
    return job


def page(client, job):
    return client.get(reverse("cases:parties_import_job", args=[job.pk])).content.decode()


def parties_of(matter):
    return sorted(
        (p.contact.display_name, p.role, p.notes)
        for p in Party.objects.filter(matter=matter).exclude(role="client")
    )


def test_a_good_file_imports_every_party_audited_per_matter(
    client, alice, bob, matter, second, django_capture_on_commit_callbacks
):
    acme = new_contact(actor=alice, kind="organization", organization_name="ACME Corporation")
    contacts_before = Contact.objects.count()
    client.force_login(bob)
    rows = [
        [matter.number, "Acme Corp.", "", "Opposing party", "the defendant"],
        [matter.number, "Núñez, José", "person", "witness", "saw the crash"],
        [matter.number, "Hon. Ruth Park", "person", "Judge", ""],
        [second.number, "Jose Nunez", "Person", "expert", ""],
        [second.number, "Shield Mutual Insurance Co.", "organisation", "insurer", ""],
    ]
    job = upload(client, csv_file(rows))
    assert f"<code>{HEADER[0]}</code>" in page(client, job)
    job = check(client, job, django_capture_on_commit_callbacks)
    assert (job.status, job.errors, job.processed_rows) == ("checked", [], 5)
    body = page(client, job)
    assert "Preview" in body
    assert "Import 5 rows" in body
    assert not Party.objects.exclude(role="client").exists()
    job = run(client, job, django_capture_on_commit_callbacks)
    assert (job.status, job.imported, job.message) == ("done", 5, "Imported 5 parties.")
    assert parties_of(matter) == [
        ("ACME Corporation", "opposing_party", "the defendant"),
        ("Hon. Ruth Park", "court", ""),
        ("José Núñez", "witness", "saw the crash"),
    ]
    assert parties_of(second) == [
        ("José Núñez", "expert", ""),
        ("Shield Mutual Insurance Co.", "insurer", ""),
    ]
    # ACME reused by its folded name; José Núñez created once for both matters
    assert Party.objects.get(matter=matter, role="opposing_party").contact == acme
    assert Contact.objects.count() == contacts_before + 3
    jose = Contact.objects.get(last_name="Núñez")
    assert (jose.first_name, jose.kind, jose.created_by) == ("José", "person", bob)
    assert AuditEvent.objects.filter(
        object_type="clients.contact", object_id=str(jose.pk), summary="created the contact"
    ).exists()
    event = AuditEvent.objects.get(matter_id=matter.pk, summary__startswith="imported 3 parties")
    assert event.actor_id == bob.pk
    assert sorted(event.changes["party_ids"]) == sorted(
        Party.objects.filter(matter=matter).exclude(role="client").values_list("pk", flat=True)
    )
    assert AuditEvent.objects.filter(
        matter_id=second.pk, summary__startswith="imported 2 parties"
    ).exists()


def _witnesses(matter, n, bad_row=None):
    rows = [[matter.number, f"Witness{i}, Wanda", "person", "witness", ""] for i in range(n)]
    if bad_row is not None:
        rows[bad_row - 2][3] = "villain"
    return rows


def test_one_bad_row_among_two_thousand_imports_nothing_and_names_the_row(
    client, bob, matter, django_capture_on_commit_callbacks
):
    contacts_before = Contact.objects.count()
    client.force_login(bob)
    job = upload(client, csv_file(_witnesses(matter, 2_000, bad_row=1_234)))
    job = check(client, job, django_capture_on_commit_callbacks)
    assert job.total_rows == 2_000
    assert [e["row"] for e in job.errors] == [1234]
    assert job.errors[0]["messages"][0].startswith("Role “villain” is not one of: client,")
    body = page(client, job)
    assert "1 invalid row: nothing will be imported" in body
    assert "Row 1234" in body
    assert "Import 2000 rows" not in body
    client.post(reverse("cases:parties_import_run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "checked"
    # even if the run is forced past the page's refusal, the import checks again
    ImportJob.objects.filter(pk=job.pk).update(status="importing")
    job = import_job_run(importer=imports.PARTIES, job_id=job.pk)
    assert job.status == "failed"
    assert [e["row"] for e in job.errors] == [1234]
    assert "Nothing was imported" in job.message
    assert not Party.objects.exclude(role="client").exists()
    assert Contact.objects.count() == contacts_before


def test_access_lost_between_check_and_import_fails_the_rows_and_writes_nothing(
    client, bob, matter, second, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    rows = [[matter.number, "Lee, Pat", "person", "witness", ""],
            [second.number, "Lee, Pat", "person", "witness", ""]]  # fmt: skip
    job = check(client, upload(client, csv_file(rows)), django_capture_on_commit_callbacks)
    assert job.errors == []
    remove_perm("cases.change_matter", bob, second)
    forget(bob)
    job = run(client, job, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert job.errors == [{"row": 3, "messages": [NO_MATTER]}]
    assert not Party.objects.exclude(role="client").exists()
    assert not Contact.objects.filter(last_name="Lee").exists()


def _comparable(body, job, number):
    body = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF-TOKEN", body)
    return body.replace(f"/{job.pk}/", "/JOB/").replace(number, "NUMBER")


def test_a_hidden_matter_and_a_missing_one_get_the_same_message_and_nothing_leaks(
    client, charlie, matter, django_capture_on_commit_callbacks
):
    missing = "2099-9999"
    client.force_login(charlie)
    pages = []
    for number in (matter.number, missing):
        job = upload(client, csv_file([[number, "Acme Corp.", "organization", "client", ""]]))
        job = check(client, job, django_capture_on_commit_callbacks)
        assert job.errors == [{"row": 2, "messages": [NO_MATTER]}]
        body = page(client, job)
        assert matter.title not in body
        assert matter.client.display_name not in body
        assert "Doe v." not in body
        partial = client.get(
            reverse("cases:parties_import_job", args=[job.pk]), HTTP_HX_REQUEST="true"
        ).content.decode()
        pages.append(_comparable(partial, job, number))
        ImportJob.objects.filter(pk=job.pk).update(status="importing")
        job = import_job_run(importer=imports.PARTIES, job_id=job.pk)
        assert job.errors == [{"row": 2, "messages": [NO_MATTER]}]
        for body in (page(client, job),
                     client.get(reverse("cases:parties_import_upload")).content.decode()):  # fmt: skip
            assert matter.title not in body
            assert matter.client.display_name not in body
    assert pages[0] == pages[1]
    assert not Party.objects.exclude(role="client").exists()
    assert not Contact.objects.filter(organization_name="Acme Corp.").exists()


def test_a_user_who_may_only_view_a_matter_cannot_import_into_it(
    client, alice, matter, django_capture_on_commit_callbacks
):
    viewer = UserFactory(role="Paralegal")
    assign_perm("cases.view_matter", viewer, matter)
    client.force_login(viewer)
    job = upload(client, csv_file([[matter.number, "Lee, Pat", "person", "witness", ""]]))
    job = check(client, job, django_capture_on_commit_callbacks)
    assert job.errors == [{"row": 2, "messages": [NO_MATTER]}]
    # nor through the service itself
    row = services.PartyImportRow(
        row=1, matter=matter, contact=Contact(kind="person", last_name="Lee"), role="witness"
    )
    with pytest.raises(RowErrors) as raised:
        services.parties_import(actor=viewer, rows=[row], source="test")
    assert raised.value.row_errors == {1: [NO_MATTER]}
    assert not Party.objects.exclude(role="client").exists()
    assert not Contact.objects.filter(last_name="Lee").exists()


def test_existing_parties_repeated_rows_and_unclear_contacts_are_row_errors(
    client, alice, bob, matter, django_capture_on_commit_callbacks
):
    client_name = matter.client.display_name
    OrganizationFactory(organization_name="Widget Inc.")
    OrganizationFactory(organization_name="Widget Incorporated")
    new_contact(actor=alice, first_name="Sam", last_name="Widget")
    client.force_login(bob)
    rows = [
        [matter.number, client_name, "", "Client", ""],  # row 2: already the client
        [matter.number, "Lee, Pat", "person", "witness", ""],  # row 3
        [matter.number, "Pat Lee", "person", "Witness", ""],  # row 4: row 3 again
        [matter.number, "Widget Inc", "organization", "insurer", ""],  # row 5: two match
        [matter.number, "Unknown Person", "", "expert", ""],  # row 6: kind needed
        [matter.number, "", "robot", "", "x" * 301],  # row 7
    ]
    job = check(client, upload(client, csv_file(rows)), django_capture_on_commit_callbacks)
    errors = {e["row"]: e["messages"] for e in job.errors}
    assert errors[2] == [f"{client_name} is already a party to {matter.number} as Client."]
    assert 3 not in errors
    assert errors[4] == ["The same party as row 3."]
    assert errors[5][0].startswith("2 contacts match “Widget Inc” (Widget Inc")
    assert errors[5][0].endswith("merge them first.")
    assert errors[6] == [
        "No contact is named “Unknown Person”: give its kind (person or organization) to create it."
    ]
    assert errors[7] == [
        "The contact name is missing.",
        "Kind “robot” is neither a person nor an organization.",
        "The role is missing.",
        "Notes: at most 300 characters.",
    ]
    assert sorted(errors) == [2, 4, 5, 6, 7]
    body = page(client, job)
    assert "5 invalid rows: nothing will be imported" in body


def test_the_service_refuses_a_party_already_on_the_matter_without_crashing(alice, matter):
    row = services.PartyImportRow(row=9, matter=matter, contact=matter.client, role="client")
    with pytest.raises(ValidationError) as raised:
        services.parties_import(actor=alice, rows=[row], source="test")
    assert raised.value.row_errors == {
        9: [f"{matter.client.display_name} is already a party to {matter.number} as Client."]
    }


def test_formula_looking_cells_are_stored_as_text(
    client, bob, matter, django_capture_on_commit_callbacks
):
    formulas = ['=HYPERLINK("http://evil.test","x")', "+1+2", "@SUM(A1)"]
    rows = [[matter.number, formulas[0], "organization", "other", formulas[1]],
            [matter.number, formulas[2], "organization", "witness", "-2+3"]]  # fmt: skip
    client.force_login(bob)
    job = check(client, upload(client, csv_file(rows)), django_capture_on_commit_callbacks)
    job = run(client, job, django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    assert parties_of(matter) == [
        (formulas[0], "other", formulas[1]),
        (formulas[2], "witness", "-2+3"),
    ]


def test_people_without_change_matter_and_add_contact_get_404(client, bob, charlie, matter):
    auditor = UserFactory(role="Auditor")
    contacts_only = UserFactory()
    contacts_only.user_permissions.add(Permission.objects.get(codename="add_contact"))
    client.force_login(bob)
    job = upload(client, csv_file([[matter.number, "Lee, Pat", "person", "witness", ""]]))
    for user in (auditor, contacts_only):
        client.force_login(user)
        assert client.get(reverse("cases:parties_import_upload")).status_code == 404
        assert client.get(reverse("cases:parties_import_job", args=[job.pk])).status_code == 404
        assert client.post(reverse("cases:parties_import_map", args=[job.pk])).status_code == 404
        assert client.post(reverse("cases:parties_import_run", args=[job.pk])).status_code == 404
        assert "Import parties" not in client.get(reverse("cases:matter_list")).content.decode()
    client.force_login(charlie)  # may import, but not see bob's file
    assert client.get(reverse("cases:parties_import_upload")).status_code == 200
    assert client.get(reverse("cases:parties_import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("cases:parties_import_run", args=[job.pk])).status_code == 404
    # a contacts import is not a parties import
    contacts_job = ImportJob.objects.create(
        kind="contacts", filename="c.csv", data="a\nb\n", header=["a"], created_by=charlie
    )
    url = reverse("cases:parties_import_job", args=[contacts_job.pk])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(reverse("cases:parties_import_upload")).status_code == 302


def test_the_matter_list_links_the_import(client, bob, dana):
    for user in (bob, dana):
        client.force_login(user)
        body = client.get(reverse("cases:matter_list")).content.decode()
        assert reverse("cases:parties_import_upload") in body
