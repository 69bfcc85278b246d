"""The access matrix: every URL that takes an object id, as each kind of user who
must not see the matter behind it, answers 404 — the same as a missing id.

URL patterns are enumerated from the resolver, so a new page or API route is
in the matrix the day it is added; a route whose ids the matrix cannot fill in
fails the coverage test below until someone teaches FILLERS about it.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases import services
from tests.factories import ContactFactory, UserFactory, open_matter

pytestmark = pytest.mark.django_db

# Namespaces and route names whose ids are not matter data (firm-wide records,
# or pages that belong to the signed-in user), with the reason.
NOT_MATTER_DATA = {
    "clients": "contacts are firm-wide; their matter roles are filtered (tests/clients)",
    "firm": "firm admin pages: 404 for every non-admin (tests/accounts)",
    "practice": "firm configuration (practice areas, task templates): 404 for every "
    "non-admin (tests/cases/test_practice_areas.py)",
    "admin": "Django admin: swept model by model below (test_the_django_admin_...)",
    "password_set": "an invitation link for one user, checked by its token (tests/accounts)",
    "contact-detail": "contacts are firm-wide; matter roles in the API are filtered (tests/clients)",
    "deadlines:feed": "a per-user secret feed URL; its contents are filtered (tests/deadlines)",
}


def _excluded(name: str) -> bool:
    return name in NOT_MATTER_DATA or name.split(":")[0] in NOT_MATTER_DATA


def _walk(resolvers, prefix="", namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            # Path converters, or the named groups of a regex route (DRF's router).
            params = list(entry.pattern.converters) or list(entry.pattern.regex.groupindex)
            yield name, prefix + str(entry.pattern), params


def object_routes():
    """Every named route with at least one id in its path."""
    routes = []
    for name, pattern, params in _walk(get_resolver().url_patterns):
        if not params or _excluded(name):
            continue
        routes.append((name, pattern, params))
    return sorted({(n, p, tuple(ps)) for n, p, ps in routes})


@pytest.fixture
def world(alice, bob, dana):
    """A matter with something of every kind hanging off it, and the people who
    must not see it: charlie (no access), dana (admin, walled), fred (former
    team member), erin (auditor)."""
    matter = open_matter(actor=alice, team=[(bob, "paralegal")])
    fred = UserFactory(role="Paralegal", full_name="Fred Former")
    services.team_member_add(actor=alice, matter=matter, user=fred, role="paralegal")
    services.team_member_remove(actor=alice, matter=matter, user=fred)
    party = services.party_add(actor=alice, matter=matter, contact=ContactFactory(), role="witness")
    services.wall_create(
        actor=dana, name="Dana screen", reason="Prior representation of the other side",
        notice="Screened.", matter=matter, users=[dana],
    )  # fmt: skip
    ids = {
        "pk": matter.pk,
        "matter_pk": matter.pk,
        "party_pk": party.pk,
        "user_pk": bob.pk,
    }
    ids.update(_extra_ids(matter=matter, alice=alice, bob=bob))
    # Another admin's client-wide wall covering the matter (screening someone
    # else): an admin walled from the matter alone still reads this wall, so
    # its pages and report must leave the hidden matter out.
    owen = UserFactory(role="Firm admin", full_name="Owen Admin", is_staff=True)
    services.wall_create(
        actor=owen, name="Ivy screen", reason="Ivy's former firm acted for the client",
        notice="Screened.", client=matter.client,
        users=[UserFactory(role="Paralegal", full_name="Ivy Lateral")],
    )  # fmt: skip
    outsiders = {
        "charlie": UserFactory(role="Paralegal", full_name="Charlie Brandt"),
        "walled admin": dana,
        "former member": fred,
        "auditor": UserFactory(role="Auditor", full_name="Erin Auditor"),
        "other attorney": UserFactory(role="Attorney", full_name="Oscar Other"),
        "client-walled admin": UserFactory(
            role="Firm admin", full_name="Gina Screened", is_staff=True
        ),
        "admin outside a team-only matter": UserFactory(
            role="Firm admin", full_name="Hank Outside", is_staff=True
        ),
    }
    return matter, ids, outsiders


def screen(world, who: str) -> None:
    """The wall that hides the matter from this outsider, where one is needed
    (dana's is in the world already; the others need none)."""
    matter, _, outsiders = world
    owen = UserFactory(role="Firm admin", full_name="Another Admin")
    if who == "client-walled admin":
        services.wall_create(
            actor=owen, name="Gina screen", reason="Gina acted for the other side",
            notice="Screened.", client=matter.client, users=[outsiders[who]],
        )  # fmt: skip
    elif who == "admin outside a team-only matter":
        services.wall_create(
            actor=owen, name="Team only", reason="Sensitive", notice="Team only.",
            matter=matter, kind="inclusive",
        )  # fmt: skip


OUTSIDERS = [
    "charlie",
    "walled admin",
    "former member",
    "auditor",
    "other attorney",
    "client-walled admin",
    "admin outside a team-only matter",
]
ADMINS = ["walled admin", "client-walled admin", "admin outside a team-only matter"]


def _extra_ids(*, matter, alice, bob) -> dict[str, int]:
    """Ids of the records other features hang off the matter."""
    import datetime

    from deadlines import services as deadline_services
    from tests.factories import add_offer, add_task, write_memo

    event = deadline_services.trigger_event_create(
        actor=alice, matter=matter, event_key=_first_event_key(matter),
        trigger_date=datetime.date(2026, 11, 5), service="personal",
    )  # fmt: skip
    import io

    from documents import services as document_services
    from documents.models import CaseSummary

    document = document_services.document_upload(
        actor=alice, matter=matter, content=io.BytesIO(b"Settlement terms, privileged."),
        filename="terms.txt", title="Settlement terms",
    )  # fmt: skip
    summary = CaseSummary.objects.create(matter=matter, requested_by=alice)
    return {
        "document": document.pk,
        "version": document.current_version_id,
        "summary": summary.pk,
        "task_pk": add_task(actor=alice, matter=matter, assignee=bob).pk,
        "offer_pk": add_offer(actor=alice, matter=matter).pk,
        "memo_pk": write_memo(actor=alice, matter=matter).pk,
        "note_pk": services.note_create(
            actor=alice, matter=matter, kind="call", subject="Call with the client"
        ).pk,
        "event_pk": event.pk,
        "deadline": event.deadlines.first().pk,
    }


def _first_event_key(matter) -> str:
    import datetime

    from deadlines import rulesets

    return rulesets.get("US-FED").version_for(datetime.date.today()).events[0].key


# Routes whose "pk" is not the matter's id: the object it names instead.
PK_MEANS = {
    "documents:matter_documents": "pk",
    "documents:summary_request": "pk",
    "documents:summary": "summary",
    "documents:download": "version",
    "documents:restore": "version",
    "documents:": "document",
    "document-": "document",
    "deadlines:deadline_": "deadline",
    "task-": "task_pk",
    "research-memo-": "memo_pk",
    "deadline-": "deadline",
}


def route_ids(name: str, params, ids) -> dict[str, int]:
    kwargs = {p: ids[p] for p in params}
    for prefix, key in PK_MEANS.items():  # the first (most specific) match wins
        if name.startswith(prefix) and "pk" in kwargs:
            kwargs["pk"] = ids[key]
            break
    return kwargs


def test_every_object_route_can_be_filled_in(world):
    _, ids, _ = world
    missing = sorted(
        {(name, p) for name, _, params in object_routes() for p in params if p not in ids}
    )
    assert missing == [], "teach the access matrix the ids of these routes: " + repr(missing)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_every_object_route_is_404_for_people_who_must_not_see_the_matter(client, world, who):
    matter, ids, outsiders = world
    screen(world, who)
    client.force_login(outsiders[who])
    leaks = []
    for name, _, params in object_routes():
        url = reverse(name, kwargs=route_ids(name, params, ids))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code not in (404, 405):
                leaks.append(f"{method.upper()} {url} ({name}) → {response.status_code}")
            elif response.status_code == 404 and matter.title.encode() in response.content:
                leaks.append(f"{method.upper()} {url} ({name}) → 404 that names the matter")
    assert leaks == []


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_matter_is_absent_from_every_list_search_dashboard_and_feed(client, world, who):
    from deadlines import services as deadline_services

    matter, ids, outsiders = world
    screen(world, who)
    user = outsiders[who]
    client.force_login(user)
    deadline_title = matter.deadlines.first().title
    lists = [
        reverse("cases:matter_list") + "?status=all",
        reverse("cases:matter_list") + f"?q={matter.number}",
        reverse("home"),
        reverse("deadlines:calendar") + "?view=list&scope=all",
        reverse("deadlines:calendar") + f"?view=month&scope=matter&matter={matter.pk}",
        reverse("cases:research_search") + "?q=limitations",
        reverse("clients:conflict_check") + f"?name={matter.client.last_name}",
        reverse("clients:contact_detail", args=[matter.client_id]),
        reverse("matter-list"),
        reverse("task-list"),
        reverse("deadline-list"),
        reverse("research-memo-list") + "?q=limitations",
        reverse("contact-detail", args=[matter.client_id]),
        reverse("firm:walls"),
    ]
    if who != "auditor":  # auditors read the whole firm's trail (DESIGN.md), walls aside
        lists += [reverse("firm:audit") + "?q=" + matter.number]
    for url in lists:
        body = client.get(url).content.decode()
        assert reverse("cases:matter_detail", args=[matter.pk]) not in body, url
        if matter.number not in url:  # a search box echoes what was typed
            assert matter.number not in body, url
        assert matter.title not in body, url
        assert not re.search(rf'"number":\s*"{re.escape(matter.number)}"', body), url
        assert deadline_title not in body, url
    if who in ADMINS:
        export = client.get(reverse("firm:audit_export"))
        assert matter.title not in b"".join(export.streaming_content).decode()
    token = deadline_services.calendar_feed_regenerate(actor=user)
    feed = client.get(reverse("deadlines:feed", args=[token]))
    assert feed.status_code == 200
    assert matter.number not in feed.content.decode()
    assert deadline_title not in feed.content.decode()


# --- Surfaces beyond the URL sweep --------------------------------------------------

MATTER_ADMINS = [
    ("cases", "matter", "pk"),
    ("deadlines", "deadline", "deadline"),
    ("deadlines", "triggerevent", "event_pk"),
]


@pytest.mark.parametrize("who", ADMINS)
def test_the_django_admin_shows_and_accepts_nothing_of_the_matter(client, world, who):
    """Every changelist, change, history and delete page of matter data, and the
    add pages given the hidden matter's id: nothing of the matter, no write."""
    from deadlines.models import Deadline, ReminderDelivery, TriggerEvent

    matter, ids, outsiders = world
    screen(world, who)
    client.force_login(outsiders[who])
    counts = (Deadline.objects.count(), TriggerEvent.objects.count())
    for app, model, key in MATTER_ADMINS:
        changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
        assert changelist.status_code == 200, (app, model)
        assert matter.number not in changelist.content.decode(), (app, model)
        for page in ("change", "history", "delete"):
            url = reverse(f"admin:{app}_{model}_{page}", args=[ids[key]])
            for method in ("get", "post"):
                response = getattr(client, method)(url, follow=True)
                body = response.content.decode()
                assert matter.title not in body, (method, url)
                assert matter.number not in body, (method, url)
        add = reverse(f"admin:{app}_{model}_add")
        assert client.get(add, {"matter": matter.pk}).status_code == 403
        assert client.post(add, {"matter": matter.pk, "title": ""}).status_code == 403
    reminders = client.get(reverse("admin:deadlines_reminderdelivery_changelist"))
    assert matter.number not in reminders.content.decode()
    assert client.get(reverse("admin:deadlines_reminderdelivery_add")).status_code == 403
    assert (Deadline.objects.count(), TriggerEvent.objects.count()) == counts
    assert ReminderDelivery.objects.filter(deadline__matter=matter).count() == 0


@pytest.mark.parametrize("who", ADMINS)
def test_wall_pages_and_reports_leave_the_hidden_matter_out(client, world, who):
    from access.models import EthicalWall

    matter, _, outsiders = world
    screen(world, who)
    user = outsiders[who]
    client.force_login(user)
    listed = client.get(reverse("firm:walls")).context["page_obj"].paginator.count
    home = client.get(reverse("firm:home"))
    assert home.context["active_walls"] == listed
    for wall in EthicalWall.objects.all():
        for name in ("firm:wall_detail", "firm:wall_report"):
            response = client.get(reverse(name, args=[wall.pk]))
            assert response.status_code in (200, 404), (name, wall)
            body = response.content.decode()
            assert matter.number not in body, (name, wall)
            assert matter.title not in body, (name, wall)
        csv = client.get(reverse("firm:wall_report", args=[wall.pk]), {"format": "csv"})
        if csv.status_code == 200:
            assert matter.number not in b"".join(csv.streaming_content).decode(), wall


@pytest.mark.parametrize("who", ["charlie", "walled admin", "admin outside a team-only matter"])
def test_writes_naming_the_hidden_matter_in_the_body_change_nothing(client, world, who):
    from cases.models import Task, TeamMembership

    matter, _, outsiders = world
    screen(world, who)
    user = outsiders[who]
    client.force_login(user)
    tasks = Task.objects.count()
    created = client.post(
        reverse("task-list"),
        {"matter": matter.pk, "title": "Slipped in"},
        content_type="application/json",
    )
    assert created.status_code == 400
    assert matter.title not in created.content.decode()
    team = client.post(
        reverse("cases:matter_team", args=[matter.pk]), {"user": user.pk, "role": "attorney"}
    )
    assert team.status_code == 404
    assert Task.objects.count() == tasks
    assert not TeamMembership.objects.filter(matter=matter, user=user).exists()
