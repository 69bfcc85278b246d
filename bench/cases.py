"""The benchmark cases: one registered function each, measured by bench.run.

A case is a function ``(ctx, persona) -> Measurement`` registered with
``@case(...)``. It raises ``NotBuilt`` when the page, URL name or function it
measures does not exist yet; the runner then prints a "not built yet" row and
reports no figure. Timings are server time measured in-process: a page goes
through django.test.Client, so URL routing, middleware, the view and its
template are all inside the measurement.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import importlib
import re
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, resolve, reverse

from bench.names import COMMON_WORD, RARE_WORD

PAGE_GOAL_MS = 50.0  # DESIGN.md: page server time p95 <= 50 ms
SEARCH_GOAL_MS = 150.0  # conflict check and document search
SWEEP_GOAL_MS = 500.0  # reminder sweep over 500,000 deadlines
PDF_GOAL_MS = 3000.0  # case summary PDF
DELIVERY_GOAL_MS = 60_000.0  # 10,000 due reminders delivered by email
DEFAULT_REMINDERS = 10_000
RATIO_GOAL = 3.0  # permission-filtered list within 3x raw SQL
DEFAULT_PAGE_SIZE = 50


class NotBuilt(Exception):  # noqa: N818 - it names a state, not a failure
    """What this case measures does not exist (yet)."""


class CaseFailed(Exception):
    """What this case measures exists but did not work (e.g. answered 500)."""


@dataclass
class Measurement:
    samples_ms: list[float] = field(default_factory=list)
    queries: int | None = None
    value: float | None = None  # a ratio or a rate instead of a time
    unit: str = "ms"
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def p50(self) -> float | None:
        return statistics.median(self.samples_ms) if self.samples_ms else None

    @property
    def p95(self) -> float | None:
        if not self.samples_ms:
            return None
        ordered = sorted(self.samples_ms)
        # nearest-rank percentile: the smallest sample with 95% at or below it
        return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


@dataclass(frozen=True)
class Case:
    name: str
    personas: tuple[str, ...]
    goal: str
    goal_value: float | None  # compared with p95 (ms), or with the value (ratio)
    fn: Callable[[Context, str], Measurement]
    http: bool = False


CASES: list[Case] = []


def case(
    name: str,
    *,
    personas: Sequence[str] = ("paralegal", "attorney", "admin"),
    goal: str = "",
    goal_value: float | None = None,
    http: bool = False,
) -> Callable[[Callable[[Context, str], Measurement]], Callable[[Context, str], Measurement]]:
    def register(fn: Callable[[Context, str], Measurement]) -> Callable[..., Measurement]:
        CASES.append(Case(name, tuple(personas), goal, goal_value, fn, http))
        return fn

    return register


@dataclass
class Context:
    """What every case may use: the personas, their signed-in clients, and the
    measurements taken so far (for ratios)."""

    users: dict[str, Any]
    repetitions: int
    warmup: int
    results: dict[tuple[str, str], Measurement] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)
    http_options: dict[str, Any] = field(default_factory=dict)
    server: Any = None  # a running bench.load.Server, started on first use
    reminders: int = DEFAULT_REMINDERS  # how many due reminders the delivery case sends

    def client(self, persona: str) -> Client:
        if persona not in self.clients:
            self.clients[persona] = signed_in_client(self.users[persona])
        return self.clients[persona]


def signed_in_client(user: Any) -> Client:
    """A test client signed in as ``user``, past the two-factor gate when the
    user has a confirmed device (the session holds the device, as after a code)."""
    client = Client(raise_request_exception=True)
    client.force_login(user)
    try:
        from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
    except ImportError:
        return client
    device = next(iter(devices_for_user(user, confirmed=True)), None)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


# --- Helpers ------------------------------------------------------------------------


def url_or_not_built(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        raise NotBuilt(f"no URL named {name!r}") from None


def first_url(names: Sequence[str]) -> str:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    raise NotBuilt("no URL named " + " or ".join(repr(n) for n in names))


def function_or_not_built(paths: Sequence[str]) -> tuple[str, Callable[..., Any]]:
    """The first of these dotted paths that names a callable."""
    for path in paths:
        module_name, _, attr = path.rpartition(".")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        fn = getattr(module, attr, None)
        if callable(fn):
            return path, fn
    raise NotBuilt("no function " + " or ".join(paths))


def measure(ctx: Context, call: Callable[[], Any]) -> Measurement:
    """Warm up, time ``repetitions`` calls, then count the queries of one more."""
    for _ in range(ctx.warmup):
        call()
    samples = []
    for _ in range(ctx.repetitions):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        call()
    return Measurement(samples_ms=samples, queries=len(captured.captured_queries))


def measure_page(ctx: Context, persona: str, path: str, params: dict | None = None) -> Measurement:
    client = ctx.client(persona)

    def get() -> None:
        response = client.get(path, params or {})
        if response.status_code != 200:
            raise CaseFailed(f"GET {path} answered {response.status_code}")

    m = measure(ctx, get)
    m.extra["path"] = path
    return m


def _persona_matter(ctx: Context, persona: str) -> int:
    """The most recently opened open matter this persona can see."""
    from cases.models import Matter

    pk = (
        Matter.objects.visible_to(ctx.users[persona])
        .filter(closed_on__isnull=True)
        .order_by("-opened_on", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        raise CaseFailed(f"the {persona} sees no open matter: regenerate the bench data")
    return pk


# --- The hand-written floor for the matter list ------------------------------------
# What a hand-tuned implementation of the same page runs, as fast as we know how
# to write it: the walls screening the user first (a few rows), then the page's
# ids by one index order with the grants as one UNION ALL semi-join and the walls
# as plain id-list filters, the display columns joined to those ids alone, and
# the count bounded as the page bounds it. The permission id is a literal (a
# hand-written implementation would cache it).

_WALLS_SQL = """
SELECT w.matter_id, w.client_id FROM cases_ethicalwall w
WHERE w.effective_from <= %(today)s
  AND (w.effective_until IS NULL OR w.effective_until >= %(today)s)
  AND CASE w.kind
      WHEN 'exclusive' THEN
          EXISTS (SELECT 1 FROM cases_ethicalwall_screened_users su
                  WHERE su.ethicalwall_id = w.id AND su.user_id = %(user)s)
          OR EXISTS (SELECT 1 FROM cases_ethicalwall_screened_groups sg
                     JOIN accounts_user_groups ug ON ug.group_id = sg.group_id
                     WHERE sg.ethicalwall_id = w.id AND ug.user_id = %(user)s)
      WHEN 'inclusive' THEN
          NOT EXISTS (SELECT 1 FROM cases_teammembership t
                      WHERE t.matter_id = w.matter_id AND t.user_id = %(user)s)
      ELSE false
  END
