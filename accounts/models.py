from __future__ import annotations

import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property

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
