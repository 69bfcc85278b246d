from __future__ import annotations

from django.db import models
from django.db.models import Q


class Heartbeat(models.Model):
    """The last time a periodic task ran, one row per beat name.

    Beat enqueues ``casemgr.tasks.heartbeat`` and a worker runs it, so a fresh
    row proves that beat, the broker and a worker all work; /healthz reads it.
    """

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()
    worker = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class AuditEvent(models.Model):
    """One append-only line of the audit trail.

    The database refuses UPDATE and DELETE on this table (a trigger created in
    migration 0002), so a row, once written, stays as it was. References are
    plain ids, not foreign keys, so deleting a matter or a user never needs to
    touch the trail.
    """

    class Action(models.TextChoices):
        CREATE = "create", "created"
        CHANGE = "change", "changed"
        DELETE = "delete", "deleted"
        VIEW = "view", "viewed"
        DOWNLOAD = "download", "downloaded"
        EXPORT = "export", "exported"
        PDF = "pdf", "generated a PDF of"
        GRANT = "grant", "granted access to"
        REVOKE = "revoke", "revoked access to"
        LOGIN = "login", "signed in"
        LOGIN_FAILED = "login_failed", "failed to sign in"
        LOGOUT = "logout", "signed out"
        DENIED = "denied", "was denied access to"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_email = models.CharField(max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    object_type = models.CharField(max_length=100, blank=True)  # "cases.matter"
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    matter_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["matter_id", "-at"], name="audit_matter_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor_id", "-at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        who = self.actor_email or "someone"
        return f"{who} {self.get_action_display()} {self.object_repr}".strip()


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
        db_table = "cases_firmsettings"
        verbose_name = "firm settings"
        verbose_name_plural = "firm settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="firm_settings_singleton")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def load(cls) -> FirmSettings:
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