"""
_FLOOR_SQL = """
SELECT m.id, m.number, m.title, m.stage, m.opened_on, m.docket_number,
       c.display_name, pa.name, u.full_name
FROM (SELECT m.id FROM cases_matter m WHERE {where} ORDER BY {order} LIMIT %(limit)s) page
JOIN cases_matter m ON m.id = page.id
JOIN clients_contact c ON c.id = m.client_id
JOIN cases_practicearea pa ON pa.id = m.practice_area_id
JOIN accounts_user u ON u.id = m.responsible_attorney_id
ORDER BY {order}
"""
_COUNT_SQL = "SELECT count(*) FROM (SELECT 1 FROM cases_matter m WHERE {where} {limit}) counted"
_GRANTED = """m.id IN (
    SELECT g.content_object_id FROM cases_matteruserobjectpermission g
    WHERE g.user_id = %(user)s AND g.permission_id = %(view)s
    UNION ALL
    SELECT gg.content_object_id FROM cases_mattergroupobjectpermission gg
    JOIN accounts_user_groups ug ON ug.group_id = gg.group_id
    WHERE ug.user_id = %(user)s AND gg.permission_id = %(view)s)"""
_NOT_WALLED = "NOT (m.id = ANY(%(walled_matters)s)) AND NOT (m.client_id = ANY(%(walled_clients)s))"


def floor_queries(
    user: Any, *, open_only: bool, limit: int, count_bound: int | None = None
) -> list[tuple[str, dict]]:
    """The walls query, then the page of matter rows and the count above it (the
    count stops at ``count_bound`` + 1 rows when the page bounds its count)."""
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    view = Permission.objects.get(content_type__app_label="cases", codename="view_matter").pk
    where = [_NOT_WALLED]
    if not user.is_firm_admin:
        where.append(_GRANTED)
    if open_only:
        where.append("m.closed_on IS NULL")
    clause = "\n  AND ".join(where)
    params = {"user": user.pk, "view": view, "today": timezone.localdate(), "limit": limit,
              "count_limit": (count_bound or 0) + 1}  # fmt: skip
    count_limit = "LIMIT %(count_limit)s" if count_bound else ""
    return [
        (_WALLS_SQL, params),
        (_FLOOR_SQL.format(where=clause, order="m.opened_on DESC, m.id DESC"), params),
        (_COUNT_SQL.format(where=clause, limit=count_limit), params),
    ]


def run_floor(queries: list[tuple[str, dict]]) -> list[tuple]:
    """Run the walls query, then the others with its two id lists; the page's rows."""
    rows: list[tuple] = []
    (walls_sql, walls_params), *rest = queries
    with connection.cursor() as cursor:
        cursor.execute(walls_sql, walls_params)
        walls = cursor.fetchall()
        screened = {
            "walled_matters": sorted({m for m, _ in walls if m is not None}),
            "walled_clients": sorted({c for _, c in walls if c is not None}),
        }
        for sql, params in rest:
            cursor.execute(sql, {**params, **screened})
            fetched = cursor.fetchall()
            rows = rows or fetched
    return rows


def _page_size(url_name: str, default: int) -> int:
    try:
        match = resolve(reverse(url_name))
    except NoReverseMatch:
        return default
    view_class = getattr(match.func, "view_class", match.func)
    module = importlib.import_module(view_class.__module__)
    return getattr(view_class, "paginate_by", None) or getattr(module, "PAGE_SIZE", default)


def _ratio(ctx: Context, page: str, floor: str, persona: str) -> Measurement:
    page_m, floor_m = ctx.results.get((page, persona)), ctx.results.get((floor, persona))
    if page_m is None or floor_m is None or not page_m.samples_ms or not floor_m.samples_ms:
        raise NotBuilt(f"needs both '{page}' and '{floor}' measured")
    return Measurement(
        value=page_m.p50 / floor_m.p50,
        unit="x",
        note="ratio of medians",
        extra={"p95_ratio": page_m.p95 / floor_m.p95},
    )


# --- Pages -------------------------------------------------------------------------------

MATTER_LIST = "matter list page"
MATTER_LIST_FLOOR = "matter list rows by raw SQL"
ADMIN_LIST = "Django admin matter changelist"
ADMIN_LIST_FLOOR = "changelist rows by raw SQL"


@case(MATTER_LIST, goal="p95 <= 50 ms", goal_value=PAGE_GOAL_MS)
def matter_list_page(ctx: Context, persona: str) -> Measurement:
    return measure_page(ctx, persona, url_or_not_built("cases:matter_list"))


@case(MATTER_LIST_FLOOR, goal="(the floor)")
def matter_list_floor(ctx: Context, persona: str) -> Measurement:
    limit = _page_size("cases:matter_list", DEFAULT_PAGE_SIZE)
    try:
        from cases.views.matters import COUNT_BOUND as bound
    except ImportError:
        bound = None
    queries = floor_queries(ctx.users[persona], open_only=True, limit=limit, count_bound=bound)
    m = measure(ctx, lambda: run_floor(queries))
    m.extra.update(page_size=limit, count_bound=bound, sql=[q.strip() for q, _ in queries])
    try:
        from cases.selectors import MatterFilters, matter_list
    except ImportError:
        return m
    expected = list(
        matter_list(user=ctx.users[persona], filters=MatterFilters()).values_list("pk", flat=True)[
            :limit
        ]
    )
    same = [row[0] for row in run_floor(queries)] == expected
    m.extra["same_rows_as_selector"] = same
    if not same:
        m.note = "rows differ from cases.selectors.matter_list"
    return m


MATTER_ROWS = "matter list rows through visible_to"


@case(MATTER_ROWS, goal="(next to the floor)")
def matter_list_rows(ctx: Context, persona: str) -> Measurement:
    """The permission-filtered list as the page reads it, without rendering: the
    selector over Matter.objects.visible_to, its bounded count and the first
    page's rows with their client and attorney."""
    try:
        from casemgr.pagination import BoundedPaginator
        from cases.selectors import MatterFilters, matter_list_rows
        from cases.views.matters import COUNT_BOUND, PAGE_SIZE
    except ImportError as exc:
        raise NotBuilt(str(exc)) from None
    user = ctx.users[persona]

    def rows() -> list[Any]:
        listed = matter_list_rows(user=user, filters=MatterFilters())
        paginator = BoundedPaginator(listed, PAGE_SIZE, page=1, bound=COUNT_BOUND)
        page = paginator.page(1)
        return [(m.pk, m.client.display_name, m.responsible_attorney.full_name) for m in page]

    return measure(ctx, rows)


GUARDIAN_ROWS = "matter list rows via guardian"


