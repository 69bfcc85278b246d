"""Legal research: memos and authorities, the Research tab, search (page and API)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemgr.models import AuditEvent
from cases import services
from cases.models import Authority, ResearchMemo
from cases.services import StaleEdit
from tests.factories import authority_data, open_matter, write_memo

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], title="Rivera v. Northwind Foods")


@pytest.fixture
def hidden_matter(dana):
    """A matter only dana (an admin) can see: alice, bob and charlie cannot."""
    return open_matter(actor=dana, title="Secret acquisition")


def search(user, q):
    return list(ResearchMemo.objects.visible_to(user).search(q))


# --- Services -----------------------------------------------------------------------


def test_a_memo_is_written_with_its_authorities_and_audited(matter, bob):
    memo = write_memo(
        actor=bob, matter=matter,
        authorities=[authority_data(), authority_data(kind="statute", citation="Cal. Civ. Proc. Code § 335.1", court="", year=2002)],
    )  # fmt: skip
    assert memo.author == bob
    assert memo.memo_date == timezone.localdate()
    assert [a.citation for a in memo.authorities.all()] == [
        "Jolly v. Eli Lilly & Co., 44 Cal. 3d 1103 (1988)",
        "Cal. Civ. Proc. Code § 335.1",
    ]
    event = AuditEvent.objects.get(object_type="cases.researchmemo", action="create")
    assert event.matter_id == matter.pk
    assert "added Cal. Civ. Proc. Code § 335.1" in event.changes["authorities"]


def test_revising_a_memo_replaces_adds_and_removes_authorities(matter, alice):
    memo = write_memo(actor=alice, matter=matter, authorities=[
        authority_data(citation="Keep v. This, 1 F.4th 1 (9th Cir. 2021)"),
        authority_data(citation="Drop v. That, 2 F.4th 2 (9th Cir. 2021)"),
    ])  # fmt: skip
    keep, drop = memo.authorities.all()
    updated = services.research_memo_update(
        actor=alice, memo=memo, expected_version=1, conclusion="Probably not barred.",
        authorities=[
            {**authority_data(citation=keep.citation, relevance="adverse"), "id": keep.pk},
            authority_data(kind="article", citation="Smith, Discovery Rules, 90 Cal. L. Rev. 1"),
        ],
    )  # fmt: skip
    assert updated.version == 2
    assert updated.conclusion == "Probably not barred."
    rows = list(updated.authorities.values_list("pk", "citation", "relevance"))
    assert rows[0] == (keep.pk, keep.citation, "adverse")
    assert rows[1][1] == "Smith, Discovery Rules, 90 Cal. L. Rev. 1"
    assert not Authority.objects.filter(pk=drop.pk).exists()
    event = AuditEvent.objects.filter(object_type="cases.researchmemo", action="change").get()
    assert f"removed {drop.citation}" in event.changes["authorities"]


def test_a_stale_memo_save_is_refused_and_nothing_is_overwritten(matter, alice, bob):
    memo = write_memo(actor=alice, matter=matter)
    services.research_memo_update(actor=alice, memo=memo, expected_version=1, title="New title")
    with pytest.raises(StaleEdit, match="changed by someone else"):
        services.research_memo_update(actor=bob, memo=memo, expected_version=1, title="Bob's")
    assert ResearchMemo.objects.get(pk=memo.pk).title == "New title"


@pytest.mark.parametrize(
    "bad",
    [{"url": "javascript:alert(1)"}, {"url": "ftp://example.com/x"}, {"citation": ""},
     {"year": 99}, {"kind": "rumour"}],
)  # fmt: skip
def test_a_bad_authority_is_refused_and_the_memo_is_not_written(matter, alice, bad):
    with pytest.raises(ValidationError):
        write_memo(actor=alice, matter=matter, authorities=[authority_data(**bad)])
    assert not ResearchMemo.objects.exists()


def test_deleting_a_memo_deletes_its_authorities(matter, alice):
    memo = write_memo(actor=alice, matter=matter, authorities=[authority_data()])
    services.research_memo_delete(actor=alice, memo=memo)
    assert not ResearchMemo.objects.exists()
    assert not Authority.objects.exists()


def test_charlie_cannot_write_or_delete_research_on_a_matter_he_cannot_see(matter, alice, charlie):
    with pytest.raises(Http404):
        write_memo(actor=charlie, matter=matter)
    memo = write_memo(actor=alice, matter=matter)
    with pytest.raises(Http404):
        services.research_memo_update(actor=charlie, memo=memo, expected_version=1, title="x")
    with pytest.raises(Http404):
        services.research_memo_delete(actor=charlie, memo=memo)


# --- Search ------------------------------------------------------------------------------


def test_search_ranks_a_title_hit_above_a_discussion_hit(matter, alice):
    in_body = write_memo(actor=alice, matter=matter, title="Venue",
                         body="Equitable tolling may apply while the EEOC charge was pending.")  # fmt: skip
    in_title = write_memo(
        actor=alice, matter=matter, title="Equitable tolling of the FEHA deadline"
    )
    write_memo(actor=alice, matter=matter, title="Punitive damages")
    assert search(alice, "equitable tolling") == [in_title, in_body]


def test_search_finds_memos_by_their_authorities_citation_and_holding(matter, alice):
    memo = write_memo(actor=alice, matter=matter, title="Limitations", authorities=[
        authority_data(citation="Fox v. Ethicon Endo-Surgery, 35 Cal. 4th 797 (2005)",
                       holding="Discovery rule delays accrual until the plaintiff has reason to suspect."),
    ])  # fmt: skip
    assert search(alice, "Ethicon") == [memo]
    assert search(alice, "accrual suspect") == [memo]
    services.research_memo_update(actor=alice, memo=memo, expected_version=1, authorities=[])
    assert search(alice, "Ethicon") == []


def test_search_never_returns_memos_of_matters_the_user_cannot_see(
    matter, hidden_matter, alice, charlie, dana
):
    mine = write_memo(actor=alice, matter=matter, title="Arbitration clause enforceability")
    secret = write_memo(
        actor=dana, matter=hidden_matter, title="Arbitration in the merger agreement"
    )
    assert search(alice, "arbitration") == [mine]
    assert search(charlie, "arbitration") == []
    assert set(search(dana, "arbitration")) == {mine, secret}


def test_blank_search_terms_match_nothing(matter, alice):
    write_memo(actor=alice, matter=matter)
    assert search(alice, "   ") == []


# --- The Research tab and the memo form --------------------------------------------------


def memo_post(version=None, authorities=(), initial_forms=0, **fields):
    data = {
        "title": "Is the arbitration clause unconscionable?",
        "question": "Can Northwind compel arbitration?",
        "conclusion": "No: the clause lacks mutuality (Armendariz).",
        "body": "",
        "author": "",
        "memo_date": "2026-11-02",
        "version": "" if version is None else str(version),
        "authorities-TOTAL_FORMS": str(len(authorities)),
        "authorities-INITIAL_FORMS": str(initial_forms),
        "authorities-MIN_NUM_FORMS": "0",
        "authorities-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    for i, row in enumerate(authorities):
        for key, value in row.items():
            data[f"authorities-{i}-{key}"] = "" if value is None else str(value)
    return data


def test_the_research_tab_lists_memos_with_their_authorities(client, matter, alice):
    write_memo(actor=alice, matter=matter, title="Tolling memo", authorities=[
        authority_data(url="https://scholar.google.com/scholar_case?case=1"),
    ])  # fmt: skip
    client.force_login(alice)
    response = client.get(reverse("cases:matter_research", args=[matter.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tolling memo" in html
    assert "Jolly v. Eli Lilly" in html
    assert 'href="https://scholar.google.com/scholar_case?case=1"' in html


def test_writing_a_memo_with_authorities_through_the_form(client, matter, bob):
    client.force_login(bob)
    url = reverse("cases:research_memo_create", args=[matter.pk])
    assert client.get(url).status_code == 200
    row = authority_data(citation="Armendariz v. Foundation Health, 24 Cal. 4th 83 (2000)")
    empty = dict.fromkeys(row, "") | {"kind": "case", "relevance": "supports"}
    response = client.post(url, memo_post(author=bob.pk, authorities=[row, empty]))
    assert response.status_code == 302
    memo = ResearchMemo.objects.get()
    assert memo.author == bob
    assert [a.citation for a in memo.authorities.all()] == [row["citation"]]


def test_a_bad_link_is_shown_next_to_the_field_and_nothing_is_saved(client, matter, alice):
    client.force_login(alice)
    url = reverse("cases:research_memo_create", args=[matter.pk])
    row = authority_data(url="javascript:alert(1)")
    response = client.post(url, memo_post(author=alice.pk, authorities=[row]))
    assert response.status_code == 400
    assert "Enter a valid URL." in response.content.decode()
    assert not ResearchMemo.objects.exists()


def test_editing_a_memo_can_remove_an_authority(client, matter, alice):
    memo = write_memo(actor=alice, matter=matter, authorities=[authority_data()])
    authority = memo.authorities.get()
    client.force_login(alice)
    url = reverse("cases:research_memo_edit", args=[matter.pk, memo.pk])
    assert client.get(url).status_code == 200
    row = authority_data() | {"id": authority.pk, "memo": memo.pk, "DELETE": "on"}
    response = client.post(
        url,
        memo_post(version=1, author=alice.pk, authorities=[row], initial_forms=1, title="Revised"),
    )
    assert response.status_code == 302
    memo.refresh_from_db()
    assert (memo.title, memo.version, memo.authorities.count()) == ("Revised", 2, 0)


def test_a_stale_memo_form_shows_why(client, matter, alice):
    memo = write_memo(actor=alice, matter=matter)
    services.research_memo_update(actor=alice, memo=memo, expected_version=1, title="Newer")
    client.force_login(alice)
    url = reverse("cases:research_memo_edit", args=[matter.pk, memo.pk])
    response = client.post(url, memo_post(version=1, author=alice.pk, title="Older"))
    assert response.status_code == 400
    assert "changed by someone else" in response.content.decode()
    assert ResearchMemo.objects.get().title == "Newer"


def test_charlie_gets_404_on_every_research_page_of_the_matter(client, matter, alice, charlie):
    memo = write_memo(actor=alice, matter=matter)
    client.force_login(charlie)
    urls = [
        reverse("cases:matter_research", args=[matter.pk]),
        reverse("cases:research_memo_create", args=[matter.pk]),
        reverse("cases:research_memo_edit", args=[matter.pk, memo.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(urls[2], memo_post(version=1, title="x")).status_code == 404
    delete = reverse("cases:research_memo_delete", args=[matter.pk, memo.pk])
    assert client.post(delete).status_code == 404
    assert ResearchMemo.objects.get().title == memo.title


def test_a_memo_is_only_reachable_under_its_own_matter(client, matter, hidden_matter, alice, dana):
    secret = write_memo(actor=dana, matter=hidden_matter)
    client.force_login(alice)
    url = reverse("cases:research_memo_edit", args=[matter.pk, secret.pk])
    assert client.get(url).status_code == 404
    delete = reverse("cases:research_memo_delete", args=[matter.pk, secret.pk])
    assert client.post(delete).status_code == 404
    assert ResearchMemo.objects.filter(pk=secret.pk).exists()


def test_deleting_through_the_tab(client, matter, alice):
    memo = write_memo(actor=alice, matter=matter)
    client.force_login(alice)
    response = client.post(reverse("cases:research_memo_delete", args=[matter.pk, memo.pk]))
    assert response.status_code == 302
    assert not ResearchMemo.objects.exists()


def _count_queries(client, url):
    client.get(url)  # warm the session and content types
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_research_tab_runs_the_same_queries_however_many_memos(client, matter, alice):
    client.force_login(alice)
    url = reverse("cases:matter_research", args=[matter.pk])
    write_memo(actor=alice, matter=matter, authorities=[authority_data()])
    one = _count_queries(client, url)
    for i in range(5):
        write_memo(actor=alice, matter=matter, title=f"Memo {i}",
                   authorities=[authority_data(), authority_data(citation=f"Case {i}")])  # fmt: skip
    assert _count_queries(client, url) == one


# --- The search page -------------------------------------------------------------------


def test_the_search_page_shows_ranked_hits_with_their_matter(client, matter, alice):
    write_memo(actor=alice, matter=matter, title="Venue",
               body="Equitable tolling might apply <script>x</script>.")  # fmt: skip
    write_memo(actor=alice, matter=matter, title="Equitable tolling")
    client.force_login(alice)
    response = client.get(reverse("cases:research_search"), {"q": "equitable tolling"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(">Equitable tolling</a>") < html.index(">Venue</a>")
    assert matter.number in html
    assert "Rivera v. Northwind Foods" in html
    assert "<mark>tolling</mark>" in html
    assert "<script>x</script>" not in html


def test_charlie_finds_nothing_on_the_search_page(client, matter, alice, charlie):
    write_memo(actor=alice, matter=matter, title="Arbitration clause")
    client.force_login(charlie)
    for params in ({"q": "arbitration"}, {}):
        response = client.get(reverse("cases:research_search"), params)
        assert response.status_code == 200
        assert "Arbitration clause" not in response.content.decode()
        assert matter.number not in response.content.decode()


def test_the_search_page_does_not_show_memos_of_invisible_matters(
    client, matter, hidden_matter, alice, dana
):
    write_memo(actor=dana, matter=hidden_matter, title="Arbitration in the merger")
    client.force_login(alice)
    response = client.get(reverse("cases:research_search"), {"q": "arbitration"})
    assert "Arbitration in the merger" not in response.content.decode()
    assert hidden_matter.number not in response.content.decode()


def test_the_search_page_is_paginated_and_its_queries_do_not_grow(client, matter, alice):
    client.force_login(alice)
    url = reverse("cases:research_search") + "?q=tolling"
    write_memo(actor=alice, matter=matter, title="Tolling 0", authorities=[authority_data()])
    one = _count_queries(client, url)
    for i in range(1, 25):
        write_memo(actor=alice, matter=matter, title=f"Tolling {i}",
                   authorities=[authority_data()])  # fmt: skip
    assert _count_queries(client, url) == one
    response = client.get(url)
    assert response.context["page_obj"].paginator.count == 25
    assert len(response.context["results"]) == 20


# --- The API ------------------------------------------------------------------------------


def test_the_api_lists_visible_memos_ranked_by_q(client, matter, hidden_matter, alice, dana):
    in_body = write_memo(actor=alice, matter=matter, title="Venue", body="Equitable tolling.")
    in_title = write_memo(actor=alice, matter=matter, title="Equitable tolling",
                          authorities=[authority_data()])  # fmt: skip
    write_memo(actor=dana, matter=hidden_matter, title="Equitable tolling in the merger")
    client.force_login(alice)
    url = reverse("research-memo-list")
    body = client.get(url, {"q": "equitable tolling"}).json()
    assert [row["id"] for row in body["results"]] == [in_title.pk, in_body.pk]
    first = body["results"][0]
    assert first["matter"] == {"id": matter.pk, "number": matter.number, "title": matter.title}
    assert first["authorities"][0]["citation"].startswith("Jolly")
    assert client.get(url).json()["count"] == 2


def test_charlie_gets_an_empty_api_list_and_404_for_a_memo(client, matter, alice, charlie):
    memo = write_memo(actor=alice, matter=matter, title="Arbitration clause")
    client.force_login(charlie)
    assert client.get(reverse("research-memo-list"), {"q": "arbitration"}).json()["count"] == 0
    assert client.get(reverse("research-memo-list")).json()["count"] == 0
    assert client.get(reverse("research-memo-detail", args=[memo.pk])).status_code == 404


def test_the_api_needs_a_signed_in_user(client, matter, alice):
    write_memo(actor=alice, matter=matter)
    assert client.get(reverse("research-memo-list")).status_code in {401, 403}


def _selected_author(html):
    import re

    select = html[html.index('name="author"') :]
    select = select[: select.index("</select>")]
    return re.findall(r'<option value="(\d+)" selected>', select), select.count("<option")


@pytest.mark.parametrize(("writer", "offered"), [("bob", 2), ("dana", 3)])
def test_a_new_memos_author_starts_as_the_signed_in_user(client, matter, writer, offered, request):
    user = request.getfixturevalue(writer)
    client.force_login(user)
    response = client.get(reverse("cases:research_memo_create", args=[matter.pk]))
    assert response.status_code == 200
    selected, options = _selected_author(response.content.decode())
    assert selected == [str(user.pk)]
    assert options == offered  # the team (alice, bob) and the writer; no empty choice
    assert response.context["form"]["author"].value() == user.pk


def test_charlie_gets_no_memo_form_on_a_matter_he_cannot_see(client, matter, charlie):
    client.force_login(charlie)
    assert client.get(reverse("cases:research_memo_create", args=[matter.pk])).status_code == 404


def test_a_third_authority_is_added_without_saving_and_editing_again(client, matter, bob):
    client.force_login(bob)
    url = reverse("cases:research_memo_create", args=[matter.pk])
    first = authority_data(citation="Armendariz v. Foundation Health, 24 Cal. 4th 83 (2000)")
    second = authority_data(citation="Jolly v. Eli Lilly & Co., 44 Cal. 3d 1103 (1988)")
    typed = memo_post(author=bob.pk, authorities=[first, second])
    response = client.post(url, {**typed, "_add": "authorities"})
    assert response.status_code == 200
    assert not ResearchMemo.objects.exists()
    assert len(response.context["formset"].forms) == 3
    html = response.content.decode()
    assert 'name="authorities-2-citation"' in html
    assert "Armendariz v. Foundation Health" in html
    assert 'value="Is the arbitration clause unconscionable?"' in html
    assert "field-error" not in html
    third = authority_data(citation="Discover Bank v. Superior Court, 36 Cal. 4th 148 (2005)")
    response = client.post(url, memo_post(author=bob.pk, authorities=[first, second, third]))
    assert response.status_code == 302
    memo = ResearchMemo.objects.get()
    assert memo.authorities.count() == 3


def test_the_memo_form_carries_an_add_another_button_and_an_empty_row_template(client, matter, bob):
    client.force_login(bob)
    html = client.get(reverse("cases:research_memo_create", args=[matter.pk])).content.decode()
    assert 'name="_add" value="authorities"' in html
    assert '<template id="authorities-empty-form">' in html
    assert 'name="authorities-__prefix__-citation"' in html
