"""Object permissions on matters in one indexed query, firm admins included;
and the firm-admin rule for model permissions.

guardian's ObjectPermissionBackend answers ``user.has_perm("cases.change_matter",
matter)`` with two queries (the user's grants, then their groups' grants) and
knows nothing of ethical walls or firm admins. This backend sits before it in
AUTHENTICATION_BACKENDS and answers for matter objects alone, from the rules in
access.rules: walls deny, firm admins hold every matter permission, others hold
what is granted on the matter. Its answer is final for matters: a denial raises
PermissionDenied so that guardian is not asked again. Every other object, and
every check without an object, is left to the backends after it.

The codenames are cached on the user object per matter, as Django's
ModelBackend caches model permissions on it (``_perm_cache``): request.user is
built for each request, so the cache lives for one request. Code that changes
grants and checks again with the same user object must re-fetch the user (or
call ``forget``).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied

from access import rules
from access.models import MATTER_MODEL

CACHE_ATTR = "_matter_perm_cache"


def matter_codenames(user: Any, matter_id: int) -> frozenset[str]:
    """The matter permission codenames this user holds on this matter. One query."""
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault(CACHE_ATTR, {})
    if matter_id not in cache:
        cache[matter_id] = rules.granted_codenames(user, matter_id)
    return cache[matter_id]


def forget(user: Any) -> None:
    """Drop the per-request cache (after changing grants or walls)."""
    user.__dict__.pop(CACHE_ATTR, None)


class MatterPermissionBackend:
    """has_perm for matter objects: one query, walls honoured, final answer."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if obj is None:
            # The firm-admin rule, once: firm admins hold every model permission
            # (what they may do to one matter is still decided below, walls first).
            return rules.is_firm_admin(user_obj)
        matter_model = apps.get_model(MATTER_MODEL)
        if not isinstance(obj, matter_model) or obj.pk is None:
            return False  # not ours: the backends after this one decide
        app_label, _, codename = perm.rpartition(".")
        if app_label and app_label != matter_model._meta.app_label:
            return False  # guardian raises its WrongAppError for this mistake
        if not rules.is_active_user(user_obj):
            raise PermissionDenied
        if codename in matter_codenames(user_obj, obj.pk):
            return True
        raise PermissionDenied  # final for matters: guardian would only repeat the grants