@case(GUARDIAN_ROWS, goal="(the baseline a Django developer would pick; no walls)")
def guardian_rows(ctx: Context, persona: str) -> Measurement:
    """The same first page and bounded count as "matter list rows through
    visible_to", read through django-guardian's get_objects_for_user instead of
    the access kernel: the baseline a Django developer would pick. Guardian
    knows no ethical walls and no firm-admin rule, so the admin reads with
    global permissions and the others with object permissions alone."""
    try:
        from guardian.shortcuts import get_objects_for_user

        from cases.models import Matter
        from cases.views.matters import COUNT_BOUND, PAGE_SIZE
    except ImportError as exc:
        raise NotBuilt(str(exc)) from None
    user = ctx.users[persona]
    admin = persona == "admin"

    def rows() -> list[Any]:
        matters = get_objects_for_user(
            user, "cases.view_matter", klass=Matter, accept_global_perms=admin
        ).filter(closed_on__isnull=True)
        matters.order_by()[: COUNT_BOUND + 1].count()
        page = matters.select_related("client", "responsible_attorney").order_by(
            "-opened_on", "-id"
        )[:PAGE_SIZE]
        return [(m.pk, m.client.display_name, m.responsible_attorney.full_name) for m in page]

    return measure(ctx, rows)


@case("door rows ÷ guardian rows", goal="(lower is better: < 1x beats guardian)")
def guardian_ratio(ctx: Context, persona: str) -> Measurement:
    """The access kernel's rows over guardian's rows for the same page."""
    return _ratio(ctx, MATTER_ROWS, GUARDIAN_ROWS, persona)


@case("matter list rows ÷ raw SQL", goal="<= 3x", goal_value=RATIO_GOAL)
def matter_rows_ratio(ctx: Context, persona: str) -> Measurement:
    """DESIGN.md's ratio: the permission-filtered matter list (the same rows and
    count, read through the one door by the ORM) over the hand-written SQL."""
    return _ratio(ctx, MATTER_ROWS, MATTER_LIST_FLOOR, persona)


@case("matter list page ÷ raw SQL", goal="(no goal: HTML included)")
def matter_list_ratio(ctx: Context, persona: str) -> Measurement:
    """The whole page (middleware, form, template) over the same SQL floor: how
    much of the page is not the database."""
    return _ratio(ctx, MATTER_LIST, MATTER_LIST_FLOOR, persona)


@case(ADMIN_LIST, personas=("admin",), goal="p95 <= 50 ms", goal_value=PAGE_GOAL_MS)
def admin_changelist(ctx: Context, persona: str) -> Measurement:
    return measure_page(ctx, persona, url_or_not_built("admin:cases_matter_changelist"))


@case(ADMIN_LIST_FLOOR, personas=("admin",), goal="(the floor)")
def admin_changelist_floor(ctx: Context, persona: str) -> Measurement:
    from django.contrib import admin

    from cases.models import Matter

    model_admin = admin.site._registry.get(Matter)
    if model_admin is None:
        raise NotBuilt("Matter is not registered with the Django admin")
    limit = model_admin.list_per_page
    queries = floor_queries(ctx.users[persona], open_only=False, limit=limit)
    m = measure(ctx, lambda: run_floor(queries))
    m.extra["page_size"] = limit
    return m


@case("admin changelist ÷ raw SQL", personas=("admin",), goal="<= 3x", goal_value=RATIO_GOAL)
def admin_changelist_ratio(ctx: Context, persona: str) -> Measurement:
    return _ratio(ctx, ADMIN_LIST, ADMIN_LIST_FLOOR, persona)


@case("object permission check", personas=("paralegal", "attorney"), goal="1 indexed query")
def guardian_check(ctx: Context, persona: str) -> Measurement:
    """user.has_perm("cases.view_matter", matter) as a request makes it: through
    the authentication backends (access.backends.MatterPermissionBackend answers
    for matters), with the per-request cache emptied before every check so each
    repetition runs the query, and EXPLAIN ANALYZE of its SQL."""
    from access.backends import CACHE_ATTR
    from cases.models import Matter

    user = ctx.users[persona]
    matter = Matter.objects.get(pk=_persona_matter(ctx, persona))

    def check() -> None:
        user.__dict__.pop(CACHE_ATTR, None)  # a new request: nothing cached yet
        if not user.has_perm("cases.view_matter", matter):
            raise CaseFailed(f"{persona} lacks view_matter on a matter of their own team")

    m = measure(ctx, check)
    with CaptureQueriesContext(connection) as captured:
        check()
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query["sql"])
            plans.append({"sql": query["sql"], "plan": "\n".join(r[0] for r in cursor.fetchall())})
    m.extra["explain"] = plans
    # A sequential scan of a grant table that holds rows means a missing index;
    # on an empty table (no group grants generated) the planner rightly scans.
    with connection.cursor() as cursor:
        sizes = {}
        for table in ("cases_matteruserobjectpermission", "cases_mattergroupobjectpermission"):
            cursor.execute(f"SELECT count(*) FROM {table}")
            sizes[table] = cursor.fetchone()[0]
    scanned = {t for p in plans for t in re.findall(r"Seq Scan on (\w+)", p["plan"])}
    unindexed = sorted(t for t, n in sizes.items() if n and t in scanned)
    m.extra["grant_table_rows"] = sizes
    m.extra["indexed"] = not unindexed
    m.note = (
        f"{len(plans)} queries; grant tables read by index"
        if not unindexed
        else "sequential scan of " + ", ".join(unindexed)
    )
    return m


@case("matter page", goal="p95 <= 50 ms", goal_value=PAGE_GOAL_MS)
def matter_page(ctx: Context, persona: str) -> Measurement:
    url_or_not_built("cases:matter_detail", 1)
    pk = _persona_matter(ctx, persona)
    return measure_page(ctx, persona, reverse("cases:matter_detail", args=[pk]))


