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

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from cases.models.matter import (
    Matter,
    MatterGroupObjectPermission,
    MatterUserObjectPermission,
    not_walled,
)

CACHE_ATTR = "_matter_perm_cache"


def matter_codenames(user: Any, matter_id: int) -> frozenset[str]:
    """The permission codenames this user holds on this matter, directly or
    through a group, unless a wall screens them from it. One query."""
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault(CACHE_ATTR, {})
    if matter_id not in cache:
        walls = not_walled(user, matter="content_object_id", client="content_object__client_id")
        direct = (
            MatterUserObjectPermission.objects.filter(content_object_id=matter_id, user_id=user.pk)
            .filter(*walls)
            .values_list("permission__codename", flat=True)
        )
        user_groups = get_user_model().groups.through.objects.filter(user_id=user.pk)
        via_group = (
            MatterGroupObjectPermission.objects.filter(
                content_object_id=matter_id, group_id__in=user_groups.values("group_id")
            )
            .filter(*walls)
            .values_list("permission__codename", flat=True)
        )
        cache[matter_id] = frozenset(direct.union(via_group))
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
