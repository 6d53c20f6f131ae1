"""Writes to feedback items, complaints and denunciations: one service per row of the tables in
constants.py, applied by the shared workflow core (core.workflow) through `workflow.workflow_for`.

- `submission`: `submit_item`, the one entry point for every channel (web, API, Open311, reception,
  dialogue, visit);
- `actions`: accept, reject, request / provide information, start, answer, publish, close, rate,
  reopen, reassign, withdraw, extend;
- `bulk`: merge duplicates (supporters kept), bulk answers with templates;
- `deadlines`: each deadline from the rulebook on the working-day calendar;
- `routing`: category + commune → agency;
- `notifications`: the submitter's messages and the agency's warnings through the outbox;
- `public`: following an item by code and second factor.
"""

from neuguong.feedback.services.actions import (
    item_accept,
    item_answer,
    item_close,
    item_extend,
    item_provide_info,
    item_publish,
    item_rate,
    item_reassign,
    item_reject,
    item_reopen,
    item_request_info,
    item_start,
    item_withdraw,
)
from neuguong.feedback.services.bulk import item_merge, items_answer_bulk
from neuguong.feedback.services.submission import submit_item
from neuguong.feedback.services.workflow import WORKFLOWS, CodeHolder, workflow_for

__all__ = [
    "WORKFLOWS",
    "CodeHolder",
    "item_accept",
    "item_answer",
    "item_close",
    "item_extend",
    "item_merge",
    "item_provide_info",
    "item_publish",
    "item_rate",
    "item_reassign",
    "item_reject",
    "item_reopen",
    "item_request_info",
    "item_start",
    "item_withdraw",
    "items_answer_bulk",
    "submit_item",
    "workflow_for",
]
