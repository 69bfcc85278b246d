"""The matter: its number, people, parties, and the one door to it (visible_to)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

if TYPE_CHECKING:
    from accounts.models import User

DEFAULT_STAGES = ["intake", "open", "discovery", "trial", "settlement", "appeal", "closed"]


def default_stages() -> list[str]:
    return list(DEFAULT_STAGES)


class FirmSettings(models.Model):
    """Firm-wide configuration, one row (pk=1)."""

    name = models.CharField(max_length=200, default="Demo Law LLP")
    matter_number_pattern = models.CharField(
        max_length=100,
        default="{year}-{seq:04d}",
        help_text="Python format with {year}, {seq} (required) and {practice} (the practice "
        "area code), e.g. '{year}-{seq:04d}' or '{practice}-{year}-{seq:05d}'.",
    )
    require_two_factor = models.BooleanField(
        default=False, help_text="Everyone must sign in with a second factor."
    )

    class Meta:
        verbose_name = "firm settings"
        verbose_name_plural = "firm settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="firm_settings_singleton")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def load(cls) -> FirmSettings:
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class PracticeArea(models.Model):
    name = models.CharField(max_length=100, unique=True)
    code = models.SlugField(max_length=20, unique=True)
    stages = ArrayField(
        models.CharField(max_length=40),
        default=default_stages,
        help_text="The stages of a matter in this practice area, in order.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MatterNumberCounter(models.Model):
    """The last sequence number used for a scope (e.g. the year): never reused."""

    scope = models.CharField(max_length=100, unique=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}: {self.last_value}"


def not_walled(user: User | Any, *, matter: str, client: str) -> list[Any]:
    """Conditions (to AND together) that no wall hides the matter at ``matter``
    (an outer reference to its id) whose client is at ``client`` from this user.

    Rule 1 of the one door, shared by visible_to and the object-permission
    backend (cases.backends). The screen by matter and the screen by client are
    two anti-joins rather than one EXISTS with an OR: each is then a hash
    anti-join on an equality, instead of a nested loop testing the OR for every
    matter against every wall (the same semantics: NOT (A OR B) = NOT A AND NOT B).
    """
    from cases.models.access import EthicalWall

    screened = EthicalWall.objects.screening(user).filter(kind=EthicalWall.Kind.EXCLUSIVE)
    team_only = (
        EthicalWall.objects.active()
        .filter(kind=EthicalWall.Kind.INCLUSIVE, matter=OuterRef(matter))
        .exclude(matter__team__user=user)
    )
    return [
        ~Exists(screened.filter(matter=OuterRef(matter))),
        ~Exists(screened.filter(client=OuterRef(client))),
        ~Exists(team_only),
    ]


# --- The one door in SQL ---------------------------------------------------------------
# Rules 1 and 2 are read on every request, so they are written once as SQL
# rather than rebuilt through the ORM each time (building and compiling the
# equivalent querysets cost more than running them). The same semantics as
# ``not_walled`` and the grant tables; tests/cases/test_access.py holds them to it.


@functools.cache
def _tables() -> dict[str, str]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from cases.models.access import EthicalWall

    return {
        "wall": EthicalWall._meta.db_table,
        "wall_users": EthicalWall.screened_users.through._meta.db_table,
        "wall_groups": EthicalWall.screened_groups.through._meta.db_table,
        "user_groups": get_user_model().groups.through._meta.db_table,
        "team": TeamMembership._meta.db_table,
        "user_perm": MatterUserObjectPermission._meta.db_table,
        "group_perm": MatterGroupObjectPermission._meta.db_table,
        "perm": Permission._meta.db_table,
        "ctype": ContentType._meta.db_table,
        "matter": Matter._meta.db_table,
    }


# An active wall ``w`` that screens the user %(user)s: an exclusive wall naming
# them or one of their groups, or a team-only wall on a matter whose team they
# are not on.
_SCREENS = """
    w.effective_from <= %(today)s
    AND (w.effective_until IS NULL OR w.effective_until >= %(today)s)
    AND CASE w.kind
        WHEN 'exclusive' THEN
            EXISTS (SELECT 1 FROM {wall_users} su
                    WHERE su.ethicalwall_id = w.id AND su.user_id = %(user)s)
            OR EXISTS (SELECT 1 FROM {wall_groups} sg
                       JOIN {user_groups} ug ON ug.group_id = sg.group_id
                       WHERE sg.ethicalwall_id = w.id AND ug.user_id = %(user)s)
        WHEN 'inclusive' THEN
            NOT EXISTS (SELECT 1 FROM {team} t
                        WHERE t.matter_id = w.matter_id AND t.user_id = %(user)s)
        ELSE false
    END"""

_PERMISSION = """(SELECT p.id FROM {perm} p JOIN {ctype} ct ON ct.id = p.content_type_id
     WHERE ct.app_label = 'cases' AND ct.model = 'matter' AND p.codename = %(codename)s)"""


def screened_from(user: User | Any) -> tuple[list[int], list[int]]:
    """The matters, and the clients (every matter of theirs), that a wall now
    screens this user from: rule 1 of the one door, read in one small query.

    visible_to reads them first, as two short id lists, so that the matter
    queries built on it carry plain ``NOT IN (ids)`` filters (none at all for
    the many people no wall screens) and the planner can start from the
    grants. The walls are read again on every call, so a new wall applies to
    the very next query.
    """
    sql = "SELECT w.matter_id, w.client_id FROM {wall} w WHERE" + _SCREENS  # noqa: S608 -- table names from model metadata
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_tables()), {"user": user.pk, "today": timezone.localdate()})
        rows = cursor.fetchall()
    matters = sorted({m for m, _ in rows if m is not None})
    clients = sorted({c for _, c in rows if c is not None})
    return matters, clients


def granted_matter_ids(user: User | Any, codename: str) -> RawSQL:
    """The ids of the matters on which ``user`` holds ``codename``, directly or
    through one of their groups, walls aside: a subquery for ``pk__in``.

    One UNION ALL of the two grant tables, each read by its (user|group,
    permission, matter) index, rather than two EXISTS joined by OR: the planner
    can then start from the grants (a paralegal's 2,000 rows) and look the
    matters up by primary key, instead of testing every one of 100,000 matters
    against both grant tables. The permission's id is a scalar sub-select, so
    the grants are estimated from the index statistics.
    """
    # Table names from model metadata; every value is a parameter.
    sql = (
        "SELECT g.content_object_id FROM {user_perm} g"  # noqa: S608
        " WHERE g.user_id = %(user)s AND g.permission_id = " + _PERMISSION + " UNION ALL"
        " SELECT g.content_object_id FROM {group_perm} g"
        " JOIN {user_groups} ug ON ug.group_id = g.group_id"
        " WHERE ug.user_id = %(user)s AND g.permission_id = " + _PERMISSION
    )
    return _raw(sql, {"user": user.pk, "codename": codename})


def matter_codenames_sql(user: User | Any, matter_id: int) -> list[str]:
    """The permission codenames ``user`` holds on one matter, directly or through
    a group, none if a wall screens them from it: one query, by index."""
    # Table names from model metadata; every value is a parameter.
    sql = (
        "SELECT p.codename FROM {perm} p WHERE p.id IN ("  # noqa: S608
        " SELECT g.permission_id FROM {user_perm} g"
        " WHERE g.content_object_id = %(matter)s AND g.user_id = %(user)s"
        " UNION ALL"
        " SELECT g.permission_id FROM {group_perm} g"
        " JOIN {user_groups} ug ON ug.group_id = g.group_id"
        " WHERE g.content_object_id = %(matter)s AND ug.user_id = %(user)s)"
        " AND NOT EXISTS (SELECT 1 FROM {wall} w WHERE (w.matter_id = %(matter)s"
        " OR w.client_id = (SELECT m.client_id FROM {matter} m WHERE m.id = %(matter)s))"
        " AND" + _SCREENS + ")"
    )
    params = {"user": user.pk, "matter": matter_id, "today": timezone.localdate()}
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_tables()), params)
        return [codename for (codename,) in cursor.fetchall()]


def _raw(sql: str, params: dict[str, Any]) -> RawSQL:
    """RawSQL takes positional parameters: turn %(name)s into %s in order."""
    ordered: list[Any] = []

    def positional(match: re.Match[str]) -> str:
        ordered.append(params[match.group(1)])
        return "%s"

    statement = re.sub(r"%\((\w+)\)s", positional, sql.format(**_tables()))
    return RawSQL(statement, ordered)  # noqa: S611 -- values are parameters


def visible_matter_q(user: User | Any, field: str = "matter") -> Q:
    """The one door for rows that belong to a matter: a filter on their foreign
    key ``field`` (a path such as "matter" or "memo__matter") keeping the rows
    whose matter ``user`` may see, exactly as ``Matter.objects.visible_to``.

    The grants and the walls screening single matters apply to the foreign-key
    column itself, so a task list filters its own rows without looking up each
    matter; only a wall over a client's every matter joins the matter (for its
    client).
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])  # matches nothing
    walled_matters, walled_clients = screened_from(user)
    q = Q()
    if walled_matters:
        q &= ~Q(**{f"{field}_id__in": walled_matters})
    if walled_clients:
        q &= ~Q(**{f"{field}__client_id__in": walled_clients})
    if not user.is_firm_admin:
        q &= Q(**{f"{field}_id__in": granted_matter_ids(user, "view_matter")})
    return q