def _matters_by_size(ctx: Context, persona: str) -> tuple[int, int, int, int]:
    """The persona's open matters with the fewest and the most rows for the
    matter dashboard to summarise (tasks, deadlines, notes, offers): (pk, rows)
    of the smallest and of the largest."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from cases.models import Matter, Note, Offer, Task

    def rows_of(model: Any) -> Any:
        counted = (
            model.objects.filter(matter_id=OuterRef("pk"))
            .order_by()
            .values("matter_id")
            .annotate(n=Count("id"))
            .values("n")
        )
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    deadline_model = Matter._meta.get_field("deadlines").related_model
    sized = (
        Matter.objects.visible_to(ctx.users[persona])
        .filter(closed_on__isnull=True)
        .annotate(size=rows_of(Task) + rows_of(deadline_model) + rows_of(Note) + rows_of(Offer))
        .values_list("pk", "size")
    )
    smallest = sized.order_by("size", "pk").first()
    largest = sized.order_by("-size", "pk").first()
    if smallest is None or largest is None:
        raise CaseFailed(f"the {persona} sees no open matter: regenerate the bench data")
    return (*smallest, *largest)


@case("matter dashboard, largest matter",
      personas=("paralegal", "attorney"), goal="p95 <= 50 ms; queries flat",
      goal_value=PAGE_GOAL_MS)  # fmt: skip
def matter_dashboard(ctx: Context, persona: str) -> Measurement:
    """The Overview tab of the persona's open matter with the most tasks,
    deadlines, notes and offers; its query count must equal the smallest
    matter's (every block is one sliced query, whatever the matter's size)."""
    url_or_not_built("cases:matter_detail", 1)
    small_pk, small_rows, large_pk, large_rows = _matters_by_size(ctx, persona)
    client = ctx.client(persona)
    small_path = reverse("cases:matter_detail", args=[small_pk])
    client.get(small_path)  # warm
    with CaptureQueriesContext(connection) as small:
        if client.get(small_path).status_code != 200:
            raise CaseFailed(f"GET {small_path} did not answer 200")
    m = measure_page(ctx, persona, reverse("cases:matter_detail", args=[large_pk]))
    if m.queries != len(small.captured_queries):
        raise CaseFailed(
            f"queries grow with the matter: {len(small.captured_queries)} for {small_rows} rows, "
            f"{m.queries} for {large_rows}"
        )
    large_path = reverse("cases:matter_detail", args=[large_pk])
    cpu = []
    for _ in range(max(ctx.repetitions // 3, 3)):
        started = time.process_time()
        client.get(large_path)
        cpu.append((time.process_time() - started) * 1000)
    m.extra["cpu_ms_median"] = round(statistics.median(cpu), 2)
    m.note = (
        f"{m.queries} queries for {large_rows} rows, as for {small_rows}; "
        f"CPU {statistics.median(cpu):.1f} ms"
    )
    return m


@case("attorney dashboard (home)", personas=("attorney", "paralegal"), goal="p95 <= 50 ms",
      goal_value=PAGE_GOAL_MS)  # fmt: skip
def dashboard(ctx: Context, persona: str) -> Measurement:
    return measure_page(ctx, persona, url_or_not_built("home"))


def _calendar(ctx: Context, persona: str, scope: str) -> Measurement:
    """The month around the generated firm's "today", with what it shows."""
    from bench.generate import TODAY

    path = url_or_not_built("deadlines:calendar")
    m = measure_page(ctx, persona, path, {"view": "month", "scope": scope, "date": TODAY})
    try:
        from deadlines.selectors import calendar_data
    except ImportError:
        return m
    data = calendar_data(user=ctx.users[persona], view="month", scope=scope, anchor=TODAY)
    # What the month holds, and how much of it the cells list (a cell lists the
    # first few items of its day and links to the rest: "+5 more").
    listed = sum(1 for item in data.items if item.kind != "task")
    listed_tasks = len(data.items) - listed
    m.extra.update(
        scope=scope, month=f"{TODAY:%Y-%m}", deadlines_shown=data.deadline_count,
        tasks_shown=data.task_count, deadlines_listed=listed, tasks_listed=listed_tasks,
    )  # fmt: skip
    m.note = (
        f"{data.deadline_count} deadlines, {data.task_count} tasks in the month view"
        f" ({len(data.items)} listed in cells)"
    )
    return m


@case("deadline calendar", personas=("paralegal", "attorney"), goal="p95 <= 50 ms",
      goal_value=PAGE_GOAL_MS)  # fmt: skip
def deadline_calendar(ctx: Context, persona: str) -> Measurement:
    """The default view: the month, the deadlines I am responsible for."""
    return _calendar(ctx, persona, "mine")


@case("deadline calendar, my teams'", personas=("paralegal", "attorney"), goal="p95 <= 50 ms",
      goal_value=PAGE_GOAL_MS)  # fmt: skip
def deadline_calendar_team(ctx: Context, persona: str) -> Measurement:
    return _calendar(ctx, persona, "team")


# --- Trigger events in a matter of 300 deadlines --------------------------------------

BIG_MATTER_DEADLINES = 300  # DESIGN.md's "matter with 300 deadlines"


@dataclass
class _BigMatter:
    matter: Any
    event: Any  # the trigger event whose date the change case moves
    event_key: str  # the event the preview case previews (the longest chain)
    hearing_time: str  # "" unless that event sets a hearing
    deadlines: int


@contextlib.contextmanager
def _big_matter(ctx: Context, persona: str) -> Iterator[_BigMatter]:
    """A matter of the persona's (one they may change) filled up to 300 deadlines
    by entering trigger events through the services, as a paralegal would over
    a long case, plus deadlines by hand for the rest; the event with the longest
    chain is entered last, at TODAY + 30 days. Everything happens in a
    transaction rolled back afterwards: the bench data stays as built."""
    from bench.generate import TODAY
    from cases.models import Matter
    from deadlines import services
    from deadlines.models import Deadline

    user = ctx.users[persona]
    matter = (
        Matter.objects.restrict(user, "change")
        .filter(closed_on__isnull=True)
        .order_by("-opened_on", "-id")
        .first()
    )
    if matter is None:
        raise CaseFailed(f"the {persona} may change no open matter: regenerate the bench data")
    ruleset, _calendar = services.ruleset_for(matter.jurisdiction)
    events = sorted(ruleset.version_for(TODAY).events, key=lambda e: len(e.deadlines))
    longest = events[-1]

    def enter(event: Any, day: dt.date) -> Any:
        return services.trigger_event_create(
            actor=user, matter=matter, event_key=event.key, trigger_date=day,
            service="personal", hearing_time=dt.time(9, 30) if event.hearing else None,
        )  # fmt: skip

    # The signed-in client (its session row) is made outside the transaction:
    # a session rolled back with it would sign the persona out of later cases.
    ctx.client(persona)
    with transaction.atomic():
        try:
            count = Deadline.objects.filter(matter=matter).count()
            day, i = TODAY - dt.timedelta(days=300), 0
            # Leave room for the longest chain (and its hearing) entered last.
            while count + len(longest.deadlines) + 1 + len(events[i % len(events)].deadlines) < (
                BIG_MATTER_DEADLINES
            ):
                count += enter(events[i % len(events)], day).deadlines.count()
                day, i = day + dt.timedelta(days=3), i + 1
            moved = enter(longest, TODAY + dt.timedelta(days=30))
            count += moved.deadlines.count()
            for n in range(BIG_MATTER_DEADLINES - count):
                services.deadline_create(
                    actor=user, matter=matter, title=f"Internal check {n + 1}",
                    due_date=TODAY + dt.timedelta(days=n % 90),
                )  # fmt: skip
            yield _BigMatter(
                matter=matter, event=moved, event_key=longest.key,
                hearing_time="09:30" if longest.hearing else "",
                deadlines=Deadline.objects.filter(matter=matter).count(),
            )  # fmt: skip
        finally:
            transaction.set_rollback(True)


@case("trigger event preview, 300 deadlines", personas=("attorney",),
      goal="p95 <= 50 ms", goal_value=PAGE_GOAL_MS)  # fmt: skip
