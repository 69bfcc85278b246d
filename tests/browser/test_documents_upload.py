"""Bob drops two files on a matter's Documents tab: a progress bar per file
fills, both are filed, and one is found by a word inside it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from documents import services
from documents.models import DocumentVersion
from tests.browser.helpers import sign_in
from tests.factories import UserFactory, open_matter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DROP = """([zone, files]) => {
  const transfer = new DataTransfer();
  for (const [name, text] of files) {
    transfer.items.add(new File([text], name, {type: "text/plain"}));
  }
  zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
}"""


def test_bob_drops_two_files_and_finds_one_by_a_word_inside(live_server, page):
    alice = UserFactory(full_name="Alice Moreno", role="Attorney")
    bob = UserFactory(full_name="Bob Lindqvist", role="Paralegal")
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], title="Doe v. Acme Corp.")
    sign_in(page, live_server, bob)
    page.goto(f"{live_server.url}{reverse('documents:matter_documents', args=[matter.pk])}")
    zone = page.locator(".dropzone")
    expect(zone).to_be_visible()  # the form is open while the matter has no documents
    page.evaluate(
        DROP,
        [zone.element_handle(), [["brief.txt", "The pangolin doctrine governs this motion."],
                                 ["letter.txt", "Dear counsel, please find our reply."]]],
    )  # fmt: skip
    items = page.locator(".upload-item")
    expect(items).to_have_count(2)
    expect(page.locator(".upload-item.done")).to_have_count(2)
    for i in range(2):
        expect(items.nth(i).locator("progress")).to_have_js_property("value", 100)
    expect(page.get_by_role("link", name="filed as “brief”")).to_be_visible()
    # The text is extracted by a heavy-queue worker (tests/documents/test_worker.py
    # runs a real one); here the test does that work itself.
    for version in DocumentVersion.objects.filter(matter=matter):
        services.version_extract(version_id=version.pk)
    page.goto(f"{live_server.url}{reverse('documents:search')}")
    page.get_by_label("Words").fill("pangolin")
    page.get_by_role("button", name="Search").click()
    results = page.locator(".search-result")
    expect(results).to_have_count(1)
    expect(results.get_by_role("link", name="brief")).to_be_visible()
    expect(results.locator("mark")).to_have_text("pangolin")
