"""The rules of the one door, written once, in SQL.

DESIGN.md, "The one door to a matter":
1. an ethical wall that screens the user from the matter (or its client) denies,
   always, firm admins included; a team-only wall screens everyone who is not on
   the matter's team;
2. firm admins may do everything to every other matter; anyone else needs the
   action's permission (``view_matter``, ``change_matter``) granted on the matter
   itself, directly or through one of their groups (django-guardian, direct
   foreign-key tables);
3. everything else does not exist for the user.

These are read on every request, so they are fixed SQL over the models' tables
rather than querysets rebuilt through the ORM each time (building and
compiling the equivalent querysets cost more than running them). Everything
else in the project reaches them through ``restrict`` (access.querysets),
``matter_for`` (access.kernel) and the permission backend (access.backends).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from access.models import (
    MATTER_MODEL,
    EthicalWall,
    MatterGroupObjectPermission,
    MatterUserObjectPermission,
)

# What each action needs on the matter. Deleting a record of a matter (a task,
# a note) is changing the matter.
ACTIONS: dict[str, str] = {
    "view": "view_matter",
    "change": "change_matter",
    "delete": "change_matter",
}


def codename_for(action: str) -> str:
    try:
        return ACTIONS[action]
    except KeyError:
        raise ValueError(
            f"Unknown access action {action!r}; expected one of {', '.join(ACTIONS)}"
        ) from None


def is_active_user(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_firm_admin(user: Any) -> bool:
    """Whether the user holds the Firm admin role (accounts.User.is_firm_admin,
    which caches the user's roles for the request). What a firm admin may do is
    decided here and in the backend, nowhere else."""
    return is_active_user(user) and bool(getattr(user, "is_firm_admin", False))


@functools.cache
def _tables() -> dict[str, str]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    matter = apps.get_model(MATTER_MODEL)
    team = matter._meta.get_field("team").related_model  # the matter's team memberships
    return {
        "wall": EthicalWall._meta.db_table,
        "wall_users": EthicalWall.screened_users.through._meta.db_table,
        "wall_groups": EthicalWall.screened_groups.through._meta.db_table,
        "user_groups": get_user_model().groups.through._meta.db_table,
        "team": team._meta.db_table,
        "user_perm": MatterUserObjectPermission._meta.db_table,
        "group_perm": MatterGroupObjectPermission._meta.db_table,
        "perm": Permission._meta.db_table,
        "ctype": ContentType._meta.db_table,
        "matter": matter._meta.db_table,
        "matter_app": matter._meta.app_label,
        "matter_model": matter._meta.model_name,
    }


# An active wall ``w`` that screens the user %(user)s: an exclusive wall naming
# them or one of their groups, or a team-only wall on a matter whose team they
# are not on.
_SCREENS = """
    w.effective_from <= %(today)s
    AND (w.effective_until IS NULL OR w.effective_until >= %(today)s)
    AND CASE w.kind
        WHEN 'exclusive' THEN
            EXISTS (SELECT 1 FROM {wall_users} su
                    WHERE su.ethicalwall_id = w.id AND su.user_id = %(user)s)
            OR EXISTS (SELECT 1 FROM {wall_groups} sg
                       JOIN {user_groups} ug ON ug.group_id = sg.group_id
                       WHERE sg.ethicalwall_id = w.id AND ug.user_id = %(user)s)
        WHEN 'inclusive' THEN
            NOT EXISTS (SELECT 1 FROM {team} t
                        WHERE t.matter_id = w.matter_id AND t.user_id = %(user)s)
        ELSE false
    END"""

_PERMISSION = """(SELECT p.id FROM {perm} p JOIN {ctype} ct ON ct.id = p.content_type_id
     WHERE ct.app_label = '{matter_app}' AND ct.model = '{matter_model}'
     AND p.codename = %(codename)s)"""


def screened_from(user: Any) -> tuple[list[int], list[int]]:
    """The matters, and the clients (every matter of theirs), that a wall now
    screens this user from (rule 1), read in one small query.

    Querysets built on it carry plain ``NOT IN (ids)`` filters (none at all for
    the many people no wall screens), so the planner can start from the grants.
    Read again on every call: a new wall applies to the very next query.
    """
    if not is_active_user(user):
        return [], []
    sql = "SELECT w.matter_id, w.client_id FROM {wall} w WHERE" + _SCREENS  # noqa: S608 -- table names from model metadata
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_tables()), {"user": user.pk, "today": timezone.localdate()})
        rows = cursor.fetchall()
    matters = sorted({m for m, _ in rows if m is not None})
    clients = sorted({c for _, c in rows if c is not None})
    return matters, clients


def walled_matter_ids(user: Any) -> RawSQL:
    """The ids of every matter a wall screens ``user`` from (rule 1 alone,
    grants aside): a subquery for ``__in``, for records that name a matter by
    id (the audit trail), which must stay hidden behind the wall too."""
    sql = (
        "SELECT w.matter_id FROM {wall} w WHERE w.matter_id IS NOT NULL AND"  # noqa: S608 -- table names from model metadata
        + _SCREENS
        + " UNION SELECT m.id FROM {matter} m JOIN {wall} w ON w.client_id = m.client_id WHERE"
        + _SCREENS
    )
    return _raw(sql, {"user": user.pk, "today": timezone.localdate()})


def granted_matter_ids(user: Any, codename: str) -> RawSQL:
    """The ids of the matters on which ``user`` holds ``codename``, directly or
    through one of their groups, walls aside: a subquery for ``__in``.

    One UNION ALL of the two grant tables, each read by its (user|group,
    permission, matter) index: the planner starts from the grants (a
    paralegal's 2,000 rows) and looks the matters up by primary key.
    """
    sql = (
        "SELECT g.content_object_id FROM {user_perm} g"  # noqa: S608 -- table names from model metadata
        " WHERE g.user_id = %(user)s AND g.permission_id = " + _PERMISSION + " UNION ALL"
        " SELECT g.content_object_id FROM {group_perm} g"
        " JOIN {user_groups} ug ON ug.group_id = g.group_id"
        " WHERE ug.user_id = %(user)s AND g.permission_id = " + _PERMISSION
    )
    return _raw(sql, {"user": user.pk, "codename": codename})


def granted_codenames(user: Any, matter_id: int) -> frozenset[str]:
    """The matter codenames ``user`` holds on one matter (rules 1 and 2): none
    if a wall screens them from it, every one for a firm admin, else their
    grants, directly or through a group. One query, by index."""
    if not is_active_user(user):
        return frozenset()
    tables = _tables()
    params = {"user": user.pk, "matter": matter_id, "today": timezone.localdate()}
    not_walled = (
        " NOT EXISTS (SELECT 1 FROM {wall} w WHERE (w.matter_id = %(matter)s"  # noqa: S608 -- table names from model metadata
        " OR w.client_id = (SELECT m.client_id FROM {matter} m WHERE m.id = %(matter)s))"
        " AND" + _SCREENS + ")"
    )
    if is_firm_admin(user):
        sql = "SELECT EXISTS (SELECT 1 FROM {matter} m WHERE m.id = %(matter)s) AND" + not_walled  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql.format(**tables), params)
            (allowed,) = cursor.fetchone()
        return frozenset(ACTIONS.values()) if allowed else frozenset()
    sql = (
        "SELECT p.codename FROM {perm} p WHERE p.id IN ("  # noqa: S608 -- table names from model metadata
        " SELECT g.permission_id FROM {user_perm} g"
        " WHERE g.content_object_id = %(matter)s AND g.user_id = %(user)s"
        " UNION ALL"
        " SELECT g.permission_id FROM {group_perm} g"
        " JOIN {user_groups} ug ON ug.group_id = g.group_id"
        " WHERE g.content_object_id = %(matter)s AND ug.user_id = %(user)s)"
        " AND" + not_walled
    )
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**tables), params)
        return frozenset(codename for (codename,) in cursor.fetchall())


def matter_q_parts(user: Any, action: str) -> tuple[list[int], list[int], RawSQL | None] | None:
    """What a query must apply for ``user`` and ``action``: the walled matter
    ids, the walled client ids, and the granted-ids subquery (None for a firm
    admin, who needs no grant). None when the user may see nothing at all."""
    codename = codename_for(action)
    if not is_active_user(user):
        return None
    walled_matters, walled_clients = screened_from(user)
    grants = None if is_firm_admin(user) else granted_matter_ids(user, codename)
    return walled_matters, walled_clients, grants


def restrict_sql(
    user: Any, action: str = "view", *, matter_id: str, client_id: str
) -> tuple[str, list[Any]]:
    """The same rules as a SQL condition for a hand-written query: the
    condition (positional ``%s`` parameters) and its parameters, for a row
    whose matter's id is the column ``matter_id`` and whose client's id is the
    column ``client_id`` (e.g. "t.matter_id", "m.client_id")."""
    parts = matter_q_parts(user, action)
    if parts is None:
        return "false", []
    walled_matters, walled_clients, grants = parts
    condition = f"NOT ({matter_id} = ANY(%s)) AND NOT ({client_id} = ANY(%s))"
    params: list[Any] = [walled_matters, walled_clients]
    if grants is not None:
        condition += f" AND {matter_id} IN ({grants.sql})"
        params.extend(grants.params)
    return condition, params


def _raw(sql: str, params: dict[str, Any]) -> RawSQL:
    """RawSQL takes positional parameters: turn %(name)s into %s in order."""
    ordered: list[Any] = []

    def positional(match: re.Match[str]) -> str:
        ordered.append(params[match.group(1)])
        return "%s"

    statement = re.sub(r"%\((\w+)\)s", positional, sql.format(**_tables()))
    return RawSQL(statement, ordered)  # noqa: S611 -- values are parameters