def trigger_event_preview(ctx: Context, persona: str) -> Measurement:
    """The chain preview page: the form posted, the chain computed from the rule
    set (with the court's calendar and the firm's closures) and rendered with
    every step, nothing written; in a matter that already holds 300 deadlines."""
    from bench.generate import TODAY

    url_or_not_built("deadlines:trigger_event", 1)
    with _big_matter(ctx, persona) as big:
        path = reverse("deadlines:trigger_event", args=[big.matter.pk])
        data = {"event_key": big.event_key, "trigger_date": f"{TODAY + dt.timedelta(days=44)}",
                "service": "mail", "hearing_time": big.hearing_time}  # fmt: skip
        client = ctx.client(persona)

        def post() -> None:
            response = client.post(path, data)
            if response.status_code != 200 or b"Check the deadlines" not in response.content:
                raise CaseFailed(f"POST {path} answered {response.status_code} without a preview")

        m = measure(ctx, post)
    m.extra.update(path=path, event_key=big.event_key, matter_deadlines=big.deadlines)
    m.note = f"{big.event_key} in {big.matter.jurisdiction}; matter of {big.deadlines} deadlines"
    return m


@case("trigger date change, 300 deadlines", personas=("attorney",),
      goal="p95 <= 50 ms", goal_value=PAGE_GOAL_MS)  # fmt: skip
def trigger_date_change(ctx: Context, persona: str) -> Measurement:
    """The confirmation of a trigger date change: the event moves a week back
    and forth, each time its chain is recomputed and every deadline not done or
    set by hand moves (saved, audited), in a matter that holds 300 deadlines."""
    from bench.generate import TODAY
    from deadlines.models import TriggerEvent

    url_or_not_built("deadlines:trigger_change", 1, 1)
    with _big_matter(ctx, persona) as big:
        path = reverse("deadlines:trigger_change", args=[big.matter.pk, big.event.pk])
        client = ctx.client(persona)
        dates = [TODAY + dt.timedelta(days=30), TODAY + dt.timedelta(days=37)]
        chain = big.event.deadlines.count()
        done_url = reverse("deadlines:matter_deadlines", args=[big.matter.pk])

        def post(n: int) -> float:
            version = TriggerEvent.objects.filter(pk=big.event.pk).values_list("version", flat=True)
            data = {"new_date": f"{dates[(n + 1) % 2]}", "version": version[0], "confirm": "1"}
            started = time.perf_counter()
            response = client.post(path, data)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 302 or response["Location"] != done_url:
                raise CaseFailed(
                    f"POST {path} answered {response.status_code} "
                    f"({response.get('Location')}), not the way back to the deadlines"
                )
            return elapsed

        for n in range(ctx.warmup):
            post(n)
        samples = [post(ctx.warmup + k) for k in range(ctx.repetitions)]
        with CaptureQueriesContext(connection) as captured:
            post(ctx.warmup + ctx.repetitions)
        moved = TriggerEvent.objects.get(pk=big.event.pk)
        if moved.version != big.event.version + 1 + ctx.warmup + ctx.repetitions:
            raise CaseFailed(f"the event moved {moved.version - big.event.version} times")
    m = Measurement(samples_ms=samples, queries=len(captured.captured_queries))
    m.extra.update(path=path, event_key=moved.event_key, chain=chain,
                   matter_deadlines=big.deadlines)  # fmt: skip
    m.note = (
        f"{moved.event_key} ({chain} deadlines) moved by 7 days; matter of "
        f"{big.deadlines} deadlines"
    )
    return m


def _common_surname() -> str:
    from clients.models import Contact

    name = (
        Contact.objects.filter(kind="person")
        .order_by("id")
        .values_list("last_name", flat=True)
        .first()
    )
    return name or "Smith"


# Searches a paralegal (2,000 granted matters) and an admin (every matter) make.
SEARCHES = (("rare word", RARE_WORD), ("common word", COMMON_WORD),
            ("phrase", '"settlement agreement"'))  # fmt: skip
FOUND_BOUND = 1000  # counted up to this many (the pages' own bound)


def _document_search(ctx: Context, persona: str, query: str) -> Measurement:
    path = first_url(["documents:search"])
    rows_or_not_built("documents", "DocumentVersion")
    m = measure_page(ctx, persona, path, {"q": query})
    from documents import selectors

    found = selectors.document_search(user=ctx.users[persona], q=query,
                                      filters=selectors.DocumentFilters())  # fmt: skip
    shown = len(found.values_list("pk", flat=True)[:FOUND_BOUND])
    m.note = f"q={query} — {shown:,}{'+' if shown == FOUND_BOUND else ''} found"
    m.extra.update(q=query, found=shown)
    return m


def _search_case(label: str, query: str) -> None:
    @case(f"document search: {label}", personas=("paralegal", "admin"), goal="p95 <= 150 ms",
          goal_value=SEARCH_GOAL_MS)  # fmt: skip
    def search(ctx: Context, persona: str) -> Measurement:
        return _document_search(ctx, persona, query)


for _label, _query in SEARCHES:
    _search_case(_label, _query)


def _summary_matter(ctx: Context) -> int:
    """The attorney's matter with the most documents (bench.generate fills one)."""
    from django.db.models import Count

    from documents.models import Document

    row = (
        Document.objects.visible_to(ctx.users["attorney"])
        .values("matter")
        .annotate(n=Count("id"))
        .order_by("-n", "matter")
        .first()
    )
    if row is None:
        raise NotBuilt("no documents in the bench data")
    return row["matter"]


@case("documents tab", personas=("paralegal", "attorney", "admin"), goal="p95 <= 50 ms",
      goal_value=PAGE_GOAL_MS)  # fmt: skip
def documents_tab(ctx: Context, persona: str) -> Measurement:
    rows_or_not_built("documents", "Document")
    from cases.models import Matter

    pk = _summary_matter(ctx)
    if not Matter.objects.visible_to(ctx.users[persona]).filter(pk=pk).exists():
        pk = _persona_matter(ctx, persona)
    m = measure_page(ctx, persona, url_or_not_built("documents:matter_documents", pk))
    from documents.models import Document

    m.note = f"{Document.objects.filter(matter_id=pk).count():,} documents in the matter"
    return m


@case("documents page (firm-wide)", personas=("paralegal", "admin"), goal="p95 <= 50 ms",
      goal_value=PAGE_GOAL_MS)  # fmt: skip
def documents_page(ctx: Context, persona: str) -> Measurement:
    rows_or_not_built("documents", "Document")
    return measure_page(ctx, persona, url_or_not_built("documents:list"))


@case("conflict check", personas=("paralegal",), goal="p95 <= 150 ms", goal_value=SEARCH_GOAL_MS)
def conflict_check(ctx: Context, persona: str) -> Measurement:
    path = url_or_not_built("clients:conflict_check")
    name = _common_surname()
    return measure_page(ctx, persona, path, {"q": name, "name": name})