def visible_matter_sql(
    user: User | Any, *, matter_id: str, client_id: str
) -> tuple[str, list[Any]]:
    """visible_matter_q as a SQL condition for hand-written queries: the
    condition (positional ``%s`` parameters) and its parameters, for a row whose
    matter's id is the column ``matter_id`` and whose client's id is
    ``client_id`` (e.g. "t.matter_id", "m.client_id")."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return "false", []
    walled_matters, walled_clients = screened_from(user)
    condition = f"NOT ({matter_id} = ANY(%s)) AND NOT ({client_id} = ANY(%s))"
    params: list[Any] = [walled_matters, walled_clients]
    if not user.is_firm_admin:
        grants = granted_matter_ids(user, "view_matter")
        condition += f" AND {matter_id} IN ({grants.sql})"
        params.extend(grants.params)
    return condition, params


class MatterQuerySet(models.QuerySet["Matter"]):
    def visible_to(self, user: User | Any) -> MatterQuerySet:
        """The one door: the matters this user may see (DESIGN.md, rules 1-3).

        1. a wall that screens the user from the matter or its client denies,
           admins included; a team-only (inclusive) wall denies everyone who is
           not on the matter's team;
        2. firm admins see every other matter; anyone else needs view_matter on
           the matter itself, directly or through one of their groups;
        3. everything else does not exist for them.
        """
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        walled_matters, walled_clients = screened_from(user)
        qs = self
        if walled_matters:
            qs = qs.exclude(pk__in=walled_matters)
        if walled_clients:
            qs = qs.exclude(client_id__in=walled_clients)
        if user.is_firm_admin:
            return qs
        return qs.filter(pk__in=granted_matter_ids(user, "view_matter"))

    def open(self) -> MatterQuerySet:
        return self.filter(closed_on__isnull=True)


class Matter(models.Model):
    class Jurisdiction(models.TextChoices):
        US_FED = "US-FED", "U.S. federal court"
        US_FED_CA = "US-FED-CA", "U.S. federal court in California"
        US_CA = "US-CA", "California state court"
        US_TX = "US-TX", "Texas state court"
        US_NY = "US-NY", "New York state court"
        US_FL = "US-FL", "Florida state court"
        US_IL = "US-IL", "Illinois state court"

    class Outcome(models.TextChoices):
        NONE = "", "—"
        SETTLED = "settled", "Settled"
        JUDGMENT_FOR = "won", "Judgment for client"
        JUDGMENT_AGAINST = "lost", "Judgment against client"
        DISMISSED = "dismissed", "Dismissed"
        WITHDRAWN = "withdrawn", "Firm withdrew"
        TRANSFERRED = "transferred", "Transferred"
        OTHER = "other", "Other"

    number = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=300)
    client = models.ForeignKey(
        "clients.Contact", on_delete=models.PROTECT, related_name="client_matters"
    )
    practice_area = models.ForeignKey(PracticeArea, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=40, default="intake")
    responsible_attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="responsible_matters"
    )
    originating_attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="originated_matters",
    )
    court = models.CharField(max_length=200, blank=True)
    docket_number = models.CharField(max_length=100, blank=True)
    judge = models.CharField(max_length=200, blank=True)
    jurisdiction = models.CharField(
        max_length=20, choices=Jurisdiction.choices, default=Jurisdiction.US_FED
    )
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default="")
    outcome_notes = models.TextField(blank=True)
    description = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    # When the audit trail last recorded something done on the matter (views and
    # downloads aside): kept by casemgr.audit.record. The dashboard's recent
    # activity reads the events of the few matters most recently active.
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MatterQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            GinIndex(fields=["title"], name="matter_title_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(
                fields=["docket_number"], name="matter_docket_trgm", opclasses=["gin_trgm_ops"]
            ),
            models.Index(fields=["responsible_attorney", "stage"], name="matter_attorney_stage"),
            models.Index(fields=["-opened_on", "-id"], name="matter_opened"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="matter_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class MatterUserObjectPermission(UserObjectPermissionBase):
    """django-guardian with a direct foreign key: a check is an indexed join."""

    content_object = models.ForeignKey(Matter, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["user", "permission", "content_object"], name="mperm_user")]


class MatterGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Matter, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        indexes = [
            models.Index(fields=["group", "permission", "content_object"], name="mperm_group")
        ]


class TeamMembership(models.Model):
    class Role(models.TextChoices):
        LEAD_ATTORNEY = "lead", "Lead attorney"
        ATTORNEY = "attorney", "Attorney"
        PARALEGAL = "paralegal", "Paralegal"
        CASE_MANAGER = "case_manager", "Case manager"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "user"], name="team_member_once_per_matter")
        ]
        indexes = [models.Index(fields=["user", "matter"], name="team_user_matter")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) on {self.matter.number}"


class Party(models.Model):
    class Role(models.TextChoices):
        CLIENT = "client", "Client"
        CO_CLIENT = "co_client", "Co-client"
        OPPOSING_PARTY = "opposing_party", "Opposing party"
        OPPOSING_COUNSEL = "opposing_counsel", "Opposing counsel"
        WITNESS = "witness", "Witness"
        EXPERT = "expert", "Expert"
        COURT = "court", "Court / judge"
        INSURER = "insurer", "Insurer"
        OTHER = "other", "Other"

    ADVERSE_ROLES = frozenset({Role.OPPOSING_PARTY, Role.OPPOSING_COUNSEL})

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="parties")
    contact = models.ForeignKey(
        "clients.Contact", on_delete=models.PROTECT, related_name="matter_roles"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    notes = models.CharField(max_length=300, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "contact__sort_name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "contact", "role"], name="party_role_once_per_matter"
            )
        ]
        indexes = [models.Index(fields=["contact", "role"], name="party_contact_role")]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_role_display()})"
