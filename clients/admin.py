"""Contacts in the Django admin: for looking things up. Changes go through the
contact pages (clients.services), which validate and audit them, so the admin
is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from clients.models import Contact, ContactAddress, ContactAlias, ContactEmail, ContactPhone


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AliasInline(ReadOnlyMixin, admin.TabularInline):
    model = ContactAlias
    extra = 0


class EmailInline(ReadOnlyMixin, admin.TabularInline):
    model = ContactEmail
    extra = 0


class PhoneInline(ReadOnlyMixin, admin.TabularInline):
    model = ContactPhone
    extra = 0
    fields = ["number", "digits", "label", "is_primary"]
    readonly_fields = ["digits"]


class AddressInline(ReadOnlyMixin, admin.TabularInline):
    model = ContactAddress
    extra = 0


@admin.register(Contact)
class ContactAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["sort_name", "kind", "organization", "client_status", "created_at"]
    list_filter = ["kind", "client_status"]
    search_fields = ["display_name", "aliases__name", "emails__email", "phones__digits"]
    list_select_related = ["organization"]
    show_full_result_count = False  # no COUNT(*) over 300,000 rows per page
    inlines = [AliasInline, EmailInline, PhoneInline, AddressInline]
