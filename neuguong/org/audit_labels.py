"""Labels of the organisation registry's audit codes (`org.<model>.<verb>`) for the human-readable
timeline (core/audit/labels.py); registered from OrgConfig.ready().

The generic verbs (created, changed, revoked, *_in_admin) read "<verb>: <model>" by themselves, and the
fields of an old/new change take the model fields' verbose names; only what differs is named here. The
ids every app's events carry (agency_id, person_id) are named here, one query per timeline.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from neuguong.core.audit.labels import names_of, register, register_ref


def register_labels() -> None:
    from neuguong.org.models import Agency, Person

    register(
        "org",
        actions={
            "agency.renamed": _("Agency renamed"),
            "delegation.created": _("Delegation created"),
            "delegation.revoked": _("Delegation revoked"),
        },
        tones={"delegation.revoked": "warn"},
    )
    register_ref("agency_id", names_of(Agency, "name"))
    register_ref("person_id", names_of(Person, "full_name"))
