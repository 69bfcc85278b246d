"""``field__any=[ids]``: ``field = ANY(%s)`` with the whole list as one array parameter.

``field__in=[...]`` spells out one placeholder per value, which Django compiles
value by value and PostgreSQL parses one by one: for the few thousand matter ids
a dashboard section filters by, that cost more than running the query. Any
iterable of values will do; pass a set or frozenset of many ids, since Django
walks a list or tuple value item by item before the lookup sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        values = list(value)
        if all(type(v) is int for v in values):
            # Integers go as one array literal in text: psycopg2 quotes a list
            # element by element and PostgreSQL parses each as an expression,
            # about a millisecond for a thousand ids; the text is parsed at once.
            return "%s::bigint[]", [int_array(values)]
        return "%s", [values]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def int_array(values: Iterable[int]) -> str:
    """A PostgreSQL array literal of integers ('{1,2,3}'), to pass as a
    parameter cast to bigint[]."""
    return "{" + ",".join(str(int(v)) for v in values) + "}"


Field.register_lookup(AnyOf)
# Foreign keys see only the lookups registered on ForeignObject and below.
ForeignObject.register_lookup(AnyOf)
