from __future__ import annotations

import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from rest_framework_api_key.models import AbstractAPIKey

from access.roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email__iexact=email)


@lru_cache(maxsize=1)
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone name Python knows, sorted (what the settings page offers)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def validate_time_zone(value: str) -> None:
    if value and value not in time_zone_names():
        raise ValidationError(f"“{value[:64]}” is not a time zone; choose one from the list.")


class User(AbstractUser):
    """A person who signs in to casemgr; the email address is the login."""

    username = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200)
    initials = models.CharField(max_length=5, blank=True)
    # Blank: the firm's zone (settings.FIRM_TIME_ZONE), so a firm that moves its
    # default moves everyone who never chose.
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="How times are shown to you, in pages and e-mails. Blank: the firm's zone.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def zone_name(self) -> str:
        """The zone the user reads times in: their own, or the firm's."""
        return self.time_zone or settings.FIRM_TIME_ZONE

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.zone_name)

    @cached_property
    def group_names(self) -> frozenset[str]:
        """The user's group names, read once per user object (i.e. per request)."""
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def role_names(self) -> list[str]:
        return [role.value for role in Role if role.value in self.group_names]

    def has_role(self, role: Role) -> bool:
        return role.value in self.group_names

    @property
    def is_firm_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.has_role(Role.FIRM_ADMIN))


# --- Personal API tokens (accounts/tokens.py has the services) -----------------------


class ApiToken(AbstractAPIKey):
    """A user's personal API token: shown once, stored as a SHA-512 hash by
    djangorestframework-api-key (``prefix.secret``, the prefix finds the row),
    revocable, optionally expiring, read-only or read-write."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API token"
        verbose_name_plural = "API tokens"
        indexes = [models.Index(fields=["user", "-created"], name="api_token_user_created")]

    @property
    def read_only(self) -> bool:
        return self.scope == self.Scope.READ

    @property
    def label(self) -> str:
        """How audit lines name the token: its name and public prefix (never the secret)."""
        return f"“{self.name}” ({self.prefix})"


# --- Webhooks (accounts/webhooks.py has the services and the delivery) ---------------


class WebhookEndpoint(models.Model):
    """A URL a firm admin registered to receive signed events. The events it
    carries are those its owner may see when each delivery runs."""

    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = ArrayField(models.CharField(max_length=40), default=list)
    # Standard Webhooks secret, "whsec_" + base64 of 32 random bytes.
    secret = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    allow_private = models.BooleanField(
        "allow private address",
        default=False,
        help_text="Deliver to a private, loopback or link-local address (an on-premises receiver).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint: the idempotency key of its Celery task (the
    task claims the row) and the log of its attempts. Never expires."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        RETRYING = "retrying", "Retrying"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (not visible to the owner)"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField(max_length=40, unique=True)  # webhook-id
    event = models.CharField(max_length=40)
    # The matter the event is about (a plain id: accounts sits below cases);
    # the payload is built from it at delivery time, through the door.
    matter_id = models.BigIntegerField(null=True, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    # Dotted path of the emitting app's payload function (see accounts.webhooks.emit).
    builder = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_response_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    payload = models.JSONField(null=True, blank=True)  # what was last sent
    # The schedule lives here (the beat sweep re-queues what is due), and an
    # attempt holds the row until claimed_until so no two send it at once.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due",
                condition=models.Q(status__in=["pending", "retrying"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.message_id}"


class WebhookAttempt(models.Model):
    """Each HTTP attempt of a delivery: status code (or error) and response time."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.status_code or self.error} at {self.at:%Y-%m-%d %H:%M:%S}"
