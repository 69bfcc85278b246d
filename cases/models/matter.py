"""The matter: its number, people, parties, and the one door to it (visible_to)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
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


def screened_from(user: User | Any) -> tuple[list[int], list[int]]:
    """The matters, and the clients (every matter of theirs), that a wall now
    screens this user from: rule 1 of the one door, read in one small query.

    The same walls as ``not_walled`` (which the object-permission backend
    inlines into its single query): active exclusive walls naming the user or
    one of their groups, and active team-only walls on matters whose team the
    user is not on. visible_to reads them first, as two short id lists, so
    that the matter queries built on it carry plain ``NOT IN (ids)`` filters
    (none at all for the many people no wall screens) and the planner can start
    from the grants; the walls are read again on every call, so a new wall
    applies to the very next query.
    """
    from cases.models.access import EthicalWall

    exclusive = EthicalWall.objects.screening(user).filter(kind=EthicalWall.Kind.EXCLUSIVE)
    team_only = (
        EthicalWall.objects.active()
        .filter(kind=EthicalWall.Kind.INCLUSIVE)
        .exclude(Exists(TeamMembership.objects.filter(matter=OuterRef("matter"), user=user)))
    )
    matters: set[int] = set()
    clients: set[int] = set()
    for matter_id, client_id in exclusive.union(team_only, all=True).values_list(
        "matter_id", "client_id"
    ):
        if matter_id is not None:
            matters.add(matter_id)
        if client_id is not None:
            clients.add(client_id)
    return sorted(matters), sorted(clients)


def granted_matter_ids(user: User | Any, codename: str) -> models.QuerySet:
    """The ids of the matters on which ``user`` holds ``codename``, directly or
    through one of their groups, walls aside: a subquery for ``pk__in``.

    One UNION ALL of the two grant tables, each read by its (user|group,
    permission, matter) index, rather than two EXISTS joined by OR: the planner
    can then start from the grants (a paralegal's 2,000 rows) and look the
    matters up by primary key, instead of testing every one of 100,000 matters
    against both grant tables.
    """
    from django.contrib.auth.models import Permission

    # The permission's id as a scalar sub-select (read once, an InitPlan), not a
    # join: the planner then estimates the user's grants from the index
    # statistics instead of guessing a handful of rows.
    permission = Subquery(
        Permission.objects.filter(
            content_type__app_label=Matter._meta.app_label,
            content_type__model=Matter._meta.model_name,
            codename=codename,
        ).values("pk")[:1]
    )
    direct = MatterUserObjectPermission.objects.filter(user=user, permission_id=permission).values(
        "content_object_id"
    )
    via_group = MatterGroupObjectPermission.objects.filter(
        group__in=user.groups.all().values("pk"), permission_id=permission
    ).values("content_object_id")
    return direct.union(via_group, all=True)


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
