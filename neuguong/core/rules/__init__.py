"""The versioned rulebook (DESIGN.md §9): `rule(key, at)` returns the value the law set for that moment.

    from neuguong.core.rules import rule, RuleNotFound, keys
    days = rule(keys.FEEDBACK_HANDLE_DAYS, at=item.received_at)

Keys are listed in `neuguong.core.rules.keys`; their sources are in the seed migration and the admin.
"""

from neuguong.core.rules import keys
from neuguong.core.rules.errors import RuleNotFound
from neuguong.core.rules.selectors import rule

__all__ = ["RuleNotFound", "keys", "rule"]
