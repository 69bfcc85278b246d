"""Ethical walls: who is screened from which matters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from accounts.models import User


class EthicalWallQuerySet(models.QuerySet["EthicalWall"]):
    def active(self, on: Any = None) -> EthicalWallQuerySet:
        day = on or timezone.localdate()
        return self.filter(effective_from__lte=day).filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=day)
        )

    def screening(self, user: User) -> EthicalWallQuerySet:
        """Active walls whose screened people include this user (directly or by group)."""
        return self.active().filter(
            Q(screened_users=user) | Q(screened_groups__in=user.groups.all())
        )


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
        "cases.Matter", null=True, blank=True, on_delete=models.CASCADE, related_name="walls"
    )
    client = models.ForeignKey(
        "clients.Contact", null=True, blank=True, on_delete=models.CASCADE, related_name="walls"
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
        constraints = [
            models.UniqueConstraint(fields=["wall", "user"], name="wall_acknowledged_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} acknowledged {self.wall}"
