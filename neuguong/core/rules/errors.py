"""Errors of the rulebook. Messages are module constants so tests can reuse them."""

from django.utils.translation import gettext_lazy as _

from neuguong.core.errors import DomainError

RULE_NOT_FOUND = _("No rule '%(key)s' is in force on %(date)s.")
RULE_PERIODS_OVERLAP = _(
    "Rule '%(key)s' already has a version in force from %(start)s to %(end)s, which overlaps this one."
)
RULE_ENDS_BEFORE_START = _("A rule cannot end before it starts.")
NAIVE_MOMENT = _(
    "Rules are looked up at a timezone-aware moment or at a date, not at a naive datetime."
)


class RuleNotFound(DomainError):
    """No version of the key is in force at the moment asked. A configuration gap, not a user error."""

    code = "rule_not_found"
    status = 500

    def __init__(self, key: str, date):
        self.key = key
        self.date = date
        super().__init__(RULE_NOT_FOUND, key=key, date=date.isoformat())