def _five_names() -> dict[str, str]:
    """A prospect, a related entity, two adverse parties and their counsel, taken
    from the firm's own contacts so each name has real trigram neighbours."""
    from clients.models import Contact

    people = list(
        Contact.objects.filter(kind="person")
        .order_by("id")
        .values_list("display_name", flat=True)[:3]
    )
    orgs = list(
        Contact.objects.filter(kind="organization")
        .order_by("id")
        .values_list("display_name", flat=True)[:2]
    )
    names = (people + orgs + ["John Smith"] * 5)[:5]
    return {
        "name": names[0],
        "related": names[3],
        "adverse": f"{names[4]}\n{names[1]}",
        "counsel": names[2],
    }


@case("conflict check, 5 names", personas=("paralegal",), goal="p95 <= 150 ms",
      goal_value=SEARCH_GOAL_MS)  # fmt: skip
def conflict_check_five_names(ctx: Context, persona: str) -> Measurement:
    path = url_or_not_built("clients:conflict_check")
    return measure_page(ctx, persona, path, _five_names())


@case("intake list", personas=("paralegal",), goal="p95 <= 50 ms", goal_value=PAGE_GOAL_MS)
def intake_list(ctx: Context, persona: str) -> Measurement:
    path = url_or_not_built("clients:intake_list")
    rows_or_not_built("clients", "Intake")
    return measure_page(ctx, persona, path, {})


# --- Background work measured as function calls --------------------------------------

# The whole sweep, as the beat task runs it (schedule, deliver, digests) ...
SWEEP_FUNCTIONS = ("deadlines.reminders.sweep", "deadlines.services.reminder_sweep")
# ... and its first step alone: select the due reminders and insert their rows.
SCHEDULE_FUNCTIONS = ("deadlines.reminders.schedule_due",)


def rows_or_not_built(app_label: str, model_name: str) -> int:
    """How many rows the bench data holds of a model; NotBuilt if none (a figure
    over an empty table would say nothing about the DESIGN.md number)."""
    from django.apps import apps

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise NotBuilt(f"no {app_label}.{model_name} model") from None
    count = model._default_manager.count()
    if not count:
        raise NotBuilt(
            f"no {model._meta.verbose_name_plural} in the bench data (no generator family)"
        )
    return count


def _max_id(model: Any) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{model._meta.db_table}"')
        return cursor.fetchone()[0]


def _delete_after(model: Any, mark: int) -> None:
    """Remove the rows a case added (ids above ``mark``), leaving the data as built."""
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{model._meta.db_table}" WHERE id > %s', [mark])


def _explain(queries: Sequence[dict]) -> list[dict]:
    """EXPLAIN ANALYZE of writes, inside a transaction rolled back."""
    from django.db import transaction

    plans = []
    with transaction.atomic(), connection.cursor() as cursor:
        for query in queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query["sql"])
            plans.append({"sql": query["sql"], "plan": "\n".join(r[0] for r in cursor.fetchall())})
        transaction.set_rollback(True)
    return plans


@case("reminder sweep: select due reminders", personas=("system",), goal="<= 500 ms",
      goal_value=SWEEP_GOAL_MS)  # fmt: skip
def reminder_schedule(ctx: Context, persona: str) -> Measurement:
    """The sweep's first step alone, at the day's first sweep (bench.generate.SWEEP_AT):
    select the reminders due among all deadlines and insert (and commit) their
    delivery rows. Between repetitions those rows are deleted again, so every
    repetition finds and inserts the same reminders instead of finding them sent."""
    from bench.generate import SWEEP_AT
    from deadlines.models import ReminderDelivery

    path, schedule = function_or_not_built(SCHEDULE_FUNCTIONS)
    deadlines = rows_or_not_built("deadlines", "Deadline")
    mark = _max_id(ReminderDelivery)
    samples, scheduled = [], []
    try:
        for n in range(ctx.warmup + ctx.repetitions):
            started = time.perf_counter()
            count = schedule(SWEEP_AT)
            elapsed = (time.perf_counter() - started) * 1000
            _delete_after(ReminderDelivery, mark)
            if n >= ctx.warmup:
                samples.append(elapsed)
                scheduled.append(count)
        with CaptureQueriesContext(connection) as captured:
            schedule(SWEEP_AT)
        _delete_after(ReminderDelivery, mark)
        writes = [q for q in captured.captured_queries if "INSERT" in q["sql"]]
        plans = _explain(writes)
    finally:
        _delete_after(ReminderDelivery, mark)
    if len(set(scheduled)) > 1:
        raise CaseFailed(f"repetitions scheduled different numbers of reminders: {scheduled}")
    due = scheduled[0] if scheduled else 0
    return Measurement(
        samples_ms=samples,
        queries=len(captured.captured_queries),
        note=f"{due:,} reminders due among {deadlines:,} deadlines",
        extra={"function": path, "now": SWEEP_AT.isoformat(), "due_reminders": due,
               "deadlines": deadlines, "explain": plans},
    )  # fmt: skip


def _top_up(wanted: int, *, beyond: dt.date, now: dt.datetime) -> int:
    """More due reminders, as the sweep would schedule them for people whose
    reminder days reach further ahead: one per open deadline due after the
    sweep's own window and per responsible person who gets email."""
    from accounts.models import User
    from deadlines.models import Deadline, ReminderDelivery, ReminderPreference

    sql = f"""
        INSERT INTO {ReminderDelivery._meta.db_table}
            (deadline_id, user_id, kind, offset_days, due_date, created_at, skipped, attempts)
        SELECT d.id, r.user_id, 'reminder', d.due_date - %(today)s, d.due_date, %(now)s, false, 0
        FROM {Deadline._meta.db_table} d
        JOIN {Deadline.responsible.through._meta.db_table} r ON r.deadline_id = d.id
        JOIN {User._meta.db_table} u ON u.id = r.user_id AND u.is_active
        LEFT JOIN {ReminderPreference._meta.db_table} p ON p.user_id = r.user_id
        WHERE d.status = 'open' AND d.due_date > %(beyond)s AND p.email IS NOT false
        ORDER BY d.due_date, d.id, r.user_id
        LIMIT %(wanted)s
        ON CONFLICT ON CONSTRAINT reminder_delivered_once DO NOTHING
    """
    from bench.generate import TODAY

    with connection.cursor() as cursor:
        cursor.execute(sql, {"today": TODAY, "now": now, "beyond": beyond, "wanted": wanted})
        return cursor.rowcount


