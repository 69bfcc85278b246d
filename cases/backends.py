"""Object permissions on matters in one indexed query.

guardian's ObjectPermissionBackend answers ``user.has_perm("cases.change_matter",
matter)`` with two queries (the user's grants, then their groups' grants) and
knows nothing of ethical walls. This backend sits before it in
AUTHENTICATION_BACKENDS and answers for Matter objects alone, from
MatterUserObjectPermission ∪ MatterGroupObjectPermission in a single query
(both read by their (content_object, user|group) indexes), with the walls of
the one door applied (a walled user holds no permission on the matter, whatever
the grants say). Its answer is final for matters: a denial raises
PermissionDenied so that guardian is not asked again. Every other object, and
every check without an object, is left to the backends after it.

The codenames are cached on the user object per matter, as Django's
ModelBackend caches model permissions on it (``_perm_cache``): request.user is
built for each request, so the cache lives for one request. Code that changes
grants and checks again with the same user object must re-fetch the user.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from cases.models.matter import Matter, matter_codenames_sql

CACHE_ATTR = "_matter_perm_cache"


def matter_codenames(user: Any, matter_id: int) -> frozenset[str]:
    """The permission codenames this user holds on this matter, directly or
    through a group, unless a wall screens them from it. One query."""
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault(CACHE_ATTR, {})
    if matter_id not in cache:
        cache[matter_id] = frozenset(matter_codenames_sql(user, matter_id))
    return cache[matter_id]


class MatterPermissionBackend:
    """has_perm for Matter objects: one query, walls honoured, final answer."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not isinstance(obj, Matter) or obj.pk is None:
            return False  # not ours: the backends after this one decide
        app_label, _, codename = perm.rpartition(".")
        if app_label and app_label != Matter._meta.app_label:
            return False  # guardian raises its WrongAppError for this mistake
        if not (user_obj.is_authenticated and user_obj.is_active):
            raise PermissionDenied
        if codename in matter_codenames(user_obj, obj.pk):
            return True
        raise PermissionDenied  # final for matters: guardian would only repeat the grants
