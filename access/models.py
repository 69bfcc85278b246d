"""Walls and grants: the data the one door reads.

The tables keep the names they had when these models lived in the cases app
(``cases_*``), so moving them here changed no data (migration
access.0001_initial is state-only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

if TYPE_CHECKING:
    from accounts.models import User

# The model the kernel guards, by label (as AUTH_USER_MODEL): the kernel never
# imports it, so it stays below the apps that define matters.
MATTER_MODEL = "cases.Matter"
CLIENT_MODEL = "clients.Contact"


class EthicalWallQuerySet(models.QuerySet["EthicalWall"]):
    def active(self, on: Any = None) -> EthicalWallQuerySet:
        day = on or timezone.localdate()
        return self.filter(effective_from__lte=day).filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=day)
        )

    def screening_from(
        self, matter: Any, *, user: User | Any = None, group: Group | None = None
    ) -> EthicalWallQuerySet:
        """Active exclusive walls over this matter (or its client) that screen
        this user (directly or through a group) or this group: the reason a
        grant to them is refused."""
        walls = self.active().filter(
            Q(matter=matter) | Q(client_id=matter.client_id), kind=EthicalWall.Kind.EXCLUSIVE
        )
        if user is not None:
            walls = walls.filter(Q(screened_users=user) | Q(screened_groups__user=user))
        if group is not None:
            walls = walls.filter(screened_groups=group)
        return walls.distinct()

    def restrict(self, user: User | Any, action: str = "view") -> EthicalWallQuerySet:
        """The walls this user may read or manage: a firm admin's, minus every
        wall over a matter or client that another wall hides from them (the
        wall's own name and reason would tell them what they are screened
        from). Nobody else reads walls."""
        from access import rules

        if not rules.is_firm_admin(user):
            return self.none()
        walled_matters, walled_clients = rules.screened_from(user)
        qs = self
        if walled_matters:
            qs = qs.exclude(matter_id__in=walled_matters)
        if walled_clients:
            qs = qs.exclude(client_id__in=walled_clients).exclude(
                matter__client_id__in=walled_clients
            )
        return qs


class EthicalWall(models.Model):
    """A screen between people and a matter, or every matter of a client.

    EXCLUSIVE: the listed users/groups must never see the matter(s); this beats
    every grant, firm admins included. INCLUSIVE (team-only): nobody but the
    matter's team sees the matter, admins included.
    """

    class Kind(models.TextChoices):
        EXCLUSIVE = "exclusive", "Exclusive screen (listed people are walled off)"
        INCLUSIVE = "inclusive", "Team only (everyone but the team is walled off)"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EXCLUSIVE)
    matter = models.ForeignKey(
        MATTER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="walls"
    )
    client = models.ForeignKey(
        CLIENT_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="walls"
    )
    screened_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="screening_walls"
    )
    screened_groups = models.ManyToManyField(Group, blank=True, related_name="screening_walls")
    reason = models.TextField()
    notice = models.TextField(help_text="What screened people are told and must acknowledge.")
    effective_from = models.DateField(default=timezone.localdate)
    effective_until = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EthicalWallQuerySet.as_manager()

    class Meta:
        db_table = "cases_ethicalwall"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(matter__isnull=False) & Q(client__isnull=True))
                | (Q(matter__isnull=True) & Q(client__isnull=False)),
                name="wall_covers_a_matter_or_a_client",
            ),
            models.CheckConstraint(
                condition=Q(kind="exclusive") | Q(matter__isnull=False),
                name="team_only_wall_is_on_a_matter",
            ),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="wall_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_label(self) -> str:
        if self.matter_id:
            return f"matter {self.matter}"
        return f"every matter of {self.client}"


class WallAcknowledgment(models.Model):
    wall = models.ForeignKey(EthicalWall, on_delete=models.CASCADE, related_name="acknowledgments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cases_wallacknowledgment"
        constraints = [
            models.UniqueConstraint(fields=["wall", "user"], name="wall_acknowledged_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} acknowledged {self.wall}"


class MatterUserObjectPermission(UserObjectPermissionBase):
    """django-guardian with a direct foreign key: a check is an indexed join."""

    content_object = models.ForeignKey(MATTER_MODEL, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        db_table = "cases_matteruserobjectpermission"
        indexes = [models.Index(fields=["user", "permission", "content_object"], name="mperm_user")]


class MatterGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(MATTER_MODEL, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        db_table = "cases_mattergroupobjectpermission"
        indexes = [
            models.Index(fields=["group", "permission", "content_object"], name="mperm_group")
        ]
