"""Drop the in-memory rulebook whenever a rule is written or deleted.

`post_migrate` too: a data migration (historical models) or a flush changes the table without post_save.
"""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from neuguong.core.rules.models import Rule
from neuguong.core.rules.selectors import rule_memo


@receiver(post_save, sender=Rule, dispatch_uid="rules_rule_saved")
@receiver(post_delete, sender=Rule, dispatch_uid="rules_rule_deleted")
@receiver(post_migrate, dispatch_uid="rules_migrated")
def _rule_changed(sender, **kwargs):
    rule_memo.clear()
