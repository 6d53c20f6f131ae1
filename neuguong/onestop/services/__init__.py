"""Writes to dossiers: one service per row of constants.TRANSITIONS, applied by the shared workflow
core (core.workflow) through `workflow.DOSSIERS`.

The modules, by sub-domain:
- `workflow`: the table bound to Dossier (roles, scope, lock, transition rows) and step reads;
- `intake`: desk intake, online submission, accept / refuse, numbering, the process control slip;
- `steps`: hand-overs, signing, finish, return;
- `pauses`: supplements and payment (the clock pauses), withdrawal and stop;
- `apology`: the apology and new appointment (once);
- `deadlines`: the clock — appointment, dues, pauses, lateness and its attribution;
- `notifications`: the citizen's SMS and email through the outbox;
- `audit`: the dossier's audit snapshot (step fingerprint);
- `public`: tracking by code and second factor, and the rating;
- `actions`: the action registry for the web buttons and the API.

Every service takes `at` (default now), so the demo replays history through the same code, and
`version` (the edit token), so an action from a stale page is refused.
"""

from neuguong.onestop.services.actions import ACTIONS, Action, allowed_actions, run_action
from neuguong.onestop.services.apology import apology_draft, apology_sign
from neuguong.onestop.services.audit import audit_snapshot, audit_snapshots
from neuguong.onestop.services.intake import (
    ApplicantData,
    dossier_accept,
    dossier_next_code,
    dossier_receive,
    dossier_refuse,
    dossier_submit_online,
)
from neuguong.onestop.services.messages import *  # noqa: F403
from neuguong.onestop.services.pauses import (
    dossier_confirm_payment,
    dossier_receive_supplement,
    dossier_request_payment,
    dossier_request_supplement,
    dossier_stop,
    dossier_withdraw,
)
from neuguong.onestop.services.steps import (
    dossier_complete_step,
    dossier_finish,
    dossier_return,
    dossier_sign_result,
    dossier_start,
)
from neuguong.onestop.services.workflow import DOSSIERS, check_action, pending_steps

__all__ = [
    "ACTIONS",
    "DOSSIERS",
    "Action",
    "ApplicantData",
    "allowed_actions",
    "apology_draft",
    "apology_sign",
    "audit_snapshot",
    "audit_snapshots",
    "check_action",
    "dossier_accept",
    "dossier_complete_step",
    "dossier_confirm_payment",
    "dossier_finish",
    "dossier_next_code",
    "dossier_receive",
    "dossier_receive_supplement",
    "dossier_refuse",
    "dossier_request_payment",
    "dossier_request_supplement",
    "dossier_return",
    "dossier_sign_result",
    "dossier_start",
    "dossier_stop",
    "dossier_submit_online",
    "dossier_withdraw",
    "pending_steps",
    "run_action",
]