def _expected_emails(notification_mark: int) -> collections.Counter:
    """(recipient, subject) of every email the sent reminders should have produced:
    one per in-app notification written, for people who did not turn email off."""
    from deadlines.models import Notification, ReminderPreference

    no_email = set(ReminderPreference.objects.filter(email=False).values_list("user", flat=True))
    rows = Notification.objects.filter(pk__gt=notification_mark).values_list(
        "user_id", "user__email", "text"
    )
    return collections.Counter(
        (address, f"[casemgr] {text}"[:200]) for uid, address, text in rows if uid not in no_email
    )


@case("reminder delivery over SMTP", personas=("system",), goal="all within 60 s",
      goal_value=DELIVERY_GOAL_MS)  # fmt: skip
def reminder_delivery(ctx: Context, persona: str) -> Measurement:
    """10,000 due reminders (``--reminders``) sent through real SMTP to a local
    sink, by the sweep the beat task calls, run back to back until none is left:
    the seconds for all of them, and whether the sink got each email exactly once.
    The due reminders are those of the day's first sweep, topped up to the number
    wanted if there are fewer; everything the case writes is deleted afterwards."""
    import inspect
    import math

    from django.conf import settings
    from django.test.utils import override_settings

    from bench.generate import SWEEP_AT, TODAY
    from bench.smtp_sink import Sink
    from deadlines.models import DigestDelivery, Notification, ReminderDelivery

    path, sweep = function_or_not_built(SWEEP_FUNCTIONS)
    _, schedule = function_or_not_built(SCHEDULE_FUNCTIONS)
    rows_or_not_built("deadlines", "Deadline")
    marks = {model: _max_id(model) for model in (ReminderDelivery, Notification, DigestDelivery)}
    mark = marks[ReminderDelivery]
    pending = ReminderDelivery.objects.filter(pk__gt=mark, sent_at__isnull=True)
    sink = Sink.start()
    try:
        natural = schedule(SWEEP_AT)
        if natural < ctx.reminders:
            from deadlines import reminders as module

            window = getattr(module, "_max_offset", lambda: 365)() + 2
            _top_up(ctx.reminders - natural, beyond=TODAY + dt.timedelta(days=window),
                    now=SWEEP_AT)  # fmt: skip
        # More due than wanted: all of them (the sweep would schedule them again).
        due = pending.count()
        totals: collections.Counter = collections.Counter()
        sweeps = 0
        with override_settings(**sink.email_settings()):
            started = time.perf_counter()
            while True:
                result = sweep(now=SWEEP_AT)
                sweeps += 1
                totals.update({k: v for k, v in vars(result).items() if isinstance(v, int)})
                if not pending.filter(attempts__lt=10).exists():
                    break
                if not (result.sent or result.skipped or result.failed):
                    break  # nothing moves: report what is left instead of spinning
            seconds = time.perf_counter() - started
        left = pending.count()
        messages = sink.stop()
        expected = _expected_emails(marks[Notification])
        received = collections.Counter(
            (address, subject) for recipients, subject in messages for address in recipients
        )
        digests = sum(n for (_a, s), n in received.items() if "Your deadlines for" in s)
    finally:
        if sink.process.poll() is None:
            sink.process.kill()
        for model, high in marks.items():
            _delete_after(model, high)
    lost = sum((expected - received).values())
    doubled = sum((received - expected).values()) - digests
    budget_param = inspect.signature(sweep).parameters.get("budget")
    budget = budget_param.default if budget_param is not None else None
    # How many delivery threads the sweep runs by default (as the beat task runs it).
    workers_param = inspect.signature(sweep).parameters.get("workers")
    workers = workers_param.default if workers_param is not None else 1
    beat = settings.CELERY_BEAT_SCHEDULE.get("deadline-reminders", {}).get("schedule")
    extra = {
        "function": path, "now": SWEEP_AT.isoformat(), "due": due, "natural_due": natural,
        "sweeps": sweeps, "seconds": round(seconds, 2), "per_second": round(due / seconds, 1),
        "sent": totals["sent"], "skipped": totals["skipped"], "failed": totals["failed"],
        "left_unsent": left, "emails_expected": sum(expected.values()),
        "emails_received": sum(received.values()) - digests, "digests_received": digests,
        "lost": lost, "doubled": doubled, "sweep_budget_seconds": budget,
        "delivery_workers": workers,
        "beat_interval_seconds": beat, "smtp_port": sink.port,
    }  # fmt: skip
    if budget and beat:
        # At the beat's pace each run delivers for at most `budget` seconds.
        runs = max(1, math.ceil(seconds / budget))
        extra["minutes_at_beat_pace"] = round((runs - 1) * beat / 60 + min(seconds, budget) / 60, 1)
    if lost or doubled or left:
        raise CaseFailed(
            f"{due:,} due: {totals['sent']:,} sent, {left:,} left unsent; the sink got "
            f"{extra['emails_received']:,} of {extra['emails_expected']:,} emails "
            f"({lost} lost, {doubled} doubled)"
        )
    return Measurement(
        samples_ms=[seconds * 1000],
        queries=None,
        note=f"{due:,} due, {totals['sent']:,} sent ({totals['skipped']} skipped) in "
        f"{seconds:.1f} s = {due / seconds:.0f}/s over {sweeps} back-to-back sweeps; sink got "
        f"{extra['emails_received']:,}/{extra['emails_expected']:,} (0 lost, 0 doubled)",
        extra=extra,
    )


SUMMARY_MEMORY_GOAL_MB = 300.0
EXTRACTION_SAMPLE = 40  # documents extracted for the throughput figure


@case("case summary PDF", personas=("attorney",), goal="<= 3 s, peak worker memory <= 300 MB",
      goal_value=PDF_GOAL_MS)  # fmt: skip
