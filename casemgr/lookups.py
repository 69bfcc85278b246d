"""``field__any=[ids]``: ``field = ANY(%s)`` with the whole list as one array parameter.

``field__in=[...]`` spells out one placeholder per value, which Django compiles
value by value and PostgreSQL parses one by one: for the few thousand matter ids
a dashboard section filters by, that cost more than running the query. Any
iterable of values will do; pass a set or frozenset of many ids, since Django
walks a list or tuple value item by item before the lookup sees it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [list(value)]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


Field.register_lookup(AnyOf)
# Foreign keys see only the lookups registered on ForeignObject and below.
ForeignObject.register_lookup(AnyOf)
