"""The writes of the cases app, one module per topic, re-exported here so that
callers write ``from cases import services; services.matter_open(...)``."""

from cases.services.matters import (
    StaleEdit,
    matter_change_stage,
    matter_close,
    matter_grant,
    matter_grant_group,
    matter_number_next,
    matter_open,
    matter_reopen,
    matter_revoke,
    matter_revoke_group,
    matter_update,
    party_add,
    party_remove,
    team_member_add,
    team_member_remove,
    validate_number_pattern,
    wall_acknowledge,
    wall_create,
)

__all__ = [
    "StaleEdit",
    "matter_change_stage",
    "matter_close",
    "matter_grant",
    "matter_grant_group",
    "matter_number_next",
    "matter_open",
    "matter_reopen",
    "matter_revoke",
    "matter_revoke_group",
    "matter_update",
    "party_add",
    "party_remove",
    "team_member_add",
    "team_member_remove",
    "validate_number_pattern",
    "wall_acknowledge",
    "wall_create",
]