def case_summary_pdf(ctx: Context, persona: str) -> Measurement:
    """Rendered by bench.summary_worker in a process of its own (timings and its
    peak memory from getrusage), for the matter with 300 deadlines and 1,000
    documents bench.generate builds for the attorney."""
    import json
    import subprocess
    import sys

    function_or_not_built(["documents.pdf.case_summary_pdf"])
    rows_or_not_built("documents", "Document")
    from deadlines.models import Deadline
    from documents.models import Document

    pk = _summary_matter(ctx)
    done = subprocess.run(  # noqa: S603 -- our own interpreter and module
        [sys.executable, "-m", "bench.summary_worker", "--database",
         connection.settings_dict["NAME"], "--matter", str(pk), "--user",
         str(ctx.users[persona].pk), "--repetitions", str(max(1, min(ctx.repetitions, 5))),
         "--warmup", str(min(ctx.warmup, 1))],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise CaseFailed(f"summary worker failed: {done.stderr.strip().splitlines()[-1:]}")
    result = json.loads(done.stdout)
    deadlines = Deadline.objects.filter(matter_id=pk).count()
    documents = Document.objects.filter(matter_id=pk).count()
    peak = result["peak_mb"]
    verdict = "meets" if peak <= SUMMARY_MEMORY_GOAL_MB else "MISSES"
    return Measurement(
        samples_ms=result["samples_ms"],
        note=f"peak worker memory {peak:.0f} MB ({verdict} <= 300 MB); {deadlines:,} deadlines, "
        f"{documents:,} documents; {result['pdf_bytes'] // 1024:,} KB PDF",
        extra={"peak_worker_mb": round(peak, 1), "deadlines": deadlines, "documents": documents,
               "pdf_bytes": result["pdf_bytes"], "matter": pk},
    )  # fmt: skip


def extraction_sample(n: int) -> list[tuple[str, bytes]]:
    """Real files of the kinds lawyers upload, with bench text: PDF (WeasyPrint),
    DOCX, EML and plain text, in the generator's proportions (no scans: OCR is
    seconds a page and is reported by the OCR figure apart)."""
    import io
    import random
    import zipfile
    from email.message import EmailMessage

    from weasyprint import HTML

    from bench.names import DOCUMENT_SENTENCES

    rng = random.Random(7)
    out = []
    for i in range(n):
        sentences = rng.choices(DOCUMENT_SENTENCES, k=rng.randint(6, 24))
        kind = ("pdf", "pdf", "pdf", "docx", "docx", "eml", "txt")[i % 7]
        if kind == "pdf":
            data = HTML(string="".join(f"<p>{s}</p>" for s in sentences)).write_pdf()
        elif kind == "docx":
            body = "".join(f"<w:p><w:r><w:t>{s}</w:t></w:r></w:p>" for s in sentences)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("[Content_Types].xml", "<Types/>")
                archive.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.'
                                 'openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                                 f"{body}</w:body></w:document>")  # fmt: skip
            data = buffer.getvalue()
        elif kind == "eml":
            message = EmailMessage()
            message["From"], message["To"] = "counsel@opposing.test", "attorney@firm.test"
            message["Subject"], message["Date"] = "Meet and confer", "Mon, 01 Jun 2026 10:00 -0700"
            message.set_content("\n".join(sentences))
            data = message.as_bytes()
        else:
            data = "\n".join(sentences).encode()
        out.append((kind, data))
    return out


@case("text extraction throughput", personas=("system",), goal="(no goal)")
def text_extraction(ctx: Context, persona: str) -> Measurement:
    """Documents per second one worker process extracts (documents.extraction.extract
    on real PDF/DOCX/EML/TXT files), without the database write."""
    import io

    path, extract = function_or_not_built(["documents.extraction.extract"])
    sample = extraction_sample(max(EXTRACTION_SAMPLE, 7))
    for kind, data in sample[:7]:
        extract(kind, io.BytesIO(data))  # warm-up: imports, fonts
    samples = []
    started = time.perf_counter()
    for kind, data in sample:
        t = time.perf_counter()
        result = extract(kind, io.BytesIO(data))
        if not result.text:
            raise CaseFailed(f"a {kind} file gave no text")
        samples.append((time.perf_counter() - t) * 1000)
    rate = len(sample) / (time.perf_counter() - started)
    return Measurement(samples_ms=samples, value=rate, unit="docs/s",
                       note=f"{rate:.0f} documents/s per worker process ({len(sample)} files, "
                            "PDF/DOCX/EML/TXT; OCR not included)",
                       extra={"function": path, "documents_per_second": round(rate, 1)})  # fmt: skip


# --- Under concurrent load, over HTTP ----------------------------------------------------

API_MATTER_LIST = ("api:matter-list", "matter-list")


def _load(ctx: Context, persona: str, path: str) -> Measurement:
    from bench import load

    if ctx.server is None:
        ctx.server = load.Server.start(**ctx.http_options.get("server", {}))
    result = load.load(
        ctx.server,
        path,
        user=ctx.users[persona],
        **ctx.http_options.get("load", {}),
    )
    if result.errors:
        raise CaseFailed(
            f"{result.errors} of {result.requests} requests failed: {result.first_error}"
        )
    return Measurement(
        samples_ms=result.latencies_ms,
        note=f"{result.rate:.0f} req/s, {result.requests} requests, "
        f"{result.concurrency} clients, {ctx.server.workers} workers",
        extra={
            "requests_per_second": round(result.rate, 1),
            "requests": result.requests,
            "seconds": round(result.seconds, 2),
            "concurrency": result.concurrency,
            "gunicorn_workers": ctx.server.workers,
            "path": path,
        },
    )


@case("HTTP matter list under load", personas=("paralegal",), goal="p95 <= 50 ms",
      goal_value=PAGE_GOAL_MS, http=True)  # fmt: skip
def http_matter_list(ctx: Context, persona: str) -> Measurement:
    return _load(ctx, persona, url_or_not_built("cases:matter_list"))


@case("HTTP API matter list under load", personas=("paralegal",), goal="p95 <= 50 ms",
      goal_value=PAGE_GOAL_MS, http=True)  # fmt: skip
def http_api_matter_list(ctx: Context, persona: str) -> Measurement:
    return _load(ctx, persona, first_url(API_MATTER_LIST))


# --- The API with a personal token (in-process, as the pages) ---------------------------

API_TOKEN_LISTS = (
    ("matters", "v1:matter-list"),
    ("deadlines", "v1:deadline-list"),
    ("tasks", "v1:task-list"),
    ("contacts", "v1:contact-list"),
)


def _token_client(user: Any, label: str) -> Client:
    """A client sending a fresh read-only token of ``user`` (no session cookie)."""
    try:
        from accounts.tokens import token_create
    except ImportError:
        raise NotBuilt("no personal API tokens (accounts.tokens)") from None
    _, key = token_create(user=user, name=f"bench {label}"[:50], scope="read")
    return Client(raise_request_exception=True, HTTP_AUTHORIZATION=f"Bearer {key}")


def _api_token_list(ctx: Context, persona: str, resource: str, url_name: str) -> Measurement:
    path = url_or_not_built(url_name)
    client = _token_client(ctx.users[persona], f"{resource} {persona}")

    def get() -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise CaseFailed(f"GET {path} with a token answered {response.status_code}")

    started = time.perf_counter()
    m = measure(ctx, get)
    # One client, one after another, warm-up and the query-count run included.
    calls = ctx.warmup + ctx.repetitions + 1
    rate = calls / (time.perf_counter() - started)
    m.note = f"{rate:.0f} req/s (one in-process client)"
    m.extra.update({"path": path, "requests_per_second": round(rate, 1)})
    return m


def _register_api_token_cases() -> None:
    for resource, url_name in API_TOKEN_LISTS:

        def fn(ctx: Context, persona: str, resource: str = resource, url_name: str = url_name):
            return _api_token_list(ctx, persona, resource, url_name)

        fn.__name__ = f"api_token_{resource}_list"
        case(f"API {resource} list with a token", goal="p95 <= 50 ms", goal_value=PAGE_GOAL_MS)(fn)


_register_api_token_cases()
