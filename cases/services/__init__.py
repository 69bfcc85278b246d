"""The writes of the cases app, one module per topic, re-exported here so that
callers write ``from cases import services; services.matter_open(...)``."""

from casemgr.versioning import StaleEdit
from cases.services.matters import (
    TeamChange,
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
from cases.services.negotiations import (
    offer_accept,
    offer_record,
    offer_reject,
    offer_withdraw,
)
from cases.services.notes import note_create, note_delete, note_update
from cases.services.parties import NO_CHANGEABLE_MATTER, PartyImportRow, parties_import
from cases.services.practice_areas import (
    practice_area_create,
    practice_area_update,
    task_template_create,
    task_template_update,
)
from cases.services.research import (
    research_memo_create,
    research_memo_delete,
    research_memo_update,
)
from cases.services.strategy import strategy_save
from cases.services.tasks import (
    task_cancel,
    task_complete,
    task_create,
    task_reopen,
    task_templates_apply,
    task_update,
)

__all__ = [
    "NO_CHANGEABLE_MATTER",
    "PartyImportRow",
    "StaleEdit",
    "TeamChange",
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
    "note_create",
    "note_delete",
    "note_update",
    "offer_accept",
    "offer_record",
    "offer_reject",
    "offer_withdraw",
    "parties_import",
    "party_add",
    "party_remove",
    "practice_area_create",
    "practice_area_update",
    "research_memo_create",
    "research_memo_delete",
    "research_memo_update",
    "strategy_save",
    "task_cancel",
    "task_complete",
    "task_create",
    "task_reopen",
    "task_template_create",
    "task_template_update",
    "task_templates_apply",
    "task_update",
    "team_member_add",
    "team_member_remove",
    "validate_number_pattern",
    "wall_acknowledge",
    "wall_create",
]
