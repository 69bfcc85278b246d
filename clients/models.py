"""People and organizations the firm deals with.

A contact is a client through its client status; the role a contact plays in a
particular matter (client, opposing party, witness, …) belongs to the link
between the contact and the matter (cases.Party), so one contact can be the
client in one matter and adverse in another.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q


class NameKey(models.Func):
    """The folded form of a name that conflict checks compare: ``casemgr_name_key``
    (migration clients 0002), an IMMUTABLE SQL function, so the same one folding
    serves the stored columns, their trigram indexes and the searched names:
    accents dropped ("José Núñez" → "jose nunez"), case and punctuation folded
    ("L.P." → "lp"), a leading "The" and trailing corporate suffixes removed
    ("ACME Corporation" and "Acme Corp." → "acme")."""

    function = "casemgr_name_key"
    output_field = models.TextField()


class NameCapacity(models.TextChoices):
    """What a name checked for conflicts is to the new matter."""

    PROSPECT = "prospect", "Prospective client"
    RELATED = "related", "Related to the prospect"
    ADVERSE = "adverse", "Adverse party"
    ADVERSE_RELATED = "adverse_related", "Related to an adverse party"
    ADVERSE_COUNSEL = "adverse_counsel", "Adverse party's counsel"
    OTHER = "other", "Other party"


class Contact(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"

    class ClientStatus(models.TextChoices):
        NONE = "", "Not a client"
        PROSPECT = "prospect", "Prospect"
        ACTIVE = "active", "Active client"
        FORMER = "former", "Former client"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    organization_name = models.CharField(max_length=200, blank=True)
    # "Last, First" for people, the name for organizations: what lists sort by.
    sort_name = models.CharField(max_length=300, editable=False, db_index=True)
    display_name = models.CharField(max_length=300, editable=False)
    name_key = models.GeneratedField(
        expression=NameKey("display_name"), output_field=models.TextField(), db_persist=True
    )
    organization = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        limit_choices_to={"kind": "organization"},
        help_text="The organization this person works for.",
    )
    job_title = models.CharField(max_length=200, blank=True)
    client_status = models.CharField(
        max_length=20, choices=ClientStatus.choices, default=ClientStatus.NONE, blank=True
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sort_name", "id"]
        indexes = [
            GinIndex(fields=["display_name"], name="contact_name_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["client_status", "sort_name"], name="contact_status_name"),
            GinIndex(fields=["name_key"], name="contact_key_trgm", opclasses=["gin_trgm_ops"]),
        ]
        permissions = [
            (
                "review_conflicts",
                "Can review conflict checks, including matches in matters they are not on",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="person") & ~Q(last_name="") & Q(organization_name=""))
                | (Q(kind="organization") & ~Q(organization_name="")),
                name="contact_has_a_name_for_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.compute_names()  # derived columns kept in step with the name fields
        super().save(*args, **kwargs)

    def compute_names(self) -> None:
        if self.kind == self.Kind.PERSON:
            self.display_name = " ".join(p for p in (self.first_name, self.last_name) if p)
            self.sort_name = ", ".join(p for p in (self.last_name, self.first_name) if p)
        else:
            self.display_name = self.sort_name = self.organization_name

    @property
    def is_client(self) -> bool:
        return self.client_status in {self.ClientStatus.PROSPECT, self.ClientStatus.ACTIVE}


class ContactAlias(models.Model):
    class Kind(models.TextChoices):
        ALIAS = "alias", "Also known as"
        FORMER = "former", "Former name"
        TRADE = "trade", "Trade name (d/b/a)"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ALIAS)
    name_key = models.GeneratedField(
        expression=NameKey("name"), output_field=models.TextField(), db_persist=True
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["name"], name="alias_name_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["name_key"], name="alias_key_trgm", opclasses=["gin_trgm_ops"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["contact", "name"], name="alias_unique_per_contact")
        ]

    def __str__(self) -> str:
        return self.name


class ContactEmail(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    label = models.CharField(max_length=30, blank=True, default="work")
    email = models.EmailField()
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "id"]
        indexes = [models.Index(fields=["email"], name="contact_email_idx")]

    def __str__(self) -> str:
        return self.email


class ContactPhone(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    label = models.CharField(max_length=30, blank=True, default="work")
    number = models.CharField(max_length=40)
    # Digits only, so "(415) 555-0100" and "415.555.0100" find each other.
    digits = models.CharField(max_length=40, editable=False, db_index=True)
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        self.digits = "".join(ch for ch in self.number if ch.isdigit())
        super().save(*args, **kwargs)


class ContactAddress(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(max_length=30, blank=True, default="work")
    street = models.CharField(max_length=300)
    city = models.CharField(max_length=100)
    region = models.CharField("state / region", max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US")

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "contact addresses"

    def __str__(self) -> str:
        return f"{self.street}, {self.city} {self.region} {self.postal_code}".strip()
